import { randomUUID } from 'node:crypto';
import { type IncomingMessage, type ServerResponse } from 'node:http';
import { isIP } from 'node:net';
import { RequestRefusedError } from '../errors';

// The bus has no credentials to check, so anything that can reach its port can read every event and redrive
// every queue. Local processes can anyway; what this guards against is a web page in the developer's browser:
// - DNS rebinding: a page on evil.example re-points its name at 127.0.0.1, and its own "same-origin" requests
//   reach the bus. Its requests still say `Host: evil.example:<port>`: only names the bus knows are answered.
// - Cross-site requests: a page on another origin cannot read answers (no CORS grant), but it can send
//   "simple" requests (POST with text/plain, a form) without asking first. State changes must be requests a
//   browser only sends cross-origin after a preflight, and the bus grants no preflight.

/** Whether the router hands this request to the AWS JSON protocol. The guard and the router must agree. */
export function isAwsRequest(req: IncomingMessage, pathname: string): boolean {
  return req.method === 'POST' && (req.headers['x-amz-target'] !== undefined || pathname === '/');
}

/** Methods that change state on an API route: each must come as JSON (see the guard). */
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Refuses (with the error to answer) or allows (`undefined`) one request, before its body is read. */
export type RequestGuard = (req: IncomingMessage, pathname: string) => RequestRefusedError | undefined;

interface Host {
  /** Lower case; an IPv6 address keeps its brackets, as in a URL. */
  readonly name: string;
  readonly port: string;
}

/**
 * The guard for a bus: checks `Host` on every request; `Origin`, `Sec-Fetch-Site` and the request's form on its
 * API (AWS operations and `/_paved/`); and the form of a state change on the services' API routes.
 *
 * @param allowedHosts names answered besides `localhost` and IP addresses (`.example.test` also allows its
 *   subdomains), or `true` to answer any name.
 */
export function createRequestGuard(allowedHosts: readonly string[] | true): RequestGuard {
  const names = new Set(allowedHosts === true ? [] : allowedHosts.map((name) => name.toLowerCase()));
  const hostAllowed = (name: string): boolean =>
    allowedHosts === true ||
    // A browser only sends an IP address or `localhost` as Host when the page's own URL had it, so such a
    // page is the bus's console, or another origin that the Origin check below handles: no DNS is involved.
    name === 'localhost' ||
    isIpLiteral(name) ||
    names.has(name) ||
    [...names].some((allowed) => allowed.startsWith('.') && `.${name}`.endsWith(allowed));

  return (req, pathname) => {
    const header = req.headers.host;
    // No Host at all is allowed: browsers always send one (and Node refuses HTTP/1.1 without it), so this
    // is an HTTP/1.0 client on the machine, which could reach the port directly anyway.
    const host = header === undefined ? undefined : parseHost(header);
    if (header !== undefined && (!host || !hostAllowed(host.name))) {
      const fix = host
        ? `If you reach the bus by this name on purpose, start it with --allowed-hosts ${host.name} (or PAVED_ALLOWED_HOSTS=${host.name}, or allowedHosts: [${JSON.stringify(host.name)}])`
        : 'Send host[:port], such as 127.0.0.1:4010';
      return new RequestRefusedError(
        'HOST_NOT_ALLOWED',
        `Host ${JSON.stringify(header)} is not a name this bus answers to: it answers to localhost, IP addresses and the names given with --allowed-hosts, so that a web page whose DNS name points at this machine (DNS rebinding) cannot read or change it. ${fix}.`,
      );
    }
    const method = req.method ?? 'GET';
    const origin = req.headers.origin;
    if (method === 'OPTIONS') {
      return new RequestRefusedError(
        'PREFLIGHT',
        `The bus grants no cross-origin requests (OPTIONS ${pathname}${origin ? ` from Origin ${JSON.stringify(origin)}` : ''}): its API is for SDKs, the AWS CLI, paved and its own console. Call it from a script or a server, not from a page on another origin.`,
      );
    }
    const aws = isAwsRequest(req, pathname);
    const paved = pathname.startsWith('/_paved/');
    const type = mediaType(req.headers['content-type']);
    if (!aws && !paved) {
      // The console's own files may be opened from anywhere (a link is a cross-site navigation); they hold nothing
      // but the console's code. The services' API routes answer any origin as API Gateway does (a page cannot
      // read the answer without CORS, which the bus grants none of), but a change of state must come as JSON:
      // a page on another origin can send JSON only after a preflight, which the bus never grants.
      if (!STATE_CHANGING.has(method) || type === 'application/json') return undefined;
      return new RequestRefusedError(
        'SIMPLE_REQUEST',
        `${method} ${pathname} needs Content-Type: application/json, received ${JSON.stringify(type ?? '')}: a web page on another origin can send other types without asking first. Send the request body as JSON with that header.`,
      );
    }

    const what = `${method} ${pathname}`;
    const site = req.headers['sec-fetch-site'];
    if (origin !== undefined && !(host && sameOrigin(origin, host))) {
      return new RequestRefusedError(
        'CROSS_ORIGIN',
        `Refused ${what} from Origin ${JSON.stringify(origin)}: the bus's API answers only its own console (${host ? `http://${header}` : 'a request with a Host header'}) and clients that send no Origin (SDKs, the AWS CLI, paved). Open the console at the bus's address, or call the bus from a script or a server.`,
      );
    }
    // A browser that sends no Origin (a GET, an <img> or <script>) still says where the request comes from.
    if (site === 'cross-site' || site === 'same-site') {
      return new RequestRefusedError(
        'CROSS_ORIGIN',
        `Refused ${what} sent by a page on another site (Sec-Fetch-Site: ${site}): only the bus's own console and clients outside a browser may use its API. Open the console at the bus's address, or call the bus from a script.`,
      );
    }
    // GET and HEAD read; PUT, DELETE and PATCH are not CORS-safelisted methods (Fetch: only GET, HEAD and POST
    // are), so a page on another origin cannot send them without a preflight, whatever their body: an upload
    // (`PUT /_paved/s3/...`) takes raw bytes. A POST can be sent cross-site without one (a form, text/plain).
    if (!aws && method !== 'POST') return undefined;

    if (aws && req.headers['x-amz-target'] === undefined && type !== 'application/x-amz-json-1.1') {
      return new RequestRefusedError(
        'SIMPLE_REQUEST',
        `${what} needs an X-Amz-Target header (AWSEvents.<Operation>) or Content-Type: application/x-amz-json-1.1, received neither (Content-Type ${JSON.stringify(type ?? '')}): a web page can send any other request cross-site without asking first. Send both, as the AWS SDK and CLI do.`,
      );
    }
    if (!aws && type !== 'application/json') {
      return new RequestRefusedError(
        'SIMPLE_REQUEST',
        `${what} needs Content-Type: application/json, received ${JSON.stringify(type ?? '')}: a web page can send other types cross-site without asking first. Send a JSON body (at least {}) with that header.`,
      );
    }
    return undefined;
  };
}

/**
 * Answers a refused request: AWS's error shape (`{"__type", "message"}`, `x-amzn-ErrorType`), as every error
 * of the bus, but typed `application/json`, so that a developer who opens the bus in a browser under a name it
 * does not know reads the message (the AWS type, `application/x-amz-json-1.1`, makes browsers download it).
 * No `Access-Control-*` header, ever.
 */
export function sendRefusal(res: ServerResponse, error: RequestRefusedError): void {
  const body = JSON.stringify({ __type: error.awsType, message: error.message });
  res.writeHead(error.status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'x-amzn-requestid': randomUUID(),
    'x-amzn-errortype': error.awsType,
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
  });
  res.end(body);
}

/** `name[:port]` or `[ipv6][:port]`; undefined when the header is not one. */
function parseHost(header: string): Host | undefined {
  const match = /^(\[[0-9a-f:.]+\]|[^:[\]/@\s]+)(?::(\d{1,5}))?$/i.exec(header);
  return match ? { name: match[1]!.toLowerCase(), port: match[2] ?? '' } : undefined;
}

function isIpLiteral(name: string): boolean {
  return name.startsWith('[') ? isIP(name.slice(1, -1)) === 6 : isIP(name) === 4;
}

/** Whether `origin` (a browser's serialized origin) is the origin the request was sent to. */
function sameOrigin(origin: string, host: Host): boolean {
  let url: URL;
  try {
    url = new URL(origin); // `null` (sandboxed frames, file: pages) throws: never the bus's own.
  } catch {
    return false;
  }
  // https too: the bus behind a TLS proxy (an allowed name) is still its own origin.
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  const defaultPort = url.protocol === 'https:' ? '443' : '80';
  return url.hostname === host.name && (url.port || defaultPort) === (host.port || defaultPort);
}

/** `application/json; charset=utf-8` → `application/json`. */
function mediaType(header: string | undefined): string | undefined {
  return header?.split(';')[0]!.trim().toLowerCase() || undefined;
}

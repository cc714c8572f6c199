import { createSocket, type Socket } from 'node:dgram';
import { type ExportResult, ExportResultCode } from '@opentelemetry/core';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace';
import { TelemetryConfigError } from '../errors';

/** The X-Ray daemon Lambda runs beside a function with active tracing, unless `AWS_XRAY_DAEMON_ADDRESS` says. */
const DEFAULT_DAEMON = '127.0.0.1:2000';
// The daemon's framing for OpenTelemetry spans (as AWS's own distro sends them): a JSON header line, `T1S` for
// sampled spans, then the OTLP ExportTraceServiceRequest as protobuf, base64-encoded.
const HEADER = '{"format":"json","version":1}\n';
const SAMPLED_SPANS = 'T1S';

/**
 * Sends finished spans to the X-Ray daemon over local UDP, one datagram per export. Nothing waits on the network:
 * the daemon forwards the spans to X-Ray outside the invocation, so the function's duration does not grow with the
 * export and nothing must be flushed before Lambda freezes the sandbox. Delivery is best effort, like every UDP
 * send: a lost datagram loses spans, never the invocation.
 */
export class XRayUdpSpanExporter implements SpanExporter {
  private readonly host: string;
  private readonly port: number;
  private socket: Socket | undefined;

  constructor(address: string = process.env['AWS_XRAY_DAEMON_ADDRESS'] || DEFAULT_DAEMON) {
    // The daemon address may list a TCP address after a space ("127.0.0.1:2000 127.0.0.1:2001"): UDP is the first.
    const [host, port] = (address.split(' ')[0] ?? '').split(':');
    const parsed = Number(port);
    if (!host || !Number.isInteger(parsed) || parsed < 1 || parsed > 65535) {
      throw new TelemetryConfigError(
        `Invalid X-Ray daemon address ${JSON.stringify(address)}: expected host:port such as 127.0.0.1:2000. ` +
          'Lambda sets AWS_XRAY_DAEMON_ADDRESS when active tracing is on; unset it to use the default.',
      );
    }
    this.host = host;
    this.port = parsed;
  }

  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    const body = ProtobufTraceSerializer.serializeRequest(spans);
    if (!body) {
      done({
        code: ExportResultCode.FAILED,
        error: new Error('The spans could not be serialized as OTLP protobuf.'),
      });
      return;
    }
    const message = Buffer.from(`${HEADER}${SAMPLED_SPANS}${Buffer.from(body).toString('base64')}`, 'utf8');
    if (!this.socket) {
      this.socket = createSocket('udp4');
      // An open socket must not keep a local process (a script, a test) alive.
      this.socket.unref();
    }
    this.socket.send(message, this.port, this.host, (error) =>
      done(error ? { code: ExportResultCode.FAILED, error } : { code: ExportResultCode.SUCCESS }),
    );
  }

  async forceFlush(): Promise<void> {}

  async shutdown(): Promise<void> {
    this.socket?.close();
    this.socket = undefined;
  }
}

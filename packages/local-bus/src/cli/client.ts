import { BusRequestError } from '../errors';

/** Calls an AWSEvents operation on a running bus over the wire protocol, as the AWS CLI would. */
export async function callAws<T>(endpoint: string, operation: string, body: unknown): Promise<T> {
  return request<T>(endpoint, '/', {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSEvents.${operation}` },
    body: JSON.stringify(body),
  });
}

/** Calls one of the bus's `/_paved/` endpoints. */
export async function callApi<T>(endpoint: string, path: string, init: RequestInit = {}): Promise<T> {
  const headers = new Headers(init.headers);
  // The bus refuses a body of any other type: a web page could send it cross-site without a preflight.
  if (init.body !== undefined && !headers.has('content-type'))
    headers.set('content-type', 'application/json');
  return request<T>(endpoint, path, { ...init, headers });
}

async function request<T>(endpoint: string, path: string, init: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(new URL(path, endpoint), init);
  } catch (error) {
    throw new BusRequestError(
      `No bus answered at ${endpoint}: ${(error as Error).message}. Start one with "npm start" (paved start), or pass --endpoint-url.`,
      { cause: error },
    );
  }
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  if (!response.ok) {
    const error = body as { __type?: string; message?: string };
    throw new BusRequestError(`${error.__type ?? response.status}: ${error.message ?? text}`);
  }
  return body as T;
}

// One local HTTP endpoint (AWS_ENDPOINT_URL) that answers every AWS call the example handlers make, so a first
// invocation runs the real SDK clients end to end: signing, serializing, sending, parsing the answer. It counts the
// calls per service (the signing name in the request's SigV4 credential scope) so the bench can check that a
// handler which should call AWS did.
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { PNG } from 'pngjs';

/** A 512 × 512 PNG, two colours. */
const IMAGE = (() => {
  const png = new PNG({ width: 512, height: 512 });
  for (let i = 0; i < png.data.length; i += 4) {
    png.data[i] = (i / 4) % 512 < 256 ? 255 : 0;
    png.data[i + 2] = (i / 4) % 512 < 256 ? 0 : 255;
    png.data[i + 3] = 255;
  }
  return PNG.sync.write(png);
})();

export interface FakeAws {
  readonly endpoint: string;
  /** Calls since the last reset, such as `{ dynamodb: 2, s3: 1 }`. */
  calls(): Readonly<Record<string, number>>;
  reset(): void;
  close(): Promise<void>;
}

export function startFakeAws(): Promise<FakeAws> {
  let calls: Record<string, number> = {};
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const service = signingName(request);
      calls[service] = (calls[service] ?? 0) + 1;
      answer(service, request, Buffer.concat(chunks).toString('utf8'), response);
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolve({
        endpoint: `http://127.0.0.1:${port}`,
        calls: () => ({ ...calls }),
        reset: () => (calls = {}),
        close: () => new Promise((done) => server.close(() => done())),
      });
    }),
  );
}

/** `Credential=AKID/20261206/eu-west-1/dynamodb/aws4_request` → `dynamodb`. */
function signingName(request: IncomingMessage): string {
  const match = /Credential=[^/]+\/\d+\/[^/]+\/([^/]+)\/aws4_request/.exec(
    request.headers.authorization ?? '',
  );
  return match?.[1] ?? 'unsigned';
}

function answer(service: string, request: IncomingMessage, body: string, response: ServerResponse): void {
  const json = (contentType: string, value: unknown) => {
    response.setHeader('content-type', contentType);
    response.end(JSON.stringify(value));
  };
  switch (service) {
    case 'dynamodb':
      // PutItem (a new idempotency record) and UpdateItem (completing it) both answer an empty object.
      return json('application/x-amz-json-1.0', {});
    case 'events': {
      const entries = (JSON.parse(body) as { Entries: unknown[] }).Entries;
      return json('application/x-amz-json-1.1', {
        FailedEntryCount: 0,
        Entries: entries.map((_, index) => ({ EventId: `e-${index}` })),
      });
    }
    case 'sqs': {
      // The SQS client checks the body's MD5 in the answer.
      const message = (JSON.parse(body) as { MessageBody: string }).MessageBody;
      return json('application/x-amz-json-1.0', {
        MessageId: 'm-1',
        MD5OfMessageBody: createHash('md5').update(message).digest('hex'),
      });
    }
    case 'ses':
      return json('application/json', { MessageId: 'ses-1' });
    case 's3':
      if (request.method === 'PUT') {
        response.setHeader('etag', '"0123456789abcdef"');
        response.end();
        return;
      }
      if (request.method === 'GET') {
        // Every object is the same image, for the handlers that read uploads.
        response.setHeader('content-type', 'image/png');
        response.setHeader('etag', '"fedcba9876543210"');
        response.end(IMAGE);
        return;
      }
      break;
  }
  response.statusCode = 400;
  response.setHeader('content-type', 'application/json');
  response.end(
    JSON.stringify({ __type: 'BenchUnsupported', message: `${service} ${request.method} ${request.url}` }),
  );
}

import { type ExportResult, ExportResultCode } from '@opentelemetry/core';
import { JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import { type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace';
import { TelemetryConfigError } from '../errors';

/**
 * Sends finished spans as OTLP/HTTP JSON to a collector (`PAVED_OTLP_ENDPOINT`, such as a Jaeger or an
 * OpenTelemetry Collector the user runs on `http://localhost:4318/v1/traces`). For local runs: on AWS the spans go
 * to X-Ray through the daemon ({@link XRayUdpSpanExporter}).
 */
export class OtlpHttpJsonSpanExporter implements SpanExporter {
  constructor(private readonly endpoint: string) {
    if (!/^https?:\/\/./.test(endpoint)) {
      throw new TelemetryConfigError(
        `Invalid OTLP endpoint ${JSON.stringify(endpoint)}: expected an http(s) URL such as http://localhost:4318/v1/traces.`,
      );
    }
  }

  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    const body = JsonTraceSerializer.serializeRequest(spans);
    if (!body) {
      done({
        code: ExportResultCode.FAILED,
        error: new Error('The spans could not be serialized as OTLP JSON.'),
      });
      return;
    }
    fetch(this.endpoint, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
      .then((response) =>
        done(
          response.ok
            ? { code: ExportResultCode.SUCCESS }
            : {
                code: ExportResultCode.FAILED,
                error: new Error(`The collector at ${this.endpoint} answered ${response.status}.`),
              },
        ),
      )
      .catch((error: unknown) =>
        done({
          code: ExportResultCode.FAILED,
          error: error instanceof Error ? error : new Error(String(error)),
        }),
      );
  }

  async forceFlush(): Promise<void> {}

  async shutdown(): Promise<void> {}
}

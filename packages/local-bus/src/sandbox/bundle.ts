import { build } from 'esbuild';
import { existsSync } from 'node:fs';

/** A bundled handler, or why there is none (what a delivery attempt then fails with). */
export type BundleResult =
  | { readonly ok: true; readonly code: string }
  | { readonly ok: false; readonly errorCode: string; readonly message: string };

/**
 * Bundles a handler's entry module as the CDK's NodejsFunction does for deployment: one CommonJS file with
 * everything but the AWS SDK v3, which the Lambda Node.js runtime provides (and which is resolved from the
 * workspace's node_modules here). Running the bundle rather than the source means a worker thread needs no
 * TypeScript loader, and what runs locally is built the way it deploys.
 * A missing entry or a build error does not stop the bus: deliveries to that handler fail and reach its
 * delivery DLQ, where a redrive after the fix delivers them.
 */
export async function bundleHandler(entry: string): Promise<BundleResult> {
  if (!existsSync(entry)) {
    return {
      ok: false,
      errorCode: 'RESOURCE_NOT_FOUND',
      message: `Function code not found: ${entry} does not exist. Check the subscription's entry path.`,
    };
  }
  try {
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      write: false,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      sourcemap: 'inline',
      // Not written: it places the source map's paths relative to the entry, where the worker compiles the bundle.
      outfile: entry.replace(/\.[cm]?tsx?$/, '') + '.bundle.js',
      external: ['@aws-sdk/*', '@smithy/*'],
      logLevel: 'silent',
    });
    return { ok: true, code: result.outputFiles[0]!.text };
  } catch (error) {
    return {
      ok: false,
      errorCode: 'Runtime.ImportModuleError',
      message: `Could not bundle ${entry}: ${(error as Error).message}`,
    };
  }
}

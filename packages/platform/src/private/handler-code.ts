import { AssetHashType, type BundlingOptions, DockerImage, type ILocalBundling } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  BUNDLE_FILE,
  type BundleHandlerOptions,
  bundleHandler,
  findPrebuiltBundle,
  prebuiltBundleOptions,
} from '../bundling';

/** The Lambda code of one handler and where it came from. */
export interface HandlerCode {
  readonly code: lambda.Code;
  readonly handler: string;
  /** `prebuilt`: the package's current `dist/` bundle; `synth`: bundled now, into the cloud assembly. */
  readonly source: 'prebuilt' | 'synth';
}

/**
 * The package's `dist/` bundle when it is current (its build target ran and nothing changed since), otherwise a
 * bundle made now by esbuild into cdk.out's asset staging. Never Docker. For any declaration with an entry: a
 * subscription's handler or an API's function.
 */
export function handlerCode({
  entry,
  exportName,
}: {
  readonly entry: string;
  readonly exportName: string;
}): HandlerCode {
  const distDir = join(packageRoot(entry), 'dist');
  const prebuilt = findPrebuiltBundle({ entry, outdir: distDir, exportName });
  if (prebuilt) {
    // Only the bundle and its map ship: dist/ may hold anything else a build left there.
    const code = lambda.Code.fromAsset(distDir, { exclude: ['*', `!${BUNDLE_FILE}`, `!${BUNDLE_FILE}.map`] });
    return { code, handler: prebuilt.handler, source: 'prebuilt' };
  }
  const local = new EsbuildLocalBundling(entry, exportName, prebuiltBundleOptions(distDir) ?? {});
  const code = lambda.Code.fromAsset(dirname(entry), {
    // The hash of the bundle, not of the sources: an identical bundle deploys nothing.
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // Required by the type, never pulled: local bundling either succeeds or throws, so Docker is never reached.
      image: DockerImage.fromRegistry('paved/docker-is-never-used'),
      local,
    },
  });
  return { code, handler: `index.${exportName}`, source: 'synth' };
}

/**
 * CDK's local-bundling hook. Its fields are part of the asset cache key, which is why entry and exportName are
 * fields: two handlers in one folder must not share a bundle.
 */
class EsbuildLocalBundling implements ILocalBundling {
  constructor(
    readonly entry: string,
    readonly exportName: string,
    readonly options: Pick<BundleHandlerOptions, 'external' | 'minify' | 'sourcemap'>,
  ) {}

  tryBundle(outputDir: string, _options: BundlingOptions): boolean {
    bundleHandler({
      ...this.options,
      entry: this.entry,
      exportName: this.exportName,
      outdir: outputDir,
      writeManifest: false,
    });
    return true;
  }
}

/** The nearest folder above `entry` with a package.json: the handler package, whose `build` writes `dist/`. */
function packageRoot(entry: string): string {
  let dir = dirname(entry);
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) return dirname(entry);
    dir = parent;
  }
  return dir;
}

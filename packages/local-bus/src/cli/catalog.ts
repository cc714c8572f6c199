import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildCatalog } from '../core/catalog';
import { InvalidOptionError } from '../errors';
import { findWorkspaceRoot, loadWorkspaceSubscriptions } from '../services';
import { type CliIo } from './io';

/** The console's files the static site reuses: the catalog's renderer and styles. */
const CONSOLE_DIR = join(__dirname, '..', 'http', 'console');

/** The static site's page: the data (catalog-data.js) then the renderer (catalog.js), both beside it. */
const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self'; style-src 'self'" />
    <title>paved · event catalog</title>
    <link rel="stylesheet" href="catalog.css" />
    <script src="catalog-data.js" defer></script>
    <script src="catalog.js" defer></script>
  </head>
  <body>
    <main class="catalog-site">
      <h1>Event catalog</h1>
      <div id="catalog-site"><p>Loading…</p></div>
    </main>
  </body>
</html>
`;

/**
 * \`paved catalog --out <dir>\`: loads the workspace as \`paved start\` does (without starting a bus) and writes the
 * event catalog as a static site that opens from disk: \`index.html\`, \`catalog.json\`, its data as a script
 * (\`catalog-data.js\`: a file:// page cannot fetch), and the console's catalog renderer and styles.
 */
export async function runCatalog(out: string | undefined, io: CliIo): Promise<number> {
  if (!out) throw new InvalidOptionError('Missing --out <dir>: where to write the catalog site.');
  const loaded = loadWorkspaceSubscriptions(findWorkspaceRoot(io.cwd));
  const catalog = buildCatalog(loaded, loaded.root);
  const dir = resolve(io.cwd, out);
  mkdirSync(dir, { recursive: true });
  const json = JSON.stringify(catalog, null, 2);
  writeFileSync(join(dir, 'catalog.json'), `${json}\n`);
  // JSON is a JavaScript expression; escaping "<" keeps "</script>" in an example from meaning anything anywhere.
  writeFileSync(join(dir, 'catalog-data.js'), `window.PAVED_CATALOG = ${json.replace(/</g, '\\u003c')};\n`);
  writeFileSync(join(dir, 'index.html'), PAGE);
  for (const file of ['catalog.js', 'catalog.css']) copyFileSync(join(CONSOLE_DIR, file), join(dir, file));
  io.stdout.write(
    `Wrote the event catalog (${catalog.events.length} events from ${loaded.services.length} services) to ${dir}: open ${join(dir, 'index.html')}\n`,
  );
  return 0;
}

import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { type Page } from 'playwright-core';
import { type EventView, type HandlerReload } from '../src';
import { editableHandlers, type EditableHandlers } from './fixtures/hot-reload';
import { startBusProcess, startTestBus, tempDir, waitFor, type BusProcess, type TestBus } from './helpers';
import { openChromium, type OpenChromium } from './chromium';

/** Each test waits on real file watching, esbuild and worker threads: generous on a busy two-core machine. */
const SLOW = 30_000;
const WAIT = 15_000;
const GREET = 'reload-greet';
const OTHER = 'reload-other';

/** What the fixture handlers wrote for one event: `says` once it ended, `started` when it was slow. */
function lines(outFile: string, id: string): { fn: string; says?: string; started?: string }[] {
  if (!existsSync(outFile)) return [];
  return readFileSync(outFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line))
    .filter((line) => line.id === id);
}

async function put(
  t: TestBus,
  entry: { DetailType: string; Source: string; Detail: object },
): Promise<string> {
  const result = await t.client.send(
    new PutEventsCommand({
      Entries: [{ ...entry, Detail: JSON.stringify(entry.Detail), EventBusName: 'paved' }],
    }),
  );
  expect(result.FailedEntryCount).toBe(0);
  return result.Entries![0]!.EventId!;
}

const job = (detail: object = {}) => ({
  Source: 'test.jobs',
  DetailType: 'job_requested',
  Detail: { behaviour: 'greet', ...detail },
});
const signup = {
  Source: 'myapp.userservice',
  DetailType: 'user_signup',
  Detail: { email: 'a@example.com', name: 'A' },
};

/** What `fn` wrote for the event `id` once it ended. */
function said(t: TestBus, id: string, fn = 'greet'): Promise<string> {
  return waitFor(
    () => lines(t.outFile, id).find((line) => line.fn === fn && line.says)?.says,
    WAIT,
    `${fn} to handle ${id}`,
  );
}

describe('hot reload: an edited handler runs on the next event', () => {
  let t: TestBus;
  let code: EditableHandlers;
  let reloads: HandlerReload[];
  let browser: OpenChromium;
  let page: Page;

  /** The next reload notice for `fn` after the ones seen so far. */
  const nextReload = (fn: string): (() => Promise<HandlerReload>) => {
    const seen = reloads.length;
    return () =>
      waitFor(() => reloads.slice(seen).find((r) => r.function === fn), WAIT, `a reload notice for ${fn}`);
  };

  beforeAll(async () => {
    const dir = tempDir();
    code = editableHandlers(dir);
    t = await startTestBus((out) => code.subscriptions(out), { dir, watch: true, workers: 1 });
    reloads = [];
    t.bus.on('reload', (reload) => reloads.push(reload));
    browser = await openChromium();
    page = browser.page;
    await page.goto(t.bus.url + '/');
    await page.waitForSelector('#connection:text("live")');
  }, SLOW);

  afterAll(async () => {
    await browser?.close();
    await t.stop();
  });

  it(
    'runs the edited code on the next event, says which handler reloaded (terminal stream and console), and reloads no other',
    async () => {
      expect(await said(t, await put(t, job()))).toBe('v1:hello');

      const reloaded = nextReload(GREET);
      code.edit('greet.ts', "const VERSION = 'v1'", "const VERSION = 'v2'");
      expect(await reloaded()).toEqual({
        function: GREET,
        kind: 'handler',
        status: 'reloaded',
        version: 2,
        changed: [expect.stringMatching(/greet\.ts$/)],
        at: expect.any(Number),
        durationMs: expect.any(Number),
      });

      expect(await said(t, await put(t, job()))).toBe('v2:hello');
      expect(await said(t, await put(t, signup), 'other')).toBe('other');
      expect(reloads.filter((r) => r.function === OTHER)).toEqual([]);

      const notice = page.locator(`[data-testid="reload"][data-function="${GREET}"][data-status="reloaded"]`);
      await notice.waitFor();
      expect(await notice.textContent()).toMatch(
        /reloaded handler reload-greet \(version 2\): \S*greet\.ts changed\. The next event runs the new code\./,
      );
    },
    SLOW,
  );

  it(
    'reloads exactly the handlers built from an edited module they import, saved by rename as editors do',
    async () => {
      const reloaded = nextReload(GREET);
      code.saveByRename('word.ts', code.read('word.ts').replace("'hello'", "'bonjour'"));
      const reload = await reloaded();
      expect(reload).toMatchObject({
        status: 'reloaded',
        version: 3,
        changed: [expect.stringMatching(/word\.ts$/)],
      });
      expect(await said(t, await put(t, job()))).toBe('v2:bonjour');
      // other.ts imports nothing of word.ts: no notice (a rebuild that changed nothing would not send one either).
      expect(reloads.filter((r) => r.function === OTHER)).toEqual([]);
    },
    SLOW,
  );

  it(
    'reports a syntax error with file:line and keeps the last good code, the bus and the other handlers running; the fix reloads',
    async () => {
      const failed = nextReload(GREET);
      code.edit('greet.ts', "const VERSION = 'v2';", "const VERSION = 'v3'\nconst broken = ;");
      const failure = await failed();
      expect(failure).toMatchObject({
        function: GREET,
        status: 'failed',
        version: 3,
        error: {
          code: 'HANDLER_BUILD_FAILED',
          problems: [
            { file: expect.stringMatching(/greet\.ts$/), line: 5, column: 16, text: 'Unexpected ";"' },
          ],
        },
      });
      expect(failure.error!.message).toMatch(
        /^Handler reload-greet did not reload: \S*greet\.ts:5:16: Unexpected ";"\. It keeps running its last good code \(version 3, loaded at \d\d:\d\d:\d\d\)\. Fix it and save: the next save that bundles reloads it\.$/,
      );

      // The broken handler runs its last good code; the other handler and the bus carry on.
      expect(await said(t, await put(t, job()))).toBe('v2:bonjour');
      expect(await said(t, await put(t, signup), 'other')).toBe('other');

      const notice = page.locator(`[data-testid="reload"][data-function="${GREET}"][data-status="failed"]`);
      await notice.waitFor();
      expect(await notice.locator('[data-testid="reload-error"]').textContent()).toMatch(
        /greet\.ts:5:16: Unexpected ";"\. It keeps running its last good code/,
      );

      const fixed = nextReload(GREET);
      code.edit('greet.ts', 'const broken = ;', '');
      expect(await fixed()).toMatchObject({ status: 'reloaded', version: 4 });
      expect(await said(t, await put(t, job()))).toBe('v3:bonjour');
      await page
        .locator(`[data-testid="reload"][data-function="${GREET}"][data-status="reloaded"]`)
        .waitFor();
    },
    SLOW,
  );

  it(
    'lets an invocation that started before the edit finish on the old code, while the next event runs the new',
    async () => {
      const slow = await put(t, job({ sleepMs: 1500 }));
      await waitFor(
        () => lines(t.outFile, slow).some((line) => line.started),
        WAIT,
        'the slow invocation to start',
      );

      const reloaded = nextReload(GREET);
      code.edit('greet.ts', "const VERSION = 'v3'", "const VERSION = 'v4'");
      await reloaded();
      const next = await put(t, job());
      expect(await said(t, next)).toBe('v4:bonjour');
      // The slow one is still running when the next event has been handled on the new code...
      expect(lines(t.outFile, slow).find((line) => line.says)).toBeUndefined();
      // ...and it ends with the old code's result.
      expect(await said(t, slow)).toBe('v3:bonjour');
      expect(lines(t.outFile, slow)).toEqual([
        { fn: 'greet', id: slow, started: 'v3:bonjour' },
        { fn: 'greet', id: slow, says: 'v3:bonjour' },
      ]);
    },
    SLOW,
  );

  it(
    "keeps each version's stack traces on its own source lines, the old one's too while it finishes",
    async () => {
      const line =
        code
          .read('greet.ts')
          .split('\n')
          .findIndex((text) => text.includes('throw new Error')) + 1;
      const slow = await put(t, job({ sleepMs: 1500, fail: true }));
      await waitFor(
        () => lines(t.outFile, slow).some((l) => l.started),
        WAIT,
        'the slow invocation to start',
      );

      const reloaded = nextReload(GREET);
      code.saveByRename(
        'greet.ts',
        '// two lines\n// push the code down\n' + code.read('greet.ts').replace("'v4'", "'v5'"),
      );
      await reloaded();
      const fast = await put(t, job({ fail: true }));

      /** The first invocation's error, as the event's view reports it. */
      const firstError = (id: string) =>
        waitFor(
          async () => {
            const response = await fetch(`${t.bus.url}/_paved/events/${id}`);
            const view = (await response.json()) as EventView;
            return view.deliveries[0]?.attempts.find((a) => a.kind === 'invoke' && a.n === 1)?.error;
          },
          WAIT,
          `the first attempt of ${id} to fail`,
        );
      const newer = await firstError(fast);
      expect(newer.errorMessage).toBe('failed in v5:bonjour');
      expect(newer.trace?.[1]).toMatch(new RegExp(`greet\\.ts:${line + 2}:\\d+\\)$`));
      const older = await firstError(slow);
      expect(older.errorMessage).toBe('failed in v4:bonjour');
      expect(older.trace?.[1]).toMatch(new RegExp(`greet\\.ts:${line}:\\d+\\)$`));
    },
    SLOW,
  );
});

describe('paved start and hot reload', () => {
  let dir: string;
  let code: EditableHandlers;
  let bus: BusProcess | undefined;

  beforeEach(() => {
    dir = tempDir();
    code = editableHandlers(dir);
    process.env['PAVED_TEST_RELOAD_DIR'] = code.dir;
  });

  afterEach(() => {
    bus?.child.kill('SIGINT');
    bus = undefined;
    delete process.env['PAVED_TEST_RELOAD_DIR'];
    rmSync(dir, { recursive: true, force: true });
  });

  const HANDLERS = join(__dirname, 'fixtures', 'hot-reload-handlers.ts');

  it(
    'watches by default and prints which handler reloaded, or why it did not',
    async () => {
      bus = await startBusProcess(join(dir, 'data'), join(dir, 'out.jsonl'), { handlers: HANDLERS });
      expect(bus.banner).toContain(
        "  watch     every handler's sources and the workspace packages they import: an edit reloads it for the next event (--no-watch: off)",
      );
      code.edit('word.ts', "'hello'", "'hi'");
      const reloaded = await waitFor(
        () =>
          /^\d\d:\d\d:\d\d\.\d{3} reload {2}handler reload-greet v2 \(\S*word\.ts changed\) in \d+ ms: the next event runs the new code$/m.exec(
            bus!.output(),
          ) ?? undefined,
        WAIT,
        'the reload line',
      );
      expect(reloaded).toBeTruthy();
      code.edit('word.ts', "'hi'", "'hi"); // an unterminated string
      const failed = await waitFor(
        () =>
          /^\d\d:\d\d:\d\d\.\d{3} RELOAD FAILED handler reload-greet \(\S*word\.ts changed\): (.*)$/m.exec(
            bus!.output(),
          ) ?? undefined,
        WAIT,
        'the failure line',
      );
      expect(failed[1]).toMatch(
        /^Handler reload-greet did not reload: \S*word\.ts:2:\d+: Unterminated string literal\. It keeps running its last good code \(version 2, /,
      );
      expect(bus.output()).not.toMatch(/reload-other/);
    },
    SLOW,
  );
});

describe('hot reload of a handler that never bundled, and without watch', () => {
  it(
    'brings a handler whose code did not bundle at start to life once it is fixed',
    async () => {
      const dir = tempDir();
      const code = editableHandlers(dir);
      code.edit('greet.ts', "const VERSION = 'v1';", "const VERSION = 'v1'\nconst broken = ;");
      const t = await startTestBus((out) => code.subscriptions(out), { dir, watch: true });
      try {
        const reloads: HandlerReload[] = [];
        t.bus.on('reload', (reload) => reloads.push(reload));
        const before = await put(t, job());
        // EventBridge cannot reach it, and retries the delivery.
        const attempt = await waitFor(
          async () => {
            const response = await fetch(`${t.bus.url}/_paved/events/${before}`);
            const body = (await response.json()) as EventView;
            return body.deliveries[0]?.attempts.find((a) => a.kind === 'deliver' && !a.ok);
          },
          WAIT,
          'a failed delivery attempt',
        );
        expect(attempt.error?.errorMessage).toMatch(/greet\.ts:5:16: Unexpected ";"/);

        code.edit('greet.ts', 'const broken = ;', '');
        const reload = await waitFor(() => reloads.find((r) => r.status === 'reloaded'), WAIT, 'the reload');
        expect(reload).toMatchObject({ function: GREET, version: 1 });
        // The retries reach the fixed code, and so does the next event.
        expect(await said(t, before)).toBe('v1:hello');
        expect(await said(t, await put(t, job()))).toBe('v1:hello');
      } finally {
        await t.stop();
      }
    },
    SLOW,
  );

  it(
    'does not watch unless asked (the programmatic default)',
    async () => {
      const dir = tempDir();
      const code = editableHandlers(dir);
      const t = await startTestBus((out) => code.subscriptions(out), { dir });
      try {
        const reloads: HandlerReload[] = [];
        t.bus.on('reload', (reload) => reloads.push(reload));
        code.edit('greet.ts', "const VERSION = 'v1'", "const VERSION = 'v2'");
        // Longer than a watching bus takes to reload (its debounce and an esbuild build).
        await new Promise((resolve) => setTimeout(resolve, 500));
        expect(await said(t, await put(t, job()))).toBe('v1:hello');
        expect(reloads).toEqual([]);
      } finally {
        await t.stop();
      }
    },
    SLOW,
  );
});

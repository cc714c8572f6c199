import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildCatalog } from '../src/core/catalog';
import { chainSubscriptions, createSignup, uploads } from './fixtures/chain';
import { fixtureSubscriptions } from './fixtures/subscriptions';
import { openChromium, type OpenChromium } from './chromium';

const WORKSPACE = resolve(__dirname, '../../..');
const BIN = resolve(__dirname, '../bin/paved.js');

describe('buildCatalog', () => {
  let root: string;
  beforeAll(() => {
    // A workspace of one service, not a git repository: committed schemas and a team, no history.
    root = mkdtempSync(join(tmpdir(), 'paved-catalog-root-'));
    const schemas = join(root, 'services/identity/contracts/schemas/myapp.userservice/UserSignup');
    mkdirSync(schemas, { recursive: true });
    writeFileSync(join(schemas, 'v1.json'), JSON.stringify({ title: 'committed v1' }));
    writeFileSync(
      join(root, 'services/identity/package.json'),
      JSON.stringify({ name: '@x/identity', paved: { team: '@myorg/identity-team' } }),
    );
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('lists each event with its owner, producers, consumers and versions', () => {
    const all = { ...fixtureSubscriptions('/dev/null'), ...chainSubscriptions('/dev/null') };
    const catalog = buildCatalog(
      { subscriptions: Object.values(all), apis: [createSignup], buckets: [uploads] },
      root,
    );
    const signup = catalog.events.find((e) => e.id === 'myapp.userservice/UserSignup')!;
    expect(signup.owner).toEqual({ service: 'identity', team: '@myorg/identity-team' });
    expect(signup.producers).toEqual([
      expect.objectContaining({ kind: 'api', name: 'identity create-signup', detail: 'POST /signups' }),
    ]);
    expect(signup.consumers.map((c) => c.id)).toEqual(
      expect.arrayContaining(['identity-send-welcome', 'audit-audit-signup', 'mailer-announce']),
    );
    expect(signup.consumers[0]!.pattern).toMatchObject({ source: ['myapp.userservice'] });
    expect(signup.versions).toEqual([
      expect.objectContaining({
        version: 1,
        detailType: 'user_signup',
        committed: true,
        schemaFile: 'services/identity/contracts/schemas/myapp.userservice/UserSignup/v1.json',
        schema: { title: 'committed v1' },
      }),
    ]);
    expect(signup.versions[0]!.examples.length).toBeGreaterThan(0);
    expect(signup.versions[0]).not.toHaveProperty('history');

    const s3 = catalog.events.find((e) => e.source === 'aws.s3')!;
    expect(s3.producer).toBe('aws');
    expect(s3.producers.map((p) => p.kind)).toEqual(['aws', 'bucket']);
    expect(s3.consumers.map((c) => c.id)).toContain('media-on-upload');

    // No committed schema, no owner: the contract's own schema stands in.
    const jobs = catalog.events.find((e) => e.source === 'test.jobs')!;
    expect(jobs.owner).toBeNull();
    expect(jobs.versions[0]).toMatchObject({ committed: false, schemaFile: null });
    expect(jobs.versions[0]!.schema).toMatchObject({ type: 'object' });
  });
});

describe('paved catalog --out', () => {
  let out: string;
  let browser: OpenChromium | undefined;

  beforeAll(() => {
    out = mkdtempSync(join(tmpdir(), 'paved-catalog-'));
  });
  afterAll(async () => {
    await browser?.close();
    // The site (and its screenshot) stay in `out` to look at.
  });

  it('writes a static site that lists each event, opened from disk', async () => {
    const stdout = execFileSync(process.execPath, [BIN, 'catalog', '--out', out], {
      cwd: WORKSPACE,
      encoding: 'utf8',
    });
    expect(stdout).toContain('Wrote the event catalog');
    const data = JSON.parse(readFileSync(join(out, 'catalog.json'), 'utf8')) as {
      events: { name: string; versions: { history?: unknown[] }[] }[];
    };
    expect(data.events.find((e) => e.name === 'OrderCreated')!.versions[0]!.history!.length).toBeGreaterThan(
      0,
    );

    browser = await openChromium();
    const { page } = browser;
    await page.goto(`file://${join(out, 'index.html')}`);
    const event = page.locator('[data-testid="catalog-event"][data-name="OrderCreated"]');
    await event.waitFor();
    await expect(event.locator('[data-testid="catalog-owner"]').textContent()).resolves.toContain(
      '@myorg/orders-team',
    );
    expect(
      await event
        .locator('[data-testid="catalog-consumer"]')
        .evaluateAll((n) => n.map((x) => x.getAttribute('data-id'))),
    ).toEqual([
      'orders-reserve-stock',
      'orders-charge-payment',
      'orders-send-order-confirmation',
      'orders-notify-warehouse',
      'orders-record-sale-analytics',
    ]);
    expect(await event.locator('[data-testid="catalog-producer"]').allTextContents()).toEqual([
      expect.stringContaining('orders create-order'),
    ]);
    await event.locator('[data-testid="catalog-version"][data-version="v1"]').waitFor();
    await page.screenshot({ path: join(out, 'catalog.png'), fullPage: true });
  }, 60_000);
});

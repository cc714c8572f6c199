import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { type Page } from 'playwright-core';
import { type Trace, type TraceNode } from '../src/core/traces';
import { startChainBus, type ChainBus } from './fixtures/traces-audit';
import { getJson, waitFor } from './helpers';
import { openChromium, type OpenChromium } from './chromium';

const ROOT = join(__dirname, '..', '..', '..');
const ARTIFACTS = join(__dirname, 'artifacts');
const AUDIT_DLQ = 'audit-audit-order-failure-dlq';

/** What one waterfall row shows: its kind, depth, outcome and name. */
interface Row {
  readonly kind: string;
  readonly depth: number;
  readonly outcome: string;
  readonly id: string;
  readonly name: string;
  /** Its bar's left edge and width, in pixels. */
  readonly left: number;
  readonly width: number;
}

/** The tree as the rows it must show, depth first. */
function expectedRows(trace: Trace): Pick<Row, 'kind' | 'depth' | 'outcome' | 'id' | 'name'>[] {
  const rows: Pick<Row, 'kind' | 'depth' | 'outcome' | 'id' | 'name'>[] = [];
  const visit = (node: TraceNode, depth: number): void => {
    rows.push({ kind: node.kind, depth, outcome: node.outcome, id: node.id, name: node.name });
    node.children.forEach((child) => visit(child, depth + 1));
  };
  trace.roots.forEach((root) => visit(root, 0));
  return rows;
}

describe("the console's trace view", () => {
  let t: ChainBus;
  let browser: OpenChromium;
  let page: Page;

  beforeAll(async () => {
    t = await startChainBus(ROOT);
    browser = await openChromium({ viewport: { width: 1400, height: 1000 } });
    page = browser.page;
    await page.goto(t.bus.url + '/');
    await page.waitForSelector('#connection:text("live")');
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t.stop();
  });

  it('opens an event, then its trace as a waterfall: rows in tree order, indented, bars on one time axis, logs on a click', async () => {
    const response = await fetch(`${t.bus.url}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        customerId: 'c-console',
        email: 'console@example.com',
        currency: 'EUR',
        lines: [{ sku: 'LAMP-BRASS', quantity: 1, unitPriceMinor: 4_200 }],
      }),
    });
    const { eventId } = (await response.json()) as { eventId: string };
    const { traceId } = (await getJson<{ traceId: string }>(t.bus, `/_paved/events/${eventId}`)).body;
    // The chain ends when the audit fixture's delivery reached its DLQ and the payment event was handled.
    await waitFor(
      async () => {
        const { body } = await getJson<Trace>(t.bus, `/_paved/traces/${traceId}`);
        return body.counts.dlq === 1 && body.counts.events === 2 && body.outcome !== 'pending' && body;
      },
      30_000,
      'the chain to settle',
    );
    // Redriven once the fixture works again, so the view shows a DLQ hop and the redrive too.
    rmSync(t.failFile);
    await fetch(`${t.bus.url}/_paved/dlq/${AUDIT_DLQ}/redrive`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    const trace = await waitFor(
      async () => {
        const { body } = await getJson<Trace>(t.bus, `/_paved/traces/${traceId}`);
        return body.counts.redrives === 1 && body.outcome === 'succeeded' && body;
      },
      20_000,
      'the redrive to succeed',
    );

    // From the event view: its "View trace" button opens the Traces tab on its trace.
    const row = page.locator(`[data-testid="event-row"][data-id="${eventId}"]`);
    await row.waitFor();
    await row.click();
    await page.click(`[data-testid="open-trace"]`);
    await page.waitForSelector('#tab-traces:not([hidden])');
    expect(await page.textContent('[data-testid="trace-id"]')).toBe(traceId);
    await page.locator('[data-testid="trace-row"]').first().waitFor();

    const rows = await page.$$eval('[data-testid="trace-row"]', (nodes) =>
      nodes.map((node) => {
        const bar = node.querySelector('[data-testid="trace-bar"]')!.getBoundingClientRect();
        const label = node.querySelector('.trace-label')!;
        const { getComputedStyle } = globalThis as unknown as {
          getComputedStyle(element: unknown): { paddingLeft: string };
        };
        return {
          kind: node.getAttribute('data-kind')!,
          depth: Number(node.getAttribute('data-depth')),
          outcome: node.getAttribute('data-outcome')!,
          id: node.getAttribute('data-id')!,
          name: node.querySelector('[data-testid="trace-name"]')!.textContent!,
          left: bar.left,
          width: bar.width,
          indent: parseFloat(getComputedStyle(label).paddingLeft),
        };
      }),
    );
    // Every node of the tree, in its order, at its depth.
    expect(rows.map(({ kind, depth, outcome, id, name }) => ({ kind, depth, outcome, id, name }))).toEqual(
      expectedRows(trace),
    );
    expect(rows.slice(0, 3).map((r) => `${r.depth}:${r.kind}`)).toEqual([
      '0:request',
      '1:event',
      '2:delivery',
    ]);
    expect(rows.map((r) => r.kind)).toEqual(expect.arrayContaining(['attempt', 'dlq', 'redrive']));
    // Indented by depth: deeper rows sit further right.
    for (const r of rows) expect(r.indent).toBeCloseTo(rows[0]!.indent + r.depth * 1.1 * 16, 0);
    // Bars on one axis: the request starts at the left edge, and nothing starts before its parent.
    const first = rows[0]!;
    const parents: Row[] = [];
    for (const r of rows) {
      parents.length = r.depth;
      const parent = parents[r.depth - 1];
      if (parent) expect(r.left).toBeGreaterThanOrEqual(parent.left - 1);
      expect(r.left).toBeGreaterThanOrEqual(first.left - 1);
      parents.push(r);
    }
    // Coloured by outcome: the DLQ hop (redriven) and the failed attempts differ from the succeeded rows.
    const colour = (selector: string) =>
      page.$eval(
        `${selector} [data-testid="trace-bar"]`,
        (bar) =>
          (
            globalThis as unknown as { getComputedStyle(element: unknown): { backgroundColor: string } }
          ).getComputedStyle(bar).backgroundColor,
      );
    const succeeded = await colour('[data-testid="trace-row"][data-kind="request"]');
    const failed = await colour('[data-testid="trace-row"][data-kind="attempt"][data-outcome="failed"]');
    expect(failed).not.toBe(succeeded);

    // An attempt's log lines open on a click, and carry the trace id.
    const audited = page
      .locator('[data-testid="trace-row"][data-kind="attempt"][data-outcome="failed"]')
      .first();
    await audited.locator('[data-testid="trace-logs-toggle"]').click();
    const logs = page.locator('[data-testid="trace-logs"]:visible');
    await logs.first().waitFor();
    expect(await logs.first().textContent()).toContain(`"trace_id":"${traceId}"`);
    expect(await logs.first().textContent()).toContain('audit store unavailable');

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'trace-view.png'), fullPage: true });
  }, 90_000);

  it('finds a trace from the search box by detail-type and by text, and opens it', async () => {
    await page.fill('#trace-detail-type', 'OrderCreated');
    await page.click('[data-testid="trace-search"]');
    const result = page.locator('[data-testid="trace-result"]');
    await result.first().waitFor();
    expect(await result.count()).toBe(1);
    const traceId = (await result.first().getAttribute('data-trace-id'))!;
    expect(await result.first().textContent()).toContain('POST /orders → 202');

    await page.fill('#trace-detail-type', '');
    await page.fill('#trace-q', 'no-such-text-in-any-trace');
    await page.click('[data-testid="trace-search"]');
    await page.waitForSelector('#trace-results li:text("No trace matches.")');

    await page.fill('#trace-q', 'LAMP-BRASS');
    await page.click('[data-testid="trace-search"]');
    await page.locator(`[data-testid="trace-result"][data-trace-id="${traceId}"]`).click();
    await page.waitForSelector(`[data-testid="trace-id"]:text("${traceId}")`);
    expect(await page.locator('[data-testid="trace-row"]').count()).toBeGreaterThan(10);
  }, 20_000);
});

import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { type Page } from 'playwright-core';
import { bucketName } from '@paved/events';
import { chainSubscriptions, uploads } from './fixtures/chain';
import { tinyPng } from './fixtures/png';
import { fixtureSubscriptions } from './fixtures/subscriptions';
import { startTestBus, type TestBus } from './helpers';
import { openChromium, type OpenChromium } from './chromium';

describe('the web console', () => {
  let t: TestBus;
  let browser: OpenChromium;
  let page: Page;

  beforeAll(async () => {
    t = await startTestBus(
      (out) => {
        const all = fixtureSubscriptions(out);
        return [all.welcome!, all.audit!, all.misbehave!, chainSubscriptions(out).onUpload!];
      },
      { buckets: [uploads] },
    );
    browser = await openChromium();
    page = browser.page;
    await page.goto(t.bus.url + '/');
    await page.waitForSelector('#connection:text("live")');
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await t.stop();
  });

  it('shows a new event live, with its matched rules and deliveries, and escapes its content', async () => {
    const hostile = '<img src=x onerror=window.__pwned=1>';
    const result = await t.client.send(
      new PutEventsCommand({
        Entries: [
          {
            Source: 'myapp.userservice',
            DetailType: 'user_signup',
            Detail: JSON.stringify({ email: 'a@example.com', name: hostile }),
            EventBusName: 'paved',
          },
        ],
      }),
    );
    const id = result.Entries![0]!.EventId!;
    const row = page.locator(`[data-testid="event-row"][data-id="${id}"]`);
    await row.waitFor();
    await row.click();
    await page
      .locator('[data-testid="delivery"][data-rule="identity-send-welcome"][data-status="succeeded"]')
      .waitFor();
    await page
      .locator('[data-testid="delivery"][data-rule="audit-audit-signup"][data-status="succeeded"]')
      .waitFor();
    expect(await page.locator('[data-testid="matched-rules"] li').allTextContents()).toEqual([
      'identity-send-welcome',
      'audit-audit-signup',
    ]);
    expect(await page.locator('[data-testid="event-json"]').textContent()).toContain(hostile);
    expect(await page.locator('#event-detail img').count()).toBe(0);
    expect(
      await page.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned),
    ).toBeUndefined();
  }, 20_000);

  it('tests a pattern', async () => {
    await page.click('nav button[data-tab="tester"]');
    await page.click('#tester-run');
    await page.waitForSelector('#tester-result[data-result="true"]');
    await page.fill('#tester-pattern', '{"source": ["somebody.else"]}');
    await page.click('#tester-run');
    await page.waitForSelector('#tester-result[data-result="false"]');
    await page.fill('#tester-pattern', '{not json');
    await page.click('#tester-run');
    await page.waitForSelector('#tester-result[data-result="error"]');
    expect(await page.textContent('#tester-result')).toContain('InvalidEventPatternException');
  });

  it('lists the handlers and the events they listen to', async () => {
    await page.click('nav button[data-tab="subscriptions"]');
    const rows = page.locator('[data-testid="subscription"]');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(4);
    expect(await rows.allTextContents()).toEqual(
      expect.arrayContaining([expect.stringContaining('myapp.userservice/user_signup')]),
    );
  });

  it('shows the event catalog under its tab', async () => {
    await page.click('nav button[data-tab="catalog"]');
    const signup = page.locator('[data-testid="catalog-event"][data-id="myapp.userservice/UserSignup"]');
    await signup.waitFor();
    expect(
      await signup
        .locator('[data-testid="catalog-consumer"]')
        .evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-id'))),
    ).toEqual(['identity-send-welcome', 'audit-audit-signup']);
    await signup.locator('[data-testid="catalog-version"][data-version="v1"]').waitFor();
    await page.click('nav button[data-tab="events"]');
  });

  it('shows a failed event in its DLQ and redrives it with the button', async () => {
    await t.client.send(
      new PutEventsCommand({
        Entries: [
          {
            Source: 'test.jobs',
            DetailType: 'job_requested',
            Detail: '{"behaviour":"throw"}',
            EventBusName: 'paved',
          },
        ],
      }),
    );
    await page.click('nav button[data-tab="dlq"]');
    const queue = page.locator('[data-testid="queue"][data-queue="jobs-misbehave-failure-dlq"]');
    await page
      .locator('[data-testid="queue"][data-queue="jobs-misbehave-failure-dlq"][data-count="1"]')
      .waitFor({ timeout: 10_000 });
    await queue.locator('[data-testid="redrive"]').click();
    // Redriven, it fails again (the handler still throws) and comes back: first the queue empties.
    await page
      .locator('[data-testid="queue"][data-queue="jobs-misbehave-failure-dlq"][data-count="0"]')
      .waitFor({ timeout: 10_000 });
    await page
      .locator('[data-testid="queue"][data-queue="jobs-misbehave-failure-dlq"][data-count="1"]')
      .waitFor({ timeout: 10_000 });
  }, 30_000);

  it('links what led to an event and what it led to, and says where one that matched nothing would match', async () => {
    const bucket = bucketName(uploads, { account: '000000000000', region: 'us-east-1' });
    const response = await fetch(`${t.bus.url}/_paved/s3/${bucket}/cat.png`, {
      method: 'PUT',
      body: tinyPng(),
    });
    const { eventId, requestId } = (await response.json()) as { eventId: string; requestId: string };
    await page.click('nav button[data-tab="events"]');
    await page.locator(`[data-testid="event-row"][data-id="${eventId}"]`).click();
    await page
      .locator(`[data-testid="caused-by"] [data-testid="link-upload"][data-id="${requestId}"]`)
      .waitFor();

    // The S3 event on default → its copy on paved → what the handler published, each by its link.
    await page.locator('[data-testid="delivery"] [data-testid="delivery-caused"] a').first().click();
    await page
      .locator(`[data-testid="caused-by"] [data-testid="link-event"][data-id="${eventId}"]`)
      .waitFor();
    const published = page.locator(
      '[data-testid="delivery"][data-rule="media-on-upload"] [data-testid="delivery-caused"] a',
    );
    await published.waitFor({ timeout: 10_000 });
    await published.click();
    await page.locator('[data-testid="unmatched"]').waitFor();
    expect(await page.textContent('[data-testid="unmatched"]')).toMatch(
      /^This event matched no rule on paved, and no handler's rule on another bus matches it either/,
    );

    await page.locator(`[data-testid="event-row"][data-id="${eventId}"]`).click();
    await page.locator(`[data-testid="link-upload"][data-id="${requestId}"]`).click();
    await page.locator('[data-testid="request"]').waitFor();
    expect(await page.textContent('[data-testid="request"]')).toBe(`PUT /_paved/s3/${bucket}/cat.png → 200`);
    expect(await page.locator('[data-testid="request-caused"] a').getAttribute('data-id')).toBe(eventId);
  }, 30_000);
});

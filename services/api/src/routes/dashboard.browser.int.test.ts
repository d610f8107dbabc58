import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { openApiFixture, type ApiFixture } from '../test/api-fixture';
import { findChromium } from '../test/browser';
import { B, TX1, UNKNOWN } from '../test/seed';

const SCREENSHOT = path.resolve(__dirname, '../../test-artifacts/dashboard.png');

jest.setTimeout(120_000);

describe('delegate dashboard in headless Chromium', () => {
  let f: ApiFixture | undefined;
  let browser: Browser | undefined;
  let page: Page;
  const pageErrors: string[] = [];
  const text = async (testId: string) => (await page.getByTestId(testId).innerText()).trim();

  beforeAll(async () => {
    const found = await findChromium();
    f = await openApiFixture('pglite');
    const { url } = await f.api.start();
    browser = await chromium.launch({ executablePath: found.executablePath, args: found.args, headless: true });
    page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    page.on('pageerror', (err) => pageErrors.push(err.message));
    page.on('console', (msg) => {
      // The lookups of an invalid and an unknown address answer 400 and 404 on purpose; Chromium logs those.
      if (msg.type() === 'error' && !/status of 40[04] /.test(msg.text())) pageErrors.push(msg.text());
    });
    await page.goto(url);
    // Locators poll from the test's side: nothing is evaluated as a string in the page, whose CSP forbids eval.
    await page.locator('body[data-ready="true"]').waitFor({ timeout: 20_000 });
  });

  afterAll(async () => {
    await browser?.close();
    await f?.close();
  });

  test('shows the pool figures and the daily rewards chart', async () => {
    expect(await text('network')).toBe('regtest');
    expect(await text('pool-weight')).toBe('5,000.00 QTUM');
    expect(await text('pool-delegates')).toBe('3');
    expect(await text('applied-height')).toBe('104');
    expect(await text('pool-shared')).toBe('8.97 QTUM');
    expect(await text('pool-paid')).toBe('6.97 QTUM');
    expect(await text('pool-owed')).toBe('0.80 QTUM');
    const bars = page.getByTestId('chart-bar');
    expect(await bars.count()).toBe(30);
    const last = bars.last();
    expect(await last.getAttribute('data-date')).toBe('2026-11-29');
    expect(await last.getAttribute('data-sats')).toBe('500000000');
    // The tallest day fills the plot; the day before is 4/5 of it.
    const [h28, h29] = await Promise.all([bars.nth(28).getAttribute('height'), last.getAttribute('height')]);
    expect(Number(h28) / Number(h29)).toBeCloseTo(0.8, 3);
    expect(await page.getByTestId('chart-max').textContent()).toBe('5.00');
    // The delegate list is the API's first page; "Show more" appears only when a next page exists.
    expect(await page.getByTestId('delegate-row').count()).toBe(4);
    expect(await text('delegates-count')).toBe('4 of 4');
    expect(await page.getByTestId('delegates-more').isHidden()).toBe(true);
  });

  test('an invalid address shows the reason; an unknown one says it is not a delegate', async () => {
    await page.getByTestId('address-input').fill('qXYZ');
    await page.getByTestId('lookup-button').click();
    await page.getByTestId('lookup-error').waitFor({ state: 'visible' });
    expect(await text('lookup-error')).toMatch(/^qXYZ is not a valid regtest address: /);

    await page.getByTestId('address-input').fill(UNKNOWN);
    await page.getByTestId('lookup-button').click();
    // A locator filtered by text: Playwright polls it without eval (a string predicate to waitForFunction is
    // evaluated through eval, which the page's CSP rightly refuses).
    await page.getByTestId('lookup-error').filter({ hasText: `${UNKNOWN} is not a delegate` }).waitFor({ state: 'visible', timeout: 20_000 });
    expect(await text('lookup-error')).toBe(`${UNKNOWN} is not a delegate of this pool (yet).`);
    expect(await page.getByTestId('delegate').isHidden()).toBe(true);
  });

  test('looking up a delegate shows balance, shares per block and payouts with txids', async () => {
    await page.getByTestId('address-input').fill(B);
    await page.getByTestId('lookup-button').click();
    await page.getByTestId('delegate').waitFor({ state: 'visible' });
    expect(await text('delegate-address')).toBe(B);
    expect(await text('delegate-balance')).toBe('0.40 QTUM');
    expect(await text('delegate-accrued')).toBe('2.1425 QTUM');
    expect(await text('delegate-paid')).toBe('1.7425 QTUM');
    expect(await text('delegate-inflight')).toBe('0.00 QTUM');
    expect(await text('delegate-weight')).toBe('1,000.00 QTUM');
    expect(await page.getByTestId('lookup-error').isHidden()).toBe(true);

    const shares = page.getByTestId('share-row');
    expect(await shares.count()).toBe(4);
    const rows = (await shares.allInnerTexts()).map((r) => r.split('\t').map((c) => c.trim()));
    expect(rows.map((r) => [r[0], r[5], r[6]])).toEqual([
      ['104', '0.40', 'credited'],
      ['104', '0.50', 'reversed (reorg)'],
      ['102', '0.7425', 'credited'],
      ['100', '1.00', 'credited'],
    ]);
    expect(await page.getByTestId('payout-row').count()).toBe(1);
    expect(await text('payout-txid')).toBe(TX1);
    expect(await page.getByTestId('payout-row').innerText()).toContain('paid');
    expect(page.url()).toContain(`#${B}`);

    fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(fs.statSync(SCREENSHOT).size).toBeGreaterThan(10_000);
    process.stdout.write(`\n--- dashboard text as seen by Chromium (screenshot: ${SCREENSHOT}) ---\n${await page.innerText('body')}\n--- end ---\n`);
  });

  test('the page logged no errors (CSP, script, network)', () => {
    expect(pageErrors).toEqual([]);
  });
});

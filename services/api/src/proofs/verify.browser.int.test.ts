import { buildPayoutTree } from '@ppm/chain';
import { chromium, type Browser, type Page } from 'playwright-core';
import { openApiFixture, type ApiFixture } from '../test/api-fixture';
import { findChromium } from '../test/browser';
import { A, B, TX1 } from '../test/seed';

// The dashboard's "verify" (docs/provable-payouts.md) in a real browser: the leaf and root are computed by the
// page with WebCrypto. Locators only (the page's CSP forbids eval, so no string predicates).

jest.setTimeout(120_000);

// Plan 1 of the seed, computed in Node by @ppm/chain: the browser must reach the same root.
const ROOT1 = buildPayoutTree([{ address: A, amountSats: 522_750_000n }, { address: B, amountSats: 174_250_000n }], 'regtest').root;

describe('dashboard payout verification in headless Chromium', () => {
  let f: ApiFixture | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let url: string;
  const pageErrors: string[] = [];
  const text = async (testId: string) => (await page.getByTestId(testId).innerText()).trim();

  beforeAll(async () => {
    f = await openApiFixture('pglite');
    url = (await f.api.start()).url;
    // Debian's Chromium when installed, else the one inside @sparticuz/chromium (no system package needed).
    const found = await findChromium();
    browser = await chromium.launch({ executablePath: found.executablePath, args: found.args });
    page = await browser.newPage();
    page.on('pageerror', (err) => pageErrors.push(err.message));
    page.on('console', (msg) => {
      if (msg.type() === 'error') pageErrors.push(msg.text());
    });
  });

  afterAll(async () => {
    await browser?.close();
    await f?.close();
  });

  async function openDelegate(address: string): Promise<void> {
    // A fresh load each time (the same URL with the same hash would not reload the page).
    await page.goto('about:blank');
    await page.goto(`${url}/#${address}`);
    await page.getByTestId('delegate').waitFor({ state: 'visible', timeout: 20_000 });
  }

  test('recomputes the leaf and the root in the browser and names the txid whose OP_RETURN holds it', async () => {
    await openDelegate(B);
    await page.getByTestId('payout-verify').click();
    await page.locator('[data-testid="verify-result"][data-state="ok"]').waitFor({ timeout: 20_000 });
    expect(await text('verify-verdict')).toBe(`Verified: 1.7425 QTUM to ${B} is a leaf of the plan's Merkle root.`);
    expect(await text('verify-root')).toBe(ROOT1);
    expect(await text('verify-expected-root')).toBe(ROOT1);
    expect(await text('verify-txid')).toBe(TX1);
    expect(await text('verify-opreturn')).toBe(`OP_RETURN 50504d31${ROOT1}`);
  });

  test('a tampered leaf (one satoshi more than the plan paid) does not verify', async () => {
    // The delegate's payout row as a dishonest server might show it: the proof is the real one.
    await page.route('**/v1/delegates/*', async (route) => {
      const res = await route.fetch();
      const body = (await res.json()) as { payouts: { amountSats: string }[] };
      for (const p of body.payouts) p.amountSats = (BigInt(p.amountSats) + 1n).toString();
      await route.fulfill({ response: res, json: body });
    });
    try {
      await openDelegate(B);
      await page.getByTestId('payout-verify').click();
      await page.locator('[data-testid="verify-result"][data-state="failed"]').waitFor({ timeout: 20_000 });
      expect(await text('verify-verdict')).toMatch(/^NOT verified: the leaf for 1\.74250001 QTUM to /);
      expect(await text('verify-root')).not.toBe(ROOT1);
      expect(await text('verify-expected-root')).toBe(ROOT1);
    } finally {
      await page.unroute('**/v1/delegates/*');
    }
  });

  test('the statement link downloads the delegate\'s CSV for the chosen days', async () => {
    await openDelegate(B);
    await page.getByTestId('statement-from').fill('2026-11-29');
    await page.getByTestId('statement-to').fill('2026-11-30');
    await page.getByTestId('statement-to').dispatchEvent('change');
    const href = await page.getByTestId('statement-link').getAttribute('href');
    expect(href).toBe(`/v1/delegates/${B}/statement?from=2026-11-29&to=2026-11-30&format=csv`);
    const res = await page.request.get(`${url}${href ?? ''}`);
    expect(res.status()).toBe(200);
    const lines = (await res.text()).trim().split('\n');
    expect(lines[0]).toBe('type,date,height,block_hash,weight,pool_weight,reward,share,rules,rules_applied,txid,amount,state,confirmations,shared_pool_weight,pool_fee_bps');
    expect(lines.map((l) => l.split(',')[0])).toEqual(['type', 'block', 'block', 'payout']);
  });

  test('the page logged no errors (CSP, WebCrypto, script)', () => {
    expect(pageErrors).toEqual([]);
  });
});

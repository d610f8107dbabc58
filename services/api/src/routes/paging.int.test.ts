import { encodeCursor } from '../paging/cursor';
import { openApiFixture, type ApiFixture } from '../test/api-fixture';
import { A, B, BATCH1, BATCH2, C, E, H104 } from '../test/seed';
import { availableBackends } from '../test/test-db';

type Paged<K extends string, T> = Record<K, T[]> & { nextCursor: string | null };

describe.each(availableBackends())('paging on %s', (backend) => {
  let f: ApiFixture;
  beforeAll(async () => {
    f = await openApiFixture(backend);
  });
  afterAll(async () => {
    await f?.close();
  });

  /** Follows nextCursor from `first` (a URL) and returns every page's items, failing on any non-200. */
  async function walk<T>(first: string, field: string, cursorParam = 'cursor', nextField = 'nextCursor'): Promise<T[][]> {
    const pages: T[][] = [];
    let url: string | undefined = first;
    while (url) {
      const { status, body } = await f.get<Record<string, unknown>>(url);
      expect([url, status]).toEqual([url, 200]);
      pages.push(body[field] as T[]);
      const next = body[nextField] as string | null;
      url = next === null ? undefined : `${first}${first.includes('?') ? '&' : '?'}${cursorParam}=${next}`;
      expect(pages.length).toBeLessThan(20);
    }
    return pages;
  }

  test('/v1/delegates pages by address; old clients without a cursor get the first page; the pages add up to the list', async () => {
    const whole = await f.get<Paged<'delegates', { address: string }> & { total: number }>('/v1/delegates');
    expect(whole.body.total).toBe(4);
    expect(whole.body.nextCursor).toBeNull();
    const pages = await walk<{ address: string }>('/v1/delegates?limit=1', 'delegates');
    expect(pages.map((p) => p.map((d) => d.address))).toEqual([[A], [B], [C], [E]].sort((x, y) => (x[0]! < y[0]! ? -1 : 1)));
    expect(pages.flat()).toEqual(whole.body.delegates);
    const two = await f.get<Paged<'delegates', unknown> & { total: number }>('/v1/delegates?limit=2');
    expect(two.body.delegates).toHaveLength(2);
    expect(two.body.total).toBe(4);
    expect(two.body.nextCursor).toEqual(expect.any(String));
  });

  test('/v1/rewards pages down from the tip without from, up from from with it', async () => {
    const down = await walk<{ height: number }>('/v1/rewards?limit=1', 'rewards');
    expect(down.map((p) => p.map((r) => r.height))).toEqual([[104], [103], [102], [100]]);
    const up = await walk<{ height: number }>('/v1/rewards?from=0&limit=3', 'rewards');
    expect(up.map((p) => p.map((r) => r.height))).toEqual([[100, 102, 103], [104]]);
    const bounded = await walk<{ height: number }>('/v1/rewards?from=101&to=103&limit=1', 'rewards');
    expect(bounded.map((p) => p.map((r) => r.height))).toEqual([[102], [103]]);
  });

  test('sharesLimit bounds the shares listed per block; /v1/rewards/{hash}/shares pages all of them', async () => {
    const { body } = await f.get<{ rewards: { blockHash: string; shares: { address: string }[]; shareCount: number }[] }>('/v1/rewards?sharesLimit=1');
    const last = body.rewards.find((r) => r.blockHash === H104)!;
    expect(last.shareCount).toBe(3);
    expect(last.shares.map((s) => s.address)).toEqual([A]);
    const pages = await walk<{ address: string; shareSats: string }>(`/v1/rewards/${H104}/shares?limit=2`, 'shares');
    expect(pages.map((p) => p.map((s) => [s.address, s.shareSats]))).toEqual([[[A, '120000000'], [B, '40000000']], [[C, '40000000']]]);
    expect((await f.get(`/v1/rewards/${'0'.repeat(64)}/shares`)).status).toBe(404);
    expect((await f.get('/v1/rewards/xyz/shares')).status).toBe(400);
  });

  test('/v1/payouts pages newest first; outputsLimit bounds outputs; /v1/payouts/{id}/outputs pages them', async () => {
    const pages = await walk<{ batchId: string }>('/v1/payouts?limit=1', 'payouts');
    expect(pages.map((p) => p.map((b) => b.batchId))).toEqual([[BATCH2], [BATCH1]]);
    const { body } = await f.get<{ payouts: { batchId: string; outputs: unknown[]; outputCount: number }[] }>('/v1/payouts?outputsLimit=1');
    const first = body.payouts.find((b) => b.batchId === BATCH1)!;
    expect([first.outputs.length, first.outputCount]).toEqual([1, 2]);
    const outputs = await walk<{ address: string; amountSats: string }>(`/v1/payouts/${encodeURIComponent(BATCH1)}/outputs?limit=1`, 'outputs');
    expect(outputs.flat().map((o) => [o.address, o.amountSats]).sort()).toEqual([[A, '522750000'], [B, '174250000']].sort());
    expect((await f.get('/v1/payouts/no-such-batch/outputs')).status).toBe(404);
  });

  test('a delegate pages its shares and payouts with their own cursors', async () => {
    const shares = await walk<{ height: number; reversed: boolean }>(`/v1/delegates/${B}?limit=1`, 'shares', 'sharesCursor', 'sharesNextCursor');
    expect(shares.map((p) => p.map((s) => [s.height, s.reversed]))).toEqual([[[104, false]], [[104, true]], [[102, false]], [[100, false]]]);
    const payouts = await walk<{ state: string }>(`/v1/delegates/${A}?limit=1`, 'payouts', 'payoutsCursor', 'payoutsNextCursor');
    expect(payouts.map((p) => p.map((x) => x.state))).toEqual([['broadcast'], ['paid']]);
  });

  test('a cursor of another list, an edited or a junk cursor is a 400 that says so', async () => {
    const delegatesCursor = encodeCursor('delegates', [A]);
    const wrongList = await f.get('/v1/payouts?cursor=' + delegatesCursor);
    expect(wrongList.status).toBe(400);
    expect(wrongList.body.message).toMatch(/^invalid cursor for payouts: it belongs to another list/);
    for (const cursor of ['junk', 'eyJ', encodeCursor('rewards', ['up', 5]), encodeCursor('rewards', ['asc', 1e20]), encodeCursor('payouts', ['2026-02-30T00:00:00.000000Z', 'ab'.repeat(32), 0]),
      encodeCursor('delegate shares', [5, '1; DROP TABLE blocks']), 'a'.repeat(600), '%00']) {
      for (const url of [`/v1/rewards?cursor=${cursor}`, `/v1/payouts?cursor=${cursor}`, `/v1/delegates?cursor=${cursor}`, `/v1/delegates/${A}?sharesCursor=${cursor}`, `/v1/delegates/${A}?payoutsCursor=${cursor}`]) {
        const r = await f.get(url);
        expect([url, r.status, r.body?.error]).toEqual([url, 400, 'bad_request']);
      }
    }
  });
});

// API: /v1/status and one page of /v1/delegates at 5,000 delegates, 50 concurrent clients (target >= 500 req/s, p99 < 50 ms),
// the api and the load generator each in their own process.
import os from 'node:os';
import { benchApi } from '../services/api/src/bench/bench-api';
import { report } from './types';

const url = process.env.PPM_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const blocks = process.env.PPM_BENCH_API_BLOCKS ? Number(process.env.PPM_BENCH_API_BLOCKS) : undefined;
void benchApi(url, blocks ? { blocks } : {}).then((f) => {
  const ok = (l: { reqPerSec: number; p99Ms: number }) => l.reqPerSec >= 500 && l.p99Ms < 50;
  const kb = (n: number | undefined) => `${Math.round((n ?? 0) / 1024)} KB`;
  report({
    id: 'API', title: `public API at ${f.delegates.toLocaleString('en')} delegates (${f.entries.toLocaleString('en')} entries), 50 clients`,
    target: '>= 500 req/s and p99 < 50 ms each; 429 above the limit',
    figures: {
      offeredReqPerSec: f.rate, healthzP99Ms: f.floor.p99Ms,
      statusReqPerSec: f.status.reqPerSec, statusP99Ms: f.status.p99Ms,
      delegatesPageReqPerSec: f.delegatesPage.reqPerSec, delegatesPageP99Ms: f.delegatesPage.p99Ms, delegatesPageBytes: f.delegatesPage.bytesPerReply,
      statusMaxReqPerSec: f.statusSaturated.reqPerSec, statusMaxP99Ms: f.statusSaturated.p99Ms,
      delegatesPageMaxReqPerSec: f.delegatesPageSaturated.reqPerSec, delegatesPageMaxP99Ms: f.delegatesPageSaturated.p99Ms,
      coldStatusMs: f.coldStatusMs, rewards1000: kb(f.bytes['/v1/rewards?limit=1000']), payouts500: kb(f.bytes['/v1/payouts?limit=500&outputsLimit=1000']),
      over429: `${f.rateLimited.status429}/${f.rateLimited.sent}`,
    },
    pass: ok(f.status) && ok(f.delegatesPage) && f.rateLimited.status429 > 0 && f.rateLimited.retryAfter !== null
      && [f.status, f.delegatesPage].every((l) => l.statuses['200'] === l.requests),
    notes: `${os.cpus().length} cores shared with other sessions; statuses ${JSON.stringify(f.status.statuses)} / ${JSON.stringify(f.delegatesPage.statuses)}; `
      + `p50 ${f.status.p50Ms} / ${f.delegatesPage.p50Ms} ms; reply bytes ${JSON.stringify(f.bytes)}; seed ${f.seedMs} ms`,
  });
  process.exit(0);
}, (err: unknown) => {
  process.stderr.write(`${String((err as Error).stack ?? err)}\n`);
  process.exit(1);
});

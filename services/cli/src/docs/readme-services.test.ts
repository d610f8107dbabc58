import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, documentedCalls, parseCallsCell, scanServiceCalls } from './service-calls';

const SERVICES = fs.readdirSync(path.join(REPO_ROOT, 'services')).filter((s) => s !== 'cli');

describe('the README services tables match what each service calls', () => {
  it('reads a cell: qtumd methods with notes, the signer\'s gRPC methods', () => {
    expect(parseCallsCell('gRPC (mTLS) → signer `SignBatch`, `GetBatchStatus`; qtumd: `sendrawtransaction`, getblockhash (batched), getblock (verbosity 3)'))
      .toEqual({ qtumd: ['getblock', 'getblockhash', 'sendrawtransaction'], grpc: ['GetBatchStatus', 'SignBatch'] });
    expect(parseCallsCell('serves HTTP `/v1/status`; calls nothing')).toEqual({ qtumd: [], grpc: [] });
  });

  it('finds calls in the code (a check that the scan sees what it should)', () => {
    const watcher = scanServiceCalls('chain-watcher');
    expect(watcher.qtumd).toEqual(expect.arrayContaining(['getblockcount', 'getblockhash']));
    expect(scanServiceCalls('payout').grpc).toEqual(['GetBatchStatus', 'SignBatch']);
    expect(scanServiceCalls('accrual')).toEqual({ qtumd: [], grpc: [] });
  });

  const readmes = [
    { file: 'README.md', fallback: undefined },
    ...SERVICES.map((s) => ({ file: `services/${s}/README.md`, fallback: s })),
  ].filter((r) => fs.existsSync(path.join(REPO_ROOT, r.file)));

  it.each(readmes)('$file', ({ file, fallback }) => {
    const rows = documentedCalls(fs.readFileSync(path.join(REPO_ROOT, file), 'utf8'), fallback).filter((r) => SERVICES.includes(r.service));
    if (file === 'README.md') expect(rows.map((r) => r.service).sort()).toEqual([...SERVICES].sort());
    // Every row at once, so one run names every difference.
    expect(rows.map((r) => ({ service: r.service, qtumd: r.qtumd, grpc: r.grpc })))
      .toEqual(rows.map((r) => ({ service: r.service, ...scanServiceCalls(r.service) })));
  });
});

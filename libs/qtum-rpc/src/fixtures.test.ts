/**
 * Every real qtumd 27.1 capture in shared/fixtures/qtum-regtest goes through the client's reply path
 * (parseReply / readBatchReply): successes must parse with exact amounts, errors must map to their class.
 */
import fs from 'node:fs';
import path from 'node:path';
import { JsonNumber, parseWireJson, stringifyWireJson, type WireValue } from '@ppm/chain';
import { readBatchReply } from './batch-reply';
import { methodSpec } from './catalog';
import {
  RpcAuthError,
  RpcError,
  RpcInWarmupError,
  RpcInternalError,
  RpcInvalidAddressOrKeyError,
  RpcInvalidParameterError,
  RpcMethodNotFoundError,
  RpcMiscError,
  RpcParseError,
  RpcTypeError,
  RpcVerifyAlreadyInChainError,
  RpcVerifyError,
  RpcVerifyRejectedError,
  RpcWalletInsufficientFundsError,
  RpcWalletNotFoundError,
  RpcWalletNotSpecifiedError,
  RpcWalletPassphraseIncorrectError,
  RpcWalletUnlockNeededError,
  RpcWalletWrongEncStateError,
} from './errors';
import { parseReply } from './reply';
import type { RpcRequest } from './rpc-request';

const REPO_ROOT = path.resolve(__dirname, '../../..');
const DIR = path.resolve(REPO_ROOT, 'fixtures/qtum-regtest');

/** Expected classes, written out independently of the implementation's table. */
const CLASS_BY_CODE: Record<number, abstract new (...args: never[]) => Error> = {
  [-1]: RpcMiscError,
  [-3]: RpcTypeError,
  [-5]: RpcInvalidAddressOrKeyError,
  [-6]: RpcWalletInsufficientFundsError,
  [-8]: RpcInvalidParameterError,
  [-13]: RpcWalletUnlockNeededError,
  [-14]: RpcWalletPassphraseIncorrectError,
  [-15]: RpcWalletWrongEncStateError,
  [-18]: RpcWalletNotFoundError,
  [-19]: RpcWalletNotSpecifiedError,
  [-25]: RpcVerifyError,
  [-26]: RpcVerifyRejectedError,
  [-27]: RpcVerifyAlreadyInChainError,
  [-28]: RpcInWarmupError,
  [-32601]: RpcMethodNotFoundError,
  [-32603]: RpcInternalError,
  [-32700]: RpcParseError,
};

type Obj = { [k: string]: WireValue };
const obj = (v: WireValue | undefined): Obj => v as Obj;

interface Fixture {
  file: string;
  request: WireValue;
  status: number;
  /** The wire body: compact, numbers byte-identical to the capture. */
  body: string;
  response: WireValue;
}

function loadFixtures(): Fixture[] {
  return fs
    .readdirSync(DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => {
      const j = obj(parseWireJson(fs.readFileSync(path.join(DIR, file), 'utf8')));
      const response = j['response'] ?? null;
      return { file, request: j['request'] ?? null, status: (j['http_status'] as JsonNumber).toSafeInt(), body: `${stringifyWireJson(response)}\n`, response };
    });
}

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected a throw');
}

/** A pass-through request for batch entries of methods the client does not type. */
function rawRequest(method: string): RpcRequest<unknown> {
  return { method, params: [], parse: (r) => r, retrySafe: true, wallet: false, secret: false };
}

describe('qtum-regtest fixtures through the reply path', () => {
  const fixtures = loadFixtures();
  const results = new Map<string, unknown>();
  let checked = 0;
  const failures: string[] = [];

  it('parses every success and maps every error of a supported method', () => {
    for (const fx of fixtures) {
      if (Array.isArray(fx.request)) {
        // Batches: ids are whatever the capture used; entries are matched by id.
        const reqs = fx.request.map((r) => {
          const method = obj(r)['method'] as string;
          return methodSpec(method) ? { ...rawRequest(method), parse: (res: WireValue) => parseReply(method, obj(r)['params'], 200, stringifyWireJson({ result: res, error: null, id: 1 })) } : rawRequest(method);
        });
        const ids = fx.request.map((r) => {
          const id = obj(r)['id'];
          return id instanceof JsonNumber ? id.toSafeInt() : (id as string);
        });
        const entries = readBatchReply(reqs, ids, fx.status, fx.body);
        entries.forEach((e, i) => {
          const wireEntry = obj((fx.response as WireValue[])[i]);
          if (wireEntry['error'] === null) expect(e.ok).toBe(true);
          else {
            expect(e.ok).toBe(false);
            if (!e.ok) {
              expect(e.error).toBeInstanceOf(CLASS_BY_CODE[(obj(wireEntry['error'])['code'] as JsonNumber).toSafeInt()]!);
            }
          }
        });
        results.set(fx.file, entries);
        checked++;
        continue;
      }
      const request = typeof fx.request === 'string' ? { method: 'getblockcount', params: [] } : obj(fx.request);
      const method = request['method'] as string;
      const params = request['params'];
      const error = obj(fx.response)['error'];
      if (error && error !== null) {
        const e = obj(error);
        const code = (e['code'] as JsonNumber).toSafeInt();
        const err = thrown(() => parseReply(method, params, fx.status, fx.body));
        const Class = CLASS_BY_CODE[code];
        if (!Class) throw new Error(`${fx.file}: no class expected for code ${code}`);
        expect(err).toBeInstanceOf(Class);
        expect(err).toBeInstanceOf(RpcError);
        expect((err as RpcError).code).toBe(code);
        expect((err as RpcError).method).toBe(method);
        expect((err as Error).message).toBe(e['message']);
        results.set(fx.file, err);
        checked++;
        continue;
      }
      if (!methodSpec(method)) continue;
      try {
        results.set(fx.file, parseReply(method, params, fx.status, fx.body));
      } catch (err) {
        failures.push(`${fx.file}: ${err instanceof Error ? err.message : String(err)}`);
      }
      checked++;
    }
    expect(failures).toEqual([]);
    expect(fixtures.length).toBeGreaterThanOrEqual(130);
    // 138 captures; about 17 are of methods PPM does not use (listtransactions, getaddressmempool, ...).
    expect(checked).toBeGreaterThanOrEqual(115);
  });

  it('keeps amounts exact (spot checks)', () => {
    const get = <T>(prefix: string): T => {
      const key = [...results.keys()].find((k) => k.startsWith(prefix));
      if (!key) throw new Error(`fixture ${prefix} not checked`);
      return results.get(key) as T;
    };
    const v3 = get<{ tx: { vin: { prevout?: { valueSats: bigint } }[]; vout: { valueSats: bigint; scriptPubKey: { address?: string } }[] }[]; proofOfDelegation?: string; difficulty: number }>('016-');
    expect(v3.tx[1]!.vout[1]!.valueSats).toBe(20_100_000_000n);
    expect(v3.tx[1]!.vin[0]!.prevout!.valueSats).toBe(20_000_000_000n);
    expect(v3.tx[1]!.vout[1]!.scriptPubKey.address).toBeUndefined();
    expect(v3.proofOfDelegation).toHaveLength(130);
    expect(v3.difficulty).toBe(4.656542373906925e-10);
    expect(get<{ tx: { vout: { valueSats: bigint }[] }[] }>('022-').tx[0]!.vout[0]!.valueSats).toBe(2_000_175_648_320n);
    const raw = get<{ vin: { valueSats: bigint; valueSat: bigint }[]; vout: { valueSat: bigint }[] }>('027-');
    expect(raw.vin[0]!.valueSats).toBe(20_000_000_000n);
    expect(raw.vin[0]!.valueSat).toBe(20_000_000_000n);
    expect(raw.vout[1]!.valueSat).toBe(20_100_000_000n);
    expect(get<{ balance: bigint; immature: bigint }>('039-')).toMatchObject({ balance: 2_001_699_107_600n, immature: 1_700_000_000n });
    expect(get<{ delegateweight: bigint }>('010-').delegateweight).toBe(192_000_000_000n);
    expect(get<{ relayfeeSats: bigint }>('047-').relayfeeSats).toBe(400_000n);
    expect(get<{ moneysupply: bigint }>('046-').moneysupply).toBe(100_000_523n);
    const payout = get<{ amountSats: bigint; feeSats: bigint; details: { amountSats: bigint }[] }>('072-');
    expect(payout.amountSats).toBe(-375_000_000n);
    expect(payout.feeSats).toBe(-103_600n);
    expect(payout.details.map((d) => d.amountSats)).toEqual([-150_000_000n, -225_000_000n]);
    expect(get<{ feeSats: bigint }>('076-').feeSats).toBe(103_600n);
    const withFees = get<{ tx: { feeSats?: bigint }[] }>('094-');
    expect(withFees.tx[1]!.feeSats).toBeUndefined();
    expect(withFees.tx[2]!.feeSats).toBe(103_600n);
    const utxos = get<{ satoshis: bigint }[]>('034-');
    expect(utxos.every((u) => typeof u.satoshis === 'bigint')).toBe(true);
    const logs = get<{ receipts: unknown[]; events: { type: string; fee: number | null; stakerHash160: string }[] }>('124-');
    expect(logs.receipts).toHaveLength(2);
    expect(logs.events.map((e) => [e.type, e.fee, e.stakerHash160])).toEqual([
      ['add', 100, 'c579ee1fa4329028e2e3e9cbc5d37010f7c4eb6e'],
      ['add', 100, 'c579ee1fa4329028e2e3e9cbc5d37010f7c4eb6e'],
    ]);
    expect(get<null>('057-')).toBeUndefined();
  });

  it('maps -13 staking-only vs locked, and -28 as retryable', () => {
    const get = (prefix: string) => results.get([...results.keys()].find((k) => k.startsWith(prefix))!);
    expect((get('062-') as RpcWalletUnlockNeededError).stakingOnly).toBe(true);
    expect((get('070-') as RpcWalletUnlockNeededError).stakingOnly).toBe(false);
    const warmup = get('127-') as RpcInWarmupError;
    expect(warmup).toBeInstanceOf(RpcInWarmupError);
    expect(warmup.message).toBe('Loading wallet\u2026');
  });

  describe('raw HTTP captures (.http.txt)', () => {
    const http = (name: string) => {
      const text = fs.readFileSync(path.join(DIR, fs.readdirSync(DIR).find((f) => f.startsWith(name) && f.endsWith('.http.txt'))!), 'utf8');
      const status = Number(/HTTP(?: status:|\/1\.1) (\d{3})/.exec(text)![1]);
      const body = text.split(/\r?\n\r?\n/).slice(1).join('\n\n').trim();
      return { status, body };
    };

    it('107: 404 with a JSON body is -32601 method not found', () => {
      const { status, body } = http('107-');
      expect(status).toBe(404);
      const err = thrown(() => parseReply('listsuperstakers', [], status, body));
      expect(err).toBeInstanceOf(RpcMethodNotFoundError);
      expect((err as RpcError).message).toBe('Method not found');
    });

    it('113: a 200 batch reply', () => {
      const { status, body } = http('113-');
      const entries = readBatchReply([rawRequest('getblockcount'), rawRequest('getbestblockhash')], ['a', 'b'], status, body);
      expect(entries.map((e) => e.ok)).toEqual([true, true]);
    });

    it('117: 500 parse error is RpcParseError', () => {
      const { status, body } = http('117-');
      const err = thrown(() => parseReply('getblockcount', [], status, body));
      expect(err).toBeInstanceOf(RpcParseError);
      expect((err as RpcError).code).toBe(-32700);
    });

    it('118: 401 with an empty body is RpcAuthError naming QTUM_RPC_URL', () => {
      const { status, body } = http('118-');
      expect(status).toBe(401);
      const err = thrown(() => parseReply('getblockcount', [], status, body));
      expect(err).toBeInstanceOf(RpcAuthError);
      expect((err as Error).message).toMatch(/QTUM_RPC_URL/);
    });
  });
});

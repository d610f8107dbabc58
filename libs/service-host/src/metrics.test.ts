import { Registry } from 'prom-client';
import { registerLedgerMetrics, registerRpcMetrics } from './metrics';

describe('registerRpcMetrics', () => {
  it('counts qtumd calls by method and outcome and records latency', async () => {
    const registry = new Registry();
    const rpc = registerRpcMetrics(registry);
    rpc.onRpcCall({ method: 'getblockcount', ms: 12, ok: true });
    rpc.onRpcCall({ method: 'getblockcount', ms: 8, ok: true });
    rpc.onRpcCall({ method: 'getblock', ms: 5, ok: false, code: -5 });
    rpc.onRpcCall({ method: 'getblock', ms: 30_000, ok: false });
    const text = await registry.metrics();
    expect(text).toMatch(/^ppm_rpc_calls_total\{method="getblockcount",outcome="ok"\} 2$/m);
    expect(text).toMatch(/^ppm_rpc_calls_total\{method="getblock",outcome="-5"\} 1$/m);
    expect(text).toMatch(/^ppm_rpc_calls_total\{method="getblock",outcome="transport"\} 1$/m);
    expect(text).toMatch(/^ppm_rpc_duration_seconds_count\{method="getblockcount"\} 2$/m);
    expect(text).toMatch(/^ppm_rpc_duration_seconds_sum\{method="getblockcount"\} 0\.02$/m);
  });
});

describe('registerLedgerMetrics', () => {
  it('registers nothing without clients', async () => {
    const registry = new Registry();
    registerLedgerMetrics(registry, {});
    expect(await registry.metrics()).toBe('\n');
  });
});

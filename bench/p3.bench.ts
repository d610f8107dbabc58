// P3: plan and sign a payout to 10,000 delegates (target < 5 s, at most 4 transactions).
import { runScript } from './child';
import { report } from './types';

const text = runScript('services/payout/src/bench/p3.ts');
const m = /P3: (\d+) delegates, (\d+) transactions, plan (\d+) ms, \+reserve (\d+) ms, \+sign (\d+) ms/.exec(text);
if (!m) throw new Error(`unexpected P3 output:\n${text}`);
const [, delegates, txs, plan, reserve, sign] = m.map(Number) as [number, number, number, number, number, number];
const states = /states: ([a-z, ]+)/.exec(text)?.[1] ?? '';
report({
  id: 'P3', title: `plan and sign a payout to ${delegates} delegates`, target: '< 5000 ms, <= 4 tx',
  figures: { planMs: plan, planReserveMs: reserve, planReserveSignMs: sign, transactions: txs, batchStates: states.replace(/, /g, '/') },
  pass: sign < 5_000 && txs <= 4 && !/failed/.test(states),
}, false);

// P4: notifier messages per second with 1 and 2 replicas on 1,000 messages to a local SMTP server
// (target: 2 replicas >= 1.7x one). The local sink answers after a configurable delay, as a real SMTP relay does.
import { runScript } from './child';
import { report } from './types';

const latencyMs = Number(process.env.PPM_BENCH_SMTP_LATENCY_MS ?? 300);
const text = runScript('services/notifier/src/bench/p4.ts', ['--messages', '1000', '--latency-ms', String(latencyMs)]);
const rate = (n: number) => Number(new RegExp(`${n} replicas?: \\d+ messages in [\\d.]+ s = ([\\d.]+) msg/s`).exec(text)?.[1] ?? NaN);
const one = rate(1);
const two = rate(2);
const dupes = [...text.matchAll(/duplicates: (\d+)/g)].reduce((s, m) => s + Number(m[1]), 0);
report({
  id: 'P4', title: `notifier, 1,000 messages, SMTP answering in ${latencyMs} ms`, target: '2 replicas >= 1.7x one, no duplicates',
  figures: { oneReplicaMsgPerS: one, twoReplicasMsgPerS: two, ratio: Number((two / one).toFixed(2)), duplicates: dupes },
  pass: two / one >= 1.7 && dupes === 0,
}, false);

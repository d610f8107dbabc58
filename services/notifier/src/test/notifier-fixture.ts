import type { Registry } from 'prom-client';
import { writeOutbox, type Db, type OutboxKind, type Severity } from '@ppm/ledger';
import { silentLogger } from '@ppm/runtime';
import { createNotifierApp, type NotifierApp } from '../app';
import { DEFAULT_TUNING, type NotifierConfig, type NotifierTuning } from '../config';
import type { Recipient } from '../recipients/recipient';
import { simpleRecipients } from '../recipients/recipient';
import { SAMPLE_PAYLOADS } from './sample-payloads';
import type { TestRedis } from './test-infra';

/** Short timings for tests; schedules that fire on wall-clock time are off (tests call them directly). */
export const TEST_TUNING: NotifierTuning = {
  ...DEFAULT_TUNING,
  retryBaseMs: 100,
  retryMaxMs: 400,
  relayIntervalMs: 50,
  sweepIntervalMs: 100,
  // Claims are slot-bound (one local send, well under a second even on a loaded box); the recovery tests use
  // claims and relays older than a minute.
  leaseMs: 20_000,
  hourlyCron: undefined,
  dailyCron: undefined,
  digestCheckMs: undefined,
};

/** PPM_MAIL_TO recipients that take each block message at once (the delivery tests count single mails). */
export function eachBlock(list: string): Recipient[] {
  return simpleRecipients(list).map((r) => ({ ...r, blockMails: 'each' as const }));
}

/** A notifier config for tests (default: ops@example.com, each message at once; hourly-digest.int.test covers the default). */
export function testConfig(smtpUrl: string, recipients: readonly Recipient[] = eachBlock('ops@example.com'), tuning: Partial<NotifierTuning> = {}): NotifierConfig {
  return { smtpUrl, mailFrom: 'PPM <ppm@pool.example>', recipients, tuning: { ...TEST_TUNING, ...tuning } };
}

/** Starts a replica; the caller stops it. */
export async function startReplica(
  config: NotifierConfig, db: Db, r: TestRedis, extra: { registry?: Registry; now?: () => Date } = {},
): Promise<NotifierApp> {
  const app = createNotifierApp(config, { db, redis: r.redis, prefix: r.prefix, log: silentLogger(), ...extra });
  await app.start();
  return app;
}

/** Writes one sample message of `kind` with a unique dedupe key; returns its id. */
export async function writeSample(db: Db, kind: OutboxKind, key: string, severity?: Severity): Promise<string> {
  const id = await writeOutbox(db, { kind, payload: SAMPLE_PAYLOADS[kind], dedupeKey: key, ...(severity ? { severity } : {}) });
  if (!id) throw new Error(`duplicate dedupe key ${key}`);
  return id;
}

/** Delivery states of every row, as { state: count }. */
export async function stateCounts(db: Db): Promise<Record<string, number>> {
  const r = await db.query<{ state: string; n: string }>('SELECT state, count(*)::text AS n FROM notification_deliveries GROUP BY state');
  return Object.fromEntries(r.rows.map((row) => [row.state, Number(row.n)]));
}

/** Sum of a counter's values (optionally filtered by one label). */
export async function counterTotal(registry: Registry, name: string, label?: [string, string]): Promise<number> {
  const metric = registry.getSingleMetric(name);
  if (!metric) return 0;
  const data = await metric.get();
  return data.values.filter((v) => !label || v.labels[label[0]] === label[1]).reduce((a, v) => a + v.value, 0);
}

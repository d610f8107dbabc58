import { Counter, Registry } from 'prom-client';

/** The notifier's Prometheus metrics. */
export interface NotifierMetrics {
  /** Failed send attempts; `outcome` is retry (will be tried again) or failed (given up). */
  readonly failed: Counter<'kind' | 'outcome'>;
  readonly sent: Counter<'kind'>;
}

function counter<L extends string>(registry: Registry, name: string, help: string, labelNames: L[]): Counter<L> {
  // Several app instances may share one registry (single-process mode, tests): reuse the registered metric.
  const existing = registry.getSingleMetric(name);
  if (existing) return existing as Counter<L>;
  return new Counter({ name, help, labelNames, registers: [registry] });
}

/** Registers (or reuses) the notifier's metrics on `registry`. */
export function createNotifierMetrics(registry: Registry = new Registry()): NotifierMetrics {
  return {
    failed: counter(registry, 'ppm_notifications_failed_total', 'Failed notification send attempts', ['kind', 'outcome']),
    sent: counter(registry, 'ppm_notifications_sent_total', 'Notification mails accepted by the SMTP server', ['kind']),
  };
}

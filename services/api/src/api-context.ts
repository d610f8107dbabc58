import type { NetworkName } from '@ppm/chain';
import type { Queryable } from '@ppm/ledger';
import type { Logger } from '@ppm/runtime';
import type { Registry } from 'prom-client';
import type { LedgerFigures } from './figures/ledger-figures';

/** What the routes need: the ledger (read only), the network addresses belong to, and optional process facts. */
export interface ApiContext {
  readonly db: Queryable;
  readonly network: NetworkName;
  readonly log: Logger;
  readonly registry: Registry;
  /** Pool figures computed once per ledger change (status, the delegate list). */
  readonly figures: LedgerFigures;
  /** Extra fields for /v1/status from the composing process (chain tip, staking state...). */
  readonly status?: (() => Promise<object>) | undefined;
  /** Waiting jobs per queue, when the process has queues. */
  readonly queueDepths?: (() => Promise<Record<string, number>>) | undefined;
}

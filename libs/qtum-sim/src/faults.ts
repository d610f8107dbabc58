/** A fault to inject into the next matching request(s). */
export type FaultSpec = {
  /** Only requests calling this method (any method when omitted). */
  method?: string;
  /** How many requests it affects (default 1). */
  times?: number;
} & (
  | { kind: 'rpc-error'; code: number; message: string }
  | { kind: 'timeout'; delayMs: number }
  /** The node executes the call at once (a tx enters its mempool) but its reply leaves only after delayMs. */
  | { kind: 'late-reply'; delayMs: number }
  | { kind: 'malformed' }
  | { kind: 'bad-shape' }
  | { kind: 'http-status'; status: number; body?: string }
  | { kind: 'warmup' }
);

/** Fault injection controller. */
export interface SimFaults {
  inject(f: FaultSpec): void;
  clear(): void;
}

/** Holds pending faults; the HTTP layer takes the first one matching a request. */
export class FaultInjector implements SimFaults {
  private pending: { spec: FaultSpec; left: number }[] = [];

  inject(f: FaultSpec): void {
    this.pending.push({ spec: f, left: f.times ?? 1 });
  }

  clear(): void {
    this.pending = [];
  }

  /** Consumes one use of the first fault matching any of `methods` (or a method-less fault). */
  take(methods: readonly string[]): FaultSpec | undefined {
    const i = this.pending.findIndex((p) => p.spec.method === undefined || methods.includes(p.spec.method));
    const p = this.pending[i];
    if (!p) return undefined;
    if (--p.left <= 0) this.pending.splice(i, 1);
    return p.spec;
  }
}

/** Turns a result into the same shape with wrong JSON types (numbers become strings, strings numbers, bools strings). */
export function badShape(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(badShape);
  if (typeof v === 'string') return 12345;
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  if (typeof v === 'boolean') return String(v);
  if (v && typeof v === 'object') {
    if ('text' in v && typeof v.text === 'string') return v.text;
    return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, badShape(x)]));
  }
  return 'null';
}

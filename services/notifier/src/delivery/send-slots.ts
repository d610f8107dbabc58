/**
 * A counting semaphore over the SMTP pool's connections. A delivery is claimed only once it holds a slot, so the
 * time from claim to recorded outcome is one send (bounded by the transport's timeouts), never a wait in a queue
 * behind other sends: that is what lets a short lease tell a dead replica from a busy one.
 */
export interface SendSlots {
  /** Runs `fn` while holding a slot. */
  run<T>(fn: () => Promise<T>): Promise<T>;
}

/** Creates `size` slots. */
export function createSendSlots(size: number): SendSlots {
  let free = Math.max(1, size);
  const waiting: (() => void)[] = [];
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else free++;
  };
  return {
    async run(fn) {
      if (free > 0) free--;
      else await new Promise<void>((resolve) => waiting.push(resolve));
      try {
        return await fn();
      } finally {
        release();
      }
    },
  };
}

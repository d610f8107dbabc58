/**
 * Runs tasks one at a time in arrival order. The signer signs one batch at a time: two batches must never
 * share a spending unlock, and a retry racing its original must find the original's journal record.
 */
export function createSerialQueue(): <T>(task: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>): Promise<T> => {
    const run = tail.then(task, task);
    // The chain must go on whatever this task does; its own caller sees its rejection.
    tail = run.catch(() => undefined);
    return run;
  };
}

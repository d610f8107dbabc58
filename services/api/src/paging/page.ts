/** One page of a list and where the next one starts. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** First index in `sorted` (ascending, code-point order) whose key is greater than `after`. */
export function indexAfter<T>(sorted: readonly T[], key: (item: T) => string, after: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (key(sorted[mid]!) <= after) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

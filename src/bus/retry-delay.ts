/** Pause before the n-th redelivery of a failed batch (n ≥ 1): doubling from `first`, at most 5 s. */
export function retryDelay(first: number, n: number): number {
  return Math.min(5000, first * 2 ** Math.min(20, Math.max(0, n - 1)));
}

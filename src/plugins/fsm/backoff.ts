/** A randomised, growing pause (2 ms doubling to 100 ms), so waiting processes do not retry in step. */
export function backoffMs(attempt: number): number {
  return Math.min(100, 2 ** (attempt + 1)) * (0.5 + Math.random());
}

/** Milliseconds that `work` took, with its result. */
export async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = process.hrtime.bigint();
  const value = await work();
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, value };
}

export function median(samples: readonly number[]): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * Runs `prepare` (untimed) then `work` (timed) `reps` times and returns the median time
 * and the last result. `prepare` gives each repetition the same starting state.
 */
export async function medianOf<S, T>(
  reps: number,
  prepare: () => Promise<S>,
  work: (state: S) => Promise<T>,
  after: (state: S) => Promise<void> = async () => {},
): Promise<{ ms: number; value: T; samples: number[] }> {
  const samples: number[] = [];
  let value: T | undefined;
  for (let i = 0; i < reps; i++) {
    const state = await prepare();
    try {
      const run = await timed(() => work(state));
      samples.push(run.ms);
      value = run.value;
    } finally {
      await after(state);
    }
  }
  return { ms: median(samples), value: value as T, samples };
}

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
  return (await interleavedMedians(reps, { only: { prepare, work, after } as Measurement<S, T> })).only;
}

/** One measurement of `interleavedMedians`: like medianOf's arguments. */
export interface Measurement<S, T> {
  prepare(): Promise<S>;
  work(state: S): Promise<T>;
  after?(state: S): Promise<void>;
}

type Outcome<M> = M extends Measurement<unknown, infer T> ? { ms: number; value: T; samples: number[] } : never;

/**
 * medianOf for several measurements whose ratios are reported: their repetitions take
 * turns (round r starts with the r-th measurement), so that a drift of the machine or
 * the database server during the run (a checkpoint flushing, another tenant of the
 * host) falls on every side alike instead of on whichever ran through that stretch.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function interleavedMedians<M extends Record<string, Measurement<any, any>>>(reps: number, measurements: M): Promise<{ [K in keyof M]: Outcome<M[K]> }> {
  const keys = Object.keys(measurements) as (keyof M)[];
  const samples = new Map(keys.map((k) => [k, [] as number[]]));
  const values = new Map<keyof M, unknown>();
  for (let round = 0; round < reps; round++) {
    for (let i = 0; i < keys.length; i++) {
      const key = keys[(round + i) % keys.length]!;
      const { prepare, work, after } = measurements[key]!;
      const state = await prepare();
      try {
        const run = await timed(() => work(state));
        samples.get(key)!.push(run.ms);
        values.set(key, run.value);
      } finally {
        await after?.(state);
      }
    }
  }
  return Object.fromEntries(keys.map((k) => [k, { ms: median(samples.get(k)!), value: values.get(k), samples: samples.get(k)! }])) as { [K in keyof M]: Outcome<M[K]> };
}

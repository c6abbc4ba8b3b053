import { parseArgs } from "node:util";
import { DIALECTS, type DialectName } from "../support/dialects";

export interface BenchOptions {
  /** Schema sizes; the largest also gets the memory measurement. */
  readonly sizes: readonly number[];
  /** Repetitions of every timed step (the median is reported). */
  readonly reps: number;
  /** Length of the linear revision chain for the graph commands. */
  readonly chain: number;
  /** Revision files for the `heads` start-up measurement. */
  readonly headsFiles: number;
  /** Length of the schema history squashed into a snapshot; 0 skips it. */
  readonly squash: number;
  readonly dialects: readonly DialectName[];
  readonly quick: boolean;
  /** Where the markdown goes; undefined: print only. */
  readonly out: string | undefined;
  /** CPU-profile strata's steps at the first size and the cold CLI instead of benchmarking. */
  readonly profile: boolean;
  /** Where the .cpuprofile files are kept; undefined: removed with the rest. */
  readonly profileDir: string | undefined;
}

const USAGE = `npm run bench [-- OPTIONS]   (or set the BENCH_* variables)
  --quick             small schema (N = 10), 1 repetition, a 100-revision chain; writes no docs unless --out
  --n 50,200,500      schema sizes (BENCH_N); default 50,200 (quick: 10); the published run adds 500
  --reps 3            repetitions per step, median reported (BENCH_REPS; quick: 1)
  --chain 5000        revisions in the graph-command chain (BENCH_CHAIN; quick: 100)
  --squash 500        revisions of schema history upgraded against its snapshot (BENCH_SQUASH; quick: 50; 0 skips)
  --dialects sqlite,postgres   (STRATA_DIALECTS)
  --out FILE          markdown output (BENCH_OUT); default docs/benchmarks.md, "-" for none
  --profile           CPU-profile strata's steps at the first --n (default 200), the compiled package's heads
                      and upgrade heads over the chain (default 1000), and print the top functions
  --profile-dir DIR   keep the .cpuprofile files there`;

const list = (value: string) => value.split(",").map((s) => s.trim()).filter(Boolean);

function positive(value: string, name: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer, not ${JSON.stringify(value)}.\n${USAGE}`);
  return n;
}

function squashCount(value: string): number {
  return value === "0" ? 0 : positive(value, "--squash");
}

export function benchOptions(argv: readonly string[], env: NodeJS.ProcessEnv): BenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      quick: { type: "boolean" },
      n: { type: "string" },
      reps: { type: "string" },
      chain: { type: "string" },
      squash: { type: "string" },
      dialects: { type: "string" },
      out: { type: "string" },
      profile: { type: "boolean" },
      "profile-dir": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const quick = values.quick === true || env.BENCH_QUICK === "1";
  const profile = values.profile === true;
  const sizes = values.n ?? env.BENCH_N;
  const dialects = values.dialects ? list(values.dialects) : DIALECTS;
  for (const d of dialects) if (d !== "sqlite" && d !== "postgres") throw new Error(`Unknown dialect ${d}.\n${USAGE}`);
  const out = values.out ?? env.BENCH_OUT ?? (quick || profile ? "-" : "docs/benchmarks.md");
  return {
    sizes: sizes ? list(sizes).map((s) => positive(s, "--n")) : profile ? [200] : quick ? [10] : [50, 200],
    reps: positive(values.reps ?? env.BENCH_REPS ?? (quick || profile ? "1" : "3"), "--reps"),
    chain: positive(values.chain ?? env.BENCH_CHAIN ?? (quick ? "100" : profile ? "1000" : "5000"), "--chain"),
    headsFiles: 200,
    squash: squashCount(values.squash ?? env.BENCH_SQUASH ?? (quick ? "50" : profile ? "0" : "500")),
    dialects: dialects as DialectName[],
    quick,
    out: out === "-" ? undefined : out,
    profile,
    profileDir: values["profile-dir"],
  };
}

import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type DialectName, SQLITE_DRIVER } from "../support/dialects";
import { type ColdOptions, type ColdRun, coldCli, expectExit } from "./cold-cli";
import { interleavedMedians, median, medianOf, timed } from "./measure";
import type { SuiteContext } from "./schema-suite";
import { cliEnv, writeOrmconfig } from "./strata-project";

/** The graph commands timed over the long chain, in the order one repetition runs them. */
export const CHAIN_COMMANDS = ["upgrade heads", "current", "history", "heads", "downgrade base", "upgrade heads, transactionMode all"] as const;
export type ChainCommand = (typeof CHAIN_COMMANDS)[number];

export interface GraphRun {
  readonly chain: number;
  readonly headsFiles: number;
  /** `strata --help`: Node, the TypeScript hook and the CLI's own modules, nothing else. */
  readonly startupMs: number;
  /** `strata heads` on the long chain before its files are in the compile cache (each transpiled once). */
  readonly firstHeadsMs: number;
  /** `strata heads` on `headsFiles` revision files. */
  readonly headsSmallMs: number;
  /** The same two with the compiled package (what `npm install strata` runs); absent when it did not build. */
  readonly compiled?: { readonly startupMs: number; readonly headsSmallMs: number };
  /** A deploy's no-op `upgrade heads` on `headsFiles` applied revisions (SQLite), by what the compile cache holds. */
  readonly freshContainer?: FreshContainerRun;
  readonly commands: Readonly<Partial<Record<DialectName, Readonly<Record<ChainCommand, number>>>>>;
  /** `upgrade heads` from empty over the chain on SQLite through the other driver (better-sqlite3 when the bench runs sqlite3), when installed. */
  readonly otherSqliteDriver?: { readonly driver: string; readonly upgradeMs: number };
  /** What ran the chain's commands: the compiled package (what an app that installed strata runs) when it built. */
  readonly chainForm: "compiled package" | "sources";
}

/**
 * A replica's no-op `upgrade heads` as a new container runs it: with an empty compile
 * cache (every revision transpiled and hashed again), with the cache an image build
 * filled by running `strata heads`, and with the cache a previous run left.
 */
export interface FreshContainerRun {
  readonly emptyCacheMs: number;
  readonly warmedByHeadsMs: number;
  readonly warmMs: number;
}

const revisionId = (i: number) => (0xc00000000000 + i).toString(16);

/** A linear chain of `count` revisions that do nothing, as `strata revision -m` would write them. */
export function writeChain(dir: string, count: number): string {
  const migrations = join(dir, "migrations");
  mkdirSync(migrations, { recursive: true });
  for (let i = 0; i < count; i++) {
    const down = i === 0 ? "null" : JSON.stringify(revisionId(i - 1));
    writeFileSync(
      join(migrations, `${revisionId(i)}_step_${i}.ts`),
      `export default {\n  revision: "${revisionId(i)}",\n  downRevision: ${down},\n  message: "step ${i}",\n` +
        `  async up() {},\n  async down() {},\n};\n`,
    );
  }
  return revisionId(count - 1);
}

/** Scenarios 5 and 6: the revision graph's commands as cold CLI processes. */
export async function runGraphSuite(ctx: SuiteContext, dialects: readonly DialectName[], chain: number, headsFiles: number): Promise<GraphRun> {
  const { workspace, reps, log } = ctx;
  const cli = async (dir: string, args: string[], options: Omit<ColdOptions, "cacheDir"> = {}): Promise<ColdRun> =>
    expectExit(await coldCli(dir, args, { ...options, cacheDir: ctx.cacheDir }), args);
  /** Median times of `heads` and `--help` on a fresh project of `headsFiles` revisions, after one unmeasured run. */
  const startupOf = async (label: string, options: { cli?: string; strataModule?: string }) => {
    const dir = workspace.directory(`chain-${headsFiles}-${label}`);
    writeOrmconfig({ dir, strataModule: options.strataModule });
    writeChain(dir, headsFiles);
    await cli(dir, ["heads"], options);
    const heads = await medianOf(reps, async () => undefined, () => cli(dir, ["heads"], options));
    const help = await medianOf(reps, async () => undefined, () => cli(dir, ["--help"], options));
    return { dir, startupMs: help.ms, headsSmallMs: heads.ms };
  };

  /** FreshContainerRun over the `headsFiles` revisions of `dir`, applied to a SQLite database first. */
  const freshContainer = async (dir: string, options: { cli?: string }): Promise<FreshContainerRun> => {
    log(`  revision graph: a deploy's no-op upgrade on ${headsFiles} revisions, by compile cache`);
    const db = await workspace.createDatabase("sqlite", "deploy");
    const env = cliEnv(db);
    await cli(dir, ["upgrade", "heads"], { ...options, env });
    const noop = (cacheDir: string) => coldCli(dir, ["upgrade", "heads"], { ...options, env, cacheDir }).then((run) => expectExit(run, ["upgrade", "heads"]));
    const imageCache = async () => {
      const cacheDir = workspace.directory("image-cache");
      expectExit(await coldCli(dir, ["heads"], { ...options, cacheDir }), ["heads"]);
      return cacheDir;
    };
    const times = await interleavedMedians(reps, {
      emptyCache: { prepare: async () => workspace.directory("empty-cache"), work: noop },
      warmedByHeads: { prepare: imageCache, work: noop },
      warm: { prepare: async () => ctx.cacheDir, work: noop },
    });
    await workspace.dropDatabase(db);
    return { emptyCacheMs: times.emptyCache.ms, warmedByHeadsMs: times.warmedByHeads.ms, warmMs: times.warm.ms };
  };

  log(`  revision graph: heads on ${headsFiles} files, and start-up`);
  const sources = await startupOf("sources", {});
  const { built } = ctx;
  const compiled = built && (await startupOf("package", { cli: built.cli, strataModule: built.index }));
  const form = built ? { cli: built.cli } : {};

  log(`  revision graph: a chain of ${chain} revisions`);
  const project = workspace.directory(`chain-${chain}`);
  writeOrmconfig({ dir: project, strataModule: built?.index });
  const head = writeChain(project, chain);
  const first = await timed(() => cli(project, ["heads"], form));
  if (!first.value.stdout.includes(head)) throw new Error(`strata heads did not print the chain's head ${head}:\n${first.value.stdout.slice(0, 500)}`);

  const commands: Partial<Record<DialectName, Record<ChainCommand, number>>> = {};
  for (const dialect of dialects) {
    const samples = Object.fromEntries(CHAIN_COMMANDS.map((c) => [c, [] as number[]])) as Record<ChainCommand, number[]>;
    for (let rep = 0; rep < reps; rep++) {
      const db = await workspace.createDatabase(dialect, "chain");
      for (const command of CHAIN_COMMANDS) {
        const [args, mode] = command.split(", transactionMode ");
        const run = await cli(project, args.split(" "), { ...form, env: { ...cliEnv(db), BENCH_TRANSACTION_MODE: mode ?? "each" } });
        if (command === "current" && !run.stdout.includes(head)) throw new Error(`strata current does not show ${head} after upgrade heads:\n${run.stdout}`);
        samples[command].push(run.ms);
      }
      await workspace.dropDatabase(db);
    }
    commands[dialect] = Object.fromEntries(CHAIN_COMMANDS.map((c) => [c, median(samples[c])])) as Record<ChainCommand, number>;
  }
  const otherSqliteDriver = dialects.includes("sqlite") ? await otherDriverUpgrade() : undefined;
  const freshContainerRun = dialects.includes("sqlite") ? await freshContainer((compiled ?? sources).dir, form) : undefined;
  return {
    chain,
    headsFiles,
    startupMs: sources.startupMs,
    headsSmallMs: sources.headsSmallMs,
    firstHeadsMs: first.ms,
    compiled: compiled && { startupMs: compiled.startupMs, headsSmallMs: compiled.headsSmallMs },
    freshContainer: freshContainerRun,
    commands,
    otherSqliteDriver,
    chainForm: built ? "compiled package" : "sources",
  };

  /** The chain's `upgrade heads` on a fresh SQLite database through the driver the rest of the bench does not use. */
  async function otherDriverUpgrade(): Promise<GraphRun["otherSqliteDriver"]> {
    const driver = SQLITE_DRIVER === "sqlite" ? "better-sqlite3" : "sqlite3";
    if (!installed(driver)) return undefined;
    log(`  revision graph: upgrade heads over the chain on ${driver}`);
    const samples: number[] = [];
    for (let rep = 0; rep < reps; rep++) {
      const db = await workspace.createDatabase("sqlite", "chain");
      const env = { ...cliEnv(db), BENCH_SQLITE_DRIVER: driver === "sqlite3" ? "sqlite" : driver };
      samples.push((await cli(project, ["upgrade", "heads"], { ...form, env })).ms);
      await workspace.dropDatabase(db);
    }
    return { driver, upgradeMs: median(samples) };
  }
}

function installed(module: string): boolean {
  try {
    require.resolve(module);
    return true;
  } catch {
    return false;
  }
}

import type { DataSource } from "typeorm";
import { check, generateRevisions, migrate, move, type StrataConfig } from "../../src";
import type { DialectName } from "../support/dialects";
import { benchSchema } from "./bench-schema";
import type { BenchDatabase, BenchWorkspace } from "./bench-workspace";
import type { BuiltPackage } from "./build-package";
import { coldCli, expectExit } from "./cold-cli";
import { interleavedMedians, median, medianOf } from "./measure";
import { runStep, type StepSpec } from "./run-step";
import { clearRevisions, cliEnv, forgetReplays, removeRevisionsExcept, revisionFiles, strataConfig, writeOrmconfig } from "./strata-project";
import { oneScript, openTypeorm, typeormApply, typeormDiff } from "./typeorm-side";

export interface SchemaRun {
  readonly dialect: DialectName;
  readonly n: number;
  /** TypeORM's DataSource.initialize() with the n entities: metadata build and connection. */
  readonly connectMs: number;
  readonly generate: {
    /** generateRevisions: diff, render, write, and the convergence proof on a scratch database. */
    readonly strataMs: number;
    /** check() on the empty database: the diff alone (with strata's session set-up). */
    readonly diffMs: number;
    readonly typeormDiffMs: number;
    /**
     * TypeORM's diff and the apply of what it proposes, on a fresh database, timed as one
     * step in the same rounds as generateRevisions (what autogenerate with its proof stands for).
     */
    readonly typeormGenerateMs: number;
    readonly typeormStatements: number;
    readonly strataOperations: number;
    readonly revisionFiles: number;
  };
  readonly apply: {
    readonly strataMs: number;
    readonly typeormMs: number;
    /** TypeORM's SQL as one script. */
    readonly limitMs: number;
    /** strata's own SQL (`upgrade heads --sql`, version rows included) as one script. */
    readonly ownScriptMs: number;
  };
  readonly check: {
    /** check() on a database that is what the entities describe: no replay of the revisions is needed. */
    readonly strataMs: number;
    /** check() with an index no entity names, replaying the revisions on a scratch database (the first such check of a checkout). */
    readonly replayMs: number;
    readonly coldCliMs: number;
    readonly coldCliExit: number;
    /** `upgrade heads` with nothing to apply, cold CLI: what every replica of a deploy runs after the first. */
    readonly coldNoopUpgradeMs: number;
    readonly typeormNoopMs: number;
    /** What check() finds right after migrate() applied strata's own revisions (zero churn: 0). */
    readonly strataDifferences: number;
    /** Statements TypeORM's schema builder wants on the database strata built (SPEC §11: 0). */
    readonly typeormOnStrata: number;
    /** ... and on the database TypeORM built itself. */
    readonly typeormOnOwn: number;
  };
  readonly mutated: {
    readonly strataMs: number;
    readonly realChanges: number;
    readonly strataOperations: number;
    readonly revisionFiles: number;
    readonly typeormMs: number;
    readonly typeormStatements: number;
  };
  readonly memory?: readonly { readonly step: string; readonly ms: number; readonly maxRssMb: number }[];
}

export interface SuiteContext {
  readonly workspace: BenchWorkspace;
  readonly reps: number;
  /** The TypeScript hook's compile cache for child processes. */
  readonly cacheDir: string;
  /** strata compiled as `npm run build` makes it, which the cold CLI rows run (what an app that installed strata runs); undefined when it did not build. */
  readonly built: BuiltPackage | undefined;
  readonly log: (line: string) => void;
}

const operationCount = (outcome: { revisions: readonly { operations: readonly unknown[] }[] }) =>
  outcome.revisions.reduce((sum, r) => sum + r.operations.length, 0);

/** Scenarios 1 to 4 (and 7 with `withMemory`) of the bench for one dialect and one schema size. */
export async function runSchemaSuite(ctx: SuiteContext, dialect: DialectName, n: number, withMemory: boolean): Promise<SchemaRun> {
  const { workspace, reps, log } = ctx;
  const schema = benchSchema(n);
  const mutatedSchema = benchSchema(n, true);
  const connects: number[] = [];
  const open = async (db: BenchDatabase, mutated = false): Promise<DataSource> => {
    const { dataSource, connectMs } = await openTypeorm(db, (mutated ? mutatedSchema : schema).all);
    connects.push(connectMs);
    return dataSource;
  };
  const close = (dataSource: DataSource) => dataSource.destroy();
  /** Fresh databases for each repetition; all but the last are dropped. */
  const freshEach = (label: string) => {
    const made: BenchDatabase[] = [];
    return {
      /** A new database, on a settled server (BenchWorkspace.settle): what each measured apply starts from. */
      next: async () => {
        const db = await workspace.createDatabase(dialect, label);
        made.push(db);
        await workspace.settle(dialect);
        return db;
      },
      keepLast: async () => {
        for (const db of made.slice(0, -1)) await workspace.dropDatabase(db);
        return made[made.length - 1];
      },
    };
  };

  const empty = await workspace.createDatabase(dialect, "empty");
  log(`  ${dialect} N=${n}: autogenerate on an empty database`);
  const diffDir = workspace.directory(`${dialect}-${n}-diff`);
  const project = workspace.directory(`${dialect}-${n}-project`);
  const { theirDiff, ourDiff, ourGenerate, theirGenerate } = await interleavedMedians(reps, {
    theirDiff: { prepare: () => open(empty), work: typeormDiff, after: close },
    // Its database is dropped after each repetition, as strata drops its scratch database
    // (PostgreSQL: a forced checkpoint): each side's next step starts after the same server work.
    theirGenerate: {
      prepare: async () => {
        const db = await workspace.createDatabase(dialect, "typeorm_generate");
        return { db, dataSource: await open(db) };
      },
      work: async ({ dataSource }: { dataSource: DataSource }) => typeormApply(dataSource, await typeormDiff(dataSource)),
      after: async ({ db, dataSource }: { db: BenchDatabase; dataSource: DataSource }) => {
        await close(dataSource);
        await workspace.dropDatabase(db);
      },
    },
    ourDiff: { prepare: async () => strataConfig({ dir: diffDir, db: empty, n }), work: (config: StrataConfig) => check(config) },
    ourGenerate: {
      prepare: async () => {
        clearRevisions(project);
        return strataConfig({ dir: project, db: empty, n });
      },
      work: (config: StrataConfig) => generateRevisions(config, { message: "initial schema" }),
    },
  });
  const initialSql = theirDiff.value;
  const initialFiles = revisionFiles(project);

  log(`  ${dialect} N=${n}: applying the initial schema`);
  const ownSql = (await move(strataConfig({ dir: project, db: empty, n }), "up", "heads", { sql: true })).sql ?? [];
  const strataDbs = freshEach("strata");
  const typeormDbs = freshEach("typeorm");
  const limitDbs = freshEach("limit");
  const { ourApply, theirApply, limit, ownScript } = await interleavedMedians(reps, {
    ourApply: { prepare: async () => strataConfig({ dir: project, db: await strataDbs.next(), n }), work: (config: StrataConfig) => migrate(config) },
    theirApply: { prepare: async () => open(await typeormDbs.next()), work: (ds: DataSource) => typeormApply(ds, initialSql), after: close },
    limit: { prepare: async () => open(await limitDbs.next()), work: (ds: DataSource) => oneScript(ds, initialSql), after: close },
    ownScript: { prepare: async () => open(await limitDbs.next()), work: (ds: DataSource) => oneScript(ds, ownSql), after: close },
  });
  const strataDb = await strataDbs.keepLast();
  const typeormDb = await typeormDbs.keepLast();
  await workspace.dropDatabase(await limitDbs.keepLast());

  log(`  ${dialect} N=${n}: no-op check`);
  // An index no entity names (a DBA's): only then does check replay the revisions, to tell it from drift.
  const dba = await open(strataDb);
  await dba.query(`CREATE INDEX bench_dba_index ON app_e0000 (id)`);
  const replayedCheck = await medianOf(
    reps,
    async () => {
      forgetReplays();
      return strataConfig({ dir: project, db: strataDb, n });
    },
    (config) => check(config),
  );
  await dba.query(`DROP INDEX bench_dba_index`).finally(() => close(dba));
  if (!replayedCheck.value.clean || replayedCheck.value.unmanaged.length !== 1) {
    throw new Error(`check with a DBA's index should be clean and list it as unmanaged: ${JSON.stringify(replayedCheck.value)}`);
  }
  const ourCheck = await medianOf(reps, async () => strataConfig({ dir: project, db: strataDb, n }), (config) => check(config));
  writeOrmconfig({ dir: project, n, strataModule: ctx.built?.index });
  const runCheck = () => coldCli(project, ["check"], { cli: ctx.built?.cli, cacheDir: ctx.cacheDir, env: cliEnv(strataDb) });
  await runCheck(); // compiles the config and revisions into the cache: later runs are cold processes, not cold caches
  const coldCheck = await medianOf(reps, async () => undefined, runCheck);
  if (coldCheck.value.code > 1) throw new Error(`strata check (cold CLI) exited ${coldCheck.value.code}:\n${coldCheck.value.stderr}`);
  const noopUpgrade = () => coldCli(project, ["upgrade", "heads"], { cli: ctx.built?.cli, cacheDir: ctx.cacheDir, env: cliEnv(strataDb) });
  const coldNoopUpgrade = await medianOf(reps, async () => undefined, async () => expectExit(await noopUpgrade(), ["upgrade", "heads"]));
  const theirNoop = await medianOf(reps, () => open(typeormDb), typeormDiff, close);
  const onStrata = await open(strataDb);
  const typeormOnStrata = await typeormDiff(onStrata).finally(() => close(onStrata));

  log(`  ${dialect} N=${n}: autogenerate after changing ${mutatedSchema.mutations.length} entities`);
  const ourMutated = await medianOf(
    reps,
    async () => {
      removeRevisionsExcept(project, initialFiles);
      return strataConfig({ dir: project, db: strataDb, n, mutated: true });
    },
    (config) => generateRevisions(config, { message: "mutation" }),
  );
  removeRevisionsExcept(project, initialFiles);
  const theirMutated = await medianOf(reps, () => open(typeormDb, true), typeormDiff, close);

  let memory: SchemaRun["memory"];
  if (withMemory) {
    log(`  ${dialect} N=${n}: peak memory, each step in a process of its own`);
    memory = await measureMemory(ctx, dialect, n, { empty, synced: strataDb, project });
  }
  for (const db of [empty, strataDb, typeormDb]) await workspace.dropDatabase(db);

  return {
    dialect,
    n,
    connectMs: median(connects),
    generate: {
      strataMs: ourGenerate.ms,
      diffMs: ourDiff.ms,
      typeormDiffMs: theirDiff.ms,
      typeormGenerateMs: theirGenerate.ms,
      typeormStatements: initialSql.length,
      strataOperations: operationCount(ourGenerate.value),
      revisionFiles: initialFiles.length,
    },
    apply: { strataMs: ourApply.ms, typeormMs: theirApply.ms, limitMs: limit.ms, ownScriptMs: ownScript.ms },
    check: {
      strataMs: ourCheck.ms,
      replayMs: replayedCheck.ms,
      coldCliMs: coldCheck.ms,
      coldCliExit: coldCheck.value.code,
      coldNoopUpgradeMs: coldNoopUpgrade.ms,
      typeormNoopMs: theirNoop.ms,
      strataDifferences: ourCheck.value.pending.length + ourCheck.value.differences.reduce((sum, d) => sum + d.operations.length, 0),
      typeormOnStrata: typeormOnStrata.length,
      typeormOnOwn: theirNoop.value.length,
    },
    mutated: {
      strataMs: ourMutated.ms,
      realChanges: mutatedSchema.mutations.length,
      strataOperations: operationCount(ourMutated.value),
      revisionFiles: ourMutated.value.revisions.length,
      typeormMs: theirMutated.ms,
      typeormStatements: theirMutated.value.length,
    },
    memory,
  };
}

/** Peak RSS of each step run alone in a new process (one run each: RSS barely varies). */
async function measureMemory(
  ctx: SuiteContext,
  dialect: DialectName,
  n: number,
  at: { readonly empty: BenchDatabase; readonly synced: BenchDatabase; readonly project: string },
): Promise<NonNullable<SchemaRun["memory"]>> {
  const { workspace } = ctx;
  const specs: (() => Promise<StepSpec>)[] = [
    async () => ({ step: "strata generate", db: at.empty, n, dir: workspace.directory(`${dialect}-${n}-memory`) }),
    async () => ({ step: "strata migrate", db: await workspace.createDatabase(dialect, "memory"), n, dir: at.project }),
    async () => ({ step: "strata check", db: at.synced, n, dir: at.project }),
    async () => ({ step: "typeorm diff + apply", db: await workspace.createDatabase(dialect, "memory"), n, dir: at.project }),
  ];
  await runStep({ step: "load", db: at.synced, n, dir: at.project }, ctx.cacheDir);
  const results = [];
  for (const make of specs) {
    const spec = await make();
    const outcome = await runStep(spec, ctx.cacheDir);
    results.push({ step: spec.step, ...outcome });
    if (spec.db !== at.empty && spec.db !== at.synced) await workspace.dropDatabase(spec.db);
  }
  return results;
}

import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { DialectName } from "../support/dialects";
import { type ColdOptions, coldCli, expectExit } from "./cold-cli";
import { median } from "./measure";
import type { SuiteContext } from "./schema-suite";
import { cliEnv, revisionFiles, writeOrmconfig } from "./strata-project";

/** `upgrade heads` on an empty database along a long history, and along its snapshot (issue 11). */
export interface SquashRun {
  readonly revisions: number;
  readonly tables: number;
  readonly times: Readonly<Partial<Record<DialectName, { readonly historyMs: number; readonly snapshotMs: number; readonly squashMs: number }>>>;
}

const revisionId = (i: number) => (0xd00000000000 + i).toString(16);
const COLUMNS_PER_TABLE = 5;

/**
 * A history of `count` schema revisions as a long-lived app accumulates them: every
 * fifth creates a table, the four after it each add a column to it.
 */
export function writeSchemaHistory(dir: string, count: number): void {
  const migrations = join(dir, "migrations");
  mkdirSync(migrations, { recursive: true });
  for (let i = 0; i < count; i++) {
    const table = `t_${Math.floor(i / COLUMNS_PER_TABLE)}`;
    const column = i % COLUMNS_PER_TABLE;
    const [up, down] =
      column === 0
        ? [
            `await queryRunner.createTable(new Table({ name: "${table}", columns: [{ name: "id", type: "integer", isPrimary: true, isGenerated: true, generationStrategy: "increment" }, { name: "name", type: "varchar", length: "64", isNullable: true }] }));`,
            `await queryRunner.dropTable("${table}");`,
          ]
        : [
            `await queryRunner.addColumn("${table}", new TableColumn({ name: "c_${column}", type: "integer", isNullable: true }));`,
            `await queryRunner.dropColumn("${table}", "c_${column}");`,
          ];
    writeFileSync(
      join(migrations, `${revisionId(i)}_step_${i}.ts`),
      `import { Table, TableColumn } from "typeorm";\nexport default {\n  revision: "${revisionId(i)}",\n  downRevision: ${i === 0 ? "null" : JSON.stringify(revisionId(i - 1))},\n` +
        `  message: "step ${i}",\n  async up(queryRunner: any) { ${up} },\n  async down(queryRunner: any) { ${down} },\n};\n`,
    );
  }
}

/**
 * Per dialect: `upgrade heads` on empty databases along the history (medians), `squash
 * app@head` once, then `upgrade heads` on empty databases with the history's files moved
 * away, so that the snapshot builds them. Cold CLI processes, as a deploy runs them.
 */
export async function runSquashSuite(ctx: SuiteContext, dialects: readonly DialectName[], count: number): Promise<SquashRun> {
  const { workspace, reps, log } = ctx;
  const cli = async (dir: string, args: string[], options: Omit<ColdOptions, "cacheDir"> = {}) =>
    expectExit(await coldCli(dir, args, { ...options, cacheDir: ctx.cacheDir }), args);
  const times: Partial<Record<DialectName, { historyMs: number; snapshotMs: number; squashMs: number }>> = {};
  for (const dialect of dialects) {
    log(`  squash: ${count} revisions on ${dialect}`);
    const project = workspace.directory(`squash-${count}-${dialect}`);
    writeOrmconfig({ dir: project });
    writeSchemaHistory(project, count);
    const upgradeEmpty = async () => {
      const db = await workspace.createDatabase(dialect, "squash");
      const run = await cli(project, ["upgrade", "heads"], { env: cliEnv(db) });
      return { db, ms: run.ms };
    };
    // Once unmeasured, so that every file is in the compile cache for both measurements.
    const { db: built } = await upgradeEmpty();
    const history: number[] = [];
    for (let rep = 0; rep < reps; rep++) {
      const { db, ms } = await upgradeEmpty();
      history.push(ms);
      await workspace.dropDatabase(db);
    }
    const squash = await cli(project, ["squash", "app@head", "-m", "snapshot"], { env: cliEnv(built) });
    await workspace.dropDatabase(built);
    const old = join(project, "squashed");
    mkdirSync(old);
    for (const file of revisionFiles(project).filter((f) => /_step_\d+\.ts$/.test(f))) {
      renameSync(join(project, "migrations", file), join(old, file));
    }
    await workspace.dropDatabase((await upgradeEmpty()).db);
    const snapshot: number[] = [];
    for (let rep = 0; rep < reps; rep++) {
      const { db, ms } = await upgradeEmpty();
      snapshot.push(ms);
      await workspace.dropDatabase(db);
    }
    times[dialect] = { historyMs: median(history), snapshotMs: median(snapshot), squashMs: squash.ms };
  }
  return { revisions: count, tables: Math.ceil(count / COLUMNS_PER_TABLE), times };
}

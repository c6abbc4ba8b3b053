/**
 * `npm run bench`: strata against TypeORM's own migration runner on the same generated
 * schema, in the same run, on SQLite and PostgreSQL. Prints ratios (strata / TypeORM);
 * nothing here asserts a time.
 */
import "reflect-metadata";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { DataSource, type DataSourceOptions, EntitySchema, type MigrationInterface, type QueryRunner } from "typeorm";
import { check, generateRevisions, migrate, resolveConfig } from "../../src";
import { createTestDatabase, DIALECTS, type DialectName } from "../support/dialects";

const CHAIN = Number(process.env.BENCH_REVISIONS ?? 200);
const ENTITIES = Number(process.env.BENCH_ENTITIES ?? 200);
const ROOT = resolve(__dirname, "..", "..");

const createSql = (i: number) => `CREATE TABLE bench_${i} (id integer PRIMARY KEY, name varchar(64) NOT NULL, score integer)`;
const indexSql = (i: number) => `CREATE INDEX bench_${i}_name ON bench_${i} (name)`;

/** The same chain as TypeORM migration classes. */
function typeormMigrations(): Function[] {
  return Array.from({ length: CHAIN }, (_, i) => {
    const name = `Bench${1_700_000_000_000 + i}`;
    const migration = class implements MigrationInterface {
      name = name;
      async up(queryRunner: QueryRunner) {
        await queryRunner.query(createSql(i));
        await queryRunner.query(indexSql(i));
      }
      async down(queryRunner: QueryRunner) {
        await queryRunner.query(`DROP TABLE bench_${i}`);
      }
    };
    Object.defineProperty(migration, "name", { value: name });
    return migration;
  });
}

/** The same chain as strata revision files. */
function strataRevisions(dir: string): void {
  mkdirSync(dir, { recursive: true });
  let parent: string | null = null;
  for (let i = 0; i < CHAIN; i++) {
    const id = (0xb00000000000 + i).toString(16);
    writeFileSync(
      join(dir, `${id}_bench_${i}.ts`),
      `export default {
  revision: "${id}", downRevision: ${JSON.stringify(parent)}, message: "bench ${i}",
  async up(q: any) { await q.query(${JSON.stringify(createSql(i))}); await q.query(${JSON.stringify(indexSql(i))}); },
  async down(q: any) { await q.query("DROP TABLE bench_${i}"); },
};\n`,
    );
    parent = id;
  }
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

async function benchRun(dialect: DialectName, workDir: string): Promise<{ strata: number; typeorm: number }> {
  const ours = await createTestDatabase(dialect, "bench_strata");
  const theirs = await createTestDatabase(dialect, "bench_typeorm");
  try {
    const dir = join(workDir, dialect, "migrations");
    strataRevisions(dir);
    const strata = await timed(() => migrate({ dataSource: ours.options, migrationsDir: dir }));
    const dataSource = new DataSource({ ...theirs.options, migrations: typeormMigrations(), migrationsTransactionMode: "each" } as DataSourceOptions);
    await dataSource.initialize();
    const typeorm = await timed(() => dataSource.runMigrations({ transaction: "each" }));
    await dataSource.destroy();
    return { strata, typeorm };
  } finally {
    await ours.drop();
    await theirs.drop();
  }
}

/** A generated schema: every table has a few column kinds, an index, and (every 10th) a foreign key. */
function benchEntities(): EntitySchema[] {
  return Array.from({ length: ENTITIES }, (_, i) => {
    const parent = i % 10 === 9 ? `gen_${i - 1}` : undefined;
    return new EntitySchema<any>({
      name: `Gen${i}`,
      tableName: `gen_${i}`,
      columns: {
        id: { type: Number, primary: true, generated: "increment" },
        name: { type: "varchar", length: 64 },
        note: { type: "text", nullable: true },
        score: { type: "integer", default: 0 },
        active: { type: "boolean", default: true },
        createdAt: { type: Date, createDate: true },
      },
      indices: [{ name: `IDX_gen_${i}_name`, columns: ["name"] }],
      relations: parent ? { parent: { type: "many-to-one", target: `Gen${i - 1}`, onDelete: "CASCADE" } } : {},
    });
  });
}

async function typeormGenerate(options: DataSourceOptions, entities: EntitySchema[]): Promise<number> {
  const dataSource = new DataSource({ ...options, entities } as DataSourceOptions);
  await dataSource.initialize();
  try {
    // What `typeorm migration:generate` computes: the schema builder's SQL log.
    return await timed(() => dataSource.driver.createSchemaBuilder().log());
  } finally {
    await dataSource.destroy();
  }
}

async function benchGenerate(dialect: DialectName, workDir: string): Promise<void> {
  const entities = benchEntities();
  const db = await createTestDatabase(dialect, "bench_generate");
  try {
    const dir = join(workDir, `${dialect}-generate`, "migrations");
    const config = resolveConfig({ dataSource: { ...db.options, entities }, migrationsDir: dir }, workDir);
    const theirsEmpty = await typeormGenerate(db.options, entities);
    const oursEmpty = await timed(() => generateRevisions(config, { message: "bench" }));
    await migrate(config);
    const theirsSynced = await typeormGenerate(db.options, entities);
    let clean = false;
    const oursSynced = await timed(async () => (clean = (await check(config)).clean));
    if (!clean) throw new Error("check is not clean after applying the generated revision");
    const row = (label: string, ours: number, theirs: number) =>
      console.log(`${dialect.padEnd(9)} ${label.padEnd(14)} strata ${ours.toFixed(0).padStart(6)} ms   typeorm ${theirs.toFixed(0).padStart(6)} ms   ratio ${(ours / theirs).toFixed(2)}`);
    row("empty db", oursEmpty, theirsEmpty);
    row("synced db", oursSynced, theirsSynced);
  } finally {
    await db.drop();
  }
}

async function main(): Promise<void> {
  const workDir = mkdtempSync(join(ROOT, ".vitest-tmp-bench-"));
  try {
    console.log(`upgrade of a ${CHAIN}-revision linear chain (each: CREATE TABLE + CREATE INDEX), in-process`);
    for (const dialect of DIALECTS) {
      const { strata, typeorm } = await benchRun(dialect, workDir);
      console.log(
        `${dialect.padEnd(9)} strata upgrade heads ${strata.toFixed(0).padStart(6)} ms   typeorm migration:run ${typeorm.toFixed(0).padStart(6)} ms   ratio ${(strata / typeorm).toFixed(2)}`,
      );
    }
    console.log(`\nautogenerate over ${ENTITIES} entities (strata: revision --autogenerate incl. its convergence replay on a scratch database; typeorm: migration:generate's schema diff)`);
    for (const dialect of DIALECTS) await benchGenerate(dialect, workDir);
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});

import { DataSource, type DataSourceOptions, type EntitySchema } from "typeorm";
import type { BenchDatabase } from "./bench-workspace";
import { timed } from "./measure";

/** A DataSource over the bench schema, opened, and what opening it took (metadata build and connection). */
export async function openTypeorm(db: BenchDatabase, entities: readonly EntitySchema[]): Promise<{ dataSource: DataSource; connectMs: number }> {
  const dataSource = new DataSource({ ...db.options, entities: [...entities], logging: false } as DataSourceOptions);
  const { ms } = await timed(() => dataSource.initialize());
  return { dataSource, connectMs: ms };
}

/** What `typeorm migration:generate` computes: the schema builder's SQL log, `up` statements only. */
export async function typeormDiff(dataSource: DataSource): Promise<string[]> {
  const log = await dataSource.driver.createSchemaBuilder().log();
  return log.upQueries.map((q) => {
    if (q.parameters && q.parameters.length > 0) throw new Error(`TypeORM's log has a parameterised statement; the bench cannot replay it: ${q.query}`);
    return q.query;
  });
}

/** TypeORM running its generated SQL as `migration:run` would: statement by statement, in one transaction. */
export async function typeormApply(dataSource: DataSource, statements: readonly string[]): Promise<void> {
  const queryRunner = dataSource.createQueryRunner();
  try {
    await queryRunner.startTransaction();
    for (const statement of statements) await queryRunner.query(statement);
    await queryRunner.commitTransaction();
  } catch (error) {
    if (queryRunner.isTransactionActive) await queryRunner.rollbackTransaction();
    throw error;
  } finally {
    await queryRunner.release();
  }
}

interface Sqlite3Handle {
  exec(sql: string, callback?: (error: Error | null) => void): unknown;
}

/** Whether the statements open their own transactions (strata's `--sql` output does). */
const managesTransactions = (statements: readonly string[]) => statements.some((s) => /^BEGIN\b/i.test(s.trim()));

/**
 * The one-script limit (`psql -1 -f`): the statements as a single multi-statement script
 * in one transaction (or in the transactions they open themselves), one round trip
 * through the driver. Comment lines are left out.
 */
export async function oneScript(dataSource: DataSource, statements: readonly string[]): Promise<void> {
  const body = statements.filter((s) => !s.startsWith("--")).map((s) => (s.trimEnd().endsWith(";") ? s : `${s};`));
  const script = managesTransactions(body) ? body.join("\n") : `BEGIN;\n${body.join("\n")}\nCOMMIT;`;
  const queryRunner = dataSource.createQueryRunner();
  try {
    const handle = (await queryRunner.connect()) as Sqlite3Handle & { query(sql: string): Promise<unknown> };
    const type = dataSource.options.type;
    if (type === "postgres") await handle.query(script);
    else if (type === "better-sqlite3") handle.exec(script);
    else await new Promise<void>((ok, fail) => handle.exec(script, (error) => (error ? fail(error) : ok())));
  } finally {
    await queryRunner.release();
  }
}

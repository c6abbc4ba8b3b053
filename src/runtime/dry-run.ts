import { diffSchemas } from "../diff";
import { createSchema } from "../operations/apply/create-schema";
import type { SchemaModel } from "../schema/model";
import { appliedIds } from "./applied";
import { withBatchedSchemaCalls } from "./batched-schema-calls";
import type { AppliedRow } from "./version-table";
import { captureSqlInto } from "./capture-sql";
import { createScratch } from "./prepared-scratch";
import { type RunOptions, runSteps, type Step } from "./run-steps";
import { type Session, withSession } from "./session";
import { type ColumnsByTable, type LostValues, lostValues } from "./kept-values";
import { isStrataTable } from "./strata-tables";

export interface DryRun extends LostValues {
  /** Every statement the steps ran, transaction control and PRAGMA lines included, in order. */
  readonly statements: readonly string[];
}

const columnsOf = (schema: SchemaModel): ColumnsByTable => new Map(schema.tables.map((t) => [t.name, new Set(t.columns.map((c) => c.name))]));

/**
 * Runs `steps` exactly as a real run would (own transactions, failed marks, foreign keys
 * off around SQLite rebuilds, `transaction: false` revisions outside any transaction),
 * but on a scratch database holding the live one's schema and version rows; the live
 * database is only read. Returns what ran and what it dropped. A revision whose SQL
 * depends on the rows (a data migration) prints what it does on an empty copy of the
 * schema. `options` shape the transactions of `steps`: `--sql` asks for every statement
 * on its own, as it prints them; the data-loss check asks for the revisions' own, and
 * reads what moved where off them (kept-values.ts).
 *
 * The scratch database is a copy of the live schema, built in one transaction whatever
 * the length of the history (liveCopy). Where none can be built, or when the steps fail
 * on the copy (a revision may need rows that the history inserted), it replays the
 * revisions the live database has applied, grouped.
 */
export async function dryRun(session: Session, steps: readonly Step[], options: RunOptions = {}): Promise<DryRun> {
  const copy = await liveCopy(session);
  if (copy !== undefined) {
    try {
      return await onScratch(session, copy, steps, options);
    } catch {
      // replayed below: the replay reports a failure of its own
    }
  }
  return onScratch(session, (replica) => replayApplied(session, replica), steps, options);
}

/**
 * How to build the live schema on the scratch database without its history: the
 * dialect's exact copy where it has one (SQLite keeps every object's CREATE text), else
 * the schema model's creation operations, when the live schema holds nothing the model
 * does not (views, triggers, functions …); undefined when neither serves. Either way
 * with the live version rows.
 */
async function liveCopy(live: Session): Promise<((replica: Session) => Promise<void>) | undefined> {
  const { dialect, queryRunner, config } = live;
  if (dialect.schemaCopy) {
    // A schema the dialect cannot copy exactly (SQLite's virtual tables) is no schema for the model either.
    const exact = await dialect.schemaCopy(queryRunner);
    if (exact === undefined) return undefined;
    return (replica) =>
      seed(replica, live.rows, async () => {
        if (exact.length > 0) await dialect.runScript(replica.queryRunner, exact);
      });
  }
  if ((await dialect.listUnmodelledObjects(queryRunner)).length > 0) return undefined;
  const schema = await dialect.introspect(queryRunner, { exclude: (table) => isStrataTable(config, table) });
  const operations = diffSchemas({ tables: [], enums: [] }, schema);
  return (replica) =>
    seed(replica, live.rows, () => withBatchedSchemaCalls(replica.queryRunner, dialect, () => createSchema(replica.queryRunner, operations)));
}

/** `build`, then the live version rows, on the empty scratch database, in one transaction. */
async function seed(replica: Session, rows: readonly AppliedRow[], build: () => Promise<unknown>): Promise<void> {
  const { dialect, queryRunner, versionTable } = replica;
  await dialect.begin(queryRunner, replica.lock);
  try {
    await build();
    await versionTable.ensure(queryRunner); // a version table of an older strata gains its columns, as a run's would
    if (rows.length > 0) await dialect.runScript(queryRunner, rows.map((row) => versionTable.insertStatement(row)));
    await dialect.commit(queryRunner);
  } catch (error) {
    await dialect.rollback(queryRunner).catch(() => {});
    throw error;
  }
}

async function replayApplied(live: Session, replica: Session): Promise<void> {
  const { graph } = live;
  const applied = graph.inOrder([...appliedIds(live)].filter((id) => graph.has(id)));
  if (applied.length === 0) return;
  await replica.versionTable.ensure(replica.queryRunner);
  await runSteps(replica, applied.map((revision) => ({ revision, direction: "up" as const })));
}

/** Runs `steps` on a new scratch database that `seed` first fills, and drops it. */
async function onScratch(
  session: Session,
  seed: (replica: Session) => Promise<void>,
  steps: readonly Step[],
  options: RunOptions,
): Promise<DryRun> {
  const { dialect, dataSource, queryRunner, config } = session;
  const { scratch, config: onScratch, prepared } = await createScratch(dialect, dataSource.options, queryRunner, (options) => ({ ...config, dataSource: options }));
  try {
    return await withSession(onScratch, { write: true, graph: session.graph, prepared }, async (replica) => {
      const exclude = { exclude: (table: string) => isStrataTable(config, table) };
      await seed(replica);
      const before = columnsOf(await dialect.introspect(replica.queryRunner, exclude));
      const statements: string[] = [];
      const commented: Session = {
        ...replica,
        onEvent: (event) => {
          if (event.type === "start") {
            statements.push(`-- ${event.direction === "up" ? "upgrade to" : "downgrade from"} ${event.revision}: ${event.message.replace(/\s+/g, " ")}`);
          }
        },
      };
      await captureSqlInto(replica.queryRunner, statements, async () => {
        if (steps.length > 0) await replica.versionTable.ensure(replica.queryRunner);
        await runSteps(commented, steps, options);
      });
      const after = columnsOf(await dialect.introspect(replica.queryRunner, exclude));
      return { statements, ...lostValues(before, after, statements) };
    });
  } finally {
    await scratch.drop();
  }
}

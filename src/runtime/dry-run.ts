import type { SchemaModel } from "../schema/model";
import { appliedIds } from "./applied";
import { captureSqlInto } from "./capture-sql";
import { type RunOptions, runSteps, type Step } from "./run-steps";
import { type Session, withSession } from "./session";
import { isStrataTable } from "./strata-tables";

export interface DroppedColumn {
  readonly table: string;
  readonly column: string;
}

export interface DryRun {
  /** Every statement the steps ran, transaction control and PRAGMA lines included, in order. */
  readonly statements: readonly string[];
  /** Tables the steps drop, and columns they drop from tables that stay. */
  readonly droppedTables: readonly string[];
  readonly droppedColumns: readonly DroppedColumn[];
}

const columnsOf = (schema: SchemaModel) => new Map(schema.tables.map((t) => [t.name, new Set(t.columns.map((c) => c.name))]));

/**
 * Runs `steps` exactly as a real run would (own transactions, failed marks, foreign keys
 * off around SQLite rebuilds, `transaction: false` revisions outside any transaction),
 * but on a scratch database that first replays the revisions the live database has
 * applied; the live database is only read. Returns what ran and what it dropped.
 * A revision whose SQL depends on the rows (a data migration) prints what it does on
 * an empty copy of the schema. `options` shape the transactions of `steps` (the replayed
 * history always runs grouped).
 */
export async function dryRun(session: Session, steps: readonly Step[], options: RunOptions = {}): Promise<DryRun> {
  const { dialect, dataSource, queryRunner, graph, config } = session;
  const applied = graph.inOrder([...appliedIds(session)].filter((id) => graph.has(id)));
  const scratch = await dialect.createScratchDatabase(dataSource.options, queryRunner);
  try {
    return await withSession({ ...config, dataSource: scratch.options }, { write: true }, async (replica) => {
      const exclude = { exclude: (table: string) => isStrataTable(config, table) };
      if (applied.length > 0) {
        await replica.versionTable.ensure(replica.queryRunner);
        await runSteps(replica, applied.map((revision) => ({ revision, direction: "up" as const })));
      }
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
        await runSteps(commented, steps, { ...options, statementByStatement: true });
      });
      const after = columnsOf(await dialect.introspect(replica.queryRunner, exclude));
      const droppedTables = [...before.keys()].filter((t) => !after.has(t)).sort();
      const droppedColumns = [...before]
        .filter(([table]) => after.has(table))
        .flatMap(([table, columns]) => [...columns].filter((c) => !after.get(table)!.has(c)).map((column) => ({ table, column })));
      return { statements, droppedTables, droppedColumns };
    });
  } finally {
    await scratch.drop();
  }
}

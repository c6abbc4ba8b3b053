import type { QueryRunner } from "typeorm";
import { quoteIdentifier } from "../config/identifier";
import { dryRun } from "./dry-run";
import type { Step } from "./run-steps";
import type { Session } from "./session";

/** What a run would drop, with the rows (or non-null values) the live database holds there. */
export interface DataLoss {
  readonly tables: readonly { readonly table: string; readonly rows: number }[];
  readonly columns: readonly { readonly table: string; readonly column: string; readonly rows: number }[];
  /** Why what the run drops could not be worked out (the dry run failed); then it may drop anything. */
  readonly unknown?: string;
}

/** Whether going ahead may lose rows: something dropped holds some, or nobody could tell. */
export const losesRows = (loss: DataLoss): boolean =>
  loss.unknown !== undefined || loss.tables.some((t) => t.rows > 0) || loss.columns.some((c) => c.rows > 0);

/** The rows of `table`, or the non-NULL values of its `column`; 0 when the live database has no such table or column. */
export async function countValues(queryRunner: QueryRunner, table: string, column?: string): Promise<number> {
  const what = column === undefined ? "*" : quoteIdentifier(column);
  try {
    const [row] = await queryRunner.query(`SELECT COUNT(${what}) AS n FROM ${quoteIdentifier(table)}`);
    return Number(row.n);
  } catch {
    return 0; // not in the live database (it drifted from the revisions): nothing there to lose
  }
}

/**
 * Finds what `steps` drop by running them on a scratch copy of the schema (dry-run.ts:
 * the cost is the replay of the history on an empty database, whatever the row counts),
 * then counts what the live database holds in those tables and columns. Each statement
 * of the revisions goes on its own, so that a rename or a table rebuild is seen keeping
 * its values.
 */
export async function measureDataLoss(session: Session, steps: readonly Step[]): Promise<DataLoss> {
  let dropped;
  try {
    dropped = await dryRun(session, steps, { revisionStatementsAlone: true });
  } catch (error) {
    return { tables: [], columns: [], unknown: error instanceof Error ? error.message.split("\n")[0]! : String(error) };
  }
  const { queryRunner } = session;
  const tables = [];
  for (const table of dropped.droppedTables) tables.push({ table, rows: await countValues(queryRunner, table) });
  const computed = await generatedColumns(session, new Set(dropped.droppedColumns.map((c) => c.table)));
  const columns = [];
  for (const { table, column } of dropped.droppedColumns) {
    if (!computed.has(`${table}.${column}`)) columns.push({ table, column, rows: await countValues(queryRunner, table, column) });
  }
  return { tables, columns };
}

/** The live `table.column` names among `tables` that are generated: dropping one loses nothing its expression cannot give back. */
async function generatedColumns(session: Session, tables: ReadonlySet<string>): Promise<Set<string>> {
  if (tables.size === 0) return new Set();
  const live = await session.dialect.introspect(session.queryRunner, { exclude: (name) => !tables.has(name) });
  return new Set(live.tables.flatMap((t) => t.columns.filter((c) => c.asExpression !== undefined).map((c) => `${t.name}.${c.name}`)));
}

import type { QueryRunner } from "typeorm";
import type { Dialect } from "../dialect/dialect";
import { forgetLoadedTables } from "../dialect/forget-loaded-tables";

interface SchemaQuery {
  readonly query: string;
  readonly parameters?: readonly unknown[];
}

/** The internals of TypeORM's query runners this relies on, alike in typeorm 0.3 and 1.x (BaseQueryRunner). */
interface SchemaCalls {
  sqlMemoryMode: boolean;
  executeQueries(up: SchemaQuery | SchemaQuery[], down: SchemaQuery | SchemaQuery[]): Promise<void>;
  query(...args: unknown[]): Promise<unknown>;
}

/** Where a revision's held-back schema calls begin: the same SQL on SQLite and PostgreSQL. */
const MARK = "strata_schema_calls";

/**
 * Runs `work` (a revision's up or down, inside its transaction) with TypeORM's schema
 * calls on `queryRunner` (createTable, createIndex, addColumn …) sent in as few scripts
 * as can be, one round trip each:
 *
 * - Until the revision first reads or sends a statement of its own, its schema calls are
 *   held back, and go as one script under a savepoint when that happens or when it
 *   returns: a revision that only creates, alters and drops sends one script in all.
 * - Should that script fail (or the revision throw while calls were held back), the
 *   revision is undone to where it began and run again with each call sent before it
 *   returns, so that the error surfaces at the call that caused it, where the
 *   revision's own `try/catch` expects it. Its code then runs twice.
 * - After that script, each call sends its statements as one script and finishes, or
 *   throws, before it returns.
 *
 * TypeORM's SQL-in-memory mode (its `log()`) and statements with bound parameters go
 * through as TypeORM sends them.
 */
export async function withBatchedSchemaCalls<T>(queryRunner: QueryRunner, dialect: Dialect, work: () => Promise<T>): Promise<T> {
  const runner = queryRunner as unknown as SchemaCalls;
  const { executeQueries, query } = runner;
  const ownBefore = { executeQueries: ownMethod(runner, "executeQueries"), query: ownMethod(runner, "query") };
  /** The statements held back; undefined once they are sent and each call goes as it comes. */
  let held: string[] | undefined = [];
  let heldFailed = false;

  const sendHeld = async (): Promise<void> => {
    const statements = held;
    held = undefined;
    if (statements === undefined || statements.length === 0) return;
    try {
      await dialect.runScript(queryRunner, [`SAVEPOINT ${MARK}`, ...statements, `RELEASE SAVEPOINT ${MARK}`]);
    } catch (error) {
      heldFailed = true;
      throw error;
    }
  };

  runner.executeQueries = function (this: SchemaCalls, up, down) {
    const statements = Array.isArray(up) ? up : [up];
    const holding = held !== undefined;
    if (this.sqlMemoryMode || statements.some((s) => s.parameters?.length) || (!holding && statements.length < 2)) {
      return sendHeld().then(() => executeQueries.call(this, up, down));
    }
    // TypeORM's own bookkeeping (its in-memory log of up and down SQL) without its statement-by-statement run.
    this.sqlMemoryMode = true;
    let recorded: Promise<void>;
    try {
      recorded = executeQueries.call(this, up, down);
    } finally {
      this.sqlMemoryMode = false;
    }
    const sql = statements.map((s) => s.query);
    return recorded.then(() => (held !== undefined ? void held.push(...sql) : dialect.runScript(queryRunner, sql)));
  };
  // A statement of the revision's own, or a read of TypeORM's, sends what is held back first.
  runner.query = function (this: SchemaCalls, ...args) {
    return sendHeld().then(() => query.apply(this, args));
  };

  try {
    try {
      const result = await work();
      await sendHeld();
      if (!heldFailed) return result; // else the revision caught the held script's error itself
    } catch (error) {
      const wasHolding = held !== undefined && held.length > 0;
      if (!heldFailed && !wasHolding) throw error;
    }
    if (heldFailed) await dialect.runScript(queryRunner, [`ROLLBACK TO SAVEPOINT ${MARK}`, `RELEASE SAVEPOINT ${MARK}`]);
    // TypeORM's cache of the tables holds what the held-back calls did.
    forgetLoadedTables(queryRunner);
    held = undefined;
    return await work();
  } finally {
    restore(runner, "executeQueries", ownBefore.executeQueries);
    restore(runner, "query", ownBefore.query);
  }
}

function ownMethod<K extends keyof SchemaCalls>(runner: SchemaCalls, name: K): SchemaCalls[K] | undefined {
  return Object.prototype.hasOwnProperty.call(runner, name) ? runner[name] : undefined;
}

/** Puts back the method the runner had as its own, or lets its prototype's show again. */
function restore<K extends "executeQueries" | "query">(runner: SchemaCalls, name: K, own: SchemaCalls[K] | undefined): void {
  if (own) runner[name] = own;
  else delete (runner as Partial<SchemaCalls>)[name];
}

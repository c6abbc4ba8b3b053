import type { QueryRunner } from "typeorm";
import { StrataError } from "../../errors";
import type { Dialect } from "../dialect";
import { sleep } from "../sleep";
import { stepSavepoint } from "../step-savepoint";
import { callsOn } from "./own-sqlite3";
import { isSqliteBusy } from "./sqlite-busy";
import { runSqliteScript } from "./sqlite-script";
import { SQLITE_TABLES_JSON } from "./sqlite-version-table";

const BUSY_TIMEOUT_MS = 1_000;

interface Violation {
  readonly table: string;
  readonly rowid: number | null;
  readonly parent: string;
  readonly fkid: number;
}
const key = (v: Violation) => `${v.table}\u0000${v.rowid}\u0000${v.parent}\u0000${v.fkid}`;

/** Violations already there when the run started: not the revisions' doing, so not theirs to fail on. */
const before = new WeakMap<QueryRunner, ReadonlySet<string>>();

/** The tables of `PRAGMA foreign_key_check` rows that are new since the run started, for a message naming them. */
async function foreignKeyViolations(queryRunner: QueryRunner): Promise<string[]> {
  const rows: Violation[] = await queryRunner.query(`PRAGMA foreign_key_check`);
  const old = before.get(queryRunner) ?? new Set();
  return [...new Set(rows.filter((r) => !old.has(key(r))).map((r) => `${r.table} (references ${r.parent})`))];
}

/** Rows changed by this connection so far and the schema's version: a foreign key can only break when one of them moves. */
interface ChangeMark {
  readonly changes: number;
  readonly schema: number;
}

async function changeMark(queryRunner: QueryRunner): Promise<ChangeMark> {
  const [row]: ChangeMark[] = await queryRunner.query("SELECT total_changes() AS changes, schema_version AS schema FROM pragma_schema_version");
  return { changes: Number(row!.changes), schema: Number(row!.schema) };
}

/** The tables as the last step read them, with the schema version they were read at. */
const tablesAt = new WeakMap<QueryRunner, { readonly schema: number; readonly tables: readonly string[] }>();

/**
 * After a revision: the change mark and, only when the schema version moved since the
 * last read, the table list, in one query (the sqlite3 driver costs a few tenths of a
 * millisecond per statement, which a long history pays per revision).
 */
async function stepMark(queryRunner: QueryRunner): Promise<{ mark: ChangeMark; tables: readonly string[] }> {
  const known = tablesAt.get(queryRunner);
  const [row]: (ChangeMark & { tables: string | null })[] = await queryRunner.query(
    `SELECT total_changes() AS changes, schema_version AS schema, CASE WHEN schema_version = ? THEN NULL ELSE (${SQLITE_TABLES_JSON}) END AS tables FROM pragma_schema_version`,
    [known?.schema ?? -1],
  );
  const mark = { changes: Number(row!.changes), schema: Number(row!.schema) };
  // Sorted here too: SQLite does not promise an aggregate keeps its subquery's order.
  const tables = row!.tables === null && known ? known.tables : (JSON.parse(row!.tables ?? "[]") as string[]).sort();
  tablesAt.set(queryRunner, { schema: mark.schema, tables });
  return { mark, tables };
}

/** The change mark at the last foreign key check that passed: a whole-database check is only worth running when it moved. */
const checkedAt = new WeakMap<QueryRunner, ChangeMark>();

/**
 * PRAGMA foreign_key_check over the whole database, unless nothing but `ownRows` rows of
 * strata's own tables (which no foreign key points at) changed between the last check
 * and `mark`. A rolled-back change still counts as one, so the test errs towards checking.
 */
async function checkForeignKeys(queryRunner: QueryRunner, mark: ChangeMark, ownRows: number): Promise<void> {
  const last = checkedAt.get(queryRunner);
  if (last === undefined || last.schema !== mark.schema || mark.changes - last.changes > ownRows) {
    const violations = await foreignKeyViolations(queryRunner);
    if (violations.length > 0) {
      throw new StrataError(`Foreign key check failed in ${violations.join(", ")}: rows point at missing parents.`);
    }
  }
  checkedAt.set(queryRunner, mark);
}

/**
 * The connection's call count (see callsOn) when the revision about to run began, set
 * only by a savepoint: inside a transaction that a step already marked (stepMark), so
 * that between that mark and the revision only strata's own statements ran (savepoints
 * and version rows, which leave the schema and foreign keys as they were) and no other
 * connection could write.
 */
const revisionStart = new WeakMap<QueryRunner, number>();

/** Whether the connection had no call since the revision began: it changed nothing, and the last step's mark still holds. */
function revisionSentNothing(queryRunner: QueryRunner): boolean {
  const start = revisionStart.get(queryRunner);
  revisionStart.delete(queryRunner);
  return start !== undefined && start === callsOn(queryRunner) && tablesAt.has(queryRunner) && checkedAt.has(queryRunner);
}

const savepoints = stepSavepoint(runSqliteScript);

/**
 * Tells TypeORM whether strata's own transaction is open, so that revision code calling
 * startTransaction() inside it nests a savepoint instead of a second BEGIN. The one use
 * of TypeORM's internals: AbstractSqliteQueryRunner keeps the state in these two fields
 * for sqlite3 and better-sqlite3 alike, in typeorm 0.3 and 1.x.
 */
function markTransaction(queryRunner: QueryRunner, open: boolean): void {
  if (typeof (queryRunner as QueryRunner & { transactionDepth?: unknown }).transactionDepth !== "number") {
    throw new StrataError("This typeorm version keeps no transactionDepth on its SQLite query runner; strata runs on typeorm 0.3.20+ and 1.x.");
  }
  Object.assign(queryRunner, { isTransactionActive: open, transactionDepth: open ? 1 : 0 });
}

/**
 * Every write transaction is BEGIN IMMEDIATE (the write lock up front, never an upgrade
 * that fails mid-transaction) retried under a short busy timeout, because the app itself
 * may be writing. Foreign keys are switched off outside the transaction (inside one the
 * pragma is ignored, and a table rebuild would cascade-delete child rows), and PRAGMA
 * foreign_key_check runs after every revision and before every commit instead, whenever
 * rows or the schema changed since the last check.
 */
export const sqliteTransactions: Pick<
  Dialect,
  "begin" | "commit" | "rollback" | "savepoint" | "rollbackToSavepoint" | "afterStep" | "beforeRevisions" | "afterRevisions"
> = {
  async begin(queryRunner, { timeoutMs, onWait }) {
    revisionStart.delete(queryRunner);
    await queryRunner.query(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
    const started = Date.now();
    let reported = false;
    for (;;) {
      try {
        await queryRunner.query("BEGIN IMMEDIATE");
        break;
      } catch (error) {
        if (!isSqliteBusy(error)) throw error;
        const waited = Date.now() - started;
        if (waited >= timeoutMs) {
          throw new StrataError(
            `Gave up after ${Math.round(waited / 1000)} s waiting for another writer to release the SQLite database. ` +
              `Let the other run finish, then run again.`,
            { cause: error },
          );
        }
        if (!reported) onWait?.("another process writing to the SQLite database");
        reported = true;
        await sleep(50 + Math.floor(Math.random() * 100));
      }
    }
    markTransaction(queryRunner, true);
  },

  async commit(queryRunner, ownRows = 0) {
    revisionStart.delete(queryRunner);
    await checkForeignKeys(queryRunner, await changeMark(queryRunner), ownRows);
    await queryRunner.query("COMMIT");
    markTransaction(queryRunner, false);
  },

  async rollback(queryRunner) {
    revisionStart.delete(queryRunner);
    if (!queryRunner.isTransactionActive) return;
    // The schema version goes back too, and may come forward again to other tables.
    tablesAt.delete(queryRunner);
    markTransaction(queryRunner, false);
    await queryRunner.query("ROLLBACK");
  },

  async savepoint(queryRunner, releaseLast, first) {
    await savepoints.savepoint(queryRunner, releaseLast, first);
    const calls = callsOn(queryRunner);
    if (calls !== undefined) revisionStart.set(queryRunner, calls);
  },

  async rollbackToSavepoint(queryRunner) {
    revisionStart.delete(queryRunner);
    await savepoints.rollbackToSavepoint(queryRunner);
  },

  async afterStep(queryRunner, { verify, ownRows }) {
    // A revision that sent nothing (a merge point, say) changed nothing to check: the
    // checked mark moves past the version rows written since (no foreign key points at
    // them), as a check would have, one round trip less per such revision.
    if (revisionSentNothing(queryRunner)) {
      const checked = checkedAt.get(queryRunner)!;
      checkedAt.set(queryRunner, { ...checked, changes: checked.changes + ownRows });
      return [...tablesAt.get(queryRunner)!.tables];
    }
    const { mark, tables } = await stepMark(queryRunner);
    if (verify) await checkForeignKeys(queryRunner, mark, ownRows);
    return [...tables];
  },

  async beforeRevisions(queryRunner) {
    await queryRunner.query("PRAGMA foreign_keys = OFF");
    const rows: Violation[] = await queryRunner.query(`PRAGMA foreign_key_check`);
    before.set(queryRunner, new Set(rows.map(key)));
    checkedAt.set(queryRunner, await changeMark(queryRunner));
  },
  async afterRevisions(queryRunner) {
    await queryRunner.query("PRAGMA foreign_keys = ON");
  },
};

import type { Dialect } from "./dialect";

const SAVEPOINT = "strata_revision";

/**
 * One revision's savepoint inside a transaction that holds earlier revisions: the same
 * SQL on SQLite and PostgreSQL, and a name apart from TypeORM's own (`typeorm_N`), which
 * revision code nesting startTransaction() uses. Releasing the last revision's savepoint
 * and marking the next one's start go together, as one script: a long history pays a
 * round trip per revision less (and its version row goes with them, see CommitGroup).
 */
export function stepSavepoint(runScript: Dialect["runScript"]): Pick<Dialect, "savepoint" | "rollbackToSavepoint"> {
  return {
    async savepoint(queryRunner, releaseLast, first = []) {
      await runScript(queryRunner, [...first, ...(releaseLast ? [`RELEASE SAVEPOINT ${SAVEPOINT}`] : []), `SAVEPOINT ${SAVEPOINT}`]);
    },
    async rollbackToSavepoint(queryRunner) {
      await runScript(queryRunner, [`ROLLBACK TO SAVEPOINT ${SAVEPOINT}`, `RELEASE SAVEPOINT ${SAVEPOINT}`]);
    },
  };
}

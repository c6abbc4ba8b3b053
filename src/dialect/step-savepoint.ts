import type { Dialect } from "./dialect";

const SAVEPOINT = "strata_revision";

/**
 * One revision's savepoint inside a transaction that holds earlier revisions: the same
 * SQL on SQLite and PostgreSQL, and a name apart from TypeORM's own (`typeorm_N`), which
 * revision code nesting startTransaction() uses.
 */
export const stepSavepoint: Pick<Dialect, "savepoint" | "releaseSavepoint" | "rollbackToSavepoint"> = {
  async savepoint(queryRunner) {
    await queryRunner.query(`SAVEPOINT ${SAVEPOINT}`);
  },
  async releaseSavepoint(queryRunner) {
    await queryRunner.query(`RELEASE SAVEPOINT ${SAVEPOINT}`);
  },
  async rollbackToSavepoint(queryRunner) {
    await queryRunner.query(`ROLLBACK TO SAVEPOINT ${SAVEPOINT}`);
    await queryRunner.query(`RELEASE SAVEPOINT ${SAVEPOINT}`);
  },
};

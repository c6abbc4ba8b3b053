import type { Dialect } from "../dialect";

/** PostgreSQL runs DDL in transactions as it is: TypeORM's own transaction calls. */
export const postgresTransactions: Pick<Dialect, "begin" | "commit" | "rollback" | "beforeRevisions" | "afterRevisions"> = {
  async begin(queryRunner) {
    await queryRunner.startTransaction();
  },
  async commit(queryRunner) {
    await queryRunner.commitTransaction();
  },
  async rollback(queryRunner) {
    if (queryRunner.isTransactionActive) await queryRunner.rollbackTransaction();
  },
  async beforeRevisions() {},
  async afterRevisions() {},
};

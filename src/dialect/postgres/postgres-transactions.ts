import type { Dialect } from "../dialect";
import { postgresVersionTable } from "./postgres-version-table";

/** PostgreSQL runs DDL in transactions as it is: TypeORM's own transaction calls. */
export const postgresTransactions: Pick<Dialect, "begin" | "commit" | "rollback" | "afterStep" | "beforeRevisions" | "afterRevisions"> = {
  async begin(queryRunner) {
    await queryRunner.startTransaction();
  },
  async commit(queryRunner) {
    await queryRunner.commitTransaction();
  },
  async rollback(queryRunner) {
    if (queryRunner.isTransactionActive) await queryRunner.rollbackTransaction();
  },
  // Foreign keys stay on: PostgreSQL checks every statement (or the commit, for deferred ones).
  afterStep: (queryRunner) => postgresVersionTable.listTables(queryRunner),
  async beforeRevisions() {},
  async afterRevisions() {},
};

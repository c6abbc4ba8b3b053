import type { QueryRunner } from "typeorm";
import { StrataError } from "../../errors";

const SAVEPOINT = "strata_rebuild";

/**
 * Runs `work` with foreign keys off, all or nothing. SQLite ignores `PRAGMA
 * foreign_keys` inside a transaction, so inside one the caller must have switched them
 * off before opening it (strata's runtime does, for every SQLite revision); then `work`
 * runs under a savepoint. Outside a transaction this switches them off, runs `work` in
 * a transaction of its own and switches them back on.
 */
export async function withForeignKeysOff(queryRunner: QueryRunner, what: string, work: () => Promise<void>): Promise<void> {
  // Read through the table-valued form: a SELECT, which `--sql` output leaves out.
  const [{ foreign_keys: enabled }]: { foreign_keys: number }[] = await queryRunner.query("SELECT foreign_keys FROM pragma_foreign_keys");
  if (queryRunner.isTransactionActive) {
    if (Number(enabled) === 1) {
      throw new StrataError(
        `${what[0]!.toUpperCase()}${what.slice(1)} needs foreign keys off, and SQLite ignores PRAGMA foreign_keys inside a transaction. ` +
          `Run the revision with strata, which switches them off before its transaction, or do so before opening yours.`,
      );
    }
    await queryRunner.query(`SAVEPOINT ${SAVEPOINT}`);
    try {
      await work();
      await queryRunner.query(`RELEASE ${SAVEPOINT}`);
    } catch (error) {
      await queryRunner.query(`ROLLBACK TO ${SAVEPOINT}`);
      await queryRunner.query(`RELEASE ${SAVEPOINT}`);
      throw error;
    }
    return;
  }
  if (Number(enabled) === 1) await queryRunner.query("PRAGMA foreign_keys = OFF");
  try {
    await queryRunner.query("BEGIN IMMEDIATE");
    try {
      await work();
      await queryRunner.query("COMMIT");
    } catch (error) {
      await queryRunner.query("ROLLBACK");
      throw error;
    }
  } finally {
    if (Number(enabled) === 1) await queryRunner.query("PRAGMA foreign_keys = ON");
  }
}

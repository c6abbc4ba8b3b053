import type { QueryRunner } from "typeorm";
import type { Dialect } from "../dialect";
import { acquireLockFile, releaseLockFile } from "./sqlite-lock-file";
import { dataSourceOf } from "../data-source-of";

/** `<database>.<versionTable>.lock`; none for an in-memory database, which one process owns. */
function lockFilePath(queryRunner: QueryRunner, versionTable: string): string | undefined {
  const database = String(dataSourceOf(queryRunner).options.database ?? ":memory:");
  return database === ":memory:" || database === "" ? undefined : `${database}.${versionTable}.lock`;
}

/** SQLite has no session locks: a lock file beside the database serialises runs. */
export const sqliteRunLock: Pick<Dialect, "acquireRunLock" | "releaseRunLock"> = {
  async acquireRunLock(queryRunner, { versionTable, timeoutMs, onWait }) {
    const path = lockFilePath(queryRunner, versionTable);
    if (path) await acquireLockFile(path, timeoutMs, onWait);
  },
  async releaseRunLock(queryRunner, { versionTable }) {
    const path = lockFilePath(queryRunner, versionTable);
    if (path) releaseLockFile(path);
  },
};

import type { QueryRunner } from "typeorm";
import type { Dialect } from "../dialect";
import { dataSourceOf } from "../data-source-of";
import { acquireLockDatabase, type HeldLock } from "./sqlite-lock-file";

/** `<database>.<versionTable>.lock`; none for an in-memory database, which one process owns. */
function lockFilePath(queryRunner: QueryRunner, versionTable: string): string | undefined {
  const database = String(dataSourceOf(queryRunner).options.database ?? ":memory:");
  return database === ":memory:" || database === "" ? undefined : `${database}.${versionTable}.lock`;
}

const held = new WeakMap<QueryRunner, HeldLock>();

/** SQLite has no session locks: a lock database beside the app's serialises runs (sqlite-lock-file.ts). */
export const sqliteRunLock: Pick<Dialect, "acquireRunLock" | "releaseRunLock"> = {
  async acquireRunLock(queryRunner, { versionTable, timeoutMs, onWait }) {
    const path = lockFilePath(queryRunner, versionTable);
    if (path) held.set(queryRunner, await acquireLockDatabase(queryRunner, path, timeoutMs, onWait));
  },
  async releaseRunLock(queryRunner) {
    const lock = held.get(queryRunner);
    held.delete(queryRunner);
    await lock?.release();
  },
};

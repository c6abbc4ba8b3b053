/**
 * SQLite's "database is locked" (SQLITE_BUSY): another connection holds the write lock,
 * and the statement changed nothing, so it may be tried again. sqlite3 and better-sqlite3
 * report it by code (on TypeORM's QueryFailedError, or its driverError) and by message.
 */
export function isSqliteBusy(error: unknown): boolean {
  const codes = [error, (error as { driverError?: unknown } | null)?.driverError].map((e) => (e as { code?: unknown } | null)?.code);
  if (codes.some((code) => typeof code === "string" && code.startsWith("SQLITE_BUSY"))) return true;
  return /SQLITE_BUSY|database is locked/i.test(String((error as Error)?.message ?? error));
}

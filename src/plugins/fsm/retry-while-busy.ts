import { FsmBusyError } from "./fsm-errors";

/** True for SQLite's "database is locked" (sqlite3 and better-sqlite3, through TypeORM's QueryFailedError). */
export function isSqliteBusy(error: unknown): boolean {
  const codes = [error, (error as { driverError?: unknown } | null)?.driverError].map((e) => (e as { code?: unknown } | null)?.code);
  return codes.some((code) => typeof code === "string" && code.startsWith("SQLITE_BUSY"));
}

/** A randomised, growing pause (2 ms doubling to 100 ms), so waiting processes do not retry in step. */
export function backoffMs(attempt: number): number {
  return Math.min(100, 2 ** (attempt + 1)) * (0.5 + Math.random());
}

export const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

/**
 * Runs one autocommit statement, again after a pause while another process holds the
 * SQLite database's lock (the driver's own busy timeout, when the app set none, is 1 s
 * for sqlite3). A statement that failed with SQLITE_BUSY changed nothing, so it is safe
 * to repeat. After `timeoutMs` the caller gets an FsmBusyError carrying the last error.
 */
export async function retryWhileBusy<T>(statement: () => Promise<T>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 0; ; attempt++) {
    try {
      return await statement();
    } catch (error) {
      if (!isSqliteBusy(error)) throw error;
      if (Date.now() >= deadline) {
        throw new FsmBusyError(
          `The FSM table's SQLite database stayed locked by other connections for ${timeoutMs} ms. Raise fsmStorage({ busyTimeoutMs }) or find the long write transaction.`,
          { cause: error },
        );
      }
      await sleep(backoffMs(attempt));
    }
  }
}

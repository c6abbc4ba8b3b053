import { closeSync, openSync, readFileSync, readSync, rmSync, statSync, truncateSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import type { DataSource, DataSourceOptions, QueryRunner } from "typeorm";
import { StrataError } from "../../errors";
import { dataSourceOf } from "../data-source-of";
import { sleep } from "../sleep";
import { isSqliteBusy } from "./sqlite-busy";

const POLL_MS = 100;
const REPORT_EVERY_MS = 5_000;
const MAGIC = "SQLite format 3\0";

const isNotADatabase = (error: unknown) => /SQLITE_NOTADB|not a database/i.test(String((error as Error)?.message ?? error));

/** The run lock held by this process: a connection to the lock database inside BEGIN EXCLUSIVE. */
export interface HeldLock {
  release(): Promise<void>;
}

/**
 * Whatever the lock file holds that SQLite cannot open (a JSON lock of an older strata,
 * from any host; garbage) is emptied in place, and an empty file is an empty database.
 * In place, never replaced: the lock is SQLite's own lock on this inode, so a runner
 * that opened the file earlier competes for the same lock, and no two can hold it.
 */
function repairLockFile(path: string): void {
  let header = "";
  try {
    if (statSync(path).size === 0) return;
    const fd = openSync(path, "r");
    try {
      const buffer = Buffer.alloc(MAGIC.length);
      header = buffer.subarray(0, readSync(fd, buffer, 0, MAGIC.length, 0)).toString("latin1");
    } finally {
      closeSync(fd);
    }
  } catch {
    return; // no file yet: SQLite creates it
  }
  if (header !== MAGIC) truncateSync(path, 0);
}

/** Who holds it, from the note the holder leaves beside the lock (for messages only). */
function describeHolder(path: string): string {
  try {
    const note = JSON.parse(readFileSync(`${path}.holder`, "utf8")) as { pid: number; host: string; since: string };
    return `process ${note.pid} on ${note.host} (since ${note.since})`;
  } catch {
    return "another process";
  }
}

async function openLockDatabase(queryRunner: QueryRunner, path: string): Promise<{ source: DataSource; runner: QueryRunner }> {
  // The app's own DataSource class and driver: the lock database opens as the app's does.
  const app = dataSourceOf(queryRunner);
  const { type, driver } = app.options as DataSourceOptions & { driver?: unknown };
  const source = new (app.constructor as new (options: DataSourceOptions) => DataSource)({
    type,
    database: path,
    ...(driver ? { driver } : {}),
  } as DataSourceOptions);
  await source.initialize();
  const runner = source.createQueryRunner();
  // Never wait inside SQLite (better-sqlite3 would block the event loop): poll instead.
  await runner.query("PRAGMA busy_timeout = 0");
  return { source, runner };
}

/**
 * The whole-run lock of a SQLite database: `BEGIN EXCLUSIVE` held on a lock database
 * beside it (`<database>.<versionTable>.lock`) for the run. SQLite's file lock decides
 * who holds it, so two processes never both do, and the operating system releases it
 * the moment its holder dies (SIGKILL included): no stale lock to take over, no race
 * when several runners take over at once. The holder leaves a note (`.holder`) that
 * waiting runners print.
 */
export async function acquireLockDatabase(
  queryRunner: QueryRunner,
  path: string,
  timeoutMs: number,
  onWait?: (holder: string) => void,
): Promise<HeldLock> {
  repairLockFile(path);
  const { source, runner } = await openLockDatabase(queryRunner, path);
  const started = Date.now();
  let lastReport = -Infinity;
  try {
    for (;;) {
      try {
        await runner.query("BEGIN EXCLUSIVE");
        break;
      } catch (error) {
        if (isNotADatabase(error)) repairLockFile(path);
        else if (!isSqliteBusy(error)) throw error;
      }
      const waited = Date.now() - started;
      const who = `${describeHolder(path)} (lock file ${path})`;
      if (waited >= timeoutMs) {
        throw new StrataError(
          `Gave up after ${Math.round(waited / 1000)} s waiting for the migration lock held by ${who}. ` +
            `Let that run finish; the lock is released when its process ends.`,
        );
      }
      if (onWait && Date.now() - lastReport >= REPORT_EVERY_MS) {
        onWait(who);
        lastReport = Date.now();
      }
      await sleep(POLL_MS + Math.floor(Math.random() * POLL_MS));
    }
  } catch (error) {
    await source.destroy().catch(() => {});
    throw error;
  }
  const note = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  writeFileSync(`${path}.holder`, JSON.stringify(note));
  return {
    async release() {
      try {
        const current = JSON.parse(readFileSync(`${path}.holder`, "utf8")) as typeof note;
        if (current.pid === note.pid && current.since === note.since) rmSync(`${path}.holder`, { force: true });
      } catch {
        // no note, or another's: leave it
      }
      await runner.query("ROLLBACK").catch(() => {});
      await source.destroy().catch(() => {});
    },
  };
}

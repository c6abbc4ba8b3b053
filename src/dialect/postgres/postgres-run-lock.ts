import { createHash } from "node:crypto";
import { hostname } from "node:os";
import type { QueryRunner } from "typeorm";
import { StrataError } from "../../errors";
import type { Dialect, RunLockOptions } from "../dialect";
import { sleep } from "../sleep";

/** First key of strata's advisory locks ("ST"); the second is derived from the version table. */
const LOCK_CLASS = 0x5354;
const POLL_MS = 200;
const REPORT_EVERY_MS = 5_000;

function lockKey(versionTable: string): number {
  return createHash("sha256").update(versionTable).digest().readUInt32BE(0) & 0x7fffffff;
}

async function describeHolder(queryRunner: QueryRunner, key: number): Promise<string> {
  const rows: { pid: number; application_name: string; client_addr: string | null; since: string }[] =
    await queryRunner.query(
      `SELECT a.pid, a.application_name, a.client_addr::text AS client_addr,
              to_char(a.backend_start, 'YYYY-MM-DD"T"HH24:MI:SSOF') AS since
         FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
        WHERE l.locktype = 'advisory' AND l.granted AND l.classid = $1 AND l.objid = $2 AND l.objsubid = 2`,
      [LOCK_CLASS, key],
    );
  const h = rows[0];
  if (!h) return "another session (it has just released it)";
  return `backend pid ${h.pid} (${h.application_name || "no application_name"}${h.client_addr ? ` from ${h.client_addr}` : ""}, connected since ${h.since})`;
}

/**
 * PostgreSQL: one session holds an advisory lock for the whole run. Waiters poll
 * pg_try_advisory_lock rather than block in pg_advisory_lock: a blocked waiter holds a
 * snapshot that CREATE INDEX CONCURRENTLY in the holder would wait for, a deadlock.
 */
export const postgresRunLock: Pick<Dialect, "acquireRunLock" | "releaseRunLock"> = {
  async acquireRunLock(queryRunner, { versionTable, timeoutMs, onWait }: RunLockOptions) {
    const key = lockKey(versionTable);
    await queryRunner.query(`SELECT set_config('application_name', $1, false)`, [
      `strata on ${hostname()} pid ${process.pid}`.slice(0, 63),
    ]);
    const started = Date.now();
    let lastReport = -Infinity;
    for (;;) {
      const [row] = await queryRunner.query(`SELECT pg_try_advisory_lock($1, $2) AS locked`, [LOCK_CLASS, key]);
      if (row.locked) return;
      const waited = Date.now() - started;
      if (waited >= timeoutMs) {
        const holder = await describeHolder(queryRunner, key);
        throw new StrataError(
          `Gave up after ${Math.round(waited / 1000)} s waiting for the migration lock held by ${holder}. ` +
            `Let that run finish, or stop it (pg_terminate_backend) if it hangs.`,
        );
      }
      if (onWait && Date.now() - lastReport >= REPORT_EVERY_MS) {
        onWait(await describeHolder(queryRunner, key));
        lastReport = Date.now();
      }
      await sleep(POLL_MS + Math.floor(Math.random() * POLL_MS));
    }
  },

  async releaseRunLock(queryRunner, { versionTable }) {
    await queryRunner.query(`SELECT pg_advisory_unlock($1, $2)`, [LOCK_CLASS, lockKey(versionTable)]);
  },
};

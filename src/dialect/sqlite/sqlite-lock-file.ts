import { openSync, readFileSync, rmSync, writeSync, closeSync } from "node:fs";
import { hostname } from "node:os";
import { StrataError } from "../../errors";
import { sleep } from "../sleep";

interface Holder {
  readonly pid: number;
  readonly host: string;
  readonly since: string;
}

const POLL_MS = 100;
const REPORT_EVERY_MS = 5_000;

function readHolder(path: string): Holder | undefined {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as Holder;
  } catch {
    return undefined;
  }
}

function isAlive(holder: Holder): boolean {
  if (holder.host !== hostname()) return true; // cannot tell; assume it runs
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

const describe = (h: Holder) => `process ${h.pid} on ${h.host} (since ${h.since})`;

/**
 * A whole-run lock for a SQLite database: a file created exclusively beside it. SQLite
 * has no session locks, and a run may hold no transaction while a `transaction: false`
 * revision runs. A lock left by a killed process on this host is taken over.
 */
export async function acquireLockFile(path: string, timeoutMs: number, onWait?: (holder: string) => void): Promise<void> {
  const started = Date.now();
  let lastReport = -Infinity;
  for (;;) {
    try {
      const fd = openSync(path, "wx");
      writeSync(fd, JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() }));
      closeSync(fd);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const holder = readHolder(path);
    if (holder && !isAlive(holder)) {
      rmSync(path, { force: true });
      continue;
    }
    const waited = Date.now() - started;
    const who = holder ? describe(holder) : "another process";
    if (waited >= timeoutMs) {
      throw new StrataError(
        `Gave up after ${Math.round(waited / 1000)} s waiting for the migration lock held by ${who} (${path}). ` +
          `Let that run finish; delete the file only if that process is gone.`,
      );
    }
    if (onWait && Date.now() - lastReport >= REPORT_EVERY_MS) {
      onWait(who);
      lastReport = Date.now();
    }
    await sleep(POLL_MS + Math.floor(Math.random() * POLL_MS));
  }
}

export function releaseLockFile(path: string): void {
  const holder = readHolder(path);
  if (holder?.pid === process.pid && holder.host === hostname()) rmSync(path, { force: true });
}

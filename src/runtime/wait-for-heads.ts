import { relative } from "node:path";
import type { StrataConfig } from "../config/types";
import { sleep } from "../dialect/sleep";
import { StrataError } from "../errors";
import type { LoadedRevision, Phase } from "../graph/revision";
import type { EventSink } from "./events";
import { type Session, validateRows, withSession } from "./session";
import { splitByPhase } from "./split-by-phase";
import type { AppliedRow } from "./version-table";
import { WAIT_POLL_MS, WAIT_TIMEOUT_MS } from "./wait-defaults";

export interface WaitOptions {
  /**
   * "pre" (the default): wait until every pre revision the code knows is applied; post
   * revisions are the contract step that runs after the roll-out, so a new replica never
   * waits for them. "post": wait for every revision.
   */
  readonly phase?: Phase;
  /** Give up after this long (default 300 000 ms). */
  readonly timeoutMs?: number;
  /** Between two reads of the version table (default WAIT_POLL_MS). */
  readonly pollMs?: number;
  readonly onEvent?: EventSink;
}

/** A revision the replica waited for, applied meanwhile by another runner. */
export interface WaitedRevision {
  readonly revision: string;
  readonly branch: string;
  readonly phase: Phase;
  readonly message: string;
  readonly file: string;
  /** The `databases` form: which database it waited on. */
  readonly database?: string;
}

export interface WaitOutcome {
  /** What was missing when the wait began, in apply order; empty when nothing was. */
  readonly waited: readonly WaitedRevision[];
  /** Reads of the version table after the first. */
  readonly polls: number;
  readonly ms: number;
}

/**
 * `strata wait` and `migrate({ wait: true })`: a replica whose code knows revisions the
 * database lacks waits, holding no lock and no transaction, until another runner has
 * applied them (SPEC §12). Every poll validates the rows as a session does, so code
 * older than the database is refused as SPEC §6 says, at once or as soon as it becomes so.
 */
export function waitForHeads(config: StrataConfig, options: WaitOptions = {}): Promise<WaitOutcome> {
  const phase = options.phase ?? "pre";
  const timeoutMs = options.timeoutMs ?? WAIT_TIMEOUT_MS;
  const pollMs = options.pollMs ?? WAIT_POLL_MS;
  return withSession(config, { entities: "before-revisions", onEvent: options.onEvent }, async (session) => {
    const missing = (rows: readonly AppliedRow[]) =>
      splitByPhase(session.graph.upgradePlan(session.graph.appliedOf(new Set(rows.filter((r) => r.state === "applied").map((r) => r.revision))), "heads"), phase).run;
    const first = missing(session.rows);
    if (first.length === 0) return { waited: [], polls: 0, ms: 0 };
    options.onEvent?.({ type: "wait", revisions: first.map((r) => r.id), timeoutMs });
    const started = Date.now();
    let rows = session.rows;
    let polls = 0;
    let tableSeen = await session.versionTable.exists(session.queryRunner);
    for (;;) {
      const waited = Date.now() - started;
      if (waited >= timeoutMs) throw gaveUp(session, missing(rows), rows, waited);
      await sleep(Math.min(pollMs, timeoutMs - waited));
      polls++;
      try {
        // Until the first runner creates it, the table's existence is what is polled.
        tableSeen ||= await session.versionTable.exists(session.queryRunner);
        if (!tableSeen) continue;
        rows = await session.versionTable.readRows(session.queryRunner);
      } catch (error) {
        if (session.dialect.isBusy(error)) continue; // a SQLite runner committing: read again next time
        throw error;
      }
      // A failed mark is also what a running non-transactional revision looks like: wait on.
      validateRows(rows, session.graph, config, { allowFailed: true });
      if (missing(rows).length === 0) {
        return { waited: first.map((r) => waitedRevision(r, config)), polls, ms: Date.now() - started };
      }
    }
  });
}

function waitedRevision(r: LoadedRevision, config: StrataConfig): WaitedRevision {
  const where = config.database === undefined ? {} : { database: config.database };
  return { revision: r.id, branch: r.directoryBranch, phase: r.phase, message: r.message, file: relative(config.rootDir, r.file), ...where };
}

function gaveUp(session: Session, missing: readonly LoadedRevision[], rows: readonly AppliedRow[], waited: number): StrataError {
  const failed = rows.filter((r) => r.state === "failed").map((r) => r.revision);
  const list = missing.slice(0, 5).map((r) => `${r.id} (${r.directoryBranch})`).join(", ") + (missing.length > 5 ? ", …" : "");
  return new StrataError(
    `Gave up after ${Math.round(waited / 1000)} s waiting for another runner to apply ${missing.length} revision(s): ${list}.\n` +
      (failed.length > 0
        ? `Revision ${failed.join(", ")} is marked failed: inspect the database, then \`strata resolve\` it.`
        : `Nothing applied them: check that the deploy runs \`strata upgrade heads\` (or \`--phase pre\`) against ${session.config.versionTable}'s database, or wait longer (--timeout).`),
  );
}

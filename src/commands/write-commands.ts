import type { StrataConfig } from "../config/types";
import type { Phase } from "../graph/revision";
import { downgrade, type DowngradeOptions } from "../runtime/downgrade";
import type { EventSink } from "../runtime/events";
import { resolveFailed } from "../runtime/resolve-failed";
import { withSession } from "../runtime/session";
import { stamp, type StampOutcome } from "../runtime/stamp";
import { type RunOutcome, upgrade } from "../runtime/upgrade";

export interface MoveOptions {
  readonly sql?: boolean;
  /** upgrade: "pre" stops before each branch's first post revision (SPEC §12). */
  readonly phase?: Phase;
  readonly onEvent?: EventSink;
  /** downgrade: go ahead when down() drops tables or columns holding rows (see DowngradeOptions). */
  readonly allowDataLoss?: DowngradeOptions["allowDataLoss"];
}

/** `upgrade` / `downgrade`: with `sql`, nothing is locked, and the database is only read. */
export function move(config: StrataConfig, direction: "up" | "down", target: string, options: MoveOptions = {}): Promise<RunOutcome> {
  return withSession(config, { write: !options.sql, entities: "before-revisions", onEvent: options.onEvent }, (session) =>
    direction === "up"
      ? upgrade(session, target, { sql: options.sql, phase: options.phase })
      : downgrade(session, target, { sql: options.sql, allowDataLoss: options.allowDataLoss }),
  );
}

export function stampTarget(config: StrataConfig, target: string, options: { purge?: boolean; onEvent?: EventSink } = {}): Promise<StampOutcome> {
  return withSession(config, { write: true, allowFailed: Boolean(options.purge), allowGaps: true, onEvent: options.onEvent }, (session) =>
    stamp(session, target, { purge: options.purge }),
  );
}

export function resolveRevision(config: StrataConfig, revision: string, outcome: "applied" | "rolled-back", onEvent?: EventSink): Promise<string> {
  return withSession(config, { write: true, allowFailed: true, onEvent }, (session) => resolveFailed(session, revision, outcome));
}

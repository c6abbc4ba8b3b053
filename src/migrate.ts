import { resolveForApi } from "./config/resolve-config";
import type { StrataConfig, StrataConfigInput } from "./config/types";
import type { Phase } from "./graph/revision";
import type { EventSink } from "./runtime/events";
import type { StepResult } from "./runtime/run-steps";
import { withSession } from "./runtime/session";
import { upgrade } from "./runtime/upgrade";
import { type WaitedRevision, waitForHeads } from "./runtime/wait-for-heads";

export interface MigrateOptions {
  /** Default "heads". */
  readonly target?: string;
  /** What relative paths in the config resolve against (default: the config's own rootDir, which defineConfig records). */
  readonly rootDir?: string;
  readonly onEvent?: EventSink;
  /**
   * Upgrade: "pre" stops each branch before its first post revision; default everything.
   * Wait: "pre" (the default) waits for the pre revisions only, "post" for everything.
   */
  readonly phase?: Phase;
  /**
   * A replica that does not migrate (SPEC §12): apply nothing, hold no lock, and wait
   * until another runner has applied what this code needs; returns what it waited for.
   */
  readonly wait?: boolean;
  /** With `wait`: give up after this long (default 300 000 ms), with an error. */
  readonly timeoutMs?: number;
}

/**
 * Brings the database up to `target` at application start-up and returns what it
 * applied; with `wait: true`, waits for another runner to do so and returns what it
 * waited for.
 */
export async function migrate(config: StrataConfigInput | StrataConfig, options: MigrateOptions & { wait: true }): Promise<WaitedRevision[]>;
export async function migrate(config: StrataConfigInput | StrataConfig, options?: MigrateOptions & { wait?: false }): Promise<StepResult[]>;
export async function migrate(config: StrataConfigInput | StrataConfig, options: MigrateOptions): Promise<StepResult[] | WaitedRevision[]>;
export async function migrate(config: StrataConfigInput | StrataConfig, options: MigrateOptions = {}): Promise<StepResult[] | WaitedRevision[]> {
  const resolved = resolveForApi(config, options.rootDir);
  if (options.wait) {
    const outcome = await waitForHeads(resolved, { phase: options.phase, timeoutMs: options.timeoutMs, onEvent: options.onEvent });
    return [...outcome.waited];
  }
  return withSession(resolved, { write: true, onEvent: options.onEvent }, async (session) => {
    const outcome = await upgrade(session, options.target ?? "heads", { phase: options.phase });
    return [...outcome.steps];
  });
}

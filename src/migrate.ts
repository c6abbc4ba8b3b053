import { resolveSetForApi, selectDatabases } from "./config/resolve-config-set";
import type { StrataConfig, StrataConfigInput, StrataFleetInput } from "./config/types";
import { assertTablesClaimedOnce } from "./metadata/table-claims";
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
  /** The `databases` form: act on this one only (default: all, in the order given). */
  readonly database?: string;
}

type ConfigInput = StrataConfigInput | StrataFleetInput | StrataConfig;

/**
 * Brings the database up to `target` at application start-up and returns what it
 * applied; with `wait: true`, waits for another runner to do so and returns what it
 * waited for.
 */
export async function migrate(config: ConfigInput, options: MigrateOptions & { wait: true }): Promise<WaitedRevision[]>;
export async function migrate(config: ConfigInput, options?: MigrateOptions & { wait?: false }): Promise<StepResult[]>;
export async function migrate(config: ConfigInput, options: MigrateOptions): Promise<StepResult[] | WaitedRevision[]>;
export async function migrate(config: ConfigInput, options: MigrateOptions = {}): Promise<StepResult[] | WaitedRevision[]> {
  const all = resolveSetForApi(config, options.rootDir);
  await assertTablesClaimedOnce(all);
  const done: (StepResult | WaitedRevision)[] = [];
  // In the order given: a later database's code may rely on an earlier one's schema.
  for (const resolved of selectDatabases(all, options.database).databases) {
    if (options.wait) {
      const outcome = await waitForHeads(resolved, { phase: options.phase, timeoutMs: options.timeoutMs, onEvent: options.onEvent });
      done.push(...outcome.waited);
      continue;
    }
    done.push(
      ...(await withSession(resolved, { write: true, entities: "before-revisions", onEvent: options.onEvent }, async (session) => {
        const outcome = await upgrade(session, options.target ?? "heads", { phase: options.phase });
        return outcome.steps.map((step) => (resolved.database === undefined ? step : { ...step, database: resolved.database }));
      })),
    );
  }
  return done as StepResult[] | WaitedRevision[];
}

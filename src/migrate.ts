import { resolveForApi } from "./config/resolve-config";
import type { StrataConfig, StrataConfigInput } from "./config/types";
import type { EventSink } from "./runtime/events";
import type { StepResult } from "./runtime/run-steps";
import { withSession } from "./runtime/session";
import { upgrade } from "./runtime/upgrade";

export interface MigrateOptions {
  /** Default "heads". */
  readonly target?: string;
  /** What relative paths in the config resolve against (default: the config's own rootDir, which defineConfig records). */
  readonly rootDir?: string;
  readonly onEvent?: EventSink;
}

/** Brings the database up to `target` at application start-up; returns what it applied. */
export async function migrate(config: StrataConfigInput | StrataConfig, options: MigrateOptions = {}): Promise<StepResult[]> {
  return withSession(resolveForApi(config, options.rootDir), { write: true, onEvent: options.onEvent }, async (session) => {
    const outcome = await upgrade(session, options.target ?? "heads");
    return [...outcome.steps];
  });
}

import { resolveConfig } from "./config/resolve-config";
import type { StrataConfig, StrataConfigInput } from "./config/types";
import type { EventSink } from "./runtime/events";
import type { StepResult } from "./runtime/run-steps";
import { withSession } from "./runtime/session";
import { upgrade } from "./runtime/upgrade";

export interface MigrateOptions {
  /** Default "heads". */
  readonly target?: string;
  /** Directory that relative paths in the config are resolved against (default: cwd). */
  readonly rootDir?: string;
  readonly onEvent?: EventSink;
}

/** Brings the database up to `target` at application start-up; returns what it applied. */
export async function migrate(config: StrataConfigInput | StrataConfig, options: MigrateOptions = {}): Promise<StepResult[]> {
  const resolved = "branchDirectories" in config ? config : resolveConfig(config, options.rootDir ?? process.cwd());
  return withSession(resolved, { write: true, onEvent: options.onEvent }, async (session) => {
    const outcome = await upgrade(session, options.target ?? "heads");
    return [...outcome.steps];
  });
}

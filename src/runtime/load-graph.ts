import { existsSync } from "node:fs";
import type { StrataConfig } from "../config/types";
import { ConfigError } from "../errors";
import { displayPath } from "../graph/display-path";
import { loadRevisions } from "../graph/load-revisions";
import { RevisionGraph } from "../graph/revision-graph";

/**
 * Loads every branch's revision files and validates them into one graph (no database
 * needed). A configured directory that does not exist is an error, never "no
 * revisions": only a plugin's default directory (`migrations/<plugin>/`) may be absent
 * until its first revision.
 */
export async function loadGraph(config: StrataConfig): Promise<RevisionGraph> {
  for (const { branch, dir, plugin } of config.branchDirectories) {
    if ((!plugin || plugin.migrationsDir !== undefined) && !existsSync(dir)) {
      throw new ConfigError(
        `The revision directory of branch ${branch}, ${displayPath(dir)}, does not exist: create it (strata init does) or fix ${plugin ? `migrationsDir of plugin ${plugin.name}` : "migrationsDir"} in the config.`,
      );
    }
  }
  return new RevisionGraph(await loadRevisions(config.branchDirectories), config.appBranch);
}

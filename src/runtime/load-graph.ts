import type { StrataConfig } from "../config/types";
import { loadRevisions } from "../graph/load-revisions";
import { RevisionGraph } from "../graph/revision-graph";

/** Loads every branch's revision files and validates them into one graph (no database needed). */
export async function loadGraph(config: StrataConfig): Promise<RevisionGraph> {
  return new RevisionGraph(await loadRevisions(config.branchDirectories), config.appBranch);
}

import type { StrataConfig } from "../config/types";
import { loadRevisions } from "../graph/load-revisions";
import { RevisionGraph } from "../graph/revision-graph";

/** Loads every branch's revision files and validates them into one graph (no database needed). */
export function loadGraph(config: StrataConfig): RevisionGraph {
  return new RevisionGraph(loadRevisions(config.branchDirectories), config.appBranch);
}

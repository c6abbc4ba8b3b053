import { relative } from "node:path";
import type { RevisionGraph } from "../graph/revision-graph";
import type { LoadedRevision, Phase } from "../graph/revision";

/** A revision as read commands show it (and as `--json` prints it). */
export interface RevisionSummary {
  readonly revision: string;
  readonly downRevision: readonly string[];
  readonly dependsOn: readonly string[];
  readonly branches: readonly string[];
  readonly message: string;
  readonly file: string;
  readonly transactional: boolean;
  /** Expand ("pre", the default) or contract ("post"), SPEC §12. */
  readonly phase: Phase;
  /** A snapshot's squashed revisions, oldest first (empty otherwise). */
  readonly replaces: readonly string[];
  readonly applied?: boolean;
}

export function summarize(graph: RevisionGraph, r: LoadedRevision, rootDir: string, applied?: ReadonlySet<string>): RevisionSummary {
  return {
    revision: r.id,
    downRevision: r.downRevisions,
    dependsOn: r.dependsOn,
    branches: graph.branchesOf(r.id),
    message: r.message,
    file: relative(rootDir, r.file),
    transactional: r.transactional,
    phase: r.phase,
    replaces: r.replaces,
    ...(applied ? { applied: applied.has(r.id) } : {}),
  };
}

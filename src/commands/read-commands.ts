// The revision graph's own commands: no database, so no dialect to load (applied-commands connects).
import { readFileSync } from "node:fs";
import type { StrataConfig } from "../config/types";
import { loadGraph } from "../runtime/load-graph";
import { type RevisionSummary, summarize } from "./revision-summary";

export interface BranchSummary {
  readonly label: string;
  readonly base: string;
  readonly heads: readonly string[];
}

/** Heads of the revision graph; no database needed. */
export async function listHeads(config: StrataConfig): Promise<RevisionSummary[]> {
  const graph = await loadGraph(config);
  return graph.heads().map((r) => summarize(graph, r, config.rootDir));
}

export async function listBranches(config: StrataConfig): Promise<BranchSummary[]> {
  return (await loadGraph(config))
    .branches()
    .map((b) => ({ label: b.label, base: b.base.id, heads: b.heads.map((h) => h.id) }));
}

/** One revision in full. */
export async function showRevision(config: StrataConfig, rev: string): Promise<RevisionSummary & { source: string }> {
  const graph = await loadGraph(config);
  const r = graph.resolveOne(rev);
  return { ...summarize(graph, r, config.rootDir), source: readFileSync(r.file, "utf8") };
}

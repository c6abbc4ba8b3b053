import { readFileSync } from "node:fs";
import type { StrataConfig } from "../config/types";
import { appliedIds } from "../runtime/applied";
import { loadGraph } from "../runtime/load-graph";
import { withSession } from "../runtime/session";
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

/** The applied heads of the database. */
export function currentHeads(config: StrataConfig): Promise<RevisionSummary[]> {
  return withSession(config, {}, async (session) => {
    const applied = appliedIds(session);
    return session.graph.appliedHeads(applied).map((r) => summarize(session.graph, r, config.rootDir, applied));
  });
}

/** History newest first, each marked applied or not (connects to the database). */
export function history(config: StrataConfig, range?: string): Promise<RevisionSummary[]> {
  return withSession(config, {}, async (session) => {
    const applied = appliedIds(session);
    return session.graph.history(range).map((r) => summarize(session.graph, r, config.rootDir, applied));
  });
}

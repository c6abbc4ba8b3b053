import type { StrataConfig } from "../config/types";
import { appliedIds } from "../runtime/applied";
import { withSession } from "../runtime/session";
import { type RevisionSummary, summarize } from "./revision-summary";

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

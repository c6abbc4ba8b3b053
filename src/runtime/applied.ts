import type { Session } from "./session";

/** The ids of the revisions the database records as applied, in the session graph's terms (a snapshot for what it replaces). */
export function appliedIds(session: Session): Set<string> {
  return session.graph.appliedOf(new Set(session.rows.filter((r) => r.state === "applied").map((r) => r.revision)));
}

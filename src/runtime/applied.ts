import type { Session } from "./session";

/** The ids of the revisions the database records as applied. */
export function appliedIds(session: Session): Set<string> {
  return new Set(session.rows.filter((r) => r.state === "applied").map((r) => r.revision));
}

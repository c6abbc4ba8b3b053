import { UsageError } from "../errors";
import type { Session } from "./session";

/** Clears the failed mark of a non-transactional revision once the operator has looked. */
export async function resolveFailed(session: Session, revision: string, outcome: "applied" | "rolled-back"): Promise<string> {
  const row = session.rows.find((r) => r.revision === revision || (revision.length >= 4 && r.revision.startsWith(revision)));
  if (!row || row.state !== "failed") {
    const failed = session.rows.filter((r) => r.state === "failed").map((r) => r.revision);
    throw new UsageError(
      `Revision ${revision} has no failed mark. ${failed.length ? `Marked failed: ${failed.join(", ")}.` : "No revision is marked failed."}`,
    );
  }
  if (outcome === "applied") await session.versionTable.markApplied(session.queryRunner, row.revision, []);
  else await session.versionTable.delete(session.queryRunner, row.revision);
  return row.revision;
}

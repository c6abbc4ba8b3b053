import { relative } from "node:path";
import type { StrataConfig } from "../config/types";
import { ValidationError } from "../errors";
import type { RevisionGraph } from "../graph/revision-graph";
import type { AppliedRow } from "./version-table";

/**
 * Refuses to go on when the database and the code disagree: a failed mark left by a
 * non-transactional revision, an applied revision of a configured branch that the code
 * lacks (the database is newer than this code), or an applied revision whose file changed.
 */
export function validateApplied(
  rows: readonly AppliedRow[],
  graph: RevisionGraph,
  config: StrataConfig,
): void {
  const shown = (file: string) => relative(config.rootDir, file) || file;
  const configured = new Set(config.branchDirectories.map((b) => b.branch));
  for (const row of rows) {
    const revision = graph.has(row.revision) ? graph.get(row.revision) : undefined;
    if (row.state === "failed") {
      const where = revision ? ` (${shown(revision.file)})` : "";
      throw new ValidationError(
        `Revision ${row.revision}${where} is marked failed: it ran outside a transaction and did not finish.\n` +
          `Inspect the database, then run \`strata resolve ${row.revision} --applied\` or \`--rolled-back\`.`,
      );
    }
    if (!revision) {
      // A snapshot in use stands for it: its file may be deleted (SPEC §13).
      if (graph.replacedBy(row.revision) !== undefined) continue;
      // A plugin no longer configured leaves its rows behind: its tables are orphans
      // (autogenerate reports them), not a sign that the database is newer than the code.
      if (config.allowMissing.includes(row.revision) || !configured.has(row.branch)) continue;
      // A declared expand step keeps the code before it working (SPEC §12); a contract
      // step, or one that declared nothing, may not.
      if (row.phase === "pre") continue;
      if (row.phase === "post") {
        throw new ValidationError(
          `The database has post revision ${row.revision} (branch ${row.branch}) applied, but no revision file has it: the contract step ran, and this older code may rely on what it removed.\n` +
            `Deploy code that includes it (post revisions run once the old code is gone: \`strata upgrade heads --phase pre\` leaves them for after the roll-out).`,
        );
      }
      throw new ValidationError(
        `The database has revision ${row.revision} (branch ${row.branch}) applied, but no revision file has it: the database is newer than this code.\n` +
          `Deploy code that includes it, or list "${row.revision}" in allowMissing if it was removed on purpose.`,
      );
    }
    if (row.checksum === revision.checksum) continue;
    if ((config.allowAlternateChecksums[row.revision] ?? []).includes(row.checksum)) continue;
    throw new ValidationError(
      `Revision ${row.revision} (${shown(revision.file)}) was edited after it was applied: database checksum ${row.checksum}, file checksum ${revision.checksum}.\n` +
        `Restore the file, or accept the edit with allowAlternateChecksums: { "${row.revision}": ["${row.checksum}"] }.`,
    );
  }
}

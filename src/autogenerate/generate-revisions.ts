import { newRevisionId, writeRevisionFile } from "../graph/write-revision-file";
import type { StrataConfig } from "../config/types";
import type { PossibleRename, Renames } from "../diff";
import { StrataError } from "../errors";
import { destructiveReason } from "../operations";
import type { RevisionGraph } from "../graph/revision-graph";
import { renderRevision } from "../render";
import { appliedIds } from "../runtime/applied";
import { withSession } from "../runtime/session";
import { type Comparison, compareDatabase, type OrphanTable } from "./compare-database";
import { describeOperation } from "./describe-operation";
import { proveConvergence } from "./prove-convergence";
import { type BranchChanges, routeOperations } from "./route-operations";

export interface GenerateOptions {
  readonly message: string;
  readonly renames?: Renames;
}

export interface GeneratedRevision {
  readonly branch: string;
  readonly revision: string;
  readonly file: string;
  readonly operations: readonly string[];
  readonly destructive: readonly string[];
  readonly dependsOn: readonly string[];
}

export interface GenerateOutcome {
  readonly revisions: readonly GeneratedRevision[];
  readonly possibleRenames: readonly PossibleRename[];
  readonly orphans: readonly OrphanTable[];
  readonly leftAlone: readonly string[];
}

/** Autogenerate needs the database at the head of every branch it writes on. */
function refuseBehind(graph: RevisionGraph, applied: ReadonlySet<string>, branches: readonly string[]): void {
  for (const branch of branches) {
    if (!graph.hasLabel(branch)) continue;
    const behind = graph.headsOf(branch).filter((h) => !applied.has(h.id));
    if (behind.length > 0) {
      throw new StrataError(
        `The database is not at the head of branch ${branch} (${behind.map((h) => h.id).join(", ")} not applied): ` +
          `autogenerate would repeat those changes.\nRun \`strata upgrade ${branch}@head\` first.`,
      );
    }
  }
}

/** App first, so that a plugin revision can depend on the app revision written with it. */
function inWriteOrder(changes: readonly BranchChanges[], appBranch: string): BranchChanges[] {
  return [...changes].sort((a, b) => Number(b.branch === appBranch) - Number(a.branch === appBranch) || a.branch.localeCompare(b.branch));
}

/**
 * `revision --autogenerate`: one revision file per branch with changes, on that branch's
 * head (a new base labelled with the plugin's name for a plugin without revisions), then
 * a proof that the histories plus the new files settle to an empty diff.
 */
export async function generateRevisions(config: StrataConfig, options: GenerateOptions): Promise<GenerateOutcome> {
  const { comparison, changes, graph, ownerOf } = await withSession(config, {}, async (session) => {
    const comparison: Comparison = await compareDatabase(session, options.renames);
    const ownerOf = (table: string) => session.ownership.get(table) ?? comparison.creators.get(table) ?? config.appBranch;
    const changes = routeOperations(comparison.operations, { ownerOf }, [comparison.target, comparison.database], config.appBranch);
    refuseBehind(session.graph, appliedIds(session), changes.map((c) => c.branch));
    return { comparison, changes, graph: session.graph, ownerOf };
  });

  const written: GeneratedRevision[] = [];
  const newHeadOf = new Map<string, string>();
  for (const change of inWriteOrder(changes, config.appBranch)) {
    const isNewPlugin = change.branch !== config.appBranch && !graph.hasLabel(change.branch);
    const parents = graph.newRevisionParents(
      isNewPlugin ? { head: "base", branchLabel: change.branch } : { head: `${change.branch}@head` },
    );
    const dependsOn = [
      ...new Set(
        change.references
          .map(ownerOf)
          .map((owner) => newHeadOf.get(owner) ?? (graph.hasLabel(owner) ? graph.headsOf(owner)[0]?.id : undefined))
          .filter((id): id is string => id !== undefined),
      ),
    ];
    const revision = newRevisionId();
    const file = writeRevisionFile(config, parents.branch, revision, options.message, (importFrom) =>
      renderRevision({
        revision,
        downRevision: parents.downRevision,
        branchLabels: parents.branchLabels,
        dependsOn,
        message: options.message,
        importFrom,
        ops: change.operations,
      }),
    );
    newHeadOf.set(change.branch, revision);
    written.push({
      branch: change.branch,
      revision,
      file,
      operations: change.operations.map(describeOperation),
      destructive: change.operations.filter((op) => destructiveReason(op)).map(describeOperation),
      dependsOn,
    });
  }

  if (written.length > 0) {
    const unsettled = await proveConvergence(config);
    if (unsettled.length > 0) {
      throw new StrataError(
        `The new revision(s) ${written.map((w) => w.file).join(", ")} do not settle: after replaying every branch on a scratch database, ` +
          `autogenerate still finds:\n  ${unsettled.join("\n  ")}\nThis is a strata bug; please report it with the entity definitions.`,
      );
    }
  }
  return {
    revisions: written,
    possibleRenames: comparison.possibleRenames,
    orphans: comparison.orphans,
    leftAlone: comparison.leftAlone,
  };
}

import { UsageError } from "../errors";
import { branchLabelProblem } from "./branch-label";
import { displayPath } from "./display-path";
import type { LoadedRevision } from "./revision";
import type { RevisionGraph } from "./revision-graph";
import { parseTarget } from "./target";

export interface NewRevisionOptions {
  /** `head` (default), `L@head`, `base`, or a revision id or prefix. */
  readonly head?: string;
  /** A label for the new revision; required for a new base. */
  readonly branchLabel?: string;
  /** Allow `head` to be a revision that is not a head (starting a fork on purpose). */
  readonly splice?: boolean;
  /** Revisions (ids, prefixes or `L@head`) the new one must follow, on any branch. */
  readonly dependsOn?: readonly string[];
}

export interface NewRevisionParents {
  /** null for a new base. */
  readonly downRevision: string | null;
  /** The branch whose directory the new file belongs in. */
  readonly branch: string;
  /** Labels the new file declares. */
  readonly branchLabels: readonly string[];
  /** dependsOn resolved to full ids. */
  readonly dependsOn: readonly string[];
}

/** Where `strata revision` attaches a new revision, checked the way Alembic checks it. */
export function newRevisionParents(graph: RevisionGraph, options: NewRevisionOptions): NewRevisionParents {
  const { branchLabel } = options;
  if (branchLabel !== undefined) checkNewLabel(graph, branchLabel);
  const parent = parentOf(graph, options);
  const dependsOn = [...new Set((options.dependsOn ?? []).map((spec) => graph.resolveOne(spec).id))];
  return {
    downRevision: parent?.id ?? null,
    branch: branchLabel ?? parent?.directoryBranch ?? graph.appBranch,
    branchLabels: branchLabel === undefined ? [] : [branchLabel],
    dependsOn,
  };
}

function checkNewLabel(graph: RevisionGraph, label: string): void {
  const problem = branchLabelProblem(label);
  if (problem) throw new UsageError(`--branch-label: ${problem}.`);
  const owner = graph.hasLabel(label) ? graph.baseOf(label) : undefined;
  if (owner) {
    throw new UsageError(
      `Branch label ${label} is already used by ${owner.id} (${displayPath(owner.file)}).\n` +
        `Choose another label, or add to that branch with --head ${label}@head.`,
    );
  }
}

/** The revision the new one builds on, or undefined for a new base. */
function parentOf(graph: RevisionGraph, options: NewRevisionOptions): LoadedRevision | undefined {
  const text = options.head ?? "head";
  const target = parseTarget(text);
  const app = graph.appBranch;
  switch (target.kind) {
    case "base":
      if (target.label !== undefined) {
        throw new UsageError(`--head ${text}: a new base takes --head base --branch-label ${target.label}.`);
      }
      if (options.branchLabel === undefined && graph.baseOf(app)) {
        throw new UsageError(`A new base needs --branch-label: the label of the new branch (a plugin's name, say).`);
      }
      return undefined;
    case "head": {
      // The app branch starts at a base; before that, `head` and `app@head` mean that base.
      if (target.label === undefined && !graph.baseOf(app) && graph.all().length > 0) {
        const others = graph.heads().map((h) => graph.headForm(h));
        throw new UsageError(
          `The ${app} branch has no revisions yet: start it with --head ${app}@head, or add to ${others.join(" or ")} with --head.`,
        );
      }
      return graph.singleHead(target.label);
    }
    case "heads":
      throw new UsageError(`--head ${text} would give the revision several parents: use \`strata merge\` for that, or pick one with L@head.`);
    case "relative":
      throw new UsageError(`--head ${text}: give head, L@head, base or a revision id.`);
    case "revision": {
      const revision = graph.resolveOn(target.ref, target.label);
      const children = graph.childrenOf(revision.id);
      if (children.length > 0 && !options.splice) {
        throw new UsageError(
          `Revision ${revision.id} is not a head (${children.map((c) => c.id).join(", ")} build${children.length === 1 ? "s" : ""} on it).\n` +
            `Pass --splice to start a new fork from it anyway, or use --head ${graph.branchOf(revision.id) ?? "L"}@head.`,
        );
      }
      return revision;
    }
  }
}

import type { StrataConfig } from "../config/types";
import { UsageError } from "../errors";
import type { Phase } from "../graph/revision";
import { newRevisionId, writeRevisionFile } from "../graph/write-revision-file";
import { renderTemplate } from "../render/render-template";
import { loadGraph } from "../runtime/load-graph";
import { newRevisionIdIn } from "./new-revision-id";

export interface CreateRevisionOptions {
  readonly message: string;
  readonly head?: string;
  readonly branchLabel?: string;
  readonly splice?: boolean;
  readonly dependsOn?: readonly string[];
  readonly revId?: string;
  /** Write the file here instead of the branch's configured directory (Alembic's `--version-path`). */
  readonly versionPath?: string;
  /** "post": a contract step (SPEC §12); "pre" declares an expand step that older code survives. None by default (runs as "pre"). */
  readonly phase?: Phase;
}

const REVISION_ID = /^[0-9a-f]{12}$/;

export interface CreatedRevision {
  readonly revision: string;
  readonly branch: string;
  readonly file: string;
}

/** Writes a hand-written revision template on the chosen head (SPEC §4 `revision`). */
export async function createRevision(config: StrataConfig, options: CreateRevisionOptions): Promise<CreatedRevision> {
  const revision = options.revId ?? newRevisionId();
  if (!REVISION_ID.test(revision)) throw new UsageError(`--rev-id ${revision} must be 12 lowercase hex characters.`);
  const graph = await loadGraph(config);
  if (graph.all().some((r) => r.id === revision)) throw new UsageError(`Revision ${revision} already exists: choose another --rev-id.`);
  const parents = graph.newRevisionParents({
    head: options.head,
    branchLabel: options.branchLabel,
    splice: options.splice,
    dependsOn: options.dependsOn,
  });
  const file = writeRevisionFile(config, parents.branch, revision, options.message, (importFrom) =>
    renderTemplate({
      revision,
      downRevision: parents.downRevision,
      branchLabels: parents.branchLabels,
      dependsOn: parents.dependsOn,
      message: options.message,
      phase: options.phase,
      importFrom,
    }),
    options.versionPath,
  );
  return { revision, branch: parents.branch, file };
}

/** A merge revision joining heads of one branch (`merge REV REV…` or `merge L`). */
export async function createMerge(
  config: StrataConfig,
  revs: readonly string[],
  message: string,
  revId?: string,
): Promise<CreatedRevision> {
  const graph = await loadGraph(config);
  const revision = newRevisionIdIn(graph, revId);
  const parents = graph.mergeParents([...revs]);
  const branch = graph.get(parents[0]!).directoryBranch;
  const file = writeRevisionFile(config, branch, revision, message, (importFrom) =>
    renderTemplate({ revision, downRevision: [...parents], message, importFrom }),
  );
  return { revision, branch, file };
}

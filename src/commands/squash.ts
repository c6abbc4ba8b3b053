import { describeOperation } from "../autogenerate/describe-operation";
import { dropAfter, openScratch, type ScratchReplay } from "../autogenerate/scratch-replay";
import { stageRevisions } from "../autogenerate/staged-revisions";
import type { StrataConfig } from "../config/types";
import { diffSchemas } from "../diff";
import { StrataError } from "../errors";
import { planSquash, type SquashPlan } from "../graph/plan-squash";
import { RevisionGraph } from "../graph/revision-graph";
import { assertRevisionDirectoryWritable, newRevisionId, revisionFilePath } from "../graph/write-revision-file";
import { renderRevision } from "../render";
import { loadGraph } from "../runtime/load-graph";
import { type Session, withSession } from "../runtime/session";
import { schemaFromMetadata } from "../schema/from-metadata";
import type { SchemaModel } from "../schema/model";
import { withDeclared } from "../schema/with-declared";
import { type SeededTable, seededTables, unmodelledObjects } from "./scratch-leftovers";

export interface SquashOptions {
  readonly message: string;
  /** Aborting it (Ctrl-C) stops the run before the file is written. */
  readonly signal?: AbortSignal;
  readonly onProgress?: (line: string) => void;
  /** Write the snapshot even though the history inserts rows or creates views, triggers …; the user copies those in by hand. */
  readonly schemaOnly?: boolean;
}

export interface SquashOutcome {
  readonly revision: string;
  readonly branch: string;
  readonly file: string;
  /** The revision whose schema the snapshot holds. */
  readonly squashed: string;
  readonly replaces: readonly string[];
  readonly dependsOn: readonly string[];
  /** What the snapshot's up() does. */
  readonly operations: readonly string[];
  /** The replaced revisions' files: deletable once no database is partway through them. */
  readonly deletable: readonly string[];
  /** With schemaOnly: the tables the history fills that the snapshot leaves empty. */
  readonly seeded: readonly SeededTable[];
  /** With schemaOnly: the views, triggers, functions … ("kind name") the history creates that the snapshot does not. */
  readonly objects: readonly string[];
}

/**
 * `strata squash L@REV -m MSG` (SPEC §13): writes a snapshot revision that builds branch
 * L's schema at REV in one step, as Synapse's full schema files do. The schema is what
 * L's history leaves on a scratch database beyond what it depends on, rendered in the
 * entities' words where they still apply; the file is written only once a second scratch
 * database built from the snapshot equals the one built from the history.
 */
export async function squash(config: StrataConfig, spec: string, options: SquashOptions): Promise<SquashOutcome> {
  const graph = await loadGraph(config);
  const plan = planSquash(graph, spec);
  return withSession(config, { graph }, async (session) => {
    const prerequisites = graph.subgraph(graph.ancestors(plan.dependsOn));
    const history = graph.subgraph(graph.ancestors([plan.squashed.id]));
    options.onProgress?.(`Replaying branch ${plan.label} up to ${plan.squashed.id} (${plan.history.length} revisions) on a scratch database …`);
    const { before, after, seeded, objects } = await onScratch(session, options.signal, async (scratch) => {
      const prepared = (await scratch.replay(prerequisites)).model;
      const existing = new Set(await unmodelledObjects(scratch.options));
      const replayed = (await scratch.replay(history)).model;
      const own = replayed.tables.map((t) => t.name).filter((name) => !prepared.tables.some((t) => t.name === name));
      // A view entity's view is in the model (its recorded query), and the snapshot makes it.
      const modelled = new Set((replayed.views ?? []).filter((v) => v.expression !== undefined).map((v) => `${v.materialized ? "materialized view" : "view"} ${v.name}`));
      const created = (await unmodelledObjects(scratch.options)).filter((o) => !existing.has(o) && !modelled.has(o));
      return { before: prepared, after: replayed, seeded: await seededTables(scratch.options, own), objects: created };
    });
    if ((seeded.length > 0 || objects.length > 0) && !options.schemaOnly) throw new BeyondSchemaError(plan, seeded, objects);
    const schema = withDeclared(after, schemaFromMetadata(session.dataSource));
    const operations = diffSchemas(before, schema);
    const branch = plan.history[0]!.directoryBranch;
    assertRevisionDirectoryWritable(config, branch);
    const revision = newRevisionId();
    const { file, importFrom } = revisionFilePath(config, branch, revision, options.message);
    const rendered = renderRevision({
      revision,
      downRevision: null,
      branchLabels: plan.branchLabels,
      dependsOn: plan.dependsOn,
      replaces: plan.replaces,
      message: options.message,
      importFrom,
      ops: operations,
    });
    const staged = await stageRevisions([{ branch, file, ...rendered }]);
    let written: string;
    try {
      options.onProgress?.(`Proving the snapshot: building ${plan.label} from it on another scratch database …`);
      const proof = new RevisionGraph([...prerequisites.all(), ...staged.revisions], config.appBranch);
      const rebuilt = await onScratch(session, options.signal, (scratch) => scratch.replay(proof));
      refuseDifferent(plan, after, rebuilt.model);
      [written] = staged.commit();
    } finally {
      staged.discard();
    }
    return {
      revision,
      branch,
      file: written!,
      squashed: plan.squashed.id,
      replaces: plan.replaces,
      dependsOn: plan.dependsOn,
      operations: operations.map(describeOperation),
      deletable: plan.history.map((r) => r.file),
      seeded,
      objects,
    };
  });
}

/** Runs `work` on a fresh scratch database, then drops it. */
async function onScratch<T>(session: Session, signal: AbortSignal | undefined, work: (scratch: ScratchReplay) => Promise<T>): Promise<T> {
  const scratch = await openScratch(session, signal);
  return dropAfter(scratch, () => work(scratch));
}

/**
 * The squashed history does more than build the schema model: it inserts rows (seed
 * data) or creates views, triggers, functions … that a schema snapshot would not.
 */
export class BeyondSchemaError extends StrataError {
  constructor(
    plan: SquashPlan,
    readonly seeded: readonly SeededTable[],
    readonly objects: readonly string[],
  ) {
    const rows = seeded.map((s) => `${s.table} (${s.rows} row${s.rows === 1 ? "" : "s"})`).join(", ");
    const what = [seeded.length > 0 ? `inserts rows into ${rows}` : "", objects.length > 0 ? `creates ${objects.join(", ")}` : ""].filter(Boolean);
    super(
      `The history of ${plan.label} up to ${plan.squashed.id} ${what.join(" and ")}, which a snapshot holds no code for. Nothing was written.\n` +
        `Run again with --schema-only and copy those statements from the squashed revisions into the snapshot's up() (and down()) before it is applied anywhere.`,
    );
  }
}

function refuseDifferent(plan: SquashPlan, history: SchemaModel, snapshot: SchemaModel): void {
  const differences = [...diffSchemas(snapshot, history), ...diffSchemas(history, snapshot)].map(describeOperation);
  if (differences.length === 0) return;
  throw new StrataError(
    `The snapshot does not build the schema the history of ${plan.label} up to ${plan.squashed.id} builds, so nothing was written:\n  ` +
      `${[...new Set(differences)].join("\n  ")}\nThis is a strata bug; please report it with the revision files.`,
  );
}

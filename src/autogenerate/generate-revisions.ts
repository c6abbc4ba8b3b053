import type { StrataConfig } from "../config/types";
import type { PossibleRename, Renames } from "../diff";
import { StrataError } from "../errors";
import type { RevisionGraph } from "../graph/revision-graph";
import { appliedIds } from "../runtime/applied";
import { type Session, withSession } from "../runtime/session";
import type { SchemaModel } from "../schema/model";
import { type Comparison, compareDatabase, type OrphanTable } from "./compare-database";
import { untilAborted } from "./interrupted";
import { generated, type GeneratedRevision, planRevisions } from "./plan-revisions";
import { dropped, RenameQuestionError, unanswered, withRename } from "./rename-questions";
import { routeOperations } from "./route-operations";
import { rowsInTheWay } from "./rows-in-the-way";
import { scratchOnDemand } from "./scratch-on-demand";
import { dropAfter, rememberedSchema } from "./scratch-replay";
import { writeProven } from "./write-proven";

export type { GeneratedRevision } from "./plan-revisions";

export interface GenerateOptions {
  readonly message: string;
  readonly renames?: Renames;
  /** Possible renames answered "not a rename": `table.column` for a column, the table's name for a table. */
  readonly noRenames?: readonly string[];
  /**
   * Asked about each possible rename the options leave open (an interactive prompt):
   * true for a rename. Without it an open question is a RenameQuestionError.
   */
  readonly askRename?: (candidate: PossibleRename) => Promise<boolean>;
  /** Aborting it (Ctrl-C) stops the run; nothing is written and the scratch database is dropped. */
  readonly signal?: AbortSignal;
  /** Hears what the run is doing, one line at a time (the CLI prints it on stderr). */
  readonly onProgress?: (line: string) => void;
}

export interface GenerateOutcome {
  readonly revisions: readonly GeneratedRevision[];
  readonly orphans: readonly OrphanTable[];
  readonly leftAlone: readonly string[];
  /** Indexes and constraints on managed tables that no revision created: left alone. */
  readonly unmanaged: readonly string[];
  /** What the live database's rows make the new revisions fail on, and the way out (rowsInTheWay). */
  readonly rowsInTheWay: readonly string[];
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

/** Compares until every possible rename is answered, asking `askRename` when there is one. */
async function answeredComparison(session: Session, options: GenerateOptions, compare: (renames: Renames) => Promise<Comparison>): Promise<Comparison> {
  let renames = options.renames ?? {};
  const noRenames = [...(options.noRenames ?? [])];
  for (;;) {
    const comparison = await compare(renames);
    const open = unanswered(comparison.possibleRenames, noRenames);
    if (open.length === 0) return comparison;
    if (!options.askRename) throw new RenameQuestionError(open);
    const [question] = open as [PossibleRename];
    if (await options.askRename(question)) renames = withRename(renames, question);
    else noRenames.push(dropped(question));
  }
}

/**
 * `revision --autogenerate`: one revision file per branch with changes, on that branch's
 * head. All or nothing: the new files are staged and replayed after the applied history
 * on a scratch database, and only when that settles to an empty diff are they moved into
 * place. What the history builds is what strata manages (anything else on its tables is
 * left alone): the comparison asks for it only when the live tables hold an index or
 * constraint the entities do not name, and a replay of the same history may be
 * remembered. Otherwise the scratch database is created only as soon as the comparison
 * finds changes, while the new files are rendered and staged.
 */
export function generateRevisions(config: StrataConfig, options: GenerateOptions): Promise<GenerateOutcome> {
  return withSession(config, {}, (session) => generateInSession(session, options));
}

async function generateInSession(session: Session, options: GenerateOptions): Promise<GenerateOutcome> {
  const { config } = session;
  const { signal } = options;
  // Dropped after the run even while still being created: an interruption leaves nothing behind.
  const scratch = scratchOnDemand(session, signal);
  return dropAfter(scratch, async () => {
    await untilAborted(signal, "the scratch step", Promise.resolve());
    // Replayed only when the comparison needs it (and once for every question it asks);
    // when it is not, or is remembered, the proof replays the history with the new files.
    let replayedHistory: Promise<SchemaModel> | undefined;
    const history = () =>
      (replayedHistory ??= rememberedSchema(session).then(async (known) => known ?? (await (await scratch.open()).replay(session.graph)).model));
    const comparison = await answeredComparison(session, options, (renames) =>
      untilAborted(signal, "the comparison", compareDatabase(session, { renames, replayed: history })),
    );
    // The server creates the scratch database while the new files are planned, rendered and staged.
    if (comparison.operations.length > 0) void scratch.open();
    const ownership = await session.entities();
    const ownerOf = (table: string) => ownership.get(table) ?? comparison.creators.get(table) ?? config.appBranch;
    const changes = routeOperations(comparison.operations, { ownerOf }, [comparison.target, comparison.database], config.appBranch);
    refuseBehind(session.graph, appliedIds(session), changes.map((c) => c.branch));
    const planned = planRevisions(config, session.graph, changes, options.message, ownerOf);
    if (planned.length > 0) await writeProven(session, scratch.open(), planned, { signal, onProgress: options.onProgress });
    return {
      revisions: planned.map(generated),
      orphans: comparison.orphans,
      leftAlone: comparison.leftAlone,
      unmanaged: comparison.unmanaged,
      rowsInTheWay: await rowsInTheWay(session.queryRunner, comparison.operations),
    };
  });
}

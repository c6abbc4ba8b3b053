import { RevisionGraph } from "../graph/revision-graph";
import { StrataError } from "../errors";
import type { Session } from "../runtime/session";
import { describeOperation } from "./describe-operation";
import { untilAborted } from "./interrupted";
import type { PlannedRevision } from "./plan-revisions";
import type { Replayed, ScratchReplay } from "./scratch-replay";
import { stageRevisions } from "./staged-revisions";

/**
 * All or nothing: stages the planned files where no other run sees them, replays them on
 * the scratch database (which already holds the applied history, or will once `scratch`
 * resolves: it may still be being created while the files are staged) and diffs again; only
 * when nothing is left are the files moved into their branch directories. Any failure
 * or interruption removes the staged files. `check` sees what the replay left, before
 * the files are placed (adopt compares it with the live database).
 */
export async function writeProven(
  live: Session,
  scratch: ScratchReplay | Promise<ScratchReplay>,
  planned: readonly PlannedRevision[],
  options: { signal?: AbortSignal; onProgress?: (line: string) => void; check?: (replayed: Replayed) => void } = {},
): Promise<string[]> {
  if (planned.length === 0) return [];
  // One turn of the event loop first: a scratch database still being created gets its
  // statement to the server before staging (synchronous: writing and loading the files) holds the loop.
  await new Promise<void>((resolve) => setImmediate(resolve));
  const staging = stageRevisions(planned);
  const graph = staging.then((staged) => new RevisionGraph([...live.graph.all(), ...staged.revisions], live.config.appBranch));
  // Both settled below in every case (the staged files are discarded there), even when the scratch step fails first.
  staging.catch(() => {});
  graph.catch(() => {});
  try {
    const ready = await untilAborted(options.signal, "the scratch step", Promise.resolve(scratch));
    options.onProgress?.(`Proving ${planned.length} new revision(s) on scratch ${ready.name} …`);
    const replayed = await ready.replay(graph).catch(async (error: unknown) => {
      await graph; // staging's or the graph's own error, as it is, when that is what failed
      throw error;
    });
    if (replayed.operations.length > 0) {
      throw new StrataError(
        `The new revision(s) do not settle: after replaying every branch on a scratch database, autogenerate still finds:\n  ` +
          `${replayed.operations.map(describeOperation).join("\n  ")}\nNothing was written. This is a strata bug; please report it with the entity definitions.`,
      );
    }
    options.check?.(replayed);
    // The last moment to stop: after this the files are in place.
    await untilAborted(options.signal, "the scratch step", Promise.resolve());
    return (await staging).commit();
  } finally {
    await staging.then((staged) => staged.discard(), () => {});
  }
}

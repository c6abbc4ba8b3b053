import { UsageError } from "../errors";
import type { RevisionGraph } from "../graph/revision-graph";
import { newRevisionId } from "../graph/write-revision-file";

/** What the loader accepts as a revision id, and so the only id a command may write (it also names the file). */
const REVISION_ID = /^[0-9a-f]{12}$/;

/**
 * The id of a revision a command is about to write: `requested` (from `--rev-id`) checked
 * by the loader's own rule, so the file lands in its branch directory and is loaded, and
 * refused when a revision already has it; or a fresh random one.
 */
export function newRevisionIdIn(graph: RevisionGraph, requested: string | undefined): string {
  if (requested === undefined) {
    let id = newRevisionId();
    while (graph.has(id)) id = newRevisionId();
    return id;
  }
  if (!REVISION_ID.test(requested)) {
    throw new UsageError(`--rev-id ${JSON.stringify(requested)} is not a revision id: give 12 lowercase hex characters (0-9, a-f).`);
  }
  if (graph.has(requested)) {
    throw new UsageError(`--rev-id ${requested}: revision ${requested} already exists (${graph.get(requested).file}). Choose another id.`);
  }
  return requested;
}

import { GraphError } from "../errors";

/** downRevision and dependsOn links that lead back to where they started. */
export class CycleError extends GraphError {
  /** The revisions on the cycle, each a parent (or dependency) of the next. */
  readonly revisions: readonly string[];

  constructor(message: string, revisions: readonly string[]) {
    super(message);
    this.revisions = revisions;
  }
}

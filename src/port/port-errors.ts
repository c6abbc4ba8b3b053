import { StrataError } from "../errors";
import { redact } from "../config/redact";

/** Ctrl-C stopped the port between two batches: everything committed is recorded, and a re-run resumes. */
export class PortInterruptedError extends StrataError {
  constructor(readonly table: string) {
    super(`Interrupted while copying ${table}: every batch copied so far is kept and recorded. Run the same port command again to resume.`);
  }
}

/** The target cannot take the rows: it is not empty, or not at the source's heads. Nothing was written. */
export class PortRefusedError extends StrataError {}

/** A row of the source that the target refuses (a value its column type cannot hold); everything committed before it is kept. */
export class PortRowError extends StrataError {
  constructor(table: string, key: readonly string[], row: readonly unknown[], cause: unknown) {
    const where = key.map((k, i) => `${k} = ${JSON.stringify(row[i])}`).join(", ");
    const reason = redact(cause instanceof Error ? cause.message : String(cause));
    super(
      `The target refuses the row of ${table} with ${where}: ${reason}\n` +
        "Correct that row in the source (or the entity's column type), then run the same port command again: the batches already copied are kept.",
      { cause },
    );
  }
}

import { StrataError } from "../errors";

/** Ctrl-C stopped the port between two batches: everything committed is recorded, and a re-run resumes. */
export class PortInterruptedError extends StrataError {
  constructor(readonly table: string) {
    super(`Interrupted while copying ${table}: every batch copied so far is kept and recorded. Run the same port command again to resume.`);
  }
}

/** The target cannot take the rows: it is not empty, or not at the source's heads. Nothing was written. */
export class PortRefusedError extends StrataError {}

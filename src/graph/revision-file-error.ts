import { GraphError } from "../errors";

/** A branch directory holds a file that is not a loadable revision; `file` is its absolute path. */
export class RevisionFileError extends GraphError {
  constructor(
    message: string,
    readonly file: string,
    options: { cause?: unknown } = {},
  ) {
    super(message, options);
  }
}

/**
 * Every failure strata reports to a user is a StrataError: a one- or two-line message
 * that names the thing at fault and the way out. The CLI maps `exitCode` to the process
 * status and prints the stack only with --verbose; library callers get `cause` intact.
 */
export class StrataError extends Error {
  /** 1: failure or drift; 2: usage (bad arguments or configuration). */
  readonly exitCode: 1 | 2;

  constructor(message: string, options: { exitCode?: 1 | 2; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.exitCode = options.exitCode ?? 1;
  }
}

/** The configuration (ormconfig, plugins, environment) is wrong. */
export class ConfigError extends StrataError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { exitCode: 2, ...options });
  }
}

/** A command-line argument or target cannot be understood. */
export class UsageError extends StrataError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { exitCode: 2, ...options });
  }
}

/** The revision files do not form a valid graph (duplicates, unknown parents, cycles). */
export class GraphError extends StrataError {}

/** A target names more than one head where one was required. */
export class MultipleHeadsError extends UsageError {
  constructor(message: string, readonly heads: readonly string[]) {
    super(message);
  }
}

/** A revision id or prefix matches nothing, or more than one revision. */
export class ResolutionError extends UsageError {
  constructor(message: string, readonly candidates: readonly string[] = []) {
    super(message);
  }
}

/** The database and the code disagree (missing or edited applied revisions, failed marks). */
export class ValidationError extends StrataError {}

/** A revision failed while being applied or reverted; `cause` is the original error. */
export class RevisionFailedError extends StrataError {
  constructor(
    message: string,
    readonly revision: string,
    readonly file: string,
    readonly direction: "up" | "down",
    options: { cause?: unknown } = {},
  ) {
    super(message, options);
  }
}

import { StrataError } from "../../errors";

/** A key part (botId, chatId, userId, threadId, destiny) cannot be stored; nothing was written. */
export class FsmKeyError extends StrataError {
  constructor(
    message: string,
    /** The part at fault: "botId", "chatId", "userId", "threadId" or "destiny". */
    readonly part: string,
    /** The longest value the part may have, in characters. */
    readonly limit: number,
  ) {
    super(message);
  }
}

/** A state or data value cannot be stored as given; nothing was written. */
export class FsmDataError extends StrataError {
  constructor(
    message: string,
    /** Where the value sits: "state", "data", "data.when", "data.items[2]". */
    readonly path: string,
  ) {
    super(message);
  }
}

/** The SQLite database stayed locked by other connections for longer than `busyTimeoutMs`. */
export class FsmBusyError extends StrataError {}

/** The storage was closed with `close()`. */
export class FsmClosedError extends StrataError {}

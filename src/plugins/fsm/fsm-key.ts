import { FsmKeyError } from "./fsm-errors";
import { characterCount, unstorableCharacter } from "./fsm-text";

/** Whose state: one finite-state machine per bot, chat, user, thread and destiny. */
export interface FsmKey {
  readonly botId: string | number | bigint;
  readonly chatId: string | number | bigint;
  readonly userId: string | number | bigint;
  /** Absent, null and "" all mean "no thread". */
  readonly threadId?: string | number | bigint | null;
  /** Default "default". */
  readonly destiny?: string;
}

/** The key as stored: the five primary-key columns, in column order. */
export type FsmKeyColumns = readonly [botId: string, chatId: string, userId: string, threadId: string, destiny: string];

/** The key columns are varchar(64) (migrations/fsm/8e41b7c0d2f6): one limit on both dialects. */
export const FSM_KEY_MAX_CHARACTERS = 64;

/**
 * Checks every part before any query, so a key that PostgreSQL would refuse (too long,
 * U+0000) is refused on SQLite too, with the part named, instead of stored there.
 */
export function keyColumns(key: FsmKey): FsmKeyColumns {
  if (!key || typeof key !== "object") {
    throw new FsmKeyError(`An FSM key must be an object { botId, chatId, userId, threadId?, destiny? }; got ${typeof key}.`, "key", FSM_KEY_MAX_CHARACTERS);
  }
  return [
    keyPart("botId", key.botId),
    keyPart("chatId", key.chatId),
    keyPart("userId", key.userId),
    key.threadId == null ? "" : keyPart("threadId", key.threadId),
    key.destiny === undefined ? "default" : keyPart("destiny", key.destiny, false),
  ];
}

function keyPart(part: string, value: unknown, numbers = true): string {
  const text = partText(part, value, numbers);
  const length = characterCount(text);
  if (length > FSM_KEY_MAX_CHARACTERS) {
    throw new FsmKeyError(
      `FSM key part ${part} is ${length} characters long (${JSON.stringify(text.slice(0, 20))}…): at most ${FSM_KEY_MAX_CHARACTERS} fit its column. Use a shorter value, such as a hash of it.`,
      part,
      FSM_KEY_MAX_CHARACTERS,
    );
  }
  const why = unstorableCharacter(text);
  if (why) throw new FsmKeyError(`FSM key part ${part} ${why}.`, part, FSM_KEY_MAX_CHARACTERS);
  return text;
}

function partText(part: string, value: unknown, numbers: boolean): string {
  if (typeof value === "string") return value;
  if (numbers && typeof value === "bigint") return value.toString();
  if (numbers && typeof value === "number" && Number.isSafeInteger(value)) return String(value);
  const allowed = numbers ? "a string, a safe integer or a bigint" : "a string";
  const shown = typeof value === "number" ? String(value) : typeof value;
  throw new FsmKeyError(`FSM key part ${part} is ${shown}: it must be ${allowed}.`, part, FSM_KEY_MAX_CHARACTERS);
}

import { quoteIdentifier } from "../../config/identifier";
import type { Dialect } from "../../dialect/dialect";

/** One statement: its SQL and, per placeholder in order, the name of the value it takes. */
export interface FsmStatement {
  readonly sql: string;
  readonly params: readonly string[];
}

/** Every statement the storage runs; each is a single statement, atomic on its own. */
export interface FsmStatements {
  /** key → [{ state, data }] or []. */
  readonly select: FsmStatement;
  /** key, state, empty → upsert of the state, data kept ("empty" for a new row). */
  readonly upsertState: FsmStatement;
  /** key, data → upsert of the data, state kept. */
  readonly upsertData: FsmStatement;
  readonly delete: FsmStatement;
  /**
   * key, patch (JSON text), removal → the default serializer's updateData. PostgreSQL
   * returns the merged data; SQLite returns nothing (see `returnsMergedData`).
   */
  readonly mergeData: FsmStatement;
  /** mergeData has RETURNING data. */
  readonly returnsMergedData: boolean;
  /** key, data → affects 1 row when it inserted one, 0 when the key had a row. */
  readonly insertData: FsmStatement;
  /** key, data, expected → affects 1 row when the row still held `expected`, else 0. */
  readonly swapData: FsmStatement;
}

const KEY = ["botId", "chatId", "userId", "threadId", "destiny"] as const;
const KEY_COLUMNS = "bot_id, chat_id, user_id, thread_id, destiny";
const KEY_MATCH = "bot_id = :botId AND chat_id = :chatId AND user_id = :userId AND thread_id = :threadId AND destiny = :destiny";
const KEY_VALUES = KEY.map((k) => `:${k}`).join(", ");

export function fsmStatements(dialect: Dialect, tableName: string): FsmStatements {
  const t = quoteIdentifier(tableName);
  const { mergedData, returnsMergedData } = dialect.fsm;
  const upsert = (values: string, set: string, returning = "") =>
    `INSERT INTO ${t} (${KEY_COLUMNS}, state, data) VALUES (${KEY_VALUES}, ${values}) ON CONFLICT (${KEY_COLUMNS}) ${set}${returning}`;
  const sql = {
    select: `SELECT state, data FROM ${t} WHERE ${KEY_MATCH}`,
    upsertState: upsert(":state, :empty", "DO UPDATE SET state = excluded.state"),
    upsertData: upsert("NULL, :data", "DO UPDATE SET data = excluded.data"),
    delete: `DELETE FROM ${t} WHERE ${KEY_MATCH}`,
    mergeData: upsert("NULL, :patch", `DO UPDATE SET data = ${mergedData(t)}`, returnsMergedData ? " RETURNING data" : ""),
    insertData: upsert("NULL, :data", "DO NOTHING"),
    swapData: `UPDATE ${t} SET data = :data WHERE ${KEY_MATCH} AND data = :expected`,
  };
  const compiled = Object.fromEntries(Object.entries(sql).map(([name, text]) => [name, compile(dialect, text)]));
  return { ...(compiled as Record<keyof typeof sql, FsmStatement>), returnsMergedData };
}

/** `:name` placeholders → the dialect's, one per occurrence (a name used twice binds its value twice). */
function compile(dialect: Dialect, text: string): FsmStatement {
  const params: string[] = [];
  const sql = text.replace(/(?<!:):([A-Za-z]\w*)/g, (_match, name: string) => {
    params.push(name);
    return dialect.param(params.length);
  });
  return { sql, params };
}

/** The values of a statement's placeholders, in order. */
export function bind(statement: FsmStatement, values: Readonly<Record<string, unknown>>): unknown[] {
  return statement.params.map((name) => {
    if (!(name in values)) throw new Error(`FSM statement parameter :${name} has no value`);
    return values[name];
  });
}

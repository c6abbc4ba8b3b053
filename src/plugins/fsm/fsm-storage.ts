import type { DataSource, EntitySchema } from "typeorm";
import { assertSafeTableName } from "../../config/identifier";
import { definePlugin } from "../../config/define-plugin";
import type { PluginDefinition } from "../../config/types";
import { dialectFor } from "../../dialect/dialect-for";
import type { FsmConnection } from "../../dialect/dialect-fsm";
import { sleep } from "../../dialect/sleep";
import { typeorm } from "../../loading/typeorm-module";
import { backoffMs } from "./backoff";
import { FsmClosedError, FsmDataError, FsmBusyError } from "./fsm-errors";
import { type FsmKey, type FsmKeyColumns, keyColumns } from "./fsm-key";
import { assertJsonObject, type FsmData, type FsmSerializer, JSON_SERIALIZER } from "./fsm-serializer";
import { bind, type FsmStatement, type FsmStatements, fsmStatements } from "./fsm-statements";
import { characterCount, unstorableCharacter } from "./fsm-text";
import { KeyedQueue } from "./keyed-queue";

export type { FsmKey } from "./fsm-key";
export type { FsmData, FsmSerializer } from "./fsm-serializer";

interface FsmRow {
  botId: string;
  chatId: string;
  userId: string;
  threadId: string;
  destiny: string;
  state: string | null;
  data: FsmData;
}

export interface FsmStorageOptions {
  /** The table's name, chosen by the application (checked before anything connects). */
  readonly tableName?: string;
  /** Plugin name and branch label; default "fsm". */
  readonly name?: string;
  readonly migrationsDir?: string;
  /**
   * How data is written to and read from its text column. Default: JSON, refusing values
   * JSON would not give back unchanged (Date, Map, NaN, undefined, …).
   */
  readonly serializer?: FsmSerializer;
  /** SQLite: how long a statement keeps retrying while other processes hold the lock (default 30 000 ms). */
  readonly busyTimeoutMs?: number;
}

/** What FsmStorage needs besides the DataSource and the entity. */
export type FsmStorageSettings = Pick<FsmStorageOptions, "serializer" | "busyTimeoutMs">;

const ID = { type: "varchar", length: 64 } as const;
const STATE_MAX_CHARACTERS = 255;

function fsmEntity(tableName: string): EntitySchema<FsmRow> {
  return new (typeorm().EntitySchema<FsmRow>)({
    name: `FsmRecord_${tableName}`,
    tableName,
    columns: {
      botId: { ...ID, name: "bot_id", primary: true },
      chatId: { ...ID, name: "chat_id", primary: true },
      userId: { ...ID, name: "user_id", primary: true },
      // Part of the key, so never NULL: "" stands for "no thread".
      threadId: { ...ID, name: "thread_id", primary: true, default: "" },
      destiny: { ...ID, name: "destiny", primary: true, default: "default" },
      state: { type: "varchar", length: STATE_MAX_CHARACTERS, nullable: true },
      data: { type: "simple-json" },
    },
  });
}

/**
 * Reads and writes FSM state and data: on PostgreSQL through the app's pool, on SQLite
 * through a connection of its own (the dialect's FsmConnection). Every write is one statement
 * in autocommit, so no transaction is held open and no pool connection waits for
 * another; `updateData` merges inside its statement, so concurrent calls in any number
 * of processes all land.
 */
export class FsmStorage {
  private readonly connection: FsmConnection;
  private readonly statements: FsmStatements;
  private readonly serializer: FsmSerializer;
  private readonly busyTimeoutMs: number;
  private readonly swaps = new KeyedQueue();
  private readonly pending = new Set<Promise<unknown>>();
  private closed = false;

  constructor(
    dataSource: DataSource,
    entity: EntitySchema<any>,
    settings: FsmStorageSettings = {},
  ) {
    const dialect = dialectFor(dataSource);
    this.statements = fsmStatements(dialect, entity.options.tableName ?? entity.options.name);
    this.serializer = settings.serializer ?? JSON_SERIALIZER;
    this.busyTimeoutMs = settings.busyTimeoutMs ?? 30_000;
    this.connection = dialect.fsm.connection(dataSource, this.busyTimeoutMs);
  }

  async getState(key: FsmKey): Promise<string | null> {
    return this.track(async () => (await this.row(keyColumns(key)))?.state ?? null);
  }

  /** Sets the state (null: none); the data stays. */
  async setState(key: FsmKey, state: string | null): Promise<void> {
    return this.track(async () => {
      const columns = keyColumns(key);
      assertState(state);
      await this.run(this.statements.upsertState, { ...named(columns), state, empty: this.serializer.stringify({}) });
    });
  }

  async getData(key: FsmKey): Promise<FsmData> {
    return this.track(async () => {
      const row = await this.row(keyColumns(key));
      return row ? this.serializer.parse(row.data) : {};
    });
  }

  /** Replaces the data; the state stays. */
  async setData(key: FsmKey, data: FsmData): Promise<void> {
    return this.track(async () => {
      const columns = keyColumns(key);
      await this.run(this.statements.upsertData, { ...named(columns), data: this.serializer.stringify(data) });
    });
  }

  /**
   * Merges `patch` into the stored data at the top level and returns the result: each
   * key of the patch replaces that key's value whole (a nested object is not merged into,
   * null is stored as null); other keys stay. Atomic: concurrent calls all land.
   */
  async updateData(key: FsmKey, patch: FsmData): Promise<FsmData> {
    return this.track(async () => {
      const columns = keyColumns(key);
      if (this.serializer === JSON_SERIALIZER) return this.mergeInDatabase(columns, patch);
      if (!patch || typeof patch !== "object" || Array.isArray(patch)) {
        throw new FsmDataError("The patch given to updateData must be an object. Nothing was stored.", "data");
      }
      return this.swaps.run(JSON.stringify(columns), () => this.mergeBySwap(columns, patch));
    });
  }

  /** Forgets the key's state and data. */
  async clear(key: FsmKey): Promise<void> {
    return this.track(async () => {
      await this.run(this.statements.delete, named(keyColumns(key)));
    });
  }

  /**
   * Waits for the calls in flight, refuses later ones and closes the storage's own SQLite
   * connection. The app's DataSource stays open.
   */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.allSettled([...this.pending]);
    await this.connection.close();
  }

  /**
   * JSON data: one upsert whose conflict branch merges in SQL (see fsm-statements). On
   * SQLite the result is read back in the same turn of the storage's connection, so it
   * may hold keys that another process merged in between, never this process's.
   */
  private async mergeInDatabase(columns: FsmKeyColumns, patch: FsmData): Promise<FsmData> {
    assertJsonObject(patch, "data");
    const removal = JSON.stringify(Object.fromEntries(Object.keys(patch).map((k) => [k, null])));
    const values = { ...named(columns), patch: JSON.stringify(patch), removal };
    const text = await this.connection.turn(async (dataSource) => {
      const merged = await this.execute(dataSource, this.statements.mergeData, values);
      if (this.statements.returnsMergedData) return merged.records[0]?.data;
      return (await this.execute(dataSource, this.statements.select, named(columns))).records[0]?.data;
    });
    return text === undefined ? { ...patch } : (JSON.parse(text as string) as FsmData);
  }

  /**
   * A serializer's text cannot be merged in SQL: read, merge here, and write only if the
   * row still holds what was read (compare-and-swap), else read again. Calls for one key
   * in this process queue, so only other processes can make a swap miss.
   */
  private async mergeBySwap(columns: FsmKeyColumns, patch: FsmData): Promise<FsmData> {
    const deadline = Date.now() + this.busyTimeoutMs;
    for (let attempt = 0; ; attempt++) {
      const row = await this.row(columns);
      const data = { ...(row ? this.serializer.parse(row.data) : {}), ...patch };
      const values = { ...named(columns), data: this.serializer.stringify(data), expected: row?.data };
      const written = await this.run(row ? this.statements.swapData : this.statements.insertData, values);
      if (written.affected === 1) return data;
      if (Date.now() >= deadline) {
        throw new FsmBusyError(`updateData: the FSM row kept changing under other processes for ${this.busyTimeoutMs} ms. Nothing was stored.`);
      }
      await sleep(backoffMs(attempt));
    }
  }

  private async row(columns: FsmKeyColumns): Promise<{ state: string | null; data: string } | undefined> {
    const { records } = await this.run(this.statements.select, named(columns));
    return records[0] as { state: string | null; data: string } | undefined;
  }

  /** One statement, in a turn of the storage's connection. */
  private run(statement: FsmStatement, values: Record<string, unknown>): Promise<StatementResult> {
    return this.connection.turn((dataSource) => this.execute(dataSource, statement, values));
  }

  private async execute(dataSource: DataSource, statement: FsmStatement, values: Record<string, unknown>): Promise<StatementResult> {
    const params = bind(statement, values);
    const once = async () => {
      const runner = dataSource.createQueryRunner();
      try {
        const result = await runner.query(statement.sql, params, true);
        return { records: (result.records ?? []) as Record<string, unknown>[], affected: result.affected };
      } finally {
        await runner.release();
      }
    };
    return this.connection.statement(once);
  }

  private async track<T>(operation: () => Promise<T>): Promise<T> {
    if (this.closed) throw new FsmClosedError("This FSM storage was closed; create another with fsm.storage(dataSource).");
    const running = operation();
    this.pending.add(running);
    try {
      return await running;
    } finally {
      this.pending.delete(running);
    }
  }
}

interface StatementResult {
  readonly records: Record<string, unknown>[];
  readonly affected?: number;
}

function named([botId, chatId, userId, threadId, destiny]: FsmKeyColumns): Record<string, string> {
  return { botId, chatId, userId, threadId, destiny };
}

function assertState(state: unknown): void {
  if (state === null) return;
  if (typeof state !== "string") {
    throw new FsmDataError(`state is ${typeof state}: a state is a string or null. Nothing was stored.`, "state");
  }
  const length = characterCount(state);
  if (length > STATE_MAX_CHARACTERS) {
    throw new FsmDataError(`state is ${length} characters long: at most ${STATE_MAX_CHARACTERS} fit its column. Nothing was stored.`, "state");
  }
  const why = unstorableCharacter(state);
  if (why) throw new FsmDataError(`state ${why}. Nothing was stored.`, "state");
}

export interface FsmStoragePlugin {
  readonly plugin: PluginDefinition;
  readonly tableName: string;
  /** The storage, once the app's DataSource is initialized. */
  storage(dataSource: DataSource): FsmStorage;
}

/** The FSM storage adapter: adds its table to the app's metadata under the name the app chose. */
export function fsmStorage(options: FsmStorageOptions = {}): FsmStoragePlugin {
  const tableName = assertSafeTableName(options.tableName ?? "fsm_data", "fsmStorage tableName (FSM_TABLE_NAME)");
  const entity = fsmEntity(tableName);
  const plugin = definePlugin({
    name: options.name ?? "fsm",
    entities: [entity],
    migrationsDir: options.migrationsDir,
    configuredTableNames: [{ name: tableName, source: "fsmStorage tableName (FSM_TABLE_NAME)" }],
  });
  const settings = { serializer: options.serializer, busyTimeoutMs: options.busyTimeoutMs };
  return { plugin, tableName, storage: (dataSource) => new FsmStorage(dataSource, entity, settings) };
}

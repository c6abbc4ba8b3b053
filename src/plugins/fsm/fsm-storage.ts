import { type DataSource, EntitySchema, type Repository } from "typeorm";
import { assertSafeTableName } from "../../config/identifier";
import { definePlugin } from "../../config/define-plugin";
import type { PluginDefinition } from "../../config/types";

/** Whose state: one finite-state machine per bot, chat, user, thread and destiny. */
export interface FsmKey {
  readonly botId: string | number;
  readonly chatId: string | number;
  readonly userId: string | number;
  readonly threadId?: string | number | null;
  readonly destiny?: string;
}

export type FsmData = Record<string, unknown>;

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
}

const ID = { type: "varchar", length: 64 } as const;

function fsmEntity(tableName: string): EntitySchema<FsmRow> {
  return new EntitySchema<FsmRow>({
    name: `FsmRecord_${tableName}`,
    tableName,
    columns: {
      botId: { ...ID, name: "bot_id", primary: true },
      chatId: { ...ID, name: "chat_id", primary: true },
      userId: { ...ID, name: "user_id", primary: true },
      // Part of the key, so never NULL: "" stands for "no thread".
      threadId: { ...ID, name: "thread_id", primary: true, default: "" },
      destiny: { ...ID, name: "destiny", primary: true, default: "default" },
      state: { type: "varchar", length: 255, nullable: true },
      data: { type: "simple-json" },
    },
  });
}

/** Reads and writes FSM state and data through the app's DataSource. */
export class FsmStorage {
  constructor(
    private readonly dataSource: DataSource,
    private readonly entity: EntitySchema<FsmRow>,
  ) {}

  private get repository(): Repository<FsmRow> {
    return this.dataSource.getRepository(this.entity);
  }

  private where(key: FsmKey) {
    return {
      botId: String(key.botId),
      chatId: String(key.chatId),
      userId: String(key.userId),
      threadId: key.threadId == null ? "" : String(key.threadId),
      destiny: key.destiny ?? "default",
    };
  }

  private async row(key: FsmKey): Promise<FsmRow | null> {
    return this.repository.findOneBy(this.where(key));
  }

  private async save(key: FsmKey, patch: Partial<Pick<FsmRow, "state" | "data">>): Promise<void> {
    const current = await this.row(key);
    await this.repository.save({ ...this.where(key), state: current?.state ?? null, data: current?.data ?? {}, ...patch });
  }

  async getState(key: FsmKey): Promise<string | null> {
    return (await this.row(key))?.state ?? null;
  }

  async setState(key: FsmKey, state: string | null): Promise<void> {
    await this.save(key, { state });
  }

  async getData(key: FsmKey): Promise<FsmData> {
    return (await this.row(key))?.data ?? {};
  }

  async setData(key: FsmKey, data: FsmData): Promise<void> {
    await this.save(key, { data });
  }

  /** Merges `patch` into the stored data and returns the result. */
  async updateData(key: FsmKey, patch: FsmData): Promise<FsmData> {
    return this.dataSource.transaction(async () => {
      const data = { ...(await this.getData(key)), ...patch };
      await this.setData(key, data);
      return data;
    });
  }

  async clear(key: FsmKey): Promise<void> {
    await this.repository.delete(this.where(key));
  }
}

export interface FsmStoragePlugin {
  readonly plugin: PluginDefinition;
  readonly tableName: string;
  /** The storage, once the app's DataSource (with the plugin's entities) is initialized. */
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
  return { plugin, tableName, storage: (dataSource) => new FsmStorage(dataSource, entity) };
}

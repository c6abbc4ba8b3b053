import { KarmaPoints } from "strata-karma";
import { DataSource, type DataSourceOptions } from "typeorm";
import { fsm } from "../../ormconfig";
import { BotUser, Chat, entities } from "../../entities";

/** Every entity of the example app, its plugins' included: the shared metadata set. */
export const EXAMPLE_ENTITIES = [...entities, ...fsm.plugin.entities, KarmaPoints];

/** A telegram id past 2^53: a JavaScript number would round it. */
export const BIG_TELEGRAM_ID = "9007199254740993";

/** The example app's DataSource on `options`, with every plugin's entities. */
export async function exampleDataSource(options: DataSourceOptions): Promise<DataSource> {
  const dataSource = new DataSource({ ...options, entities: EXAMPLE_ENTITIES } as DataSourceOptions);
  return dataSource.initialize();
}

const chunks = <T>(items: readonly T[], size: number) => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, i * size + size));

/**
 * Writes `users` bot users (and as many chats, karma rows and FSM rows) the way the app
 * does, through TypeORM: booleans, dates with milliseconds, bigint ids past 2^53, JSON
 * data with non-ASCII text, and karma rows pointing at users.
 */
export async function seedExample(options: DataSourceOptions, users: number): Promise<void> {
  const dataSource = await exampleDataSource(options);
  try {
    const insert = async (target: Function | string, rows: readonly object[]) => {
      for (const chunk of chunks(rows, 100)) await dataSource.createQueryBuilder().insert().into(target).values(chunk as never).execute();
    };
    const base = Date.UTC(2024, 0, 31, 23, 30, 15, 123);
    await insert(
      BotUser,
      Array.from({ length: users }, (_, i) => ({
        id: i + 1,
        telegramId: i === 0 ? BIG_TELEGRAM_ID : String(1_000_000 + i),
        username: i % 7 === 0 ? null : `user_${i}`,
        languageCode: i % 2 ? "de" : "en",
        isBlocked: i % 3 === 0,
        createdAt: new Date(base + i * 60_000),
      })),
    );
    await insert(Chat, Array.from({ length: users }, (_, i) => ({ id: String(-1_000_000_000_000 - i), kind: i % 2 ? "group" : "private", title: i % 5 ? `chat «${i}»` : null })));
    await insert(KarmaPoints, Array.from({ length: users }, (_, i) => ({ chatId: String(-1_000_000_000_000 - (i % 10)), userId: i + 1, points: i - 50 })));
    await insert(
      fsm.plugin.entities[0] as Function,
      Array.from({ length: users }, (_, i) => ({
        botId: "bot",
        chatId: String(i),
        userId: String(i % 13),
        threadId: i % 4 ? "" : "7",
        destiny: "default",
        state: i % 2 ? "asking_name" : null,
        data: { step: i, name: `Zoë ${i}`, tags: ["a", "b"], nested: { ok: i % 2 === 0 } },
      })),
    );
  } finally {
    await dataSource.destroy();
  }
}

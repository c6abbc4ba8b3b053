import type { DataSource } from "typeorm";
import { KarmaPoints } from "./karma-points";

export interface KarmaGift {
  readonly chatId: string | number;
  /** The app's `bot_users.id`. */
  readonly userId: number;
  readonly points: number;
}

/**
 * Adds `points` to a user's karma in a chat and returns the total it read back: the
 * increment is one upsert, so concurrent gifts all count (the same syntax on PostgreSQL
 * and SQLite; no RETURNING, which TypeORM's sqlite3 driver drops from an INSERT).
 */
export async function giveKarma(dataSource: DataSource, gift: KarmaGift): Promise<number> {
  const table = dataSource.getMetadata(KarmaPoints).tableName;
  const chatId = String(gift.chatId);
  const [sql, parameters] = dataSource.driver.escapeQueryWithParameters(
    `INSERT INTO "${table}" ("chat_id", "user_id", "points") VALUES (:chatId, :userId, :points) ` +
      `ON CONFLICT ("chat_id", "user_id") DO UPDATE SET "points" = "${table}"."points" + excluded."points"`,
    { chatId, userId: gift.userId, points: gift.points },
    {},
  );
  await dataSource.query(sql, parameters);
  const row = await dataSource.getRepository(KarmaPoints).findOneByOrFail({ chatId, userId: gift.userId });
  return row.points;
}

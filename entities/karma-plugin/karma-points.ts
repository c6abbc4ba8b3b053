import { Column, Entity, ForeignKey, PrimaryColumn } from "typeorm";

/**
 * A user's points in one chat. The user is the app's `bot_users` row, named by table
 * (the plugin cannot import the app's entity class); deleting the user deletes the points.
 */
@Entity("karma_points")
export class KarmaPoints {
  @PrimaryColumn({ name: "chat_id", type: "bigint" })
  chatId: string;

  @PrimaryColumn({ name: "user_id", type: "integer" })
  @ForeignKey("bot_users", "id", { onDelete: "CASCADE" })
  userId: number;

  @Column({ type: "integer", default: 0 })
  points: number;
}

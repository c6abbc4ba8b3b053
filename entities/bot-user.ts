import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from "typeorm";

/** Someone who has talked to the bot. */
@Entity("bot_users")
export class BotUser {
  @PrimaryGeneratedColumn()
  id: number;

  @Index({ unique: true })
  @Column({ type: "bigint", name: "telegram_id" })
  telegramId: string;

  @Column({ type: "varchar", length: 64, nullable: true })
  username: string | null;

  @Column({ name: "language_code", type: "varchar", length: 8, default: "en" })
  languageCode: string;

  @Column({ name: "is_blocked", default: false })
  isBlocked: boolean;

  @CreateDateColumn({ name: "created_at" })
  createdAt: Date;
}

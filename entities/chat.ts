import { Column, Entity, PrimaryColumn } from "typeorm";

/** A chat the bot is in: private, group or channel. */
@Entity("chats")
export class Chat {
  @PrimaryColumn({ type: "bigint" })
  id: string;

  @Column({ type: "varchar", length: 16, default: "private" })
  kind: string;

  @Column({ type: "varchar", length: 255, nullable: true })
  title: string | null;
}

import { Table, TableIndex, type QueryRunner } from "typeorm";
import type { Revision } from "../src";

export default {
  revision: "3a5c0e9d2b71",
  downRevision: null,
  message: "bot users and chats",
  async up(queryRunner: QueryRunner): Promise<void> {
    // The driver names its own date type and default, so one file runs on SQLite and PostgreSQL.
    const { createDate, createDateDefault } = queryRunner.connection.driver.mappedDataTypes;
    await queryRunner.createTable(
      new Table({
        name: "bot_users",
        columns: [
          { name: "id", type: "integer", isPrimary: true, isGenerated: true, generationStrategy: "increment" },
          { name: "telegram_id", type: "bigint" },
          { name: "username", type: "varchar", length: "64", isNullable: true },
          { name: "language_code", type: "varchar", length: "8", default: "'en'" },
          { name: "created_at", type: String(createDate), default: createDateDefault },
        ],
      }),
    );
    // The name TypeORM gives the entity's @Index({ unique: true }), so its schema builder sees no change.
    await queryRunner.createIndex("bot_users", new TableIndex({ name: "IDX_a8c0cf7cc16256781d681569a9", columnNames: ["telegram_id"], isUnique: true }));
    await queryRunner.createTable(
      new Table({
        name: "chats",
        columns: [
          { name: "id", type: "bigint", isPrimary: true },
          { name: "kind", type: "varchar", length: "16", default: "'private'" },
          { name: "title", type: "varchar", length: "255", isNullable: true },
        ],
      }),
    );
  },
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable("chats");
    await queryRunner.dropTable("bot_users");
  },
} satisfies Revision;

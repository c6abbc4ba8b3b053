import { Table, type QueryRunner } from "typeorm";
import type { Revision } from "../../src";
import { fsm } from "../../ormconfig";

/** The table's name is the application's choice (FSM_TABLE_NAME), read from the plugin. */
const key = (name: string, defaultValue?: string) => ({
  name,
  type: "varchar",
  length: "64",
  isPrimary: true,
  ...(defaultValue === undefined ? {} : { default: defaultValue }),
});

export default {
  revision: "8e41b7c0d2f6",
  downRevision: null,
  branchLabels: ["fsm"],
  message: "fsm: storage table",
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: fsm.tableName,
        columns: [
          key("bot_id"),
          key("chat_id"),
          key("user_id"),
          key("thread_id", "''"),
          key("destiny", "'default'"),
          { name: "state", type: "varchar", length: "255", isNullable: true },
          { name: "data", type: "text" },
        ],
      }),
    );
  },
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable(fsm.tableName);
  },
} satisfies Revision;

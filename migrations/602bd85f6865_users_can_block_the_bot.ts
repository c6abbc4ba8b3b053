import { type Revision, addColumn, dropColumn } from "../src";

// On SQLite, up() rebuilds nothing and down() rebuilds bot_users: the rows are
// copied with foreign keys off, which strata switches before the revision's transaction.
export default {
  revision: "602bd85f6865",
  downRevision: "3a5c0e9d2b71",
  message: "users can block the bot",
  async up(queryRunner) {
    // table bot_users
    await addColumn(queryRunner, "bot_users", {
      name: "is_blocked",
      type: "boolean",
      nullable: false,
      default: "false",
    });
  },
  async down(queryRunner) {
    // table bot_users
    // DESTRUCTIVE: drops column bot_users.is_blocked and its data
    await dropColumn(queryRunner, "bot_users", "is_blocked");
  },
} satisfies Revision;

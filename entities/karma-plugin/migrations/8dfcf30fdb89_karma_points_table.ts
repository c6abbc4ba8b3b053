import { Table } from "typeorm";
import { type Revision, tableColumn } from "../../../src";

// Shipped in the plugin's package. Its foreign key needs the app's bot_users table, which
// the app's first revision creates: dependsOn orders the two branches.
export default {
  revision: "8dfcf30fdb89",
  downRevision: null,
  branchLabels: ["karma"],
  dependsOn: ["3a5c0e9d2b71"],
  message: "karma: points table",
  async up(queryRunner) {
    // table karma_points
    await queryRunner.createTable(
      new Table({
        name: "karma_points",
        columns: [
          tableColumn(queryRunner, {
            name: "chat_id",
            type: "bigint",
            nullable: false,
            primary: true,
          }),
          tableColumn(queryRunner, {
            name: "user_id",
            type: "integer",
            nullable: false,
            primary: true,
          }),
          tableColumn(queryRunner, {
            name: "points",
            type: "integer",
            nullable: false,
            default: "0",
          }),
        ],
        foreignKeys: [
          {
            name: "FK_4e97f578d00c22f64614691a988",
            columnNames: ["user_id"],
            referencedTableName: "bot_users",
            referencedColumnNames: ["id"],
            onDelete: "CASCADE",
            onUpdate: "NO ACTION",
          },
        ],
      }),
    );
  },
  async down(queryRunner) {
    // table karma_points
    // DESTRUCTIVE: drops table karma_points and every row in it
    await queryRunner.dropTable("karma_points");
  },
} satisfies Revision;

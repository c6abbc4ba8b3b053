import {
  addCheck,
  addColumn,
  addForeignKey,
  addUnique,
  alterColumn,
  alterEnum,
  alterPrimaryKey,
  createEnum,
  createIndex,
  createTable,
  dropCheck,
  dropColumn,
  dropEnum,
  dropForeignKey,
  dropIndex,
  dropTable,
  dropUnique,
  type Operation,
  type OperationKind,
  renameColumn,
  renameConstraint,
  renameIndex,
  renameTable,
} from "../../src/operations";
import { column, fk, id, table } from "../diff/builders";

export const t = table("t", [id(), column("name", "varchar", { length: 50 })]);
export const email = (length?: number, type = "varchar") => column("email", type, length === undefined ? {} : { length });

/** One operation of every kind: adding a kind fails to compile here until it has a sample. */
export const SAMPLES: Record<OperationKind, Operation> = {
  createTable: createTable(t),
  dropTable: dropTable(t),
  renameTable: renameTable("a", "b"),
  alterPrimaryKey: alterPrimaryKey("t", ["id"], ["id", "name"]),
  addColumn: addColumn("t", email(255)),
  dropColumn: dropColumn("t", email(255)),
  alterColumn: alterColumn("t", email(50), email(255)),
  renameColumn: renameColumn("t", "a", "b"),
  createIndex: createIndex("t", { name: "IDX", columns: ["name"], unique: true, where: `"name" IS NOT NULL` }),
  dropIndex: dropIndex("t", { name: "IDX", columns: ["name"], unique: false }),
  renameIndex: renameIndex("t", "IDX", "IDX_new"),
  addUnique: addUnique("t", { name: "UQ", columns: ["name"] }),
  dropUnique: dropUnique("t", { name: "UQ", columns: ["name"] }),
  addForeignKey: addForeignKey("t", fk("FK", ["name"], "u")),
  dropForeignKey: dropForeignKey("t", fk("FK", ["name"], "u")),
  addCheck: addCheck("t", { name: "CHK", expression: "id > 0" }),
  dropCheck: dropCheck("t", { name: "CHK", expression: "id > 0" }),
  renameConstraint: renameConstraint("t", "UQ", "UQ_new"),
  createEnum: createEnum({ name: "mood", values: ["a"] }),
  dropEnum: dropEnum({ name: "mood", values: ["a"] }),
  alterEnum: alterEnum("mood", ["a"], ["a", "b"]),
};

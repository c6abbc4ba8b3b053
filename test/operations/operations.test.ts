import { describe, expect, it } from "vitest";
import {
  addColumn,
  addForeignKey,
  alterColumn,
  alterEnum,
  createEnum,
  createTable,
  destructiveReason,
  dropColumn,
  dropEnum,
  dropTable,
  invert,
  invertAll,
  isDestructive,
  type OperationKind,
} from "../../src/operations";
import { dialectNamed } from "../../src/dialect/dialect-for";
import { column, fk } from "../diff/builders";
import { email, SAMPLES, t } from "./samples";

describe("operations", () => {
  it.each(Object.entries(SAMPLES))("%s is frozen and invert(invert(op)) equals it", (kind, op) => {
    expect(op.kind).toBe(kind);
    expect(Object.isFrozen(op)).toBe(true);
    expect(invert(op)).not.toEqual(op);
    expect(invert(invert(op))).toEqual(op);
  });

  it("inverts each drop into the add of what it dropped", () => {
    expect(invert(SAMPLES.dropTable)).toEqual(createTable(t));
    expect(invert(SAMPLES.dropColumn)).toEqual(addColumn("t", email(255)));
    expect(invert(SAMPLES.dropForeignKey)).toEqual(addForeignKey("t", fk("FK", ["name"], "u")));
    expect(invert(SAMPLES.dropEnum)).toEqual(createEnum({ name: "mood", values: ["a"] }));
  });

  it("downgrades by inverting every operation in reverse order", () => {
    const up = [SAMPLES.createEnum, SAMPLES.createTable, SAMPLES.addColumn];
    expect(invertAll(up)).toEqual([dropColumn("t", email(255)), dropTable(t), dropEnum({ name: "mood", values: ["a"] })]);
  });

  it("records what an alterColumn changes, ignoring the declared words", () => {
    const from = column("at", "timestamptz", { nullable: true, declaredType: "timestamp with time zone" });
    const to = column("at", "timestamptz", { default: "now()", comment: "when", declaredType: "timestamptz", declaredComment: "x" });
    expect(alterColumn("t", from, to).changes).toEqual(["nullable", "default", "comment"]);
    expect(() => alterColumn("t", from, { ...from, declaredType: "timestamptz" })).toThrow(/nothing changes/);
    expect(() => alterColumn("t", from, { ...from, name: "other" })).toThrow(/different columns/);
  });
});

describe("isDestructive", () => {
  const alter = (from: ReturnType<typeof column>, to: ReturnType<typeof column>) => alterColumn("t", from, to);

  it("flags drops of tables and columns, not of indexes or constraints", () => {
    expect(destructiveReason(SAMPLES.dropTable)).toBe("drops table t and every row in it");
    expect(destructiveReason(SAMPLES.dropColumn)).toBe("drops column t.email and its data");
    for (const kind of ["dropIndex", "dropUnique", "dropForeignKey", "dropCheck", "dropEnum", "renameTable", "addColumn"] as const) {
      expect(isDestructive(SAMPLES[kind])).toBe(false);
    }
  });

  it("flags narrowing a length or a type, not widening", () => {
    expect(destructiveReason(alter(email(255), email(50)))).toBe(
      "narrows t.email from varchar(255) to varchar(50); values that do not fit are lost or fail",
    );
    expect(isDestructive(alter(email(50), email(255)))).toBe(false);
    expect(isDestructive(alter(email(50), email(undefined, "text")))).toBe(false);
    expect(isDestructive(alter(email(undefined, "text"), email(50)))).toBe(true);
    expect(isDestructive(alter(email(undefined), email(50)))).toBe(true);
    const n = (type: string, extra = {}) => column("n", type, extra);
    expect(isDestructive(alter(n("integer"), n("bigint")))).toBe(false);
    expect(isDestructive(alter(n("bigint"), n("integer")))).toBe(true);
    expect(isDestructive(alter(n("integer"), n("varchar")))).toBe(true);
    expect(isDestructive(alter(n("numeric", { precision: 10, scale: 2 }), n("numeric", { precision: 12, scale: 2 })))).toBe(false);
    expect(isDestructive(alter(n("numeric", { precision: 10, scale: 2 }), n("numeric", { precision: 10, scale: 4 })))).toBe(true);
    expect(isDestructive(alter(n("integer"), n("integer", { isArray: true })))).toBe(true);
    expect(isDestructive(alter(n("integer", { nullable: true }), n("integer")))).toBe(false);
  });

  it("flags removing allowed values, from an enum type or a column", () => {
    expect(destructiveReason(alterEnum("mood", ["a", "b"], ["a"]))).toBe("removes 'b' from enum mood; rows holding them fail");
    expect(isDestructive(alterEnum("mood", ["a"], ["a", "b"]))).toBe(false);
    const kind = (values?: string[]) => column("kind", "varchar", values ? { enumValues: values } : {});
    expect(destructiveReason(alter(kind(["cat", "dog"]), kind(["cat"])))).toBe("removes 'dog' from the values allowed in t.kind");
    expect(destructiveReason(alter(kind(), kind(["cat"])))).toBe("restricts t.kind to 'cat'; other values fail");
    expect(isDestructive(alter(kind(["cat"]), kind()))).toBe(false);
  });
});

describe("rebuildsTable", () => {
  it("is true on SQLite exactly for the operations that rebuild the table", () => {
    const rebuilds = (Object.keys(SAMPLES) as OperationKind[]).filter((kind) => dialectNamed("sqlite").rebuildsTable(SAMPLES[kind]));
    expect(rebuilds.sort()).toEqual(
      // The sample addColumn is NOT NULL without a default, which ALTER TABLE ADD COLUMN refuses.
      ["addCheck", "addColumn", "addForeignKey", "addUnique", "alterColumn", "alterPrimaryKey", "dropCheck", "dropColumn", "dropForeignKey", "dropUnique", "renameConstraint"].sort(),
    );
  });

  it("lets SQLite add a column in place when ALTER TABLE ADD COLUMN can", () => {
    const off = (c: ReturnType<typeof column>) => dialectNamed("sqlite").rebuildsTable(addColumn("t", c));
    expect(off(column("a", "integer", { nullable: true }))).toBe(false);
    expect(off(column("a", "varchar", { default: "'NL'" }))).toBe(false);
    expect(off(column("a", "integer"))).toBe(true);
    expect(off(column("a", "datetime", { default: "CURRENT_TIMESTAMP" }))).toBe(true);
    expect(off(column("a", "integer", { nullable: true, generated: "increment" }))).toBe(true);
  });

  it("needs nothing on SQLite for a comment-only change, and never on PostgreSQL", () => {
    expect(dialectNamed("sqlite").rebuildsTable(alterColumn("t", email(5), { ...email(5), comment: "x" }))).toBe(false);
    expect(Object.values(SAMPLES).some((op) => dialectNamed("postgres").rebuildsTable(op))).toBe(false);
  });
});

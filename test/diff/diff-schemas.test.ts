import { describe, expect, it } from "vitest";
import { diffSchemas } from "../../src/diff";
import { UsageError } from "../../src/errors";
import { invertAll, type Operation, subjectOf } from "../../src/operations";
import type { ForeignKeyModel, SchemaModel } from "../../src/schema/model";
import { V1, V1_IN_DATABASE, V2 } from "../operations/fixtures";
import { column, EMPTY, fk, frozen, id, schema, table } from "./builders";
import { canonical, simulate } from "./simulate";

const kinds = (ops: readonly Operation[]) => ops.map((op) => `${op.kind} ${subjectOf(op).name}`);

/** The diff's two promises: upgrade reaches `to`, and the inverted list brings `from` back. */
function expectRunsBothWays(from: SchemaModel, to: SchemaModel, ops = diffSchemas(from, to)) {
  expect(canonical(simulate(from, ops))).toEqual(canonical(to));
  expect(canonical(simulate(to, invertAll(ops)))).toEqual(canonical(from));
}

const parent = table("parent", [id(), column("name", "varchar", { length: 20 })]);
const child = table("child", [id(), column("parent_id", "integer")], { foreignKeys: [fk("FK_child_parent", ["parent_id"], "parent")] });

describe("diffSchemas", () => {
  it("makes an entity's view after the tables, again when its query changes or a column it reads is retyped, and never drops one nobody recorded", () => {
    const named = (length: number) => table("parent", [id(), column("name", "varchar", { length })]);
    const totals = { name: "totals", expression: "SELECT name FROM parent", tables: ["parent"] };
    const byHand = { name: "dba_report", tables: ["parent"] };
    const before = { ...schema([named(20)]), views: [totals, byHand] };
    const entities = (expression: string, length = 20) => ({ ...schema([named(length)]), views: [{ name: "totals", expression }] });

    expect(diffSchemas(before, entities(totals.expression))).toEqual([]);
    expect(kinds(diffSchemas(EMPTY, entities(totals.expression)))).toEqual(["createTable parent", "createView totals"]);
    expect(kinds(diffSchemas(before, entities("SELECT id FROM parent")))).toEqual(["dropView totals", "createView totals"]);
    // PostgreSQL refuses to retype a column a view reads: the view goes first and comes back last.
    expect(kinds(diffSchemas(before, entities(totals.expression, 40)))).toEqual(["dropView totals", "alterColumn parent", "createView totals"]);
    expect(kinds(diffSchemas(before, { ...schema([named(20)]), views: [] }))).toEqual(["dropView totals"]);
    const recorded = { ...schema([named(20)]), views: [totals] };
    expectRunsBothWays(recorded, { ...schema([named(40)]), views: [{ ...totals, expression: "SELECT id FROM parent" }] });
  });

  it("finds nothing between equal models, whatever the declared words say", () => {
    const declared = schema([
      table("t", [id(), column("at", "timestamptz", { declaredType: "timestamp with time zone", declaredComment: "when" })]),
    ]);
    const plain = schema([table("t", [id(), column("at", "timestamptz")])]);
    expect(diffSchemas(plain, declared)).toEqual([]);
    expect(diffSchemas(V1_IN_DATABASE, V1)).toEqual([]);
  });

  it("creates parents before children, with the foreign key inline", () => {
    const ops = diffSchemas(EMPTY, schema([child, parent]));
    expect(kinds(ops)).toEqual(["createTable parent", "createTable child"]);
    expect(ops[1]).toMatchObject({ table: { foreignKeys: [{ name: "FK_child_parent" }] } });
    expectRunsBothWays(EMPTY, schema([child, parent]), ops);
  });

  it("breaks a cycle of new tables by adding one key after both exist", () => {
    const a = table("a", [id(), column("b_id", "integer")], { foreignKeys: [fk("FK_a_b", ["b_id"], "b")] });
    const b = table("b", [id(), column("a_id", "integer")], { foreignKeys: [fk("FK_b_a", ["a_id"], "a")] });
    const ops = diffSchemas(EMPTY, schema([a, b]));
    expect(kinds(ops)).toEqual(["createTable a", "createTable b", "addForeignKey a"]);
    expect(ops[0]).toMatchObject({ table: { foreignKeys: [] } });
    expectRunsBothWays(EMPTY, schema([a, b]), ops);
  });

  it("drops foreign keys into a dropped table first, then children before parents", () => {
    const keeper = table("keeper", [id(), column("parent_id", "integer")], { foreignKeys: [fk("FK_keeper_parent", ["parent_id"], "parent")] });
    const before = schema([parent, child, keeper]);
    const after = schema([{ ...keeper, foreignKeys: [] }]);
    const ops = diffSchemas(before, after);
    expect(kinds(ops)).toEqual(["dropForeignKey keeper", "dropTable child", "dropTable parent"]);
    expectRunsBothWays(before, after, ops);
  });

  it("orders one table's changes so constraints never name a missing column", () => {
    const before = schema([
      table("t", [id(), column("old", "integer"), column("kept", "integer")], {
        indexes: [{ name: "IDX_old", columns: ["old"], unique: false }],
        uniques: [{ name: "UQ_old", columns: ["old", "kept"] }],
      }),
    ]);
    const after = schema([
      table("t", [id(), column("kept", "bigint"), column("new", "integer")], {
        indexes: [{ name: "IDX_new", columns: ["new"], unique: true }],
        uniques: [{ name: "UQ_new", columns: ["new", "kept"] }],
        checks: [{ name: "CHK_new", expression: `"new" > 0` }],
      }),
    ]);
    const ops = diffSchemas(before, after);
    expect(ops.map((op) => op.kind)).toEqual(["dropIndex", "dropUnique", "addColumn", "alterColumn", "dropColumn", "addUnique", "addCheck", "createIndex"]);
    expectRunsBothWays(before, after, ops);
  });

  it("moves a primary key while both the old and the new key columns exist", () => {
    const before = schema([table("t", [column("code", "varchar"), column("x", "integer")], { primaryKey: ["code"] })]);
    const after = schema([table("t", [id(), column("x", "integer")], { primaryKey: ["id"] })]);
    const ops = diffSchemas(before, after);
    expect(ops.map((op) => op.kind)).toEqual(["addColumn", "alterPrimaryKey", "dropColumn"]);
    expectRunsBothWays(before, after, ops);
  });

  it("creates and alters enum types before the columns use them and drops them after", () => {
    const mood = (values: string[]) => ({ name: "mood", values });
    const before = schema([table("pet", [id(), column("kind", "enum", { enumName: "kind", enumValues: ["cat"] })])], [mood(["happy"]), { name: "kind", values: ["cat"] }]);
    const after = schema(
      [table("pet", [id(), column("mood", "enum", { enumName: "mood", enumValues: ["happy", "sad"] }), column("size", "enum", { enumName: "size", enumValues: ["s"] })])],
      [mood(["happy", "sad"]), { name: "size", values: ["s"] }],
    );
    const ops = diffSchemas(before, after);
    expect(kinds(ops)).toEqual(["createEnum size", "alterEnum mood", "addColumn pet", "addColumn pet", "dropColumn pet", "dropEnum kind"]);
    expectRunsBothWays(before, after, ops);
  });

  it("adds an enum value in one operation, the column's alter, which sets the type's values too", () => {
    const pets = (values: string[]) =>
      schema([table("pet", [id(), column("mood", "enum", { enumName: "mood", enumValues: values }), column("was", "enum", { enumName: "mood", enumValues: values })])], [{ name: "mood", values }]);
    const ops = diffSchemas(pets(["happy"]), pets(["happy", "sad"]));
    expect(kinds(ops)).toEqual(["alterColumn pet", "alterColumn pet"]);
    expect(ops[0]).toMatchObject({ changes: ["enumValues"] });
    expectRunsBothWays(pets(["happy"]), pets(["happy", "sad"]), ops);
    const single = (values: string[]) => schema([table("pet", [id(), column("mood", "enum", { enumName: "mood", enumValues: values })])], [{ name: "mood", values }]);
    expect(kinds(diffSchemas(single(["happy"]), single(["happy", "sad"])))).toEqual(["alterColumn pet"]);
  });

  it("adds foreign keys of changed tables after the tables and columns they reference exist", () => {
    const before = schema([table("t", [id()])]);
    const after = schema([
      table("t", [id(), column("p_id", "integer")], { foreignKeys: [fk("FK_t_p", ["p_id"], "p")] }),
      table("p", [id()]),
    ]);
    const ops = diffSchemas(before, after);
    expect(kinds(ops)).toEqual(["addColumn t", "createTable p", "addForeignKey t"]);
    expectRunsBothWays(before, after, ops);
  });

  it("drops and adds a foreign key whose deferrability changed, and the inverse puts the old one back", () => {
    const keyed = (extra: Partial<ForeignKeyModel>) => schema([parent, { ...child, foreignKeys: [fk("FK_child_parent", ["parent_id"], "parent", ["id"], extra)] }]);
    const states = [keyed({}), keyed({ deferrable: "INITIALLY IMMEDIATE" }), keyed({ deferrable: "INITIALLY DEFERRED" })];
    for (const from of states) {
      for (const to of states.filter((s) => s !== from)) {
        const ops = diffSchemas(from, to);
        expect(kinds(ops)).toEqual(["dropForeignKey child", "addForeignKey child"]);
        expectRunsBothWays(from, to, ops);
      }
    }
  });

  it("treats a changed definition under the same name as drop and add, and a new name alone as no change", () => {
    const index = (name: string, columns: string[]) => ({ name, columns, unique: false });
    const before = schema([table("t", [id(), column("a", "integer"), column("b", "integer")], { indexes: [index("IDX_1", ["a"]), index("IDX_2", ["b"])] })]);
    const after = schema([table("t", [id(), column("a", "integer"), column("b", "integer")], { indexes: [index("IDX_1", ["a", "b"]), index("IDX_renamed", ["b"])] })]);
    const ops = diffSchemas(before, after);
    expect(ops.map((op) => op.kind)).toEqual(["dropIndex", "createIndex"]);
    expect(ops[1]).toMatchObject({ index: { name: "IDX_1", columns: ["a", "b"] } });
  });

  it("runs the library upgrade both ways", () => {
    expectRunsBothWays(V1_IN_DATABASE, V2);
    expectRunsBothWays(EMPTY, V1);
  });

  it("leaves its inputs alone and gives the same answer for any input order", () => {
    const from = frozen(structuredClone(V1_IN_DATABASE));
    const to = frozen(structuredClone(V2));
    const ops = diffSchemas(from, to);
    expect(from).toEqual(V1_IN_DATABASE);
    expect(to).toEqual(V2);
    const shuffled = schema([...to.tables].reverse(), [...to.enums].reverse());
    expect(diffSchemas(schema([...from.tables].reverse()), shuffled)).toEqual(ops);
    expect(ops.every(Object.isFrozen)).toBe(true);
  });
});

describe("diffSchemas with renames", () => {
  const before = schema([parent, child]);
  const renamedParent = table("guardian", parent.columns.map((c) => (c.name === "name" ? { ...c, name: "full_name" } : c)), {
    indexes: [{ name: "IDX_name", columns: ["full_name"], unique: false }],
  });
  const after = schema([renamedParent, { ...child, foreignKeys: [fk("FK_child_parent", ["parent_id"], "guardian")] }]);
  const beforeWithIndex = schema([{ ...parent, indexes: [{ name: "IDX_name", columns: ["name"], unique: false }] }, child]);

  it("without renames drops and re-adds, losing data", () => {
    const ops = diffSchemas(beforeWithIndex, after);
    expect(ops.map((op) => op.kind)).toContain("dropTable");
    expect(ops.map((op) => op.kind)).toContain("createTable");
  });

  it("with renames renames instead, and the foreign key into the renamed table stays put", () => {
    const ops = diffSchemas(beforeWithIndex, after, { renames: { tables: { parent: "guardian" }, columns: { guardian: { name: "full_name" } } } });
    expect(kinds(ops)).toEqual(["renameTable guardian", "renameColumn guardian"]);
    expect(ops[1]).toMatchObject({ from: "name", to: "full_name" });
    expectRunsBothWays(beforeWithIndex, after, ops);
  });

  it("accepts a column rename keyed by the table's old name", () => {
    const ops = diffSchemas(beforeWithIndex, after, { renames: { tables: { parent: "guardian" }, columns: { parent: { name: "full_name" } } } });
    expect(kinds(ops)).toEqual(["renameTable guardian", "renameColumn guardian"]);
  });

  it("rewrites a renamed column inside CHECK expressions, leaving string literals alone", () => {
    const t = (name: string) => schema([table("t", [id(), column(name, "integer")], { checks: [{ name: "CHK", expression: `"${name}" > 0 AND 'a' <> ''` }] })]);
    expect(kinds(diffSchemas(t("a"), t("b"), { renames: { columns: { t: { a: "b" } } } }))).toEqual(["renameColumn t"]);
  });

  it("refuses renames that do not fit the models, saying why", () => {
    const attempt = (renames: Parameters<typeof diffSchemas>[2]) => () => diffSchemas(before, after, renames);
    expect(attempt({ renames: { tables: { nope: "guardian" } } })).toThrow(UsageError);
    expect(attempt({ renames: { tables: { nope: "guardian" } } })).toThrow('Cannot rename table "nope" to "guardian": the database has no table "nope".');
    expect(attempt({ renames: { tables: { parent: "elsewhere" } } })).toThrow('the entities define no table "elsewhere"');
    expect(attempt({ renames: { tables: { parent: "guardian" }, columns: { guardian: { nope: "full_name" } } } })).toThrow(
      'Cannot rename column guardian.nope to "full_name": the database table has no column "nope".',
    );
  });
});

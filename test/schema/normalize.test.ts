import { describe, expect, it } from "vitest";
import type { DialectName } from "../../src/dialect/dialect-name";
import type { ColumnModel, SchemaModel, TableModel } from "../../src/schema/model";
import { dialectNamed } from "../../src/dialect/dialect-for";

function tableWith(columns: ColumnModel[], extra: Partial<TableModel> = {}): SchemaModel {
  return {
    tables: [{ name: "t", columns, primaryKey: [], indexes: [], uniques: [], foreignKeys: [], checks: [], ...extra }],
    enums: [],
  };
}

function normalizeColumn(dialect: DialectName, column: Partial<ColumnModel> & { type: string }, extra: Partial<TableModel> = {}) {
  const schema = dialectNamed(dialect).normalize(tableWith([{ name: "c", nullable: true, ...column }], extra));
  return schema.tables[0]!.columns[0]!;
}

/** Both spellings must normalise to the same column, and that column must be `expected`. */
function expectSame(dialect: DialectName, a: Partial<ColumnModel> & { type: string }, b: Partial<ColumnModel> & { type: string }, expected: Partial<ColumnModel>) {
  const left = normalizeColumn(dialect, a);
  expect(left).toStrictEqual(normalizeColumn(dialect, b));
  expect(left).toMatchObject(expected);
}

describe("PostgreSQL normalisation", () => {
  it("reads one type under its many names", () => {
    expectSame("postgres", { type: "int4" }, { type: "integer" }, { type: "integer" });
    expectSame("postgres", { type: "int" }, { type: "integer" }, { type: "integer" });
    expectSame("postgres", { type: "int8" }, { type: "bigint" }, { type: "bigint" });
    expectSame("postgres", { type: "float8" }, { type: "double precision" }, { type: "double precision" });
    expectSame("postgres", { type: "decimal", precision: 10, scale: 2 }, { type: "numeric(10,2)" }, { precision: 10, scale: 2 });
    expectSame("postgres", { type: "timestamp with time zone" }, { type: "timestamptz" }, { type: "timestamptz" });
    expectSame("postgres", { type: "simple-json" }, { type: "text" }, { type: "text" });
  });

  it("splits lengths and precisions out of the type, and forgets the defaults PostgreSQL assumes", () => {
    expectSame("postgres", { type: "character varying", length: 64 }, { type: "character varying(64)" }, { type: "varchar", length: 64 });
    expectSame("postgres", { type: "character" }, { type: "character(1)" }, { type: "character" });
    expectSame("postgres", { type: "timestamp without time zone" }, { type: "timestamp(6) without time zone" }, { type: "timestamp" });
    expectSame("postgres", { type: "timestamp with time zone", precision: 3 }, { type: "timestamp(3) with time zone" }, { precision: 3 });
    expectSame("postgres", { type: "numeric", precision: 12 }, { type: "numeric(12,0)" }, { precision: 12, scale: 0 });
    expectSame("postgres", { type: "character varying", length: 16, isArray: true }, { type: "character varying(16)[]" }, { isArray: true, length: 16 });
    expect(normalizeColumn("postgres", { type: "character(1)" }).length).toBeUndefined();
  });

  it("reads defaults the way the entity writes them", () => {
    expectSame("postgres", { type: "varchar", default: "'x'::character varying" }, { type: "varchar", default: "'x'" }, { default: "'x'" });
    expectSame("postgres", { type: "integer", default: "'-5'::integer" }, { type: "integer", default: "-5" }, { default: "-5" });
    expectSame("postgres", { type: "numeric", default: "'0'" }, { type: "numeric", default: "0" }, { default: "0" });
    expectSame("postgres", { type: "timestamp", default: "now()" }, { type: "timestamp", default: "CURRENT_TIMESTAMP" }, { default: "CURRENT_TIMESTAMP" });
    expectSame("postgres", { type: "date", default: "('now'::text)::date" }, { type: "date", default: "CURRENT_DATE" }, { default: "CURRENT_DATE" });
    expectSame(
      "postgres",
      { type: "timestamptz", default: "('now'::text)::timestamp(3) with time zone" },
      { type: "timestamptz", default: "current_timestamp(3)" },
      { default: "CURRENT_TIMESTAMP(3)" },
    );
    expectSame("postgres", { type: "boolean", default: "true" }, { type: "boolean", default: "'t'::boolean" }, { default: "true" });
    expectSame("postgres", { type: "jsonb", default: `'{"b": 1, "a": [1, 2]}'::jsonb` }, { type: "jsonb", default: `'{"a":[1,2],"b":1}'` }, { default: `'{"a":[1,2],"b":1}'` });
    expectSame("postgres", { type: "varchar", default: "'it''s'::character varying" }, { type: "varchar", default: "'it''s'" }, { default: "'it''s'" });
    expectSame("postgres", { type: "text", default: "NULL::text" }, { type: "text" }, { type: "text" });
  });

  it("turns sequence and uuid defaults into generation, with no default left", () => {
    const serial = normalizeColumn("postgres", { type: "integer", default: `nextval('"t_c_seq"'::regclass)` });
    expect(serial).toMatchObject({ generated: "increment" });
    expect(serial.default).toBeUndefined();
    expect(normalizeColumn("postgres", { type: "uuid", default: "uuid_generate_v4()" })).toStrictEqual(
      normalizeColumn("postgres", { type: "uuid", generated: "uuid" }),
    );
    expect(normalizeColumn("postgres", { type: "bigserial" })).toMatchObject({ type: "bigint", generated: "increment" });
  });

  it("names enum types as TypeORM does when the entity does not", () => {
    const schema = dialectNamed("postgres").normalize(tableWith([{ name: "Mood", type: "simple-enum", nullable: false, enumValues: ["a", "b"] }]));
    expect(schema.tables[0]!.columns[0]).toMatchObject({ type: "enum", enumName: "t_mood_enum" });
    expect(schema.enums).toEqual([{ name: "t_mood_enum", values: ["a", "b"] }]);
  });

  it("keeps render-only fields and drops absent ones", () => {
    const column = normalizeColumn("postgres", { type: "uuid", declaredType: "uuid", comment: "", collation: "default" });
    expect(column).toStrictEqual({ name: "c", type: "uuid", nullable: true, declaredType: "uuid" });
  });
});

describe("SQLite normalisation", () => {
  it("reads synonyms of one affinity and meaning as one type", () => {
    expectSame("sqlite", { type: "INTEGER" }, { type: "int" }, { type: "integer" });
    expectSame("sqlite", { type: "datetime" }, { type: "timestamp" }, { type: "timestamp" });
    expectSame("sqlite", { type: "uuid" }, { type: "varchar" }, { type: "varchar" });
    expectSame("sqlite", { type: "simple-array" }, { type: "TEXT" }, { type: "text" });
    expectSame("sqlite", { type: "float" }, { type: "double" }, { type: "double precision" });
    expectSame("sqlite", { type: "varchar", length: 64 }, { type: "varchar(64)" }, { length: 64 });
    expectSame("sqlite", { type: "decimal", precision: 10, scale: 2 }, { type: "numeric(10,2)" }, { type: "numeric", precision: 10, scale: 2 });
  });

  it("keeps lengths, since a revision file also runs on PostgreSQL", () => {
    expect(normalizeColumn("sqlite", { type: "varchar(64)" })).not.toStrictEqual(normalizeColumn("sqlite", { type: "varchar(128)" }));
  });

  it("reads defaults the way the entity writes them", () => {
    expectSame("sqlite", { type: "datetime", default: "datetime('now')" }, { type: "datetime", default: "CURRENT_TIMESTAMP" }, { default: "CURRENT_TIMESTAMP" });
    expectSame("sqlite", { type: "boolean", default: "1" }, { type: "boolean", default: "true" }, { default: "true" });
    expectSame("sqlite", { type: "boolean", default: "(0)" }, { type: "boolean", default: "false" }, { default: "false" });
    expectSame("sqlite", { type: "integer", default: "'5'" }, { type: "integer", default: "5" }, { default: "5" });
    expectSame("sqlite", { type: "varchar", default: "('x')" }, { type: "varchar", default: "'x'" }, { default: "'x'" });
    expectSame("sqlite", { type: "text", default: "NULL" }, { type: "text" }, { type: "text" });
  });

  it("moves what SQLite cannot record to the declared fields, out of comparison", () => {
    const fromEntity = normalizeColumn("sqlite", { type: "varchar", generated: "uuid", comment: "key", enumName: "e" });
    expect(fromEntity).toStrictEqual({
      name: "c",
      type: "varchar",
      nullable: true,
      declaredGenerated: "uuid",
      declaredComment: "key",
      declaredEnumName: "e",
    });
    expect(dialectNamed("sqlite").normalize(tableWith([fromEntity]))).toStrictEqual(tableWith([fromEntity]));
  });

  it("drops an enum column's length, which TypeORM does not declare", () => {
    expect(normalizeColumn("sqlite", { type: "varchar", length: 20, enumValues: ["a"] })).toStrictEqual({
      name: "c",
      type: "varchar",
      nullable: true,
      enumValues: ["a"],
    });
  });

  it("reads an INTEGER PRIMARY KEY as not null", () => {
    expect(normalizeColumn("sqlite", { type: "integer", nullable: true }, { primaryKey: ["c"] }).nullable).toBe(false);
    expect(normalizeColumn("sqlite", { type: "bigint", nullable: true }, { primaryKey: ["c"] }).nullable).toBe(true);
  });
});

describe.each(["sqlite", "postgres"] as const)("%s normalisation of a table", (dialect) => {
  it("sorts tables and named things, keeps column order, spells actions in capitals", () => {
    const schema = dialectNamed(dialect).normalize({
      tables: [
        {
          name: "z",
          columns: [
            { name: "b", type: "integer", nullable: false },
            { name: "a", type: "integer", nullable: false },
          ],
          primaryKey: [],
          indexes: [
            { name: "IDX_2", columns: ["a"], unique: false },
            { name: "IDX_1", columns: ["b"], unique: false, where: `("a" > 0)` },
          ],
          uniques: [],
          foreignKeys: [
            { name: "FK", columns: ["a"], referencedTable: "y", referencedColumns: ["id"], onDelete: "cascade" as never, onUpdate: "no action" as never },
          ],
          checks: [{ name: "CHK", expression: `("b" >= 0)` }],
        },
        { name: "y", columns: [], primaryKey: [], indexes: [], uniques: [], foreignKeys: [], checks: [] },
      ],
      enums: [],
    });
    expect(schema.tables.map((t) => t.name)).toEqual(["y", "z"]);
    const z = schema.tables[1]!;
    expect(z.columns.map((c) => c.name)).toEqual(["b", "a"]);
    expect(z.indexes).toEqual([
      { name: "IDX_1", columns: ["b"], unique: false, where: "a > 0" },
      { name: "IDX_2", columns: ["a"], unique: false },
    ]);
    expect(z.foreignKeys[0]).toMatchObject({ onDelete: "CASCADE", onUpdate: "NO ACTION" });
    expect(z.checks).toEqual([{ name: "CHK", expression: "b >= 0" }]);
    expect(dialectNamed(dialect).normalize(schema)).toStrictEqual(schema);
  });
});

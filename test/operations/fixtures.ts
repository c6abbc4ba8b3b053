import { column, fk, id, schema, table } from "../diff/builders";

/*
 * Two versions of a small library schema, as the metadata describes them (with the
 * entity's declared types), and the first as the database would describe it.
 */

const authorV1 = table("author", [
  id(),
  column("name", "varchar", { length: 50, declaredType: "varchar" }),
  column("age", "integer", { nullable: true, declaredType: "integer" }),
  column("bio", "varchar", { length: 100, nullable: true, declaredType: "varchar" }),
  column("nickname", "varchar", { length: 30, nullable: true, declaredType: "varchar" }),
  column("created_at", "timestamptz", { default: "now()", declaredType: "timestamp with time zone" }),
], { indexes: [{ name: "IDX_author_name", columns: ["name"], unique: false }] });

const bookV1 = table("book", [
  id(),
  column("author_id", "integer", { declaredType: "integer" }),
  column("title", "varchar", { length: 200, declaredType: "varchar" }),
  column("ref", "uuid", { nullable: true, declaredType: "uuid" }),
]);

export const V1 = schema([authorV1, bookV1]);

/** V1 as introspection reports it: no declared words. */
export const V1_IN_DATABASE = schema(
  V1.tables.map((t) => ({
    ...t,
    columns: t.columns.map(({ declaredType: _declared, ...rest }) => rest),
  })),
);

export const V2 = schema([
  {
    ...authorV1,
    columns: [
      id(),
      column("name", "varchar", { length: 255, declaredType: "varchar" }),
      column("age", "bigint", { nullable: true, declaredType: "bigint" }),
      column("bio", "text", { nullable: true, declaredType: "text" }),
      column("created_at", "timestamptz", { default: "now()", declaredType: "timestamp with time zone" }),
      column("country", "varchar", { length: 2, default: "'NL'", declaredType: "varchar" }),
    ],
  },
  {
    ...bookV1,
    foreignKeys: [fk("FK_book_author", ["author_id"], "author", ["id"], { onDelete: "CASCADE" })],
    uniques: [{ name: "UQ_book_title", columns: ["title"] }],
    checks: [{ name: "CHK_book_title", expression: `length("title") > 0` }],
  },
]);

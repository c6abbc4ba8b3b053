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

/*
 * A league of teams with players. V2 changes only `team`, which has rows, an index,
 * children (players, cascading) and, set up by the tests, a trigger and a view: it adds a
 * column ALTER TABLE can add, widens a type, drops a column and adds a foreign key.
 */

const league = table("league", [id(), column("name", "varchar", { length: 40, declaredType: "varchar" })]);

const teamV1 = table("team", [
  id(),
  column("name", "varchar", { length: 40, declaredType: "varchar" }),
  column("motto", "text", { nullable: true, declaredType: "text" }),
  column("league_id", "integer", { nullable: true, declaredType: "integer" }),
  column("rank", "integer", { declaredType: "integer" }),
], { indexes: [{ name: "IDX_team_name", columns: ["name"], unique: false }] });

const player = table("player", [
  id(),
  column("team_id", "integer", { declaredType: "integer" }),
  column("code", "varchar", { length: 10, declaredType: "varchar" }),
], { foreignKeys: [fk("FK_player_team", ["team_id"], "team", ["id"], { onDelete: "CASCADE" })] });

export const TEAMS_V1 = schema([league, player, teamV1]);

export const TEAMS_V1_IN_DATABASE = schema(
  TEAMS_V1.tables.map((t) => ({ ...t, columns: t.columns.map(({ declaredType: _declared, ...rest }) => rest) })),
);

export const TEAMS_V2 = schema([
  league,
  player,
  {
    ...teamV1,
    columns: [
      id(),
      column("name", "varchar", { length: 40, declaredType: "varchar" }),
      column("league_id", "integer", { nullable: true, declaredType: "integer" }),
      column("rank", "bigint", { declaredType: "bigint" }),
      column("founded", "integer", { nullable: true, declaredType: "integer" }),
    ],
    foreignKeys: [fk("FK_team_league", ["league_id"], "league", ["id"], { onDelete: "SET NULL" })],
  },
]);

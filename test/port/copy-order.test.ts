import { describe, expect, it } from "vitest";
import { copyOrder } from "../../src/port/copy-order";
import type { ForeignKeyModel, TableModel } from "../../src/schema/model";

const fk = (column: string, referencedTable: string): ForeignKeyModel => ({
  name: `fk_${column}_${referencedTable}`,
  columns: [column],
  referencedTable,
  referencedColumns: ["id"],
  onDelete: "NO ACTION",
  onUpdate: "NO ACTION",
});

const table = (name: string, foreignKeys: ForeignKeyModel[] = [], nullable: string[] = []): TableModel => ({
  name,
  columns: [{ name: "id", type: "integer", nullable: false }, ...foreignKeys.map((k) => ({ name: k.columns[0]!, type: "integer", nullable: nullable.includes(k.columns[0]!) }))],
  primaryKey: ["id"],
  indexes: [],
  uniques: [],
  foreignKeys,
  checks: [],
});

const names = (copies: ReturnType<typeof copyOrder>) => copies.map((c) => `${c.table.name}${c.deferred.length ? `(${c.deferred.map((d) => d.columns[0]).join(",")} later)` : ""}`);

describe("copyOrder", () => {
  it("puts parents before children", () => {
    expect(names(copyOrder([table("karma", [fk("user_id", "users")]), table("users"), table("votes", [fk("karma_id", "karma")])]))).toEqual(["users", "karma", "votes"]);
  });

  it("fills a nullable self-reference after the rows are in", () => {
    expect(names(copyOrder([table("nodes", [fk("parent_id", "nodes")], ["parent_id"])]))).toEqual(["nodes(parent_id later)"]);
  });

  it("breaks a cycle at its nullable foreign key, keeping the other one in order", () => {
    const order = copyOrder([table("teams", [fk("captain_id", "players")], ["captain_id"]), table("players", [fk("team_id", "teams")])]);
    expect(names(order)).toEqual(["teams(captain_id later)", "players"]);
  });

  it("refuses a cycle with no nullable column, naming its tables", () => {
    expect(() => copyOrder([table("a", [fk("b_id", "b")]), table("b", [fk("a_id", "a")])])).toThrow(/cycle with no nullable column among a, b/);
  });
});

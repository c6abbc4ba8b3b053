import { describe, expect, it } from "vitest";
import { diffSchemas, possibleRenames } from "../../src/diff";
import { column, id, schema, table } from "./builders";

describe("possibleRenames", () => {
  it("suggests a column rename for a dropped and an added column of the same type, not for another type", () => {
    const before = schema([table("user", [id(), column("mail", "varchar", { length: 255 }), column("age", "integer")])]);
    const after = schema([table("user", [id(), column("email", "varchar", { length: 255 }), column("years", "bigint")])]);
    expect(possibleRenames(diffSchemas(before, after))).toEqual([
      { kind: "column", table: "user", from: "mail", to: "email", flag: "--rename user.mail:email" },
    ]);
  });

  it("suggests a table rename for a dropped and a created table with the same columns", () => {
    const columns = [id(), column("name", "varchar")];
    const ops = diffSchemas(schema([table("people", columns)]), schema([table("person", columns), table("other", [id()])]));
    expect(possibleRenames(ops)).toEqual([{ kind: "table", from: "people", to: "person", flag: "--rename-table people:person" }]);
  });

  it("has nothing to suggest once the rename is given", () => {
    const before = schema([table("user", [id(), column("mail", "varchar")])]);
    const after = schema([table("user", [id(), column("email", "varchar")])]);
    const ops = diffSchemas(before, after, { renames: { columns: { user: { mail: "email" } } } });
    expect(ops.map((op) => op.kind)).toEqual(["renameColumn"]);
    expect(possibleRenames(ops)).toEqual([]);
  });
});

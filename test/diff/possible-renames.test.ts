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

  it("suggests a table rename for a table of the same shape whose columns were renamed too (a junction table after its entity's)", () => {
    const key = (name: string) => column(name, "varchar", { length: 40 });
    const before = schema([table("post_tags_tag", [column("postId", "integer"), key("tagName")])]);
    const after = schema([table("post_tags_tags", [column("postId", "integer"), key("tagsName")]), table("audit", [column("postId", "bigint"), key("tagsName")])]);
    expect(possibleRenames(diffSchemas(before, after))).toEqual([
      { kind: "table", from: "post_tags_tag", to: "post_tags_tags", flag: "--rename-table post_tags_tag:post_tags_tags" },
    ]);
    // Answered, the column's rename is the next question.
    const renamed = diffSchemas(before, after, { renames: { tables: { post_tags_tag: "post_tags_tags" } } });
    expect(possibleRenames(renamed)).toEqual([
      { kind: "column", table: "post_tags_tags", from: "tagName", to: "tagsName", flag: "--rename post_tags_tags.tagName:tagsName" },
    ]);
  });

  it("has nothing to suggest once the rename is given", () => {
    const before = schema([table("user", [id(), column("mail", "varchar")])]);
    const after = schema([table("user", [id(), column("email", "varchar")])]);
    const ops = diffSchemas(before, after, { renames: { columns: { user: { mail: "email" } } } });
    expect(ops.map((op) => op.kind)).toEqual(["renameColumn"]);
    expect(possibleRenames(ops)).toEqual([]);
  });
});

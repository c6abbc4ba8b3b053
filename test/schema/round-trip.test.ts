import { DataSource } from "typeorm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ColumnModel, SchemaModel, TableModel } from "../../src/schema/model";
import { schemaFromMetadata } from "../../src/schema/from-metadata";
import { dialectNamed } from "../../src/dialect/dialect-for";
import { diffSchemas } from "../../src/diff";
import { createSchema } from "../../src/operations/apply/create-schema";
import { createTestDatabase, DIALECTS, type TestDatabase } from "../support/dialects";

// Entity files load as users' do: through the swc hook, which keeps decorator metadata.
require("../../src/loading/typescript-hook").registerTypeScript();
const { entitiesFor } = require("./fixtures/everything") as typeof import("./fixtures/everything");

/** Comparison ignores the render-only `declared*` fields. */
function withoutDeclared(schema: SchemaModel): SchemaModel {
  const strip = (column: ColumnModel) =>
    Object.fromEntries(Object.entries(column).filter(([key]) => !key.startsWith("declared"))) as unknown as ColumnModel;
  return { ...schema, tables: schema.tables.map((table) => ({ ...table, columns: table.columns.map(strip) })) };
}

function table(schema: SchemaModel, name: string): TableModel {
  const found = schema.tables.find((t) => t.name === name);
  if (!found) throw new Error(`no table ${name} in ${schema.tables.map((t) => t.name).join(", ")}`);
  return found;
}

function column(schema: SchemaModel, tableName: string, name: string): ColumnModel {
  const found = table(schema, tableName).columns.find((c) => c.name === name);
  if (!found) throw new Error(`no column ${tableName}.${name}`);
  return found;
}

describe.each(DIALECTS)("schema round trip on %s", (dialect) => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let fromMetadata: SchemaModel;
  let fromDatabase: SchemaModel;

  beforeAll(async () => {
    database = await createTestDatabase(dialect, "round-trip");
    dataSource = new DataSource({ ...database.options, entities: entitiesFor(dialect), synchronize: true, logging: false });
    await dataSource.initialize();
    fromMetadata = schemaFromMetadata(dataSource);
    const queryRunner = dataSource.createQueryRunner();
    try {
      fromDatabase = await dialectNamed(dialect).introspect(queryRunner);
    } finally {
      await queryRunner.release();
    }
  });

  afterAll(async () => {
    if (dataSource?.isInitialized) await dataSource.destroy();
    await database?.drop();
  });

  it("reads back exactly what TypeORM's synchronize created from the metadata", () => {
    expect(withoutDeclared(fromDatabase)).toStrictEqual(withoutDeclared(fromMetadata));
  });

  it("gives models the dialect's normaliser leaves unchanged", () => {
    expect(dialectNamed(dialect).normalize(fromMetadata)).toStrictEqual(fromMetadata);
    expect(dialectNamed(dialect).normalize(fromDatabase)).toStrictEqual(fromDatabase);
  });

  it("covers every table, including the ManyToMany junction", () => {
    const extras = dialect === "postgres" ? "extras_pg" : "extras_sqlite";
    expect(fromDatabase.tables.map((t) => t.name)).toEqual([
      "author",
      "category",
      "content",
      extras,
      "post",
      "post_tags",
      "tag",
      "topic",
      "topic_closure",
    ]);
    const junction = table(fromDatabase, "post_tags");
    expect(junction.primaryKey).toEqual(["postId", "tagId"]);
    expect(junction.foreignKeys.map((fk) => [fk.referencedTable, fk.onDelete])).toEqual(
      expect.arrayContaining([
        ["post", "CASCADE"],
        ["tag", "CASCADE"],
      ]),
    );
  });

  it("normalises common column kinds to one spelling on both sides", () => {
    expect(column(fromDatabase, "author", "id")).toMatchObject({ type: "integer", generated: "increment", nullable: false });
    expect(column(fromDatabase, "author", "name")).toMatchObject({ type: "varchar", length: 64, nullable: false });
    expect(column(fromDatabase, "author", "bio")).toMatchObject({ type: "text", nullable: true });
    expect(column(fromDatabase, "author", "active")).toMatchObject({ type: "boolean", default: "true" });
    expect(column(fromDatabase, "author", "karma")).toMatchObject({ type: "integer", default: "-1" });
    expect(column(fromDatabase, "author", "followers")).toMatchObject({ type: "bigint" });
    expect(column(fromDatabase, "author", "score")).toMatchObject({ type: "double precision", default: "1.5" });
    expect(column(fromDatabase, "author", "balance")).toMatchObject({ type: "numeric", precision: 10, scale: 2, default: "0" });
    expect(column(fromDatabase, "author", "settings")).toMatchObject({ type: "text" });
    expect(column(fromDatabase, "author", "note")).toMatchObject({ default: "'n/a'" });
    expect(column(fromDatabase, "author", "createdAt")).toMatchObject({ default: "CURRENT_TIMESTAMP" });
    expect(column(fromDatabase, "author", "role").enumValues).toEqual(["reader", "writer"]);
    expect(table(fromDatabase, "author").uniques.map((u) => u.columns)).toEqual([["email"]]);
    // Each driver's own word, as TypeORM creates it (the other dialect translates it when the file runs there).
    expect(column(fromMetadata, "author", "createdAt").declaredType).toBe(dialect === "sqlite" ? "datetime" : "timestamp");
    expect(column(fromMetadata, "post", "id").declaredType).toBe("uuid");
    expect(column(fromMetadata, "author", "settings").declaredType).toBe("simple-json");
  });

  it("reads what TypeORM adds on its own: REL_ uniques, embedded and inherited columns, closure tables", () => {
    const category = table(fromDatabase, "category");
    expect(category.uniques).toEqual([{ name: expect.stringMatching(/^REL_/), columns: ["curatorId"] }]);
    expect(category.columns.map((c) => c.name).sort()).toEqual(["curatorId", "officeStreet", "officeZip", "slug", "title"]);
    expect(column(fromDatabase, "category", "officeZip")).toMatchObject({ type: "varchar", length: 8, default: "'00000'" });
    const content = table(fromDatabase, "content");
    expect(content.columns.map((c) => c.name).sort()).toEqual(["format", "heading", "id", "kind", "seconds"]);
    expect(column(fromDatabase, "content", "kind")).toMatchObject({ type: "varchar", length: 20, nullable: false });
    expect(table(fromDatabase, "topic_closure").primaryKey).toEqual(["id_ancestor", "id_descendant"]);
    expect(table(fromDatabase, "topic").foreignKeys).toMatchObject([{ columns: ["parentId"], referencedTable: "topic", onDelete: "CASCADE" }]);
  });

  it("reads indexes, uniques, foreign keys and checks by name", () => {
    const post = table(fromDatabase, "post");
    expect(post.indexes).toEqual([
      { name: "IDX_post_author_published", columns: ["authorId", "publishedAt"], unique: false },
      { name: "IDX_post_live_title", columns: ["title"], unique: false, where: `"deletedAt" IS NULL` },
      { name: "UX_post_slug", columns: ["slug"], unique: true },
    ]);
    expect(post.uniques).toEqual([{ name: "UQ_post_author_title", columns: ["authorId", "title"] }]);
    expect(post.checks).toEqual([{ name: "CHK_post_views", expression: "views >= 0" }]);
    const toAuthor = post.foreignKeys.find((fk) => fk.referencedTable === "author");
    expect(toAuthor).toMatchObject({ columns: ["authorId"], referencedColumns: ["id"], onDelete: "CASCADE", onUpdate: "NO ACTION" });
    const toCategory = post.foreignKeys.find((fk) => fk.referencedTable === "category");
    expect(toCategory).toMatchObject({ columns: ["categorySlug"], onDelete: "SET NULL", onUpdate: "CASCADE" });
    expect(column(fromDatabase, "post", "categorySlug")).toMatchObject({ type: "varchar", length: 32, nullable: true });
  });

  if (dialect === "postgres") {
    it("reads PostgreSQL's own kinds: enums, arrays, identity, zones, comments, collations", () => {
      expect(fromDatabase.enums).toEqual([
        { name: "author_role_enum", values: ["reader", "writer"] },
        { name: "mood", values: ["sad", "ok", "happy"] },
      ]);
      expect(column(fromDatabase, "extras_pg", "id")).toMatchObject({ type: "integer", generated: "identity" });
      expect(column(fromDatabase, "extras_pg", "seenAt")).toMatchObject({ type: "timestamptz", default: "CURRENT_TIMESTAMP" });
      expect(column(fromDatabase, "extras_pg", "preciseAt")).toMatchObject({ type: "timestamptz", precision: 3 });
      expect(column(fromDatabase, "extras_pg", "plainAt")).toMatchObject({ type: "timestamp", default: "CURRENT_TIMESTAMP" });
      expect(column(fromDatabase, "extras_pg", "document")).toMatchObject({ type: "jsonb", default: `'{"a":[1,2],"b":1}'` });
      expect(column(fromDatabase, "extras_pg", "moods")).toMatchObject({ type: "enum", enumName: "mood", isArray: true });
      expect(column(fromDatabase, "extras_pg", "labels")).toMatchObject({ type: "varchar", length: 16, isArray: true, default: "'{a,b}'" });
      expect(column(fromDatabase, "extras_pg", "token")).toMatchObject({ type: "uuid", generated: "uuid" });
      expect(column(fromDatabase, "extras_pg", "token").default).toBeUndefined();
      expect(column(fromDatabase, "extras_pg", "whole")).toMatchObject({ type: "numeric", precision: 12, scale: 0 });
      expect(column(fromDatabase, "extras_pg", "code")).toMatchObject({ type: "character", length: 3 });
      expect(column(fromDatabase, "extras_pg", "initial").length).toBeUndefined();
      expect(column(fromDatabase, "extras_pg", "sortKey")).toMatchObject({ collation: "C", comment: "sorted bytewise" });
      expect(column(fromDatabase, "author", "note").comment).toBe("free text shown on the profile");
      expect(column(fromDatabase, "post", "id")).toMatchObject({ type: "uuid", generated: "uuid" });
    });
  } else {
    it("reads SQLite's own kinds and keeps what SQLite cannot store as declared-only", () => {
      expect(fromDatabase.enums).toEqual([]);
      expect(column(fromDatabase, "extras_sqlite", "at")).toMatchObject({ type: "timestamp", default: "CURRENT_TIMESTAMP" });
      expect(column(fromDatabase, "extras_sqlite", "folded")).toMatchObject({ collation: "NOCASE" });
      expect(column(fromDatabase, "extras_sqlite", "counter")).toMatchObject({ type: "bigint" });
      expect(column(fromDatabase, "extras_sqlite", "short")).toMatchObject({ type: "varchar", length: 10 });
      expect(column(fromDatabase, "post", "id")).toMatchObject({ type: "varchar", nullable: false });
      expect(column(fromDatabase, "post", "id").generated).toBeUndefined();
      // The entity side still says what PostgreSQL needs when this revision runs there.
      expect(column(fromMetadata, "post", "id")).toMatchObject({ declaredType: "uuid", declaredGenerated: "uuid" });
      expect(column(fromMetadata, "author", "note")).toMatchObject({ declaredComment: "free text shown on the profile" });
      expect(column(fromMetadata, "author", "note").comment).toBeUndefined();
    });
  }

  it("is built again on an empty database by createSchema, from the diff against nothing (a dry run's copy)", async () => {
    const copy = await createTestDatabase(dialect, "round-trip-copy");
    // With the entities, as strata's session connects: TypeORM installs the extensions they need (uuid-ossp) on connecting.
    const target = new DataSource({ ...copy.options, entities: entitiesFor(dialect), logging: false });
    try {
      await target.initialize();
      const queryRunner = target.createQueryRunner();
      try {
        await createSchema(queryRunner, diffSchemas({ tables: [], enums: [] }, fromDatabase));
        expect(await dialectNamed(dialect).introspect(queryRunner)).toStrictEqual(fromDatabase);
      } finally {
        await queryRunner.release();
      }
    } finally {
      if (target.isInitialized) await target.destroy();
      await copy.drop();
    }
  });

  it("notices when the database drifts from the metadata (this test alters the database: it runs last)", async () => {
    const queryRunner = dataSource.createQueryRunner();
    try {
      await queryRunner.query(`DROP INDEX "IDX_author_name_rank"`);
      const drifted = await dialectNamed(dialect).introspect(queryRunner);
      expect(withoutDeclared(drifted)).not.toStrictEqual(withoutDeclared(fromMetadata));
      expect(table(drifted, "author").indexes).toEqual([]);
      expect({ ...table(drifted, "author"), indexes: table(fromMetadata, "author").indexes }).toStrictEqual(
        table(fromDatabase, "author"),
      );
    } finally {
      await queryRunner.release();
    }
  });
});

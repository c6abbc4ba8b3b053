import { DataSource, EntitySchema } from "typeorm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dialectFor } from "../../src/dialect/dialect-for";
import { ConfigError } from "../../src/errors";
import { schemaFromMetadata } from "../../src/schema/from-metadata";
import { unmanagedObjects } from "../../src/schema/unmanaged-objects";
import { sqliteOptions } from "../support/dialects";

// EntitySchemas need no decorators; the database is never touched (no synchronize).
const Owner = new EntitySchema({
  name: "Owner",
  tableName: "owner",
  columns: {
    id: { type: Number, primary: true, generated: "increment" },
    quote: { type: "varchar", length: 20, default: "it's" },
    born: { type: Date, nullable: true },
    seen: { type: "datetime", default: () => "CURRENT_TIMESTAMP" },
    flags: { type: "simple-json", default: { a: "b'c" } },
  },
});
const Handmade = new EntitySchema({
  name: "Handmade",
  tableName: "handmade",
  synchronize: false,
  columns: { id: { type: Number, primary: true } },
});
const Pet = new EntitySchema<{ id: string; ownerId: number; owner: unknown }>({
  name: "Pet",
  tableName: "pet",
  columns: { id: { type: "uuid", primary: true, generated: "uuid" }, ownerId: { type: Number } },
  indices: [{ name: "IDX_manual", columns: ["ownerId"], synchronize: false }],
  relations: { owner: { type: "many-to-one", target: "Owner", joinColumn: { name: "ownerId" }, onDelete: "CASCADE" } },
});

describe("schemaFromMetadata", () => {
  const dataSource = new DataSource(sqliteOptions(":memory:", { entities: [Owner, Handmade, Pet], logging: false }));
  beforeAll(() => dataSource.initialize());
  afterAll(() => dataSource.destroy());

  it("takes the tables TypeORM would synchronize, or only those asked for", () => {
    expect(schemaFromMetadata(dataSource).tables.map((t) => t.name)).toEqual(["owner", "pet"]);
    expect(schemaFromMetadata(dataSource, new Set(["pet"])).tables.map((t) => t.name)).toEqual(["pet"]);
  });

  it("writes defaults as valid SQL, doubling quotes TypeORM would not", () => {
    const owner = schemaFromMetadata(dataSource).tables.find((t) => t.name === "owner")!;
    const column = (name: string) => owner.columns.find((c) => c.name === name)!;
    expect(column("quote").default).toBe("'it''s'");
    expect(column("flags").default).toBe(`'{"a":"b''c"}'`);
    expect(column("seen").default).toBe("CURRENT_TIMESTAMP");
    expect(column("seen").declaredDefault).toBe("CURRENT_TIMESTAMP");
  });

  it("records the entity's type in its driver's words (as TypeORM creates it), and its default as written", () => {
    const owner = schemaFromMetadata(dataSource).tables.find((t) => t.name === "owner")!;
    expect(owner.columns.map((c) => [c.name, c.type, c.declaredType])).toEqual([
      ["id", "integer", "integer"],
      ["quote", "varchar", "varchar"],
      ["born", "timestamp", "datetime"],
      ["seen", "timestamp", "datetime"],
      ["flags", "text", "simple-json"],
    ]);
    const pet = schemaFromMetadata(dataSource).tables.find((t) => t.name === "pet")!;
    expect(pet.columns[0]).toMatchObject({ type: "varchar", declaredType: "uuid", declaredGenerated: "uuid" });
    expect(pet.columns[1]).toMatchObject({ name: "ownerId", declaredType: "integer" });
  });

  it("leaves out indexes marked synchronize: false, and keeps relations' foreign keys", () => {
    const pet = schemaFromMetadata(dataSource).tables.find((t) => t.name === "pet")!;
    expect(pet.indexes).toEqual([]);
    expect(pet.foreignKeys).toMatchObject([{ columns: ["ownerId"], referencedTable: "owner", referencedColumns: ["id"], onDelete: "CASCADE" }]);
  });
});

describe("unmanagedObjects", () => {
  it("names the tables and indexes entities mark synchronize: false, for introspection to leave out", async () => {
    const dataSource = new DataSource(sqliteOptions(":memory:", { entities: [Owner, Handmade, Pet], logging: false }));
    await dataSource.initialize();
    try {
      const unmanaged = unmanagedObjects(dataSource);
      expect([...unmanaged.tables]).toEqual(["handmade"]);
      expect([...unmanaged.indexes]).toEqual(["IDX_manual"]);
    } finally {
      await dataSource.destroy();
    }
  });
});

describe("schemaFromMetadata before initialize", () => {
  it("refuses, rather than report every table as missing", () => {
    const dataSource = new DataSource(sqliteOptions(":memory:", { entities: [Owner] }));
    expect(() => schemaFromMetadata(dataSource)).toThrow(/initialized DataSource/);
  });
});

describe("dialectFor", () => {
  it("names the dialect of a DataSource and refuses the others", () => {
    expect(dialectFor({ options: { type: "postgres" } } as never).name).toBe("postgres");
    expect(dialectFor({ options: { type: "better-sqlite3" } } as never).name).toBe("sqlite");
    expect(() => dialectFor({ options: { type: "mysql" } } as never)).toThrow(ConfigError);
  });
});

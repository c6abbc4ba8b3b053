import {
  ChildEntity,
  Column,
  DataSource,
  Entity,
  EntitySchema,
  getMetadataArgsStorage,
  Index,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  RelationId,
  TableInheritance,
  Unique,
} from "typeorm";
import { afterAll, describe, expect, it } from "vitest";
import { indexMetadataArgs } from "../../src/metadata/indexed-metadata-args";
import { createTestDatabase, DIALECTS } from "../support/dialects";

// Entities that reach every path of the lookups: an abstract parent whose column and
// relation a child redeclares, single-table inheritance, generated columns, a relation
// id, and an EntitySchema entity (whose storage TypeORM makes at each build).
@Entity("person")
class Person {
  @PrimaryColumn({ type: "integer" }) id: number;
  @Column({ type: "varchar", length: 40 }) name: string;
}

@Entity("team")
class Team {
  @PrimaryGeneratedColumn() id: number;
}

abstract class Owned {
  @PrimaryGeneratedColumn() id: number;
  @Index("IX_owned_label") @Column({ type: "varchar", length: 20 }) label: string;
  @ManyToOne(() => Person) owner: Person;
}

@Entity("ticket")
@Index("IX_ticket_label", ["label"])
class Ticket extends Owned {
  @Column({ type: "varchar", length: 80 }) label: string;
  @ManyToOne(() => Team) owner: Person;
  @RelationId((ticket: Ticket) => ticket.owner) ownerId: number;
  @Column({ type: "integer", nullable: true }) priority: number | null;
}

@Entity("asset")
@TableInheritance({ column: { type: "varchar", name: "kind", length: 20 } })
@Unique("UQ_asset_tag", ["tag"])
class Asset {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: "varchar", length: 30 }) tag: string;
}

@ChildEntity("laptop")
class Laptop extends Asset {
  @Index() @Column({ type: "integer", nullable: true }) ram: number | null;
  @ManyToOne(() => Person, { nullable: true }) holder: Person | null;
}

@ChildEntity("phone")
class Phone extends Asset {
  @Column({ type: "varchar", length: 20, nullable: true }) ram: string | null;
}

const Note = new EntitySchema<{ id: number; body: string; parent: unknown }>({
  name: "Note",
  tableName: "note",
  columns: { id: { type: Number, primary: true, generated: true }, body: { type: "text" } },
  relations: { parent: { type: "many-to-one", target: "Note", nullable: true } },
  indices: [{ name: "IX_note_body", columns: ["body"] }],
});

const ENTITIES = [Person, Team, Ticket, Asset, Laptop, Phone, Note];
const LOOKUPS = [
  "filterByTarget",
  "filterByTargetAndWithoutDuplicateProperties",
  "filterByTargetAndWithoutDuplicateRelationProperties",
  "filterIndices",
  "filterUniques",
  "findGenerated",
] as const;
type Lookup = (typeof LOOKUPS)[number];
type Methods = Record<Lookup, (...args: unknown[]) => unknown>;

const storage = getMetadataArgsStorage();
const prototype = Object.getPrototypeOf(storage) as Methods;
const typeormOwn = Object.fromEntries(LOOKUPS.map((name) => [name, prototype[name]])) as Methods;
indexMetadataArgs(storage);
const indexed = Object.fromEntries(LOOKUPS.map((name) => [name, prototype[name]])) as Methods;
afterAll(() => Object.assign(prototype, indexed));

/** What a lookup returned, comparable across calls: TypeORM's relation override is a clone whose fields are inherited. */
const shape = (result: unknown) =>
  (Array.isArray(result) ? result : [result]).map((entry: Record<string, unknown> | undefined) =>
    entry === undefined ? undefined : { target: entry.target, propertyName: entry.propertyName, type: entry.type, same: entry },
  );

/** Everything of the built metadata that a schema depends on, in TypeORM's order. */
function metadataOf(dataSource: DataSource) {
  return dataSource.entityMetadatas.map((m) => ({
    name: m.name,
    table: m.tableName,
    columns: m.columns.map((c) => [c.propertyPath, c.databaseName, String(c.type), c.length, c.isNullable, c.isGenerated, c.generationStrategy, c.isPrimary]),
    relations: m.relations.map((r) => [r.propertyPath, r.relationType, r.inverseEntityMetadata.name]),
    relationIds: m.relationIds.map((r) => [r.propertyName, r.relation.propertyPath]),
    indices: m.indices.map((i) => [i.name, i.columns.map((c) => c.databaseName)]),
    uniques: m.uniques.map((u) => [u.name, u.columns.map((c) => c.databaseName)]),
    foreignKeys: m.foreignKeys.map((f) => [f.name, f.columnNames, f.referencedTablePath]),
  }));
}

describe("TypeORM's metadata lookups with strata's index by target", () => {
  it("return what TypeORM's own scans return, entry for entry, for every target and class tree", () => {
    const arrays = [storage.tables, storage.columns, storage.relations, storage.relationIds, storage.indices, storage.uniques];
    const targets: unknown[] = [...ENTITIES, Owned, "Note", "nothing", [Ticket, Owned], [Laptop, Asset], [Phone, Asset], [Owned, Ticket], [Ticket, Ticket, Owned], []];
    let compared = 0;
    for (const array of arrays) {
      for (const target of targets) {
        for (const lookup of ["filterByTarget", "filterByTargetAndWithoutDuplicateProperties", "filterByTargetAndWithoutDuplicateRelationProperties"] as const) {
          expect(shape(indexed[lookup].call(storage, array, target))).toEqual(shape(typeormOwn[lookup].call(storage, array, target)));
          compared++;
        }
      }
    }
    for (const target of targets) {
      for (const lookup of ["filterIndices", "filterUniques"] as const) {
        expect(shape(indexed[lookup].call(storage, target))).toEqual(shape(typeormOwn[lookup].call(storage, target)));
      }
      for (const property of ["id", "label", "missing"]) {
        expect(indexed.findGenerated.call(storage, target, property)).toBe(typeormOwn.findGenerated.call(storage, target, property));
      }
    }
    // The child's redeclared relation is TypeORM's clone with the child's type: the path a plain filter would miss.
    const [owner] = (indexed.filterByTargetAndWithoutDuplicateRelationProperties.call(storage, storage.relations, [Ticket, Owned]) as { type: () => unknown }[]).filter(
      (r) => (r as unknown as { propertyName: string }).propertyName === "owner",
    );
    expect(owner.type()).toBe(Team);
    expect(compared).toBe(6 * targets.length * 3);
  });

  it("sees entries that decorators add after the first lookup", () => {
    const before = (indexed.filterByTargetAndWithoutDuplicateProperties.call(storage, storage.columns, Team) as unknown[]).length;
    Column({ type: "integer", nullable: true })(Team.prototype, "rank");
    const after = indexed.filterByTargetAndWithoutDuplicateProperties.call(storage, storage.columns, Team) as { propertyName: string }[];
    expect(after).toHaveLength(before + 1);
    expect(after.at(-1)?.propertyName).toBe("rank");
  });
});

describe.each(DIALECTS)("TypeORM's metadata built with strata's index on %s", (dialect) => {
  it("is the metadata TypeORM builds without it, connected to the database", async () => {
    const db = await createTestDatabase(dialect, "indexed_metadata_args");
    const built = async (methods: Methods) => {
      Object.assign(prototype, methods);
      const dataSource = new DataSource({ ...db.options, entities: ENTITIES } as ConstructorParameters<typeof DataSource>[0]);
      await dataSource.initialize();
      try {
        return metadataOf(dataSource);
      } finally {
        await dataSource.destroy();
      }
    };
    try {
      const own = await built(typeormOwn);
      const withIndex = await built(indexed);
      expect(withIndex).toEqual(own);
      expect(withIndex.map((m) => `${m.name}:${m.table}`).sort()).toEqual(["Asset:asset", "Laptop:asset", "Note:note", "Person:person", "Phone:asset", "Team:team", "Ticket:ticket"]);
      const ticket = withIndex.find((m) => m.name === "Ticket");
      expect(ticket?.relations).toEqual([["owner", "many-to-one", "Team"]]);
    } finally {
      Object.assign(prototype, indexed);
      await db.drop();
    }
  });
});

import { EntitySchema, type EntitySchemaColumnOptions, type EntitySchemaIndexOptions } from "typeorm";
// Types only: the cold CLI's config imports this file, and must load no strata but the one it runs.
import type { PluginDefinition } from "../../src";

/** The five kinds of change the mutated variant makes, one per mutated entity, in this order. */
export const MUTATION_KINDS = ["add column", "drop column", "widen varchar", "make nullable", "add index"] as const;
export type MutationKind = (typeof MUTATION_KINDS)[number];

export interface Mutation {
  readonly table: string;
  readonly kind: MutationKind;
}

/** Two plugins, each on its own branch with its own table prefix. */
const PLUGINS = [
  { name: "audit", prefix: "audit_" },
  { name: "queue", prefix: "queue_" },
] as const;

/** The app owns 8 entities in 10; the 8th and 9th of every ten belong to the plugins. */
const ownerOf = (i: number): string => (i % 10 === 7 ? PLUGINS[0].name : i % 10 === 8 ? PLUGINS[1].name : "app");

const tableOf = (i: number): string => {
  const plugin = PLUGINS.find((p) => p.name === ownerOf(i));
  return `${plugin?.prefix ?? "app_"}e${String(i).padStart(4, "0")}`;
};

/**
 * Which entities the mutated variant changes: max(5, 5 % of n) of them, spread evenly over
 * the schema (plugin entities included), so that every kind of change occurs at every n.
 */
export function mutations(n: number): Mutation[] {
  const count = Math.min(n, Math.max(MUTATION_KINDS.length, Math.ceil(n / 20)));
  return Array.from({ length: count }, (_, k) => ({
    table: tableOf(Math.floor(((k + 0.5) * n) / count)),
    kind: MUTATION_KINDS[k % MUTATION_KINDS.length],
  }));
}

/** The earlier entity `i` references: always an app entity, so no branch waits on a plugin. */
function parentOf(i: number): number | undefined {
  const candidates: number[] = [];
  for (let j = 0; j < i; j++) if (ownerOf(j) === "app") candidates.push(j);
  return candidates.length === 0 ? undefined : candidates[(i * 31) % candidates.length];
}

function columnsOf(mutation: MutationKind | undefined): Record<string, EntitySchemaColumnOptions> {
  const columns: Record<string, EntitySchemaColumnOptions> = {
    id: { type: "integer", primary: true, generated: "increment" },
    code: { type: "varchar", length: 32 },
    title: { type: "varchar", length: mutation === "widen varchar" ? 200 : 120 },
    summary: { type: "varchar", length: 255, nullable: true },
    body: { type: "text", nullable: true },
    quantity: { type: "integer", default: 0, nullable: mutation === "make nullable" },
    views: { type: "bigint", default: 0 },
    active: { type: "boolean", default: true },
    price: { type: "numeric", precision: 10, scale: 2, default: 0 },
    // Date: "timestamp" on PostgreSQL, "datetime" on SQLite, as TypeORM maps it.
    createdAt: { type: Date, name: "created_at", default: () => "CURRENT_TIMESTAMP" },
    updatedAt: { type: Date, name: "updated_at", nullable: true },
  };
  if (mutation === "drop column") delete columns.summary;
  if (mutation === "add column") columns.note = { type: "varchar", length: 80, nullable: true };
  return columns;
}

function indicesOf(i: number, table: string, mutation: MutationKind | undefined): EntitySchemaIndexOptions[] {
  const indices: EntitySchemaIndexOptions[] = [{ name: `UQ_${table}_code`, columns: ["code"], unique: true }];
  if (i % 2 === 0) indices.push({ name: `IDX_${table}_title`, columns: ["title", "active"] });
  if (mutation === "add index") indices.push({ name: `IDX_${table}_quantity`, columns: ["quantity"] });
  return indices;
}

export interface BenchSchema {
  readonly n: number;
  /** The app's entities (the DataSource's `entities`). */
  readonly entities: readonly EntitySchema[];
  /** The plugins, with the rest of the entities. */
  readonly plugins: readonly PluginDefinition[];
  /** Every entity, app and plugins, as TypeORM's own DataSource would list them. */
  readonly all: readonly EntitySchema[];
  /** What the mutated variant changes (empty for the base variant). */
  readonly mutations: readonly Mutation[];
}

/**
 * A deterministic schema of `n` entities (integer key, ten columns of mixed kinds, a
 * unique index and on every other entity a second one, a many-to-one foreign key to an
 * earlier app entity), 20 % of them in two plugins. `mutated` applies `mutations(n)`.
 */
export function benchSchema(n: number, mutated = false): BenchSchema {
  const changed = mutated ? mutations(n) : [];
  const kindOf = new Map(changed.map((m) => [m.table, m.kind]));
  const byOwner = new Map<string, EntitySchema[]>();
  const all: EntitySchema[] = [];
  for (let i = 0; i < n; i++) {
    const table = tableOf(i);
    const parent = parentOf(i);
    const mutation = kindOf.get(table);
    const entity = new EntitySchema<any>({
      name: `Bench${i}`,
      tableName: table,
      columns: columnsOf(mutation),
      indices: indicesOf(i, table, mutation),
      relations:
        parent === undefined
          ? {}
          : { parent: { type: "many-to-one", target: `Bench${parent}`, nullable: true, joinColumn: { name: "parent_id" }, onDelete: "CASCADE" } },
    });
    all.push(entity);
    const owner = ownerOf(i);
    byOwner.set(owner, [...(byOwner.get(owner) ?? []), entity]);
  }
  const plugins = PLUGINS.filter((p) => byOwner.has(p.name)).map(
    (p): PluginDefinition => ({ name: p.name, tablePrefix: p.prefix, entities: byOwner.get(p.name) ?? [] }),
  );
  return { n, entities: byOwner.get("app") ?? [], plugins, all, mutations: changed };
}

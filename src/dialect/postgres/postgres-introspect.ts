import type { QueryRunner } from "typeorm";
import { groupBy } from "../../schema/group-by";
import type { Introspection, IntrospectOptions } from "../../schema/introspect-options";
import type { ColumnModel, Deferrable, ReferentialAction, SchemaModel, TableModel } from "../../schema/model";
import { normalizePostgresSchema } from "./postgres-normalize";
import { dataSourceOf } from "../data-source-of";
import { type TypeormRecords, typeormRecords, viewModels } from "../typeorm-metadata-table";

/**
 * Reads the live PostgreSQL schema from pg_catalog, for `current_schema()` only: one
 * query per kind of object for the whole schema, not one per table, all sent as one
 * script. Key columns come back in key order (`unnest … WITH ORDINALITY`), which
 * information_schema does not give.
 */

interface ColumnRow {
  table_name: string;
  name: string;
  formatted_type: string;
  not_null: boolean;
  default_expr: string | null;
  identity: string;
  /** "s" for a stored generated column. */
  generated_kind: string;
  comment: string | null;
  /** The enum type's name, when the column (or its array element) is an enum. */
  enum_name: string | null;
  enum_values: string[] | null;
  is_array: boolean;
  collation: string | null;
}
interface ConstraintRow {
  table_name: string;
  name: string;
  kind: "p" | "u" | "f" | "c";
  columns: string[];
  referenced_table: string | null;
  referenced_columns: string[] | null;
  on_delete: string;
  on_update: string;
  deferrable: boolean;
  deferred: boolean;
  definition: string;
}
interface IndexRow {
  table_name: string;
  name: string;
  is_unique: boolean;
  columns: string[];
  predicate: string | null;
}

const TABLES_SQL = `
SELECT c.relname AS name
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relispartition`;

const VIEWS_SQL = `
SELECT c.relname AS name, c.relkind = 'm' AS materialized,
       ARRAY(
         SELECT DISTINCT t.relname::text FROM pg_catalog.pg_rewrite r
         JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_rewrite'::regclass AND d.objid = r.oid
           AND d.refclassid = 'pg_catalog.pg_class'::regclass
         JOIN pg_catalog.pg_class t ON t.oid = d.refobjid AND t.oid <> c.oid
         WHERE r.ev_class = c.oid
       ) AS tables
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = current_schema() AND c.relkind IN ('v', 'm')`;

const COLUMNS_SQL = `
SELECT c.relname AS table_name,
       a.attname AS name,
       pg_catalog.format_type(a.atttypid, a.atttypmod) AS formatted_type,
       a.attnotnull AS not_null,
       pg_catalog.pg_get_expr(d.adbin, d.adrelid) AS default_expr,
       a.attidentity AS identity,
       a.attgenerated AS generated_kind,
       dsc.description AS comment,
       CASE WHEN et.typtype = 'e' THEN et.typname END AS enum_name,
       CASE WHEN et.typtype = 'e' THEN ARRAY(
         SELECT e.enumlabel::text FROM pg_catalog.pg_enum e WHERE e.enumtypid = et.oid ORDER BY e.enumsortorder
       ) END AS enum_values,
       t.typcategory = 'A' AS is_array,
       CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation THEN co.collname END AS collation
FROM pg_catalog.pg_attribute a
JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
JOIN pg_catalog.pg_type et ON et.oid = CASE WHEN t.typcategory = 'A' THEN t.typelem ELSE t.oid END
LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
LEFT JOIN pg_catalog.pg_collation co ON co.oid = a.attcollation
-- col_description() as a join: one hash join instead of a lookup per column (a fifth of this query on 500 tables).
LEFT JOIN pg_catalog.pg_description dsc ON dsc.classoid = 'pg_catalog.pg_class'::regclass AND dsc.objoid = a.attrelid AND dsc.objsubid = a.attnum
WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY c.relname, a.attnum`;

const CONSTRAINTS_SQL = `
SELECT c.relname AS table_name,
       con.conname AS name,
       con.contype AS kind,
       ARRAY(
         SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
         JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.ord
       ) AS columns,
       fc.relname AS referenced_table,
       ARRAY(
         SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, ord)
         JOIN pg_catalog.pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum ORDER BY k.ord
       ) AS referenced_columns,
       con.confdeltype AS on_delete,
       con.confupdtype AS on_update,
       con.condeferrable AS deferrable,
       con.condeferred AS deferred,
       pg_catalog.pg_get_constraintdef(con.oid) AS definition
FROM pg_catalog.pg_constraint con
JOIN pg_catalog.pg_class c ON c.oid = con.conrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_catalog.pg_class fc ON fc.oid = con.confrelid
WHERE n.nspname = current_schema() AND con.contype IN ('p', 'u', 'f', 'c')
ORDER BY c.relname, con.conname`;

// Indexes that back a primary key, unique or exclusion constraint are the constraint's, not indexes of their own.
const INDEXES_SQL = `
SELECT c.relname AS table_name,
       i.relname AS name,
       ix.indisunique AS is_unique,
       ARRAY(
         SELECT CASE WHEN k.attnum = 0 THEN pg_catalog.pg_get_indexdef(ix.indexrelid, k.ord::int, true) ELSE a.attname::text END
         FROM unnest(ix.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
         LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = k.attnum
         WHERE k.ord <= ix.indnkeyatts
         ORDER BY k.ord
       ) AS columns,
       pg_catalog.pg_get_expr(ix.indpred, ix.indrelid) AS predicate
FROM pg_catalog.pg_index ix
JOIN pg_catalog.pg_class i ON i.oid = ix.indexrelid
JOIN pg_catalog.pg_class c ON c.oid = ix.indrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')
  AND NOT EXISTS (
    SELECT 1 FROM pg_catalog.pg_constraint con
    WHERE con.conindid = ix.indexrelid AND con.conrelid = ix.indrelid AND con.contype IN ('p', 'u', 'x')
  )
ORDER BY c.relname, i.relname`;

const ACTIONS: Readonly<Record<string, ReferentialAction>> = {
  a: "NO ACTION",
  r: "RESTRICT",
  c: "CASCADE",
  n: "SET NULL",
  d: "SET DEFAULT",
};

/** How TypeORM's `deferrable` option says what the catalog's two flags say. */
function deferrableOf(row: ConstraintRow): Deferrable | undefined {
  if (!row.deferrable) return undefined;
  return row.deferred ? "INITIALLY DEFERRED" : "INITIALLY IMMEDIATE";
}

/** `recorded`: the expression TypeORM recorded for the column, if it is a generated one. */
function columnModel(row: ColumnRow, recorded: string | undefined): ColumnModel {
  return {
    name: row.name,
    // format_type spells an enum by its (possibly quoted, schema-qualified) name; the model says "enum".
    type: row.enum_name ? "enum" : row.formatted_type,
    nullable: !row.not_null,
    // A stored generated column's expression is in pg_attrdef too; it is no default.
    default: row.generated_kind === "s" ? undefined : (row.default_expr ?? undefined),
    ...(row.generated_kind === "s" ? { generatedType: "STORED", asExpression: row.default_expr ?? undefined, declaredAsExpression: recorded } : {}),
    generated: row.identity === "a" || row.identity === "d" ? "identity" : undefined,
    comment: row.comment ?? undefined,
    enumName: row.enum_name ?? undefined,
    enumValues: row.enum_values ?? undefined,
    isArray: row.is_array || undefined,
    collation: row.collation ?? undefined,
  };
}

/** `CHECK ((price > 0))` → `(price > 0)`; the normaliser takes it from there. */
function checkExpression(definition: string): string {
  return definition.replace(/^CHECK\s*/i, "").replace(/\s+NOT VALID$/i, "");
}

/** The catalog's rows, as the queries return them. */
interface Catalog {
  readonly tables: readonly { name: string }[];
  readonly views: readonly { name: string; materialized: boolean; tables: string[] }[];
  readonly columns: readonly ColumnRow[];
  readonly constraints: readonly ConstraintRow[];
  readonly indexes: readonly IndexRow[];
}

/**
 * The catalog queries as one script: sent at once (pg's simple protocol runs every
 * statement of a query without parameters), the server runs them all without waiting
 * for the client; the largest result last, so that the others are not held up behind it.
 */
const CATALOG_SCRIPT = [TABLES_SQL, VIEWS_SQL, INDEXES_SQL, CONSTRAINTS_SQL, COLUMNS_SQL].join(";\n");

/** The driver's connection under a query runner: pg returns one result per statement of a script. */
type ScriptConnection = { query(text: string): Promise<{ rows: unknown[] }[]> };

async function readCatalog(connection: ScriptConnection): Promise<Catalog> {
  const [tables, views, indexes, constraints, columns] = (await connection.query(CATALOG_SCRIPT)).map((result) => result.rows);
  return { tables, views, indexes, constraints, columns } as Catalog;
}

/**
 * Sends the catalog script and returns at once, so that the server reads its catalog
 * while the caller works (check builds the entities' metadata meanwhile: for 500
 * entities about as long as the server takes for these queries).
 */
export async function introspectPostgresAhead(queryRunner: QueryRunner): Promise<Introspection> {
  const catalog = readCatalog((await queryRunner.connect()) as ScriptConnection);
  catalog.catch(() => {}); // reported by the introspection below, whenever it is awaited
  return async (options = {}) => {
    const rows = await catalog;
    // Read only when there is a generated column or a view to spell: most schemas have neither.
    const recorded = rows.views.length > 0 || rows.columns.some((row) => row.generated_kind === "s") ? await typeormRecords(queryRunner) : NO_RECORDS;
    return schemaOf(rows, dataSourceOf(queryRunner).metadataTableName, options, recorded);
  };
}

export async function introspectPostgres(queryRunner: QueryRunner, options?: IntrospectOptions): Promise<SchemaModel> {
  return (await introspectPostgresAhead(queryRunner))(options);
}

/** The schema model of the catalog's rows, without the tables and indexes `options` leaves out. */
const NO_RECORDS: TypeormRecords = { generations: new Map(), views: new Map() };

function schemaOf(catalog: Catalog, internal: string, options: IntrospectOptions, recorded: TypeormRecords): SchemaModel {
  const names = catalog.tables.map((row) => row.name).filter((name) => name !== internal && !options.exclude?.(name));
  const wanted = new Set(names);
  const byTable = <T extends { table_name: string }>(rows: readonly T[]) => groupBy(rows, (row) => row.table_name);
  const columnRows = byTable(catalog.columns.filter((row) => wanted.has(row.table_name)));
  const constraintRows = byTable(catalog.constraints.filter((row) => wanted.has(row.table_name)));
  const indexRows = byTable(catalog.indexes.filter((row) => wanted.has(row.table_name) && !options.excludeIndex?.(row.table_name, row.name)));
  const tables = names.map((table): TableModel => {
    const constraints = constraintRows.get(table) ?? [];
    const of = (kind: ConstraintRow["kind"]) => constraints.filter((row) => row.kind === kind);
    return {
      name: table,
      columns: (columnRows.get(table) ?? []).map((row) => columnModel(row, recorded.generations.get(`${table}.${row.name}`))),
      primaryKey: of("p")[0]?.columns ?? [],
      indexes: (indexRows.get(table) ?? []).map((row) => ({
        name: row.name,
        columns: row.columns,
        unique: row.is_unique,
        where: row.predicate ?? undefined,
      })),
      uniques: of("u").map((row) => ({ name: row.name, columns: row.columns })),
      foreignKeys: of("f").map((row) => ({
        name: row.name,
        columns: row.columns,
        referencedTable: row.referenced_table ?? "",
        referencedColumns: row.referenced_columns ?? [],
        onDelete: ACTIONS[row.on_delete] ?? "NO ACTION",
        onUpdate: ACTIONS[row.on_update] ?? "NO ACTION",
        deferrable: deferrableOf(row),
      })),
      checks: of("c").map((row) => ({ name: row.name, expression: checkExpression(row.definition) })),
    };
  });
  return { ...normalizePostgresSchema({ tables, enums: [] }), views: viewModels(catalog.views, recorded.views, options) };
}

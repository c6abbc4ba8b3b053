import type { DataSource, EntityMetadata } from "typeorm";
import { dialectFor } from "../dialect/dialect-for";
import { StrataError } from "../errors";
import { assertSafeNames } from "./assert-safe-names";
import type { ColumnModel, ReferentialAction, SchemaModel, TableModel, ViewModel } from "./model";

/**
 * The schema the shared metadata set asks for, from an initialized DataSource. Types are
 * read the way TypeORM's own schema builder reads them (`driver.normalizeType`), then the
 * dialect's normaliser brings them to the spelling the introspector also reaches. Pass
 * `tables` to keep only those tables (one branch's, say).
 */
export function schemaFromMetadata(dataSource: DataSource, tables?: ReadonlySet<string>): SchemaModel {
  if (!dataSource.isInitialized && dataSource.entityMetadatas.length === 0) {
    // Metadata is built by initialize(); without it every table would look dropped.
    throw new StrataError("schemaFromMetadata needs an initialized DataSource: call dataSource.initialize() first.");
  }
  const driver = dataSource.driver;
  const managed = dataSource.entityMetadatas.filter(
    (metadata) =>
      // What TypeORM's synchronize would create: views and single-table children have no table of their own.
      metadata.synchronize !== false &&
      metadata.tableType !== "view" &&
      metadata.tableType !== "entity-child" &&
      (!tables || tables.has(metadata.tableName)),
  );
  const raw: SchemaModel = {
    tables: managed.map((metadata) => tableFromMetadata(metadata, (column) => driver.normalizeType(column))),
    enums: [],
  };
  const views = dataSource.entityMetadatas
    .filter((metadata) => metadata.tableType === "view" && metadata.synchronize !== false && (!tables || tables.has(metadata.tableName)))
    .map((metadata) => viewFromMetadata(metadata, dataSource));
  const schema = { ...dialectFor(dataSource).normalize(raw), views };
  // After normalising, which names PostgreSQL's enum types (`<table>_<column>_enum`).
  const entityOf = new Map(managed.map((metadata) => [metadata.tableName, metadata.name]));
  for (const table of schema.tables) assertSafeNames(table, entityOf.get(table.name) ?? table.name);
  return schema;
}

/** A view entity's view, its query in the words TypeORM's createView records (a query builder's SQL, or the trimmed text). */
function viewFromMetadata(metadata: EntityMetadata, dataSource: DataSource): ViewModel {
  const { expression } = metadata;
  return {
    name: metadata.tableName,
    expression: typeof expression === "function" ? expression(dataSource).getQuery() : (expression ?? "").trim(),
    ...(metadata.tableMetadataArgs.materialized ? { materialized: true } : {}),
  };
}

// typeorm's package exports do not reach ColumnMetadata's own module.
type ColumnMetadata = EntityMetadata["columns"][number];
type TypeOf = (column: ColumnMetadata) => string;

function tableFromMetadata(metadata: EntityMetadata, typeOf: TypeOf): TableModel {
  const columns = metadata.columns.filter((column) => !column.isVirtualProperty);
  return {
    name: metadata.tableName,
    columns: columns.map((column) => columnFromMetadata(column, typeOf)),
    // Key order is table order: that is how TypeORM writes PRIMARY KEY (…).
    primaryKey: columns.filter((column) => column.isPrimary).map((column) => column.databaseName),
    indexes: metadata.indices
      // synchronize: false marks an index the user manages by hand; TypeORM leaves it alone, so do we.
      .filter((index) => index.synchronize !== false)
      .map((index) => ({
        name: index.name,
        columns: index.columns.map((column) => column.databaseName),
        unique: index.isUnique,
        where: index.where || undefined,
      })),
    uniques: metadata.uniques.map((unique) => ({
      name: unique.name,
      columns: unique.columns.map((column) => column.databaseName),
    })),
    foreignKeys: metadata.foreignKeys.map((fk) => ({
      name: fk.name,
      columns: fk.columnNames,
      referencedTable: fk.referencedEntityMetadata.tableName,
      referencedColumns: fk.referencedColumnNames,
      onDelete: (fk.onDelete ?? "NO ACTION") as ReferentialAction,
      onUpdate: (fk.onUpdate ?? "NO ACTION") as ReferentialAction,
      deferrable: fk.deferrable,
    })),
    checks: metadata.checks.map((check) => ({ name: check.name, expression: check.expression })),
  };
}

function columnFromMetadata(column: ColumnMetadata, typeOf: TypeOf): ColumnModel {
  return {
    name: column.databaseName,
    type: typeOf(column),
    length: column.length ? Number(column.length) : undefined,
    precision: column.precision ?? undefined,
    scale: column.scale ?? undefined,
    nullable: column.isNullable,
    default: defaultOf(column),
    generated: generatedOf(column),
    comment: column.comment || undefined,
    enumName: column.enumName,
    enumValues: column.enum?.map(String),
    isArray: column.isArray || undefined,
    collation: column.collation,
    generatedType: column.asExpression ? column.generatedType : undefined,
    asExpression: column.generatedType ? column.asExpression : undefined,
    declaredType: declaredTypeOf(column, typeOf),
    declaredDefault: defaultOf(column),
    declaredAsExpression: column.generatedType ? column.asExpression : undefined,
  };
}

function generatedOf(column: ColumnMetadata): ColumnModel["generated"] {
  if (!column.isGenerated) return undefined;
  // TypeORM types the strategy without "identity", but PrimaryGeneratedColumn("identity") sets it.
  switch (column.generationStrategy as string | undefined) {
    case "uuid":
      return "uuid";
    case "identity":
      return "identity";
    default:
      // "increment", and "rowid" (CockroachDB's), which is an increment everywhere strata runs.
      return "increment";
  }
}

function quote(text: string): string {
  return `'${text.split("'").join("''")}'`;
}

/**
 * The default as SQL text. Unlike TypeORM's drivers, quotes inside strings are doubled,
 * so what strata writes is valid SQL whatever the value.
 */
function defaultOf(column: ColumnMetadata): string | undefined {
  const value: unknown = column.default;
  if (value === undefined || value === null) return undefined;
  if (typeof value === "function") return String(value());
  if (typeof value === "string") return quote(value);
  // Enum labels are strings in the database, even when the entity's enum is numeric.
  if (column.enum && (typeof value === "number" || typeof value === "bigint")) return quote(String(value));
  if (typeof value === "number" || typeof value === "bigint") return String(value);
  if (typeof value === "boolean") return value ? "true" : "false";
  if (Array.isArray(value) && column.isArray) return quote(`{${value.map(String).join(",")}}`);
  if (typeof value === "object") return quote(JSON.stringify(value));
  return String(value);
}

/** Types given as constructors (from decorator metadata), in words every dialect reads. */
const CONSTRUCTOR_TYPES = new Map<unknown, string>([
  [String, "varchar"],
  [Number, "integer"],
  [Boolean, "boolean"],
]);

/**
 * The type in the entity's driver's words, as TypeORM's synchronize would create it
 * (`datetime` for a date on SQLite, `int8` where the entity says so): TypeORM's schema
 * builder compares the declared text. Names one database lacks (`datetime` on
 * PostgreSQL, `int4` on SQLite) are translated when the revision runs there
 * (dialect/<name>/<name>-equivalents).
 */
function declaredTypeOf(column: ColumnMetadata, typeOf: TypeOf): string {
  const type: unknown = column.type;
  if (type === Date) return typeOf(column) === "datetime" ? "datetime" : "timestamp";
  const known = CONSTRUCTOR_TYPES.get(type);
  if (known) return known;
  if (typeof type === "function") return (type as Function).name.toLowerCase();
  return String(type);
}

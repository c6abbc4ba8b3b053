import type { DialectName } from "../dialect/dialect-name";
import { normalizePostgresSchema } from "../dialect/postgres/normalize";
import { normalizeSqliteSchema } from "../dialect/sqlite/normalize";
import type { SchemaModel } from "./model";

const NORMALIZERS: Record<DialectName, (schema: SchemaModel) => SchemaModel> = {
  sqlite: normalizeSqliteSchema,
  postgres: normalizePostgresSchema,
};

/** The dialect's normalisation (dialect/<name>/normalize). Idempotent: a normalised model is returned equal. */
export function normalizeSchema(dialect: DialectName, schema: SchemaModel): SchemaModel {
  return NORMALIZERS[dialect](schema);
}

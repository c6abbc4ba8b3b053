import { ConfigError } from "../errors";

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const MAX_BYTES = 63;
const RESERVED_PREFIXES = ["pg_", "sqlite_"];

/**
 * Refuses a table name taken from configuration or the environment unless it is a plain
 * identifier. TypeORM 0.3 does not double embedded quotes when it escapes names, so
 * refusing is the only safe answer. `source` names where the value came from.
 */
export function assertSafeTableName(value: unknown, source: string): string {
  const shown = JSON.stringify(value);
  if (typeof value !== "string" || !IDENTIFIER.test(value)) {
    throw new ConfigError(
      `${source} is ${shown}: a table name must match ^[A-Za-z_][A-Za-z0-9_]*$. Choose a plain name such as "fsm_data".`,
    );
  }
  if (Buffer.byteLength(value) > MAX_BYTES) {
    throw new ConfigError(`${source} is ${shown}: a table name may be at most ${MAX_BYTES} bytes. Choose a shorter name.`);
  }
  const reserved = RESERVED_PREFIXES.find((p) => value.toLowerCase().startsWith(p));
  if (reserved) {
    throw new ConfigError(`${source} is ${shown}: names starting with "${reserved}" are reserved by the database. Choose another name.`);
  }
  return value;
}

/** Quotes an identifier for SQL the way PostgreSQL's quote_ident does (SQLite accepts the same). */
export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

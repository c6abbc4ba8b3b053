import type { DialectName } from "../../dialect/dialect-name";
import type { Operation } from "../operation";
import { subjectOf } from "../subject";
import { DIALECT_OPERATIONS } from "./operations-for";

/**
 * Whether running `op` on `dialect` rebuilds a table, which is only safe with foreign
 * keys off. SQLite ignores `PRAGMA foreign_keys` inside a transaction, so whoever opens
 * the transaction must switch them off before it (strata's runtime does, for every
 * revision on SQLite) and check them before committing; the rebuild itself checks the
 * rows of the table it rebuilt and refuses to start with foreign keys on inside a transaction.
 */
export const requiresForeignKeysOff = (op: Operation, dialect: DialectName): boolean =>
  DIALECT_OPERATIONS[dialect].rebuildsTable(op);

/** The tables a list of operations rebuilds on `dialect`, for the revision header and the terminal. */
export function rebuiltTables(ops: readonly Operation[], dialect: DialectName): string[] {
  const tables = new Set<string>();
  for (const op of ops) if (requiresForeignKeysOff(op, dialect)) tables.add(subjectOf(op).name);
  return [...tables].sort();
}

import type { DialectPort } from "../dialect-port";

export const sqlitePort: DialectPort = {
  // SQLITE_MAX_VARIABLE_NUMBER: 999 before SQLite 3.32, 32766 since.
  async maxParameters(queryRunner) {
    const [{ version }] = (await queryRunner.query(`SELECT sqlite_version() AS version`)) as { version: string }[];
    const [major, minor] = version.split(".").map(Number) as [number, number];
    return major > 3 || (major === 3 && minor >= 32) ? 32_766 : 999;
  },
  exactBigInteger: (quoted) => `CASE WHEN typeof(${quoted}) = 'integer' THEN CAST(${quoted} AS TEXT) ELSE ${quoted} END`,
  // An AUTOINCREMENT table's sqlite_sequence follows explicit ids by itself; a rowid table has no sequence.
  resetSequence: async () => {},
};

import { quoteIdentifier } from "../../config/identifier";
import type { DialectPort } from "../dialect-port";

export const postgresPort: DialectPort = {
  // The wire protocol counts parameters in 16 bits.
  maxParameters: async () => 65_535,
  // node-postgres already returns int8 as a string.
  exactBigInteger: (quoted) => quoted,
  async resetSequence(queryRunner, table, column) {
    const quoted = quoteIdentifier(column);
    await queryRunner.query(
      `SELECT setval(pg_get_serial_sequence($1, $2), COALESCE(MAX(${quoted}), 1), MAX(${quoted}) IS NOT NULL) FROM ${quoteIdentifier(table)} ` +
        `WHERE pg_get_serial_sequence($1, $2) IS NOT NULL`,
      [quoteIdentifier(table), column],
    );
  },
};

import type { DataSource, QueryRunner } from "typeorm";

/** The DataSource a query runner belongs to: `dataSource` since typeorm 1.0 (where `connection` is deprecated), `connection` before. */
export function dataSourceOf(queryRunner: QueryRunner): DataSource {
  return (queryRunner as QueryRunner & { readonly dataSource?: DataSource }).dataSource ?? queryRunner.connection;
}

import type { QueryRunner } from "typeorm";

/**
 * Empties TypeORM's cache of the tables it has read, which strata's own SQL leaves stale.
 * The cache is BaseQueryRunner's `loadedTables`, no longer on the QueryRunner interface
 * since typeorm 1.0.
 */
export function forgetLoadedTables(queryRunner: QueryRunner): void {
  (queryRunner as QueryRunner & { loadedTables: unknown[] }).loadedTables = [];
}

import type { QueryRunner } from "typeorm";

/** What `strata port` does differently per database; a new dialect fails to compile until it says. */
export interface DialectPort {
  /** How many parameters one statement may bind. */
  maxParameters(queryRunner: QueryRunner): Promise<number>;
  /** The SELECT expression reading a 64-bit integer column exactly (drivers round it to a JavaScript number). */
  exactBigInteger(quotedColumn: string): string;
  /** Moves the column's sequence past the copied rows, so that the next insert gets a fresh id. */
  resetSequence(queryRunner: QueryRunner, table: string, column: string): Promise<void>;
}

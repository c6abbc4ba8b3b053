import type { QueryRunner } from "typeorm";
import type { CheckModel, EnumModel, ForeignKeyModel, UniqueModel } from "../schema/model";
import type { ColumnSpec } from "../operations/column-spec";
import type { TableChange } from "../operations/table-change";

/**
 * How one dialect carries out the operations that TypeORM's QueryRunner API would get
 * wrong there. Every dialect implements every method, so a new operation fails to
 * compile until each database knows how to run it.
 */
export interface DialectOperations {
  /** The type name to create for a spec's type on this database. */
  columnType(queryRunner: QueryRunner, spec: ColumnSpec): string;
  /** The default expression to create, when a spec's default is another database's spelling. */
  columnDefault(spec: ColumnSpec): string | undefined;

  addColumn(queryRunner: QueryRunner, table: string, column: ColumnSpec): Promise<void>;
  dropColumn(queryRunner: QueryRunner, table: string, column: string): Promise<void>;
  alterColumn(queryRunner: QueryRunner, table: string, from: ColumnSpec, to: ColumnSpec): Promise<void>;
  renameColumn(queryRunner: QueryRunner, table: string, from: string, to: string): Promise<void>;
  renameTable(queryRunner: QueryRunner, from: string, to: string): Promise<void>;
  alterPrimaryKey(queryRunner: QueryRunner, table: string, columns: readonly string[]): Promise<void>;
  addForeignKey(queryRunner: QueryRunner, table: string, foreignKey: ForeignKeyModel): Promise<void>;
  dropForeignKey(queryRunner: QueryRunner, table: string, foreignKey: ForeignKeyModel): Promise<void>;
  addUnique(queryRunner: QueryRunner, table: string, unique: UniqueModel): Promise<void>;
  dropUnique(queryRunner: QueryRunner, table: string, unique: UniqueModel): Promise<void>;
  addCheck(queryRunner: QueryRunner, table: string, check: CheckModel): Promise<void>;
  dropCheck(queryRunner: QueryRunner, table: string, check: CheckModel): Promise<void>;
  renameIndex(queryRunner: QueryRunner, table: string, from: string, to: string): Promise<void>;
  /** A unique, foreign key or check constraint. */
  renameConstraint(queryRunner: QueryRunner, table: string, from: string, to: string): Promise<void>;
  createEnum(queryRunner: QueryRunner, model: EnumModel): Promise<void>;
  dropEnum(queryRunner: QueryRunner, name: string): Promise<void>;
  alterEnum(queryRunner: QueryRunner, name: string, from: readonly string[], to: readonly string[]): Promise<void>;
  /**
   * Several changes to one table, with the same result as making them one by one in
   * order; SQLite makes all of those that need a rebuild in one rebuild of the table.
   */
  alterTable(queryRunner: QueryRunner, table: string, changes: readonly TableChange[]): Promise<void>;
}

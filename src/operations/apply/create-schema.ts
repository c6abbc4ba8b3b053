import type { QueryRunner } from "typeorm";
import { typeorm } from "../../loading/typeorm-module";
import { ensureTypeormMetadataTable } from "../../dialect/typeorm-metadata-table";
import { createTableOptions } from "../create-table-options";
import { touchesGeneratedColumn } from "../generated-columns";
import type { Operation } from "../operation";
import { addForeignKey, createEnum } from "./entry-points";
import { tableColumns } from "./table-column";

/**
 * Builds a schema on an empty database from the operations that create it (diffSchemas
 * from nothing: enum types, tables with their keys, indexes and checks, and the foreign
 * keys that close a cycle), making the calls its rendered revision would make
 * (render-operation.ts) without rendering and compiling one. Any other kind is refused.
 */
export async function createSchema(queryRunner: QueryRunner, ops: readonly Operation[]): Promise<void> {
  if (ops.some(touchesGeneratedColumn)) await ensureTypeormMetadataTable(queryRunner);
  for (const op of ops) {
    if (op.kind === "createEnum") await createEnum(queryRunner, op.enum);
    else if (op.kind === "createTable") {
      const { columns, ...options } = createTableOptions(op.table);
      await queryRunner.createTable(new (typeorm().Table)({ ...options, columns: tableColumns(queryRunner, columns) }));
    } else if (op.kind === "addForeignKey") await addForeignKey(queryRunner, op.table, op.foreignKey);
    else throw new Error(`A schema built from nothing has no ${op.kind} operation.`);
  }
}

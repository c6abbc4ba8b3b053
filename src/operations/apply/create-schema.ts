import type { QueryRunner } from "typeorm";
import { typeorm } from "../../loading/typeorm-module";
import { createTableOptions } from "../create-table-options";
import type { Operation } from "../operation";
import { indexOptions } from "../table-change-of";
import { addCheck, addForeignKey, addUnique, createEnum } from "./entry-points";
import { tableColumns } from "./table-column";

/**
 * Builds a schema on an empty database from the operations that create it (a diff from
 * nothing: enum types, tables, their indexes, and the foreign keys that close a cycle),
 * making the calls its rendered revision would make (render-operation.ts) without
 * rendering and compiling one. Any other kind is refused, naming it.
 */
export async function createSchema(queryRunner: QueryRunner, ops: readonly Operation[]): Promise<void> {
  const { Table, TableIndex } = typeorm();
  for (const op of ops) {
    if (op.kind === "createEnum") await createEnum(queryRunner, op.enum);
    else if (op.kind === "createTable") {
      const { columns, ...options } = createTableOptions(op.table);
      await queryRunner.createTable(new Table({ ...options, columns: tableColumns(queryRunner, columns) }));
    } else if (op.kind === "createIndex") await queryRunner.createIndex(op.table, new TableIndex(indexOptions(op.index)));
    else if (op.kind === "addForeignKey") await addForeignKey(queryRunner, op.table, op.foreignKey);
    else if (op.kind === "addUnique") await addUnique(queryRunner, op.table, op.unique);
    else if (op.kind === "addCheck") await addCheck(queryRunner, op.table, op.check);
    else throw new Error(`A schema built from nothing has no ${op.kind} operation.`);
  }
}

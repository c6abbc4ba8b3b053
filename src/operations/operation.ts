import type { AddColumnOperation, AlterColumnOperation, DropColumnOperation, RenameColumnOperation } from "./column-operations";
import type {
  AddCheckOperation,
  AddForeignKeyOperation,
  AddUniqueOperation,
  CreateIndexOperation,
  DropCheckOperation,
  DropForeignKeyOperation,
  DropIndexOperation,
  DropUniqueOperation,
  RenameConstraintOperation,
  RenameIndexOperation,
} from "./constraint-operations";
import type { AlterEnumOperation, CreateEnumOperation, DropEnumOperation } from "./enum-operations";
import type {
  AlterPrimaryKeyOperation,
  CreateTableOperation,
  DropTableOperation,
  RenameTableOperation,
} from "./table-operations";
import type { CreateViewOperation, DropViewOperation } from "./view-operations";

/** One schema change. Plain frozen data; rendering and execution look handlers up by `kind`. */
export type Operation =
  | CreateTableOperation
  | DropTableOperation
  | RenameTableOperation
  | AlterPrimaryKeyOperation
  | AddColumnOperation
  | DropColumnOperation
  | AlterColumnOperation
  | RenameColumnOperation
  | CreateIndexOperation
  | DropIndexOperation
  | RenameIndexOperation
  | AddUniqueOperation
  | DropUniqueOperation
  | AddForeignKeyOperation
  | DropForeignKeyOperation
  | AddCheckOperation
  | DropCheckOperation
  | RenameConstraintOperation
  | CreateEnumOperation
  | DropEnumOperation
  | AlterEnumOperation
  | CreateViewOperation
  | DropViewOperation;

export type OperationKind = Operation["kind"];

/** The operation of one kind, for handler tables typed `{ [K in OperationKind]: (op: OperationOf<K>) => … }`. */
export type OperationOf<K extends OperationKind> = Extract<Operation, { kind: K }>;

/** A handler per kind: adding a kind fails to compile until every table of handlers has it. */
export type OperationHandlers<R> = { readonly [K in OperationKind]: (op: OperationOf<K>) => R };

/** Calls the handler for the operation's kind. */
export function dispatch<R>(handlers: OperationHandlers<R>, op: Operation): R {
  return (handlers[op.kind] as (op: Operation) => R)(op);
}

import type { QueryRunner, TableColumnOptions } from "typeorm";
import { compact } from "../schema/compact";
import type { ColumnSpec } from "../operations/column-spec";
import type { DialectOperations } from "./dialect-operations";

/** The TypeORM column options for a spec on `dialect`; what strata's own operations build SQL from. */
export function columnOptions(
  dialect: Pick<DialectOperations, "columnType" | "columnDefault">,
  queryRunner: QueryRunner,
  spec: ColumnSpec,
): TableColumnOptions {
  // A sequence or identity supplies the value itself; TypeORM would add a conflicting
  // DEFAULT. A uuid key keeps its default: it names the generating function.
  const keepsDefault = spec.generated === undefined || spec.generated === "uuid";
  const options: TableColumnOptions = {
    name: spec.name,
    type: dialect.columnType(queryRunner, spec),
    length: spec.length === undefined ? undefined : String(spec.length),
    precision: spec.precision,
    scale: spec.scale,
    isNullable: spec.nullable,
    default: keepsDefault ? dialect.columnDefault(spec) : undefined,
    isPrimary: spec.primary,
    isGenerated: spec.generated !== undefined,
    generationStrategy: spec.generated,
    comment: spec.comment,
    enum: spec.enumValues ? [...spec.enumValues] : undefined,
    enumName: spec.enumName,
    isArray: spec.isArray,
    collation: spec.collation,
    generatedType: spec.generatedType,
    asExpression: spec.asExpression,
  };
  return compact(options);
}

import { compact } from "../schema/compact";
import type { ColumnModel } from "../schema/model";

/**
 * A column as a revision file spells it: the model's fields, with the entity's own words
 * (declared type, generation, comment, enum name) where the metadata had them, because
 * those run on every dialect while a normalised name may not ("timestamptz" is not a
 * SQLite type). `primary` marks the key columns of a created table.
 */
export type ColumnSpec = Omit<ColumnModel, `declared${string}`> & { readonly primary?: boolean };

/** The spec a revision file carries for a model column (undefined fields left out). */
export function columnSpec(column: ColumnModel, primary = false): ColumnSpec {
  const spec: { [K in keyof ColumnSpec]: ColumnSpec[K] } = {
    name: column.name,
    type: column.declaredType ?? column.type,
    length: column.length,
    precision: column.precision,
    scale: column.scale,
    nullable: column.nullable,
    // The entity's own spelling of a default the comparison found equal (see declaredDefault).
    default: column.default === undefined ? undefined : (column.declaredDefault ?? column.default),
    generated: column.declaredGenerated ?? column.generated,
    comment: column.declaredComment ?? column.comment,
    enumName: column.declaredEnumName ?? column.enumName,
    enumValues: column.enumValues,
    isArray: column.isArray,
    collation: column.collation,
    generatedType: column.generatedType,
    asExpression: column.asExpression === undefined ? undefined : (column.declaredAsExpression ?? column.asExpression),
    primary: primary || undefined,
  };
  return compact(spec);
}

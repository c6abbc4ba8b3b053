import type { ColumnModel } from "./model";
import { normalizeSqlExpression, type ExpressionRules } from "./normalize-sql-expression";

type Generation = Pick<ColumnModel, "generatedType" | "asExpression" | "declaredAsExpression">;

/**
 * A generated column's fields with its expression normalised; the declared text is kept
 * only while it still says the same (a record TypeORM left behind may not).
 */
export function normalizeGeneration(column: ColumnModel, generatedType: "STORED" | "VIRTUAL", rules: ExpressionRules): Generation {
  const asExpression = normalizeSqlExpression(column.asExpression ?? "", rules);
  const declared = column.declaredAsExpression;
  const keepsDeclared = declared !== undefined && normalizeSqlExpression(declared, rules) === asExpression;
  return { generatedType, asExpression, declaredAsExpression: keepsDeclared ? declared : undefined };
}

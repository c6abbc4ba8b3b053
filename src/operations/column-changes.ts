import type { ColumnModel } from "../schema/model";

/**
 * The column attributes a migration can change. Derived from ColumnModel so that a new
 * model field fails to compile here until it is compared. The `declared*` fields say how
 * the entity spells things for rendering, not what the database holds, so they never count.
 */
export type ColumnChange = Exclude<keyof ColumnModel, "name" | `declared${string}`>;

const same = (a: unknown, b: unknown) => a === b;
const sameList = (a: readonly string[] | undefined, b: readonly string[] | undefined) =>
  (a ?? []).length === (b ?? []).length && (a ?? []).every((value, i) => value === b?.[i]);
const sameFlag = (a: boolean | undefined, b: boolean | undefined) => Boolean(a) === Boolean(b);

const COMPARE: { readonly [K in ColumnChange]-?: (a: ColumnModel[K], b: ColumnModel[K]) => boolean } = {
  type: same,
  length: same,
  precision: same,
  scale: same,
  nullable: same,
  default: same,
  generated: same,
  comment: same,
  enumName: same,
  enumValues: sameList,
  isArray: sameFlag,
  collation: same,
  generatedType: same,
  asExpression: same,
};

const CHANGES = Object.keys(COMPARE) as ColumnChange[];

/** Which attributes differ, in a fixed order (that of the model). */
export function columnChanges(from: ColumnModel, to: ColumnModel): ColumnChange[] {
  return CHANGES.filter(
    (key) => !(COMPARE[key] as (a: unknown, b: unknown) => boolean)(from[key], to[key]),
  );
}

/** The type as a reader would write it: `varchar(255)`, `numeric(10,2)`, `integer[]`. */
export function describeColumnType(column: ColumnModel): string {
  const size =
    column.length !== undefined
      ? `(${column.length})`
      : column.precision !== undefined
        ? `(${column.precision}${column.scale !== undefined ? `,${column.scale}` : ""})`
        : "";
  return `${column.type}${size}${column.isArray ? "[]" : ""}`;
}

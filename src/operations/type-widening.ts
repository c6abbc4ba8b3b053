import type { ColumnModel } from "../schema/model";

/**
 * Type changes that keep every value. Anything else that changes the type is treated as
 * narrowing (it may fail or lose data). Both normalised spellings are listed because the
 * dialects normalise differently ("integer"/"int4").
 */
const WIDER: Readonly<Record<string, readonly string[]>> = (() => {
  const integer = ["integer", "int", "int4"];
  const bigint = ["bigint", "int8"];
  const numeric = ["numeric", "decimal"];
  const text = ["text", "clob"];
  const varchar = ["varchar", "character varying"];
  const double = ["double precision", "double", "float8"];
  const entries: [readonly string[], readonly string[]][] = [
    [["smallint", "int2", "tinyint"], [...integer, ...bigint, ...numeric, "real", ...double]],
    [integer, [...bigint, ...numeric, ...double]],
    [bigint, numeric],
    [["real", "float4", "float"], double],
    [["char", "character", "bpchar"], [...varchar, ...text]],
    [varchar, text],
    [["timestamp", "timestamp without time zone"], ["timestamptz", "timestamp with time zone"]],
    [["json"], ["jsonb"]],
  ];
  const table: Record<string, readonly string[]> = {};
  for (const [narrow, wide] of entries) for (const name of narrow) table[name] = wide;
  return table;
})();

const atLeast = (to: number | undefined, from: number | undefined) =>
  to === undefined || (from !== undefined && to >= from);

/** Whether every value of `from`'s type fits `to`'s type (same type, or a listed widening). */
export function keepsEveryValue(from: ColumnModel, to: ColumnModel): boolean {
  if (Boolean(from.isArray) !== Boolean(to.isArray)) return false;
  if (from.type !== to.type) return WIDER[from.type]?.includes(to.type) ?? false;
  // Unbounded (undefined) is wider than any bound; a bound added to an unbounded type narrows.
  if (!atLeast(to.length, from.length)) return false;
  if (!atLeast(to.precision, from.precision) || !atLeast(to.scale, from.scale)) return false;
  const integerDigits = (c: ColumnModel) => (c.precision === undefined ? undefined : c.precision - (c.scale ?? 0));
  return atLeast(integerDigits(to), integerDigits(from));
}

/** Values allowed before and not after (an enum or simple-enum losing members). */
export const removedValues = (from: readonly string[] | undefined, to: readonly string[] | undefined): string[] =>
  to === undefined ? [] : (from ?? []).filter((value) => !to.includes(value));

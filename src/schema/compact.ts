/**
 * Drops keys whose value is undefined. Models are compared field by field and printed in
 * revision files, so "absent" must have one spelling: a missing key.
 */
export function compact<T extends object>(value: T): T {
  // A loop, not entries/filter/fromEntries: this runs for every column of every model a diff compares.
  const kept: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) kept[key] = v;
  }
  return kept as T;
}

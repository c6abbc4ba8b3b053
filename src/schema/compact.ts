/**
 * Drops keys whose value is undefined. Models are compared field by field and printed in
 * revision files, so "absent" must have one spelling: a missing key.
 */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

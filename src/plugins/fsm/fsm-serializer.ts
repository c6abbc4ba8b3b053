import { FsmDataError } from "./fsm-errors";
import { unstorableCharacter } from "./fsm-text";

export type FsmData = Record<string, unknown>;

/**
 * How data becomes the text of the `data` column and back. The default is JSON, which
 * refuses what JSON would not give back unchanged; an app that stores Dates, Maps and
 * the like passes its own (superjson, devalue, …), and then owns what round-trips.
 */
export interface FsmSerializer {
  stringify(data: FsmData): string;
  parse(text: string): FsmData;
}

/** Plain JSON, checked: what `getData` returns equals (deeply) what was stored. */
export const JSON_SERIALIZER: FsmSerializer = Object.freeze({
  stringify(data: FsmData): string {
    assertJsonObject(data, "data");
    return JSON.stringify(data);
  },
  parse: (text: string) => JSON.parse(text) as FsmData,
});

/** Refuses anything JSON.parse(JSON.stringify(value)) would not return as it was, naming its path. */
export function assertJsonObject(value: unknown, path: string): void {
  if (!isPlainObject(value)) {
    throw new FsmDataError(`${path} is ${describe(value)}: FSM data must be a plain object of JSON values.`, path);
  }
  assertJson(value, path, []);
}

function assertJson(value: unknown, path: string, parents: object[]): void {
  switch (typeof value) {
    case "boolean":
      return;
    case "string":
      return assertStorableString(value, path);
    case "number":
      if (Number.isFinite(value)) return;
      return refuse(path, `is ${value}`, "JSON writes it as null");
    case "undefined":
      return refuse(path, "is undefined", "JSON drops the key (or writes null in an array); delete the key or store null");
    case "bigint":
      return refuse(path, "is a bigint", "JSON cannot hold it; store value.toString()");
    case "function":
    case "symbol":
      return refuse(path, `is a ${typeof value}`, "JSON drops it");
  }
  if (value === null) return;
  const object = value as object;
  if (parents.includes(object)) return refuse(path, "refers back to one of its parents", "JSON cannot hold a cycle");
  const inside = [...parents, object];
  if (Array.isArray(object)) {
    for (let i = 0; i < object.length; i++) {
      if (!(i in object)) refuse(`${path}[${i}]`, "is an empty slot of a sparse array", "JSON writes it as null");
      assertJson(object[i], `${path}[${i}]`, inside);
    }
    return;
  }
  if (!isPlainObject(object)) {
    return refuse(path, `is ${describe(object)}`, readBackAs(object));
  }
  if (Object.getOwnPropertySymbols(object).length > 0) refuse(path, "has symbol keys", "JSON drops them");
  for (const [key, item] of Object.entries(object)) {
    const itemPath = `${path}${/^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`}`;
    const why = unstorableCharacter(key);
    if (why) refuse(itemPath, `has a key that ${why}`, "store another key");
    assertJson(item, itemPath, inside);
  }
}

function assertStorableString(value: string, path: string): void {
  const why = unstorableCharacter(value);
  if (why) refuse(path, why, "remove it or pass fsmStorage({ serializer }) that encodes it");
}

function refuse(path: string, what: string, why: string): never {
  throw new FsmDataError(`${path} ${what}: ${why}. Nothing was stored.`, path);
}

function readBackAs(object: object): string {
  if (object instanceof Date) return "JSON reads it back as a string; store date.toISOString() or date.getTime()";
  if (object instanceof Map || object instanceof Set) return "JSON writes it as {}; store [...value] or Object.fromEntries(map)";
  return "JSON would read it back as a plain object or something else; store plain objects, arrays and primitives";
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object") return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value !== "object") return `a ${typeof value}`;
  const name = (Object.getPrototypeOf(value) as { constructor?: { name?: string } } | null)?.constructor?.name;
  return name ? `a ${name}` : "an object with a custom prototype";
}

const WIDTH = 100;
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

const renderKey = (key: string) => (IDENTIFIER.test(key) ? key : JSON.stringify(key));

/**
 * Plain data (strings, numbers, booleans, null, arrays, objects) as a TypeScript literal
 * that reads like hand-written code: on one line when it fits in `WIDTH` columns (it
 * starts at column `start` and is followed by up to two characters, `);`), else one
 * element or property per line at `indent`. Undefined properties are left out.
 */
export function renderValue(value: unknown, indent = "", start = indent.length): string {
  if (value === null || typeof value !== "object") {
    if (value === undefined || typeof value === "function" || typeof value === "symbol" || typeof value === "bigint") {
      throw new TypeError(`renderValue: cannot render ${typeof value}`);
    }
    return JSON.stringify(value);
  }
  const inner = indent + "  ";
  const [open, close, parts] = Array.isArray(value)
    ? ["[", "]", value.map((item) => (at: string, from: number) => renderValue(item, at, from))]
    : [
        "{",
        "}",
        Object.entries(value)
          .filter(([, v]) => v !== undefined)
          .map(([k, v]) => (at: string, from: number) => `${renderKey(k)}: ${renderValue(v, at, from + renderKey(k).length + 2)}`),
      ];
  if (parts.length === 0) return `${open}${close}`;
  const pad = open === "{" ? " " : "";
  // Measured as if everything fit on one line; anything that did not comes back multi-line.
  const flat = `${open}${pad}${parts.map((part) => part(inner, 0)).join(", ")}${pad}${close}`;
  if (!flat.includes("\n") && start + flat.length + 2 <= WIDTH) return flat;
  return `${open}\n${parts.map((part) => `${inner}${part(inner, inner.length)},`).join("\n")}\n${indent}${close}`;
}

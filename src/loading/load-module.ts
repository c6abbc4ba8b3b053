import { extname } from "node:path";
import { pathToFileURL } from "node:url";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { registerTypeScript } = require("./typescript-hook") as { registerTypeScript(): void };

const TYPESCRIPT = new Set([".ts", ".mts", ".cts"]);

/** Loads a user module (config, entity or revision) and returns its exports. */
export async function loadModule(file: string): Promise<Record<string, unknown>> {
  const ext = extname(file);
  if (ext === ".mjs") return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  if (TYPESCRIPT.has(ext)) registerTypeScript();
  return require(file) as Record<string, unknown>;
}

/** The default export of a module loaded through either module system. */
export function defaultExport(exports: Record<string, unknown>): unknown {
  const value = exports.default ?? exports;
  // A CommonJS module imported from ESM nests its own `default` one level further.
  return value && typeof value === "object" && "default" in value && Object.keys(value).length === 1
    ? (value as { default: unknown }).default
    : value;
}

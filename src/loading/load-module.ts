import { register } from "node:module";
import { pathToFileURL } from "node:url";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const hook = require("./typescript-hook") as {
  registerTypeScript(): void;
  moduleFormat(file: string): "module" | "commonjs";
};

let esmRegistered = false;
function registerEsmHooks(): void {
  if (esmRegistered) return;
  esmRegistered = true;
  register("./esm-hooks.mjs", pathToFileURL(__filename));
}

/**
 * Loads a user module (config, entity or revision) and returns its exports: CommonJS
 * files through require(), ES modules (.mjs, .mts, "type": "module") through import().
 * `fresh` bypasses the module cache, so code matches bytes just read.
 */
export async function loadModule(file: string, fresh = false): Promise<Record<string, unknown>> {
  hook.registerTypeScript();
  if (hook.moduleFormat(file) === "module") {
    registerEsmHooks();
    const url = pathToFileURL(file);
    if (fresh) url.search = `?t=${Date.now()}`;
    return (await import(url.href)) as Record<string, unknown>;
  }
  if (fresh) delete require.cache[require.resolve(file)];
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

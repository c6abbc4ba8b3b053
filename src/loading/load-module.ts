import Module, { register } from "node:module";
import { dirname } from "node:path";
import { pathToFileURL } from "node:url";
import { isTypeScriptFile } from "./module-file";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const hook = require("./typescript-hook") as {
  registerTypeScript(): void;
  moduleFormat(file: string): "module" | "commonjs";
  transpile(source: string, filename: string): string;
  seedTranspiled(source: string, filename: string, format: "module" | "commonjs", text: string): void;
};

/** What Node's CommonJS loader does for a file, on text already read (pirates hooks the same `_compile`). */
type CommonJsModule = Module & { filename: string; paths: string[]; _compile(code: string, filename: string): void };
const { _nodeModulePaths } = Module as unknown as { _nodeModulePaths(dir: string): string[] };

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

/**
 * Loads the module `file` from `text` already read, so that the code that runs is
 * exactly the text a checksum hashed: a CommonJS module (TypeScript through tsc's
 * output) is compiled from it, bypassing the module cache; an ES module is imported anew.
 */
export async function loadModuleText(file: string, text: string): Promise<Record<string, unknown>> {
  hook.registerTypeScript();
  if (hook.moduleFormat(file) === "module") return loadModule(file, true);
  const module = new Module(file) as CommonJsModule;
  module.filename = file;
  module.paths = _nodeModulePaths(dirname(file));
  module._compile(isTypeScriptFile(file) ? hook.transpile(text, file) : text, file);
  return module.exports as Record<string, unknown>;
}

/**
 * The name the module `staged` (a copy of what goes to `file`) compiles under: a CommonJS
 * module its final name, so that the run after it is placed finds it in the compile
 * cache; an ES module the copy's, which it is imported from.
 */
function stagedModuleName(staged: string, file: string): string {
  return hook.moduleFormat(file) === "module" ? staged : file;
}

/**
 * Caches `javascript(format)`, what tsc makes of `text` (the revision file `file`, staged
 * at `staged`), where the loader and revisionChecksum look: under the CommonJS key, which
 * the checksum and a CommonJS module use, and for an ES module under both its names.
 */
export function seedCompiled(staged: string, file: string, text: string, javascript: (format: "commonjs" | "module") => string): void {
  hook.seedTranspiled(text, file, "commonjs", javascript("commonjs"));
  if (hook.moduleFormat(file) !== "module") return;
  for (const name of [staged, file]) hook.seedTranspiled(text, name, "module", javascript("module"));
}

/** The module `staged` (a copy of `text` on disk) as it will run once placed at `file`. */
export async function loadStagedModule(staged: string, file: string, text: string): Promise<Record<string, unknown>> {
  hook.registerTypeScript();
  const name = stagedModuleName(staged, file);
  return name === staged ? loadModule(staged, true) : loadModuleText(file, text);
}

/** The default export of a module loaded through either module system. */
export function defaultExport(exports: Record<string, unknown>): unknown {
  const value = exports.default ?? exports;
  // A CommonJS module imported from ESM nests its own `default` one level further.
  return value && typeof value === "object" && "default" in value && Object.keys(value).length === 1
    ? (value as { default: unknown }).default
    : value;
}

// Node's module customisation hooks (module.register) for ES-module TypeScript: an app
// with "type": "module" or .mts files. Plain JavaScript for the same reason as
// typescript-hook.js, whose transpiler and cache it shares.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const { transpile, moduleFormat, EXTENSIONS, SOURCE_OF } = require("./typescript-hook.js");

const isTypeScript = (url) => url.startsWith("file:") && EXTENSIONS.some((ext) => new URL(url).pathname.endsWith(ext));

/** `./user.js` in TypeScript source means `./user.ts` when only that exists. */
export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    const ext = Object.keys(SOURCE_OF).find((e) => specifier.endsWith(e));
    if (!ext || !specifier.startsWith(".") || !context.parentURL || !isTypeScript(context.parentURL)) throw error;
    return nextResolve(specifier.slice(0, -ext.length) + SOURCE_OF[ext], context);
  }
}

export async function load(url, context, nextLoad) {
  if (!isTypeScript(url)) return nextLoad(url, context);
  const file = fileURLToPath(url);
  // CommonJS TypeScript goes through require(), whose hook typescript-hook.js registers.
  if (moduleFormat(file) === "commonjs") return { format: "commonjs", shortCircuit: true };
  return { format: "module", source: transpile(readFileSync(file, "utf8"), file, "module"), shortCircuit: true };
}

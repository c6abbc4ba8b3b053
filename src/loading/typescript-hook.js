"use strict";
// Plain JavaScript on purpose: this is what lets everything else be TypeScript with no
// build step. swc (native) keeps decorator metadata, which esbuild-based loaders drop.
const { addHook } = require("pirates");
const swc = require("@swc/core");

const EXTENSIONS = [".ts", ".mts", ".cts"];
let registered = false;

function transform(code, filename) {
  return swc.transformSync(code, {
    filename,
    swcrc: false,
    configFile: false,
    sourceMaps: "inline",
    module: { type: "commonjs", ignoreDynamic: true },
    jsc: {
      target: "es2022",
      parser: { syntax: "typescript", decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      keepClassNames: true,
    },
  }).code;
}

/** Lets `require()` load TypeScript files (config, entities, revisions). Idempotent. */
function registerTypeScript() {
  if (registered) return;
  addHook(transform, { exts: EXTENSIONS, ignoreNodeModules: true });
  registered = true;
}

module.exports = { registerTypeScript };

#!/usr/bin/env node
"use strict";
// Installed, strata runs its compiled JavaScript; inside its own repository (where
// src/ exists) it runs the TypeScript sources, so no build step is needed there.
const { existsSync } = require("node:fs");
const { join } = require("node:path");

const root = join(__dirname, "..");
if (existsSync(join(root, "src", "index.ts"))) {
  require("../src/loading/typescript-hook").registerTypeScript();
  require("./main.ts");
} else {
  require("../dist/cli/main.js");
}

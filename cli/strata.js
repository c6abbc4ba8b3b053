#!/usr/bin/env node
"use strict";
require("../src/loading/typescript-hook").registerTypeScript();
require("./main.ts");

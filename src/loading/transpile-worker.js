"use strict";
// A worker thread that compiles TypeScript off the main thread: it loads the compiler
// (~0.3 s) and reads the app's tsconfig as soon as it starts, while the main thread
// diffs, then emits each module it is sent with typescript-hook.js's own emitJavaScript,
// so the main thread receives exactly what it would have compiled itself. (Warming the
// compiler up on a sample as well was measured: on two cores it slowed the diff more than it sped the compile.)
const { parentPort, workerData } = require("node:worker_threads");
const { emitJavaScript } = require("./typescript-hook.js");

const { nearFile, maps } = workerData;
let asked = false;
// In a turn of its own, so that a module sent meanwhile goes first (and loads the compiler itself).
setImmediate(() => asked || emitJavaScript("", nearFile, "commonjs", maps));

parentPort.on("message", ({ id, source, filename, format }) => {
  asked = true;
  try {
    parentPort.postMessage({ id, text: emitJavaScript(source, filename, format, maps) });
  } catch {
    // The main thread compiles it itself and reports the error with its own stack.
    parentPort.postMessage({ id });
  }
});

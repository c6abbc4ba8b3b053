"use strict";
// A worker thread that compiles new revision files off the main thread: it loads the
// compiler (~0.3 s) and reads the app's tsconfig as soon as it starts, while the main
// thread diffs; then, for each file it is sent, it runs typescript-hook.js's own
// transpile (so the main thread receives exactly what it would have compiled, and the
// compile cache holds it) and, once every file sent is compiled, their checksums, while
// the main thread loads the modules and starts replaying them.
// (Warming the compiler up on a sample as well was measured: on two cores it slowed the
// diff more than it sped the compile.)
const { parentPort, workerData } = require("node:worker_threads");
const hook = require("./typescript-hook.js");

const { nearFile, maps } = workerData;
let asked = false;
// In a turn of its own, so that a file sent meanwhile goes first (and loads the compiler itself).
setImmediate(() => asked || hook.emitJavaScript("", nearFile, "commonjs", maps));

let checksumModule;
/** revision-checksum, required on first use: TypeScript in strata's own sources, JavaScript once built. */
function revisionChecksum(file, text) {
  if (!checksumModule) {
    hook.registerTypeScript();
    checksumModule = require("../graph/revision-checksum");
  }
  return checksumModule.revisionChecksum(file, text);
}

/** Files to compile, then checksums to compute: every compile first, since this thread waits on them. */
const compiles = [];
const checksums = [];
let scheduled = false;

function schedule() {
  if (!scheduled) setImmediate(work);
  scheduled = true;
}

/** One job per turn, so that a file sent meanwhile goes before the checksums still to do. */
function work() {
  scheduled = false;
  const compile = compiles.shift();
  if (compile) {
    const { id, file, text, loadAs, format } = compile;
    try {
      parentPort.postMessage({ id, text: hook.transpile(text, loadAs, format) });
      checksums.push({ file, text });
    } catch {
      // The main thread compiles it itself and reports the error with its own stack.
      parentPort.postMessage({ id });
    }
  } else {
    const { file, text } = checksums.shift();
    try {
      // Into the cache, where the main thread's revisionChecksum looks first.
      revisionChecksum(file, text);
    } catch {
      // The main thread computes it, and reports what fails, itself.
    }
  }
  if (compiles.length > 0 || checksums.length > 0) schedule();
}

parentPort.on("message", (job) => {
  asked = true;
  // The main thread's setting: the cache keys computed here are then the ones it looks up.
  if (hook.sourceMaps() !== job.maps) process.setSourceMapsEnabled(job.maps);
  compiles.push(job);
  schedule();
});

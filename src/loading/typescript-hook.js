"use strict";
// Plain JavaScript on purpose: this file is what lets strata's sources (inside its own
// repository) and the user's config, entities and revisions load as TypeScript with no
// build step. TypeScript's own transpileModule gives exactly tsc's output: decorator
// metadata, and CommonJS exports assigned after each declaration, so entity files that
// import each other load (swc's live-getter exports hit the TDZ; esbuild drops metadata).
const Module = require("node:module");
const { createHash } = require("node:crypto");
const { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } = require("node:fs");
const { tmpdir } = require("node:os");
const { dirname, join, resolve } = require("node:path");
const { addHook } = require("pirates");

const EXTENSIONS = [".ts", ".mts", ".cts"];
/** The JavaScript specifier a TypeScript import writes (nodenext style) and the file it means. */
const SOURCE_OF = { ".js": ".ts", ".mjs": ".mts", ".cjs": ".cts" };

// Loading TypeScript costs about 0.25 s, so it happens on the first cache miss only.
let typescript;
const ts = () => (typescript ??= require("typescript"));
let version;
/** Read once: every transpiled module's cache key holds it. */
const typescriptVersion = () => (version ??= require("typescript/package.json").version);

/** The nearest tsconfig.json above `dir` and its text (memoised per directory), or undefined. */
const tsconfigOf = new Map();
function nearestTsconfig(dir) {
  if (tsconfigOf.has(dir)) return tsconfigOf.get(dir);
  const here = join(dir, "tsconfig.json");
  const found = existsSync(here)
    ? { path: here, text: readFileSync(here, "utf8") }
    : dirname(dir) === dir
      ? undefined
      : nearestTsconfig(dirname(dir));
  tsconfigOf.set(dir, found);
  return found;
}

/**
 * The app's emit options (decorators, class fields, target, interop) from its tsconfig,
 * `extends` included, with strata's few fixed choices on top. Parsed on a cache miss only.
 */
const parsedOptions = new Map();
function compilerOptions(tsconfig, format, maps) {
  const key = `${tsconfig}\0${format}\0${maps}`;
  if (parsedOptions.has(key)) return parsedOptions.get(key);
  const t = ts();
  let app = {};
  if (tsconfig) {
    const { config } = t.readConfigFile(tsconfig, t.sys.readFile);
    // readDirectory → []: only the options matter, not the project's file list.
    app = t.parseJsonConfigFileContent(config ?? {}, { ...t.sys, readDirectory: () => [] }, dirname(tsconfig)).options;
  }
  const options = {
    experimentalDecorators: true,
    emitDecoratorMetadata: true,
    useDefineForClassFields: false,
    esModuleInterop: true,
    ...pick(app, ["experimentalDecorators", "emitDecoratorMetadata", "useDefineForClassFields", "esModuleInterop", "jsx", "jsxFactory", "jsxFragmentFactory", "jsxImportSource", "verbatimModuleSyntax"]),
    target: Math.max(app.target ?? t.ScriptTarget.ES2022, t.ScriptTarget.ES2017),
    // Node16 emits CommonJS that keeps a real import() (CommonJS mode would turn it into require()).
    module: format === "module" ? t.ModuleKind.ESNext : t.ModuleKind.Node16,
    inlineSourceMap: maps,
    inlineSources: false,
    sourceMap: false,
    declaration: false,
    noEmit: false,
  };
  parsedOptions.set(key, options);
  return options;
}

function pick(object, keys) {
  return Object.fromEntries(keys.filter((k) => object[k] !== undefined).map((k) => [k, object[k]]));
}

let cacheDir;
/** node_modules/.cache/strata (as babel-loader and others do), else a folder in the temp dir. */
function cacheDirectory() {
  if (cacheDir !== undefined) return cacheDir;
  if (process.env.STRATA_CACHE_DIR) return (cacheDir = resolve(process.env.STRATA_CACHE_DIR));
  for (let at = process.cwd(); ; at = dirname(at)) {
    if (existsSync(join(at, "node_modules"))) return (cacheDir = join(at, "node_modules", ".cache", "strata"));
    if (dirname(at) === at) return (cacheDir = join(tmpdir(), "strata-cache"));
  }
}

/** The first syntax error with its position: never the source line, which may hold a secret. */
function syntaxError(diagnostics, filename) {
  const [first] = diagnostics;
  const { line, character } = first.file.getLineAndCharacterOfPosition(first.start ?? 0);
  const more = diagnostics.length > 1 ? `; ${diagnostics.length - 1} more after it` : "";
  const message = `${ts().flattenDiagnosticMessageText(first.messageText, " ")} (line ${line + 1}, column ${character + 1}${more})`;
  const error = new SyntaxError(message);
  error.stack = `SyntaxError: ${message}\n    at ${filename}:${line + 1}:${character + 1}`;
  return error;
}

/**
 * Whether stack traces are mapped in this process (--enable-source-maps, or strata's
 * --verbose): only then is a source map worth its cost, a fifth of a large file's compile.
 */
const sourceMaps = () => process.sourceMapsEnabled === true;

/** The last key computed for each file: a revision's checksum asks for the one its loading just computed. */
const lastKeys = new Map();

/**
 * What decides tsc's output for a file besides its text and name: TypeScript's version, the
 * module format, the app's tsconfig; as a digest per directory and format (an `upgrade`
 * keys thousands of revision files in one directory).
 */
const settingsDigests = new Map();
function compileSettings(filename, format) {
  const dir = dirname(filename);
  const memo = `${dir}\0${format}`;
  let digest = settingsDigests.get(memo);
  if (digest === undefined) {
    const tsconfig = nearestTsconfig(dir);
    digest = createHash("sha256")
      .update(JSON.stringify([typescriptVersion(), format, tsconfig?.path ?? "", tsconfig?.text ?? ""]))
      .digest("hex");
    settingsDigests.set(memo, digest);
  }
  return digest;
}

/** The cache key of tsc's output for `source`: content, name, compile settings, source maps. */
function transpileKey(source, filename, format) {
  const parts = JSON.stringify([compileSettings(filename, format), filename, sourceMaps()]);
  const last = lastKeys.get(filename);
  if (last !== undefined && last.source === source && last.parts === parts) return last.key;
  const key = createHash("sha256").update(parts).update(source).digest("hex");
  lastKeys.set(filename, { source, parts, key });
  return key;
}

/**
 * The text cached on disk under `key`, computed on a miss and then stored unless `store`
 * is false (the caller keeps it elsewhere). Writes are atomic (a concurrent reader sees
 * all of a file or none).
 */
function cachedText(key, compute, store = true) {
  const cached = join(cacheDirectory(), `${key}.js`);
  try {
    return readFileSync(cached, "utf8");
  } catch {
    // not cached yet
  }
  const text = compute();
  if (store) writeCacheFile(`${key}.js`, text);
  return text;
}

let cacheDirectoryMade = false;
/** Writes `name` in the cache directory atomically; a read-only or full cache only costs the next run time. */
function writeCacheFile(name, text) {
  const file = join(cacheDirectory(), name);
  try {
    if (!cacheDirectoryMade) mkdirSync(dirname(file), { recursive: true });
    cacheDirectoryMade = true;
    // Per thread: autogenerate's worker thread may write the same entry at the same time.
    // Required here, not at the top: worker_threads costs a command that writes nothing 4 ms.
    const temporary = `${file}.${process.pid}.${require("node:worker_threads").threadId}.tmp`;
    writeFileSync(temporary, text);
    renameSync(temporary, file);
  } catch {
    // the next run computes it again
  }
}

/**
 * tsc's JavaScript for `source` as a CommonJS (`format` "commonjs") or ES module, cached
 * on disk by content, TypeScript version and the app's tsconfig. Throws on a syntax error.
 */
function transpile(source, filename, format = "commonjs") {
  return cachedText(transpileKey(source, filename, format), () => emitJavaScript(source, filename, format, sourceMaps()));
}

/** tsc's JavaScript for `source`, not cached; `maps`: with an inline source map. Throws on a syntax error. */
function emitJavaScript(source, filename, format, maps) {
  const result = ts().transpileModule(source, {
    fileName: filename,
    reportDiagnostics: true,
    compilerOptions: compilerOptions(nearestTsconfig(dirname(filename))?.path, format, maps),
  });
  const errors = (result.diagnostics ?? []).filter((d) => d.file && d.category === ts().DiagnosticCategory.Error);
  if (errors.length > 0) throw syntaxError(errors, filename);
  return result.outputText;
}

/** The compiler options transpileModule's emit runs with for files of `dir`, as TypeScript itself fixes them (read by a transformer). */
const transpileModuleOptions = new Map();
function emitOptions(dir, format, maps) {
  const memo = `${dir}\0${format}\0${maps}`;
  let options = transpileModuleOptions.get(memo);
  if (options === undefined) {
    const capture = (context) => {
      options = context.getCompilerOptions();
      return (node) => node;
    };
    ts().transpileModule("export {};", {
      fileName: join(dir, "strata-options.ts"),
      compilerOptions: compilerOptions(nearestTsconfig(dir)?.path, format, maps),
      transformers: { before: [capture] },
    });
    transpileModuleOptions.set(memo, options);
  }
  return options;
}

/** A file a program of several may emit as transpileModule would: a module that augments no global or ambient scope, without syntax errors. */
const standsAlone = (program, file) =>
  ts().isExternalModule(file) && !file.statements.some((s) => ts().isModuleDeclaration(s)) && program.getSyntacticDiagnostics(file).length === 0;

/** Files per program: a program keeps all of its files' trees and types alive until its last is emitted (5,000 in one: 437 MB peak, in 500s: 307 MB, as fast). */
const FILES_PER_PROGRAM = 500;

/** Fewer files than this are transpiled one by one: a program and the check against transpileModule would cost more. */
const FEWEST_TOGETHER = 8;

/**
 * Caches tsc's JavaScript for TypeScript files (`{ source, filename }`) as `transpile`
 * would, a directory at a time (its tsconfig decides), a few hundred files per program:
 * transpileModule makes a program and a type checker for every file, most of the 2 ms a
 * small revision takes, which a fresh checkout or container pays for every revision.
 * See emitTogether.
 */
function transpileAll(files, format = "commonjs") {
  const byDirectory = new Map();
  for (const f of files) {
    if (existsSync(join(cacheDirectory(), `${transpileKey(f.source, f.filename, format)}.js`))) continue;
    const dir = dirname(f.filename);
    if (byDirectory.has(dir)) byDirectory.get(dir).push(f);
    else byDirectory.set(dir, [f]);
  }
  for (const pending of byDirectory.values()) {
    if (pending.length < FEWEST_TOGETHER) continue;
    for (let at = 0; at < pending.length; at += FILES_PER_PROGRAM) {
      const together = pending.slice(at, at + FILES_PER_PROGRAM);
      emitTogether(together, format, sourceMaps()).forEach((text, i) => {
        if (text !== undefined) writeCacheFile(`${transpileKey(together[i].source, together[i].filename, format)}.js`, text);
      });
    }
  }
}

/**
 * tsc's JavaScript for each of `files` (of one directory) from one program, each file
 * emitted as transpileModule sees it: the same compiler options (TypeScript's own),
 * imports unresolved. Only when every file stands alone (standsAlone) and the first
 * one's output equals transpileModule's; otherwise none (each is then transpiled alone).
 */
function emitTogether(files, format, maps) {
  const t = ts();
  const options = emitOptions(dirname(files[0].filename), format, maps);
  // TypeScript names files with forward slashes.
  const byName = new Map(files.map((f) => [f.filename.replace(/\\/g, "/"), f]));
  const newLine = options.newLine === t.NewLineKind.CarriageReturnLineFeed ? "\r\n" : "\n";
  const host = {
    getSourceFile: (name, how) => (byName.has(name) ? t.createSourceFile(name, byName.get(name).source, how) : undefined),
    writeFile: () => {},
    getDefaultLibFileName: () => "lib.d.ts",
    useCaseSensitiveFileNames: () => false,
    getCanonicalFileName: (name) => name,
    getCurrentDirectory: () => "",
    getNewLine: () => newLine,
    fileExists: (name) => byName.has(name),
    readFile: () => "",
    directoryExists: () => true,
    getDirectories: () => [],
    // Every import unresolved, as transpileModule leaves it: a file must not see its siblings'
    // declarations (decorator metadata would then name an imported class differently).
    resolveModuleNameLiterals: (literals) => literals.map(() => ({ resolvedModule: undefined })),
    resolveTypeReferenceDirectiveReferences: (references) => references.map(() => ({ resolvedTypeReferenceDirective: undefined })),
  };
  const program = t.createProgram([...byName.keys()], options, host);
  const sourceFiles = [...byName.keys()].map((name) => program.getSourceFile(name));
  if (!sourceFiles.every((file) => file !== undefined && standsAlone(program, file))) return [];
  const outputs = sourceFiles.map((file) => {
    let text;
    const { diagnostics } = program.emit(file, (name, data) => {
      if (!name.endsWith(".map")) text = data;
    });
    return diagnostics.some((d) => d.category === t.DiagnosticCategory.Error) ? undefined : text;
  });
  const [first] = files;
  return outputs[0] === emitJavaScript(first.source, first.filename, format, maps) ? outputs : [];
}

/**
 * Caches `text` as `transpile`'s output for `source`, unless an entry is there: for a
 * revision file strata rendered along with the JavaScript tsc makes of it, which then
 * loads without the compiler (a large first revision took it 0.2 to 0.4 s).
 */
function seedTranspiled(source, filename, format, text) {
  const name = `${transpileKey(source, filename, format)}.js`;
  if (!existsSync(join(cacheDirectory(), name))) writeCacheFile(name, text);
}

/** `./user.js` written in TypeScript source means `./user.ts` when only that exists. */
function resolveTypeScriptSources() {
  const original = Module._resolveFilename;
  Module._resolveFilename = function (request, parent, ...rest) {
    try {
      return original.call(this, request, parent, ...rest);
    } catch (error) {
      const ext = Object.keys(SOURCE_OF).find((e) => request.endsWith(e));
      const fromTypeScript = parent?.filename && EXTENSIONS.some((e) => parent.filename.endsWith(e));
      if (!ext || !fromTypeScript || !request.startsWith(".")) throw error;
      return original.call(this, request.slice(0, -ext.length) + SOURCE_OF[ext], parent, ...rest);
    }
  };
}

/** How Node (and tsc's nodenext) reads `file`: .mts/.mjs are ES modules, .cts/.cjs CommonJS, else package.json's "type". */
function moduleFormat(file) {
  if (/\.m[jt]s$/.test(file)) return "module";
  if (/\.c[jt]s$/.test(file)) return "commonjs";
  return packageType(dirname(file));
}

/** The "type" of the package.json nearest to each directory, read once per process, as Node's own loader does. */
const packageTypes = new Map();
function packageType(dir) {
  let type = packageTypes.get(dir);
  if (type !== undefined) return type;
  const manifest = join(dir, "package.json");
  if (existsSync(manifest)) type = JSON.parse(readFileSync(manifest, "utf8")).type === "module" ? "module" : "commonjs";
  else type = dirname(dir) === dir ? "commonjs" : packageType(dirname(dir));
  packageTypes.set(dir, type);
  return type;
}

let registered = false;
/** Lets `require()` load TypeScript files (config, entities, revisions). Idempotent. */
function registerTypeScript() {
  if (registered) return;
  registered = true;
  addHook((code, filename) => transpile(code, filename, "commonjs"), { exts: EXTENSIONS, ignoreNodeModules: false });
  resolveTypeScriptSources();
}

module.exports = { registerTypeScript, transpile, transpileAll, emitJavaScript, seedTranspiled, compileSettings, transpileKey, cachedText, cacheDirectory, writeCacheFile, moduleFormat, EXTENSIONS, SOURCE_OF };

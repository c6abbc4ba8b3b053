/** The files strata loads as modules: TypeScript and JavaScript, CommonJS and ES modules. */
export const MODULE_EXTENSIONS = [".ts", ".mts", ".cts", ".js", ".mjs", ".cjs"] as const;

const DECLARATION = /\.d\.[mc]?ts$/;
/** One pattern, not a test per extension: a long history's every file name passes here. */
const MODULE_FILE = new RegExp(`(?:${MODULE_EXTENSIONS.map((ext) => ext.replace(".", "\\.")).join("|")})$`);

/** Whether `name` is a module's file: code, not a declaration file (which ends in .ts too). */
export const isModuleFile = (name: string): boolean => MODULE_FILE.test(name) && !DECLARATION.test(name);

const TYPESCRIPT = /\.[mc]?ts$/;
/** Whether `name` is a TypeScript file, which strata reads through tsc's output. */
export const isTypeScriptFile = (name: string): boolean => TYPESCRIPT.test(name);

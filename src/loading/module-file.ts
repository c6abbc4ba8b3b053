/** The files strata loads as modules: TypeScript and JavaScript, CommonJS and ES modules. */
export const MODULE_EXTENSIONS = [".ts", ".mts", ".cts", ".js", ".mjs", ".cjs"] as const;

const DECLARATION = /\.d\.[mc]?ts$/;

/** Whether `name` is a module's file: code, not a declaration file (which ends in .ts too). */
export const isModuleFile = (name: string): boolean => !DECLARATION.test(name) && MODULE_EXTENSIONS.some((ext) => name.endsWith(ext));

import type { Revision } from "./revision";
import type { StaticHeader } from "./static-header";

/** A deferred module's loader: not enumerable, so never taken for one of its fields. */
const LOADER = Symbol("strata.loader");

/** What loads a deferred module's real module: the same promise on every call. */
export interface ModuleLoader {
  load(): Promise<Record<string, unknown>>;
}

/**
 * A revision module known from its header alone: its fields are the header's, and each
 * of its functions loads the real module on first call and runs the real function. A
 * command that only reads the graph never runs a revision's code, and one that upgrades
 * loads each module just before it runs.
 */
export function deferredModule(header: StaticHeader, loader: ModuleLoader): Revision {
  // Object.assign, not a spread, the loader an object on the module (no closures, no
  // WeakMap), and functions shared by every module: measurably cheaper over the
  // thousands of revisions of a long history.
  const module: Record<string | symbol, unknown> = Object.assign({}, header.fields);
  const { functions } = header;
  for (let i = 0; i < functions.length; i++) module[functions[i]] = deferredFunction(functions[i]);
  Object.defineProperty(module, LOADER, { value: loader });
  return Object.freeze(module) as unknown as Revision;
}

type Loadable = { readonly [LOADER]?: ModuleLoader };

const deferredFunctions = new Map<string, (this: Loadable, ...args: unknown[]) => Promise<unknown>>();

/** The function `name` of every deferred module: called as the module's method, it loads that module and runs its real `name`. */
function deferredFunction(name: string): (this: Loadable, ...args: unknown[]) => Promise<unknown> {
  let shared = deferredFunctions.get(name);
  if (shared === undefined) {
    shared = async function (this: Loadable, ...args: unknown[]): Promise<unknown> {
      const loader = this?.[LOADER];
      if (loader === undefined) throw new TypeError(`A revision's ${name}() is called as its module's method: revision.module.${name}(queryRunner).`);
      const exported = await loader.load();
      return (exported[name] as (...a: unknown[]) => unknown).apply(exported, args);
    };
    deferredFunctions.set(name, shared);
  }
  return shared;
}

/**
 * Loads a deferred module's real module now, if not yet loaded (a CommonJS module
 * compiles synchronously). A load that fails fails again, with the same error, where
 * one of its functions is called.
 */
export function loadDeferred(module: Revision): void {
  (module as unknown as Loadable)[LOADER]?.load().catch(() => {});
}

import type { Revision } from "./revision";
import type { StaticHeader } from "./static-header";

/** A deferred module's loader, run once: not enumerable, so never taken for one of its fields. */
const LOADER = Symbol("strata.loader");

/**
 * A revision module known from its header alone: its fields are the header's, and each
 * of its functions loads the real module on first call and runs the real function. A
 * command that only reads the graph never runs a revision's code, and one that upgrades
 * loads each module just before it runs.
 */
export function deferredModule(header: StaticHeader, load: () => Promise<Record<string, unknown>>): Revision {
  let loaded: Promise<Record<string, unknown>> | undefined;
  const real = () => (loaded ??= load());
  // Object.assign, not a spread, the loader on the object, not in a WeakMap, and functions
  // shared by every module: measurably cheaper over the thousands of revisions of a long history.
  const module: Record<string | symbol, unknown> = Object.assign({}, header.fields);
  for (const name of header.functions) module[name] = deferredFunction(name);
  Object.defineProperty(module, LOADER, { value: real });
  return Object.freeze(module) as unknown as Revision;
}

type Loadable = { readonly [LOADER]?: () => Promise<Record<string, unknown>> };

const deferredFunctions = new Map<string, (this: Loadable, ...args: unknown[]) => Promise<unknown>>();

/** The function `name` of every deferred module: called as the module's method, it loads that module and runs its real `name`. */
function deferredFunction(name: string): (this: Loadable, ...args: unknown[]) => Promise<unknown> {
  let shared = deferredFunctions.get(name);
  if (shared === undefined) {
    shared = async function (this: Loadable, ...args: unknown[]): Promise<unknown> {
      const real = this?.[LOADER];
      if (real === undefined) throw new TypeError(`A revision's ${name}() is called as its module's method: revision.module.${name}(queryRunner).`);
      const exported = await real();
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
  (module as unknown as Loadable)[LOADER]?.().catch(() => {});
}

import type { Revision } from "./revision";
import type { StaticHeader } from "./static-header";

/**
 * A revision module known from its header alone: its fields are the header's, and each
 * of its functions loads the real module on first call and runs the real function. A
 * command that only reads the graph never runs a revision's code, and one that upgrades
 * loads each module just before it runs.
 */
export function deferredModule(header: StaticHeader, load: () => Promise<Record<string, unknown>>): Revision {
  let loaded: Promise<Record<string, unknown>> | undefined;
  const real = () => (loaded ??= load());
  const module: Record<string, unknown> = { ...header.fields };
  for (const name of header.functions) {
    module[name] = async function (...args: unknown[]): Promise<unknown> {
      const exported = await real();
      return (exported[name] as (...a: unknown[]) => unknown).apply(exported, args);
    };
  }
  const deferred = Object.freeze(module) as unknown as Revision;
  loaders.set(deferred, real);
  return deferred;
}

/** Each deferred module's loader, run once. */
const loaders = new WeakMap<Revision, () => Promise<unknown>>();

/**
 * Loads a deferred module's real module now, if not yet loaded (a CommonJS module
 * compiles synchronously). A load that fails fails again, with the same error, where
 * one of its functions is called.
 */
export function loadDeferred(module: Revision): void {
  loaders.get(module)?.().catch(() => {});
}

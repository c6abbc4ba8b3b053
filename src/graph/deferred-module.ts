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
  const module: Record<string, unknown> = { ...header.fields };
  for (const name of header.functions) {
    module[name] = async function (...args: unknown[]): Promise<unknown> {
      const real = await (loaded ??= load());
      return (real[name] as (...a: unknown[]) => unknown).apply(real, args);
    };
  }
  return Object.freeze(module) as unknown as Revision;
}

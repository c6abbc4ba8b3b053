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
  const functions = header.functions.map((name) => [
    name,
    async function (...args: unknown[]): Promise<unknown> {
      const module = await (loaded ??= load());
      return (module[name] as (...a: unknown[]) => unknown).apply(module, args);
    },
  ]);
  return Object.freeze({ ...header.fields, ...Object.fromEntries(functions) }) as unknown as Revision;
}

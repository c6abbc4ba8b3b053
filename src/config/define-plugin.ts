import type { PluginDefinition } from "./types";

/** Typed identity for a plugin's definition; checked by resolveConfig with the rest. */
export function definePlugin(plugin: PluginDefinition): PluginDefinition {
  return plugin;
}

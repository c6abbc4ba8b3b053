let loaded: typeof import("acorn") | undefined;

/**
 * acorn, loaded on first use: a command that finds every revision's header and checksum
 * in the compile cache (`heads`, `history`, an upgrade run again) never parses one.
 */
export const acorn = (): typeof import("acorn") => (loaded ??= require("acorn") as typeof import("acorn"));

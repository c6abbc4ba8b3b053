/**
 * Statements as one script. Each separator starts a line of its own, so that a statement
 * ending in a `--` comment cannot swallow it; an empty statement (`;;`) is harmless on
 * both dialects.
 */
export const scriptOf = (statements: readonly string[]): string => statements.join("\n;\n");

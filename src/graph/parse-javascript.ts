import type { Node, Token as AcornToken } from "acorn";
import { acorn } from "./lazy-acorn";

/** acorn sets `value` on every token; its typings leave it out. */
export type Token = AcornToken & { readonly value?: unknown };

/** A module's JavaScript parsed once, for both its static header and its checksum. */
export interface ParsedJavaScript {
  readonly program: Node;
  readonly tokens: readonly Token[];
}

/** Parses `code` as any module (ES or CommonJS) with its tokens; throws acorn's SyntaxError when it does not parse. */
export function parseJavaScript(code: string): ParsedJavaScript {
  const tokens: Token[] = [];
  const program = acorn().parse(code, { ecmaVersion: "latest", sourceType: "module", allowReturnOutsideFunction: true, allowHashBang: true, onToken: tokens });
  return { program, tokens };
}

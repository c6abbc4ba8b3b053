import { createHash } from "node:crypto";
import type { Node } from "acorn";
import { isTypeScriptFile } from "../loading/module-file";
import { acorn } from "./lazy-acorn";
import { type ParsedJavaScript, parseJavaScript, type Token } from "./parse-javascript";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { compileSettings } = require("../loading/typescript-hook") as {
  /** A digest of the compile settings of the file's directory. */
  compileSettings(filename: string, format: "commonjs"): string;
};

/** Bumped whenever the checksum's definition changes. */
export const CHECKSUM_FORMAT = "strata-checksum-1";

/**
 * The checksum of a revision module from its parsed JavaScript, the same whether it is
 * loaded from its `.ts` source (tsc's CommonJS output) or from the app's compiled `.js`
 * (SPEC §9): sha256 over the module's code as tokens, with comments, layout, semicolons
 * and the module system's plumbing (imports, require bindings, `exports.default =`, tsc's
 * helpers) taken out, and every use of an import written as `specifier:name`. Any edit to
 * what the module does changes it.
 */
export function checksumOf(parsed: ParsedJavaScript): string {
  return createHash("sha256").update(canonicalTokensOf(parsed).join("\n")).digest("hex");
}

/**
 * What a file's checksum depends on besides its text: the checksum's format and, for
 * TypeScript, the compile settings of its directory (a digest the hook memoises per directory).
 */
export function checksumSettings(file: string): string {
  return `${CHECKSUM_FORMAT}:${isTypeScriptFile(file) ? compileSettings(file, "commonjs").slice(0, 16) : "javascript"}`;
}

interface Program extends Node {
  body: Statement[];
}
type Statement = Node & Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The tokens of `code` that carry meaning, with import bindings resolved (see checksumOf); throws when it does not parse. */
export function canonicalTokens(code: string): string[] {
  return canonicalTokensOf(parseJavaScript(code));
}

function canonicalTokensOf({ program, tokens }: ParsedJavaScript): string[] {
  const { tokTypes } = acorn();
  const bindings = new Map<string, Binding>();
  const kept: [number, number][] = [];
  for (const statement of (program as Program).body) {
    const range = keptRange(statement, bindings);
    if (range) kept.push(range);
  }
  const out: string[] = [];
  const inKept = (t: Token) => kept.some(([start, end]) => t.start >= start && t.end <= end);
  const body = tokens.filter(inKept);
  for (let i = 0; i < body.length; i++) {
    const token = body[i]!;
    const next = body[i + 1];
    if (token.type === tokTypes.semi) continue;
    if (token.type === tokTypes.comma && next && closes(next)) continue;
    // tsc calls an imported function as `(0, module_1.name)(…)`.
    if (isPunct(token, "(") && body[i + 1]?.value === 0 && isPunct(body[i + 2], ",") && isPunct(body[i + 6], ")")) {
      const resolved = memberOfBinding(body, i + 3, bindings);
      if (resolved) {
        out.push(resolved);
        i += 6;
        continue;
      }
    }
    if (token.type === tokTypes.name && !isPunct(body[i - 1], ".")) {
      const resolved = memberOfBinding(body, i, bindings);
      if (resolved) {
        out.push(resolved);
        i += 2;
        continue;
      }
      const binding = bindings.get(String(token.value));
      if (binding) {
        out.push(binding.name === "*" ? `${binding.from}:*` : `${binding.from}:${binding.name}`);
        continue;
      }
    }
    out.push(render(token));
  }
  return out;
}

/** What an import binding refers to: `name` of module `from` ("*" for the namespace). */
interface Binding {
  readonly from: string;
  readonly name: string;
}

/** `binding.member` at `i` (a namespace binding: tsc's `typeorm_1.Table`, or `import * as t`). */
function memberOfBinding(tokens: readonly Token[], i: number, bindings: ReadonlyMap<string, Binding>): string | undefined {
  const binding = bindings.get(String(tokens[i]?.value));
  const member = tokens[i + 2];
  const { tokTypes } = acorn();
  if (!binding || binding.name !== "*" || !isPunct(tokens[i + 1], ".") || member?.type !== tokTypes.name) return undefined;
  return `${binding.from}:${String(member.value)}`;
}

/** The source range of a statement that does something, or undefined for module plumbing (recording its bindings). */
function keptRange(s: Statement, bindings: Map<string, Binding>): [number, number] | undefined {
  if (s.type === "ExpressionStatement" && s.directive) return undefined;
  if (s.type === "ImportDeclaration") {
    for (const spec of s.specifiers) {
      const name = spec.type === "ImportSpecifier" ? (spec.imported.name ?? spec.imported.value) : spec.type === "ImportDefaultSpecifier" ? "default" : "*";
      bindings.set(spec.local.name, { from: specifier(s.source.value), name });
    }
    return undefined;
  }
  if (s.type === "VariableDeclaration" && s.declarations.every((d: Statement) => d.id.type === "Identifier")) {
    // `const m_1 = require("m")`, `…, alias = m_1`, `var __helper = (this && this.__helper) || …`
    const found = new Map<string, Binding>();
    const plumbing = s.declarations.every((d: Statement) => {
      const from = requiredModule(d.init);
      const binding = from !== undefined ? { from, name: "*" } : d.init?.type === "Identifier" ? found.get(d.init.name) : undefined;
      if (binding) found.set(d.id.name, binding);
      return binding !== undefined || (/^__/.test(d.id.name) && isTscHelper(d.init));
    });
    if (plumbing) {
      for (const [name, binding] of found) bindings.set(name, binding);
      return undefined;
    }
  }
  if (s.type === "ExpressionStatement") {
    const target = exportsTarget(s.expression);
    if (target === "plumbing") return undefined;
    if (target) return [target.start, target.end];
  }
  if (s.type === "ExportDefaultDeclaration" || s.type === "ExportNamedDeclaration") {
    return s.declaration ? [s.declaration.start, s.declaration.end] : undefined;
  }
  return [s.start, s.end];
}

/** `require("m")`, `__importDefault(require("m"))` or `__importStar(require("m"))`: "m". */
function requiredModule(init: Statement | null): string | undefined {
  if (init?.type !== "CallExpression") return undefined;
  if (init.callee.type === "Identifier" && init.callee.name === "require" && init.arguments[0]?.type === "Literal") {
    return specifier(String(init.arguments[0].value));
  }
  if (init.callee.type === "Identifier" && /^__import(Default|Star)$/.test(init.callee.name)) {
    return requiredModule(init.arguments[0] ?? null);
  }
  return undefined;
}

/** A relative specifier without its extension: ESM source writes `./x.js` where CommonJS writes `./x`. */
function specifier(from: string): string {
  return from.startsWith(".") ? from.replace(/\.[mc]?[jt]s$/, "") : from;
}

/** tsc's helpers: `var __x = (this && this.__x) || …`. */
function isTscHelper(init: Statement | null): boolean {
  return init?.type === "LogicalExpression" && init.left.type === "LogicalExpression" && init.left.left.type === "ThisExpression";
}

/**
 * `exports.default = X` / `module.exports = X` → X's range; `exports.x = void 0`,
 * `Object.defineProperty(exports, "__esModule", …)` → "plumbing"; anything else → undefined.
 */
function exportsTarget(e: Statement): Statement | "plumbing" | undefined {
  if (e.type === "CallExpression" && e.callee.type === "MemberExpression" && e.arguments[0]?.type === "Identifier") {
    if (e.callee.object.name === "Object" && e.arguments[0].name === "exports") return "plumbing";
  }
  if (e.type !== "AssignmentExpression" || e.left.type !== "MemberExpression") return undefined;
  const object = e.left.object;
  const isExports = object.type === "Identifier" && object.name === "exports";
  const isModuleExports = object.type === "Identifier" && object.name === "module" && e.left.property.name === "exports";
  if (!isExports && !isModuleExports) return undefined;
  if (e.right.type === "UnaryExpression" && e.right.operator === "void") return "plumbing";
  if (e.right.type === "AssignmentExpression") return exportsTarget(e.right);
  // `exports.f = f` after `function f` is the named export of a declaration already kept.
  if (e.right.type === "Identifier" && !isModuleExports && e.left.property.name === e.right.name) return "plumbing";
  return e.right;
}

function isPunct(token: Token | undefined, value: string): boolean {
  return token !== undefined && token.type.label === value;
}

function closes(token: Token): boolean {
  const { tokTypes } = acorn();
  return token.type === tokTypes.braceR || token.type === tokTypes.bracketR || token.type === tokTypes.parenR;
}

/** A token as text; strings by value, so quote style does not count. */
function render(token: Token): string {
  const { tokTypes } = acorn();
  if (token.type === tokTypes.string) return JSON.stringify(token.value);
  if (token.type === tokTypes.template) return `\`${String(token.value)}`;
  if (token.type === tokTypes.regexp) return `/${(token.value as { pattern: string }).pattern}/${(token.value as { flags: string }).flags}`;
  return token.value === undefined ? token.type.label : String(token.value);
}

import type { Node } from "acorn";

/** A JSON value as a revision header holds it. */
export type HeaderValue = string | number | boolean | null | readonly HeaderValue[] | { readonly [key: string]: HeaderValue };

/**
 * What a revision module's default export declares, read without running the module:
 * every data field as written (whatever its name, so fields added later need no change
 * here) and the names of the fields that are functions (`up`, `down`).
 */
export interface StaticHeader {
  readonly fields: { readonly [key: string]: HeaderValue };
  readonly functions: readonly string[];
}

type AstNode = { readonly type: string } & Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Thrown inside the walk when something is not a literal; caught once in staticHeader. */
const NOT_STATIC = Symbol("not static");

/**
 * The header of the revision module whose parsed JavaScript is `program` (tsc's CommonJS
 * output, an ES module or plain CommonJS), when its default export is an object literal
 * of literals and function expressions; undefined otherwise (a field computed from a
 * variable, a spread, a getter …), and the module must then be run to know it.
 */
export function staticHeader(program: Node): StaticHeader | undefined {
  const exported = ((program as unknown as AstNode).body as AstNode[]).map(defaultExportOf).filter((e) => e !== undefined);
  if (exported.length !== 1 || exported[0]!.type !== "ObjectExpression") return undefined;
  try {
    return headerOf(exported[0]!);
  } catch (error) {
    if (error === NOT_STATIC) return undefined;
    throw error;
  }
}

/** The expression a statement makes the default export: `export default X`, `exports.default = X`, `module.exports = X`. */
function defaultExportOf(statement: AstNode): AstNode | undefined {
  if (statement.type === "ExportDefaultDeclaration") return statement.declaration;
  if (statement.type !== "ExpressionStatement" || statement.expression.type !== "AssignmentExpression") return undefined;
  const { left, right } = statement.expression;
  if (left.type !== "MemberExpression" || left.computed || left.object.type !== "Identifier") return undefined;
  const target = `${left.object.name}.${left.property.name}`;
  if (target !== "exports.default" && target !== "module.exports") return undefined;
  // tsc declares the export first: `exports.default = void 0;`.
  return right.type === "UnaryExpression" && right.operator === "void" ? undefined : right;
}

function headerOf(object: AstNode): StaticHeader {
  const fields: Record<string, HeaderValue> = {};
  const functions: string[] = [];
  for (const property of object.properties as AstNode[]) {
    const key = keyOf(property);
    const value = property.value as AstNode;
    if (property.kind === "init" && (value.type === "FunctionExpression" || value.type === "ArrowFunctionExpression")) {
      functions.push(key);
    } else {
      fields[key] = literal(value);
    }
  }
  return { fields, functions };
}

function keyOf(property: AstNode): string {
  if (property.type !== "Property" || property.computed || property.kind !== "init") throw NOT_STATIC;
  const key: unknown = property.key.type === "Identifier" ? property.key.name : property.key.type === "Literal" ? property.key.value : undefined;
  // `__proto__: …` sets the prototype, not a field.
  if (typeof key !== "string" || key === "__proto__") throw NOT_STATIC;
  return key;
}

function literal(node: AstNode): HeaderValue {
  switch (node.type) {
    case "Literal":
      if (node.regex !== undefined || node.bigint !== undefined) throw NOT_STATIC;
      return node.value as string | number | boolean | null;
    case "TemplateLiteral":
      if (node.expressions.length > 0) throw NOT_STATIC;
      return node.quasis[0].value.cooked as string;
    case "ArrayExpression":
      return (node.elements as (AstNode | null)[]).map((element) => {
        if (element === null || element.type === "SpreadElement") throw NOT_STATIC;
        return literal(element);
      });
    case "ObjectExpression": {
      const header = headerOf(node);
      if (header.functions.length > 0) throw NOT_STATIC;
      return header.fields;
    }
    case "UnaryExpression":
      if (node.operator === "-" && node.argument.type === "Literal" && typeof node.argument.value === "number") return -node.argument.value;
      throw NOT_STATIC;
    default:
      throw NOT_STATIC;
  }
}

import { tokenizeSql, type SqlToken } from "./tokenize-sql";

/**
 * Brings a SQL expression (a CHECK, an index's WHERE) to one spelling, so that what an
 * entity says and what a catalog prints back compare equal: PostgreSQL re-prints
 * `"price" > 0 AND a IN ('x')` as `((price > 0) AND ((a)::text = ANY (ARRAY['x'::text])))`.
 * Only rewrites that cannot change the meaning are made, and the result is still SQL
 * that runs on both dialects (names are re-quoted where they need it), because a
 * revision file may print it.
 */
export interface ExpressionRules {
  /** SQLite reads `[name]` as a quoted identifier. */
  readonly bracketIdentifiers?: boolean;
  /** Drop `::type` casts (PostgreSQL adds them to every literal and column it prints). */
  readonly stripCasts?: boolean;
  /**
   * PostgreSQL folds unquoted names to lower case; SQLite keeps them as written (and
   * matches them without regard to case, which a comparison need not imitate).
   */
  readonly identifierCase: "fold-unquoted" | "preserve";
}

type AtomKind = "keyword" | "name" | "function" | "literal" | "operator" | "open" | "close" | "comma";
interface Atom {
  readonly kind: AtomKind;
  readonly text: string;
}

const KEYWORDS = new Set(
  (
    "AND OR NOT IS NULL IN LIKE ILIKE BETWEEN TRUE FALSE ANY ALL SOME ARRAY CASE WHEN THEN ELSE END " +
    "EXISTS DISTINCT FROM AS COLLATE ESCAPE GLOB REGEXP MATCH CURRENT_TIMESTAMP CURRENT_DATE " +
    "CURRENT_TIME LOCALTIMESTAMP LOCALTIME"
  ).split(" "),
);
/** Words a bare name must not be spelled as (quoted instead when a column is called that). */
const RESERVED = new Set([
  ...KEYWORDS,
  ..."SELECT TABLE WHERE ORDER GROUP BY HAVING LIMIT OFFSET USER DEFAULT CHECK COLUMN CONSTRAINT PRIMARY KEY UNIQUE REFERENCES FOREIGN INDEX ON TO DESC ASC".split(" "),
]);
/** Keywords after which a parenthesised operand is plain grouping, not an argument list. */
const GROUPING_AFTER = new Set(["AND", "OR", "NOT", "WHEN", "THEN", "ELSE"]);
const COMPARISONS = new Set(["=", "<>", "<", ">", "<=", ">="]);
/** Words that continue a multi-word type name after `::` (`character varying`, `with time zone`). */
const TYPE_CONTINUATIONS = new Set(["VARYING", "PRECISION", "WITH", "WITHOUT", "TIME", "ZONE"]);

function skipCast(tokens: readonly SqlToken[], start: number): number {
  let i = start;
  if (tokens[i]?.kind === "word" || tokens[i]?.kind === "identifier") i++;
  for (;;) {
    const token = tokens[i];
    if (token?.kind === "word" && TYPE_CONTINUATIONS.has(token.text.toUpperCase())) i++;
    else if (token?.kind === "open" && tokens[i + 1]?.kind === "number") {
      let j = i + 1;
      while (tokens[j] && tokens[j]!.kind !== "close") j++;
      i = j + 1;
    } else if (token?.text === "[" && tokens[i + 1]?.text === "]") i += 2;
    else if (token?.text === ".") i += 2; // schema-qualified type name
    else return i;
  }
}

function toAtoms(tokens: readonly SqlToken[], rules: ExpressionRules): Atom[] {
  const atoms: Atom[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (rules.stripCasts && token.text === "::") {
      i = skipCast(tokens, i + 1) - 1;
      continue;
    }
    switch (token.kind) {
      case "word": {
        const upper = token.text.toUpperCase();
        const before = atoms[atoms.length - 1];
        if (KEYWORDS.has(upper)) atoms.push({ kind: "keyword", text: upper });
        // Function and type names (`lower(x)`, `CAST(x AS text)`) are case-insensitive everywhere.
        else if (tokens[i + 1]?.kind === "open" || (before?.kind === "keyword" && before.text === "AS"))
          atoms.push({ kind: "function", text: token.text.toLowerCase() });
        else atoms.push({ kind: "name", text: rules.identifierCase === "fold-unquoted" ? token.text.toLowerCase() : token.text });
        break;
      }
      case "identifier":
        atoms.push({ kind: "name", text: token.value });
        break;
      case "string":
        atoms.push({ kind: "literal", text: `'${token.value.split("'").join("''")}'` });
        break;
      case "number":
        atoms.push({ kind: "literal", text: token.text });
        break;
      case "operator":
        atoms.push({ kind: "operator", text: token.text === "==" ? "=" : token.text === "!=" ? "<>" : token.text });
        break;
      default:
        atoms.push({ kind: token.kind, text: token.text });
    }
  }
  return atoms;
}

function closeOf(atoms: readonly Atom[], open: number): number {
  let depth = 0;
  for (let i = open; i < atoms.length; i++) {
    if (atoms[i]!.kind === "open") depth++;
    else if (atoms[i]!.kind === "close" && --depth === 0) return i;
  }
  return -1;
}

/** End (exclusive) of the operand starting at `i`: a name, literal, call, `ARRAY[...]` or group; -1 if none. */
function operandEnd(atoms: readonly Atom[], i: number): number {
  const atom = atoms[i];
  if (!atom) return -1;
  if (atom.kind === "open") return closeOf(atoms, i) + 1 || -1;
  if (atom.kind === "keyword" && atom.text === "ARRAY" && atoms[i + 1]?.text === "[") {
    let depth = 0;
    for (let j = i + 1; j < atoms.length; j++) {
      if (atoms[j]!.text === "[") depth++;
      if (atoms[j]!.text === "]" && --depth === 0) return j + 1;
    }
    return -1;
  }
  if (atom.kind === "literal" || (atom.kind === "keyword" && ["NULL", "TRUE", "FALSE"].includes(atom.text))) return i + 1;
  if (atom.kind === "name" || atom.kind === "function" || (atom.kind === "keyword" && atom.text.startsWith("CURRENT_"))) {
    if (atoms[i + 1]?.kind === "open") return closeOf(atoms, i + 1) + 1 || -1;
    return i + 1;
  }
  return -1;
}

/** True when atoms[from, to) is one operand, or one comparison of operands (which binds tighter than AND/OR/NOT). */
function isSimple(atoms: readonly Atom[], from: number, to: number): boolean {
  const left = operandEnd(atoms, from);
  if (left === to) return true;
  if (left < 0) return false;
  const op = atoms[left];
  if (op?.kind === "operator" && COMPARISONS.has(op.text)) return operandEnd(atoms, left + 1) === to;
  if (op?.kind === "keyword" && op.text === "IS") {
    const rest = atoms.slice(left + 1, to).map((a) => a.text).join(" ");
    return rest === "NULL" || rest === "NOT NULL";
  }
  return false;
}

/** Operator classes that are left-associative and bind tighter than comparisons on both dialects. */
const CHAIN_CLASSES = [new Set(["||"]), new Set(["*", "/", "%"]), new Set(["+", "-"])];
const ENDS_OPERAND = new Set(["AND", "OR", "IS", "WHEN", "THEN", "ELSE", "END"]);

/**
 * True when atoms[from, to) is operands joined by operators of one class, between atoms
 * that bind looser (`before`, `after`) or, after it, by the same class: PostgreSQL prints
 * `a || b || c` as `((a || b) || c)` and `a + b > c` as `((a + b) > c)`.
 */
function isLeftChain(atoms: readonly Atom[], from: number, to: number, before: Atom | undefined, after: Atom | undefined): boolean {
  let i = operandEnd(atoms, from);
  const first = atoms[i];
  const chain = first?.kind === "operator" ? CHAIN_CLASSES.find((c) => c.has(first.text)) : undefined;
  if (i < 0 || !chain) return false;
  // `*` binds tighter than `+` on both dialects (`||` does not compare the same way on both).
  const additive = chain === CHAIN_CLASSES[1] ? CHAIN_CLASSES[2]! : undefined;
  const looser = (atom: Atom | undefined) =>
    atom === undefined ||
    (atom.kind === "operator" && additive?.has(atom.text) === true) ||
    atom.kind === "open" ||
    atom.kind === "close" ||
    atom.kind === "comma" ||
    (atom.kind === "operator" && COMPARISONS.has(atom.text)) ||
    (atom.kind === "keyword" && (GROUPING_AFTER.has(atom.text) || ENDS_OPERAND.has(atom.text)));
  while (i < to) {
    const op = atoms[i]!;
    if (op.kind !== "operator" || !chain.has(op.text)) return false;
    i = operandEnd(atoms, i + 1);
    if (i < 0) return false;
  }
  if (i !== to || !(looser(before) && before?.kind !== "close")) return false;
  return looser(after) || (after?.kind === "operator" && chain.has(after.text));
}

function removeRedundantParens(input: readonly Atom[]): Atom[] {
  let atoms = [...input];
  for (let changed = true; changed; ) {
    changed = false;
    for (let open = 0; open < atoms.length; open++) {
      if (atoms[open]!.kind !== "open") continue;
      const close = closeOf(atoms, open);
      if (close < 0) return atoms;
      const before = atoms[open - 1];
      const groupingContext =
        before === undefined ||
        before.kind === "open" ||
        before.kind === "comma" ||
        (before.kind === "operator" && before.text !== "]") ||
        (before.kind === "keyword" && GROUPING_AFTER.has(before.text));
      const whole = open === 0 && close === atoms.length - 1;
      const chained = isLeftChain(atoms, open + 1, close, before, atoms[close + 1]);
      if (whole || chained || (groupingContext && isSimple(atoms, open + 1, close))) {
        atoms = [...atoms.slice(0, open), ...atoms.slice(open + 1, close), ...atoms.slice(close + 1)];
        changed = true;
        break;
      }
    }
  }
  return atoms;
}

/** PostgreSQL stores `x IN ('a', 'b')` as `x = ANY (ARRAY['a', 'b'])`; bring both to the IN form. */
function anyArrayToIn(atoms: readonly Atom[]): Atom[] {
  const out: Atom[] = [];
  for (let i = 0; i < atoms.length; i++) {
    const isAnyArray =
      atoms[i]!.text === "=" &&
      atoms[i + 1]?.text === "ANY" &&
      atoms[i + 2]?.kind === "open" &&
      atoms[i + 3]?.text === "ARRAY" &&
      atoms[i + 4]?.text === "[";
    const arrayEnd = isAnyArray ? operandEnd(atoms, i + 3) : -1;
    if (isAnyArray && arrayEnd > 0 && atoms[arrayEnd]?.kind === "close") {
      out.push({ kind: "keyword", text: "IN" }, { kind: "open", text: "(" }, ...atoms.slice(i + 5, arrayEnd - 1), {
        kind: "close",
        text: ")",
      });
      i = arrayEnd;
    } else {
      out.push(atoms[i]!);
    }
  }
  return out;
}

/** A sign with nothing to subtract from (`-1`, `= -1`, `(-1)`) belongs to the number after it. */
function isSign(atoms: readonly Atom[], i: number): boolean {
  const atom = atoms[i];
  const before = atoms[i - 1];
  return (
    atom?.kind === "operator" &&
    (atom.text === "-" || atom.text === "+") &&
    (before === undefined || ["operator", "open", "comma", "keyword"].includes(before.kind))
  );
}

/** Bare when that means the same name on both dialects, quoted otherwise. */
function spell(atom: Atom): string {
  if (atom.kind !== "name") return atom.text;
  const bare = /^[a-z_][a-z0-9_]*$/.test(atom.text) && !RESERVED.has(atom.text.toUpperCase());
  return bare ? atom.text : `"${atom.text.split('"').join('""')}"`;
}

function render(atoms: readonly Atom[]): string {
  let out = "";
  atoms.forEach((atom, i) => {
    const before = atoms[i - 1];
    const tight =
      i === 0 ||
      isSign(atoms, i - 1) ||
      atom.kind === "close" ||
      atom.kind === "comma" ||
      before?.kind === "open" ||
      atom.text === "[" ||
      atom.text === "]" ||
      before?.text === "[" ||
      (atom.kind === "open" && before?.kind === "function");
    out += (tight ? "" : " ") + spell(atom);
  });
  return out;
}

/** Results per set of rules: a schema repeats a few defaults and checks over hundreds of tables. */
const normalized = new WeakMap<ExpressionRules, Map<string, string>>();

export function normalizeSqlExpression(text: string, rules: ExpressionRules): string {
  let known = normalized.get(rules);
  if (!known) normalized.set(rules, (known = new Map()));
  let result = known.get(text);
  if (result === undefined) {
    const tokens = tokenizeSql(text, { bracketIdentifiers: rules.bracketIdentifiers });
    result = render(removeRedundantParens(anyArrayToIn(removeRedundantParens(toAtoms(tokens, rules)))));
    known.set(text, result);
  }
  return result;
}

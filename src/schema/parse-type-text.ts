/**
 * Splits a type as a catalog spells it (`character varying(64)`, `timestamp(3) with time
 * zone`, `numeric(10,2)`, `integer[]`) into a bare name, its numeric arguments and
 * whether it is an array. Which argument is a length and which a precision is the
 * dialect's call (dialect/<name>/normalize).
 */
export interface TypeText {
  /** Lower case, single spaces: "timestamp with time zone". */
  readonly name: string;
  readonly args: readonly number[];
  readonly isArray: boolean;
}

/** A schema spells few distinct types many times: each is parsed once (results are frozen, so sharing is safe). */
const parsed = new Map<string, TypeText>();

export function parseTypeText(text: string): TypeText {
  let known = parsed.get(text);
  if (known === undefined) {
    known = Object.freeze(parse(text));
    parsed.set(text, known);
  }
  return known;
}

function parse(text: string): TypeText {
  let rest = text.trim().toLowerCase().replace(/\s+/g, " ");
  let isArray = false;
  for (;;) {
    const stripped = rest.replace(/\s*\[\d*\]$/, "").replace(/ array$/, "");
    if (stripped === rest) break;
    isArray = true;
    rest = stripped;
  }
  const match = /^([^(]*)\(([^)]*)\)(.*)$/.exec(rest);
  if (!match) return { name: rest, args: [], isArray };
  const args = match[2]!
    .split(",")
    .map((arg) => Number(arg.trim()))
    .filter((arg) => Number.isFinite(arg));
  const name = `${match[1]!.trim()} ${match[3]!.trim()}`.trim();
  return { name, args, isArray };
}

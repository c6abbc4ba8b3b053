/** Orders strings by code point (UTF-16 code units, as `<` compares them), not by the machine's locale. */
export function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Orders named things by code point, so the same model prints the same on every machine. */
export function byName(a: { readonly name: string }, b: { readonly name: string }): number {
  return byCodePoint(a.name, b.name);
}

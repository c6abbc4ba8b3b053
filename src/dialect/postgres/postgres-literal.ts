import { quoteLiteral } from "../quote-literal";

/**
 * A PostgreSQL string literal that means the same whatever `standard_conforming_strings`
 * says: a value holding a backslash is written as an escape string (`E'…'`, backslashes
 * doubled), any other one as a plain literal.
 */
export const postgresLiteral = (value: string): string =>
  value.includes("\\") ? `E${quoteLiteral(value.replace(/\\/g, "\\\\"))}` : quoteLiteral(value);

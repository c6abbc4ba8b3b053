/** An SQL string literal, quotes doubled (the literal twin of config/identifier's quoteIdentifier). */
export const quoteLiteral = (value: string): string => `'${value.replace(/'/g, "''")}'`;

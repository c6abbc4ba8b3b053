/**
 * Why a string cannot be stored as-is, or undefined. PostgreSQL refuses U+0000 in text
 * and in jsonb, and its UTF-8 encoding cannot carry an unpaired surrogate (the driver
 * would write U+FFFD instead); SQLite would keep both. Refusing them on both dialects
 * keeps what one stores equal to what the other stores.
 */
export function unstorableCharacter(value: string): string | undefined {
  for (let i = 0; i < value.length; i++) {
    const unit = value.charCodeAt(i);
    if (unit === 0) return "contains the character U+0000, which PostgreSQL cannot store";
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
    }
    if (unit >= 0xd800 && unit <= 0xdfff) return "contains an unpaired UTF-16 surrogate, which UTF-8 cannot encode";
  }
  return undefined;
}

/** Length in characters (code points), as PostgreSQL's varchar(n) counts it. */
export function characterCount(value: string): number {
  let count = 0;
  for (const _ of value) count++;
  return count;
}

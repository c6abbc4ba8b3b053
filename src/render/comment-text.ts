/**
 * Text safe inside a `//` comment: every character JavaScript ends a line on (\n, \r,
 * U+2028, U+2029) is written as its escape, so a name holding one cannot end the comment
 * and turn the rest of it into code; so is NUL, which marks imported names while rendering.
 */
export const commentText = (text: string): string =>
  text.replace(/[\0\n\r\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);

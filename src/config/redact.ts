import type { DataSource, DataSourceOptions } from "typeorm";

/** Replaces the password part of any connection URL in `text`. */
function redactUrls(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/[^:/?#@\s]*:)[^@\s]*@/gi, "$1***@");
}

/** Text fit to print: URL passwords and the configured password masked. */
export function redact(text: string, options?: DataSourceOptions): string {
  let out = redactUrls(text);
  const password = (options as { password?: unknown } | undefined)?.password;
  if (typeof password === "string" && password.length > 0) out = out.split(password).join("***");
  return out;
}

/** A short description of where a DataSource points, without secrets. */
export function describeDatabase(source: DataSourceOptions | DataSource): string {
  const options = "initialize" in source ? source.options : source;
  const o = options as { type: string; url?: string; host?: string; port?: number; database?: unknown };
  if (o.type === "sqlite") return `sqlite ${String(o.database)}`;
  if (o.url) return redactUrls(o.url);
  return `${o.type}://${o.host ?? "localhost"}:${o.port ?? 5432}/${String(o.database ?? "")}`;
}

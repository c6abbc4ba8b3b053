import type { DataSource, DataSourceOptions } from "typeorm";

/**
 * `scheme://user:` then the password up to the last `@` before the host's `/`, `?` or
 * `#`: the way pg-connection-string and TypeORM split a URL, so that an unencoded `@`,
 * `:`, `%` or space inside the password is masked whole. Greedy on purpose: masking too
 * much of a message is harmless, printing a piece of a password is not.
 */
const URL_PASSWORD = /([a-z][a-z0-9+.-]*:\/\/[^:/?#@\s]*:)[^/?#\n]*@/gi;

/** Passwords of the databases this process has been configured with, in every spelling. */
const secrets = new Set<string>();

/** The password of a connection URL, split as pg-connection-string does (raw, as written). */
function urlPassword(url: string): string | undefined {
  const start = url.indexOf("//");
  if (start < 0) return undefined;
  const rest = url.slice(start + 2);
  const end = rest.search(/[/?#]/);
  const authority = end < 0 ? rest : rest.slice(0, end);
  const at = authority.lastIndexOf("@");
  if (at < 0) return undefined;
  const userinfo = authority.slice(0, at);
  const colon = userinfo.indexOf(":");
  return colon < 0 ? undefined : userinfo.slice(colon + 1);
}

function spellings(password: string): string[] {
  const forms = [password, encodeURIComponent(password), encodeURI(password)];
  try {
    forms.push(decodeURIComponent(password));
  } catch {
    // not percent-encoded text: the raw form is the one used
  }
  return forms.filter((f) => f.length >= 3);
}

/**
 * Remembers the passwords in `source` (a `password` option, or the one inside `url`), so
 * that everything strata prints from then on masks them wherever they appear.
 */
export function rememberSecrets(source: DataSourceOptions | DataSource): void {
  const o = ("initialize" in source ? source.options : source) as { password?: unknown; url?: unknown };
  const found = [typeof o.password === "string" ? o.password : undefined, typeof o.url === "string" ? urlPassword(o.url) : undefined];
  for (const password of found) if (password) for (const form of spellings(password)) secrets.add(form);
}

/** Text fit to print: URL passwords and every remembered or given password masked. */
export function redact(text: string, options?: DataSourceOptions): string {
  if (options) rememberSecrets(options);
  let out = text.replace(URL_PASSWORD, "$1***@");
  // Longest first, so that a password containing another is masked whole.
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) out = out.split(secret).join("***");
  return out;
}

/** A short description of where a DataSource points, without secrets. */
export function describeDatabase(source: DataSourceOptions | DataSource): string {
  const options = "initialize" in source ? source.options : source;
  const o = options as { type: string; url?: string; host?: string; port?: number; database?: unknown };
  if (o.type === "sqlite" || o.type === "better-sqlite3") return `${o.type} ${String(o.database)}`;
  if (o.url) return redact(o.url, options);
  return `${o.type}://${o.host ?? "localhost"}:${o.port ?? 5432}/${String(o.database ?? "")}`;
}

import type { DataSourceOptions } from "typeorm";

/**
 * The app's pg, loaded as TypeORM would load it, without pg's Cloudflare Workers check.
 * pg 8 asks, as it loads (lib/stream.js), whether it runs on Workers: where Node has no
 * global `navigator` (Node 20) it constructs a fetch `Response`, which loads Node's whole
 * fetch implementation: about 60 ms of every PostgreSQL command's start, for an object it
 * throws away. With a `navigator` there while pg loads, it reads its userAgent instead;
 * the global is gone again before anything else runs.
 */
function loadPg(): unknown {
  const scope = globalThis as { navigator?: unknown };
  const standIn = !("navigator" in scope);
  if (standIn) Object.defineProperty(scope, "navigator", { value: { userAgent: "Node.js" }, configurable: true, writable: true });
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require("pg");
  } finally {
    if (standIn) delete scope.navigator;
  }
}

/**
 * The options of strata's own PostgreSQL DataSource with the app's pg as its `driver`
 * (loadPg). An app that set `driver` keeps its own; without pg installed the options stay
 * as they are, so that TypeORM says which package to install.
 */
export function withOwnPg(options: DataSourceOptions): DataSourceOptions {
  const given = options as { readonly type: string; readonly driver?: unknown };
  if (given.type !== "postgres" || given.driver !== undefined) return options;
  let driver: unknown;
  try {
    driver = loadPg();
  } catch {
    return options;
  }
  return { ...given, driver } as unknown as DataSourceOptions;
}

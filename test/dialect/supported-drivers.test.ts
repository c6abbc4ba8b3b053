import { describe, expect, it } from "vitest";
import { supportedDriver } from "../../src/dialect/supported-drivers";
import { typeormVersion } from "../../src/dialect/typeorm-version";
import { ConfigError } from "../../src/errors";
import { migrate } from "../../src/migrate";
import { REPO_ROOT } from "../support/project";

const WORKS = /typeorm 0\.3\.x \(from 0\.3\.20\) with sqlite \(sqlite3\), better-sqlite3 or postgres, and on typeorm 1\.x with better-sqlite3 or postgres/;

describe("supportedDriver", () => {
  it("takes sqlite, better-sqlite3 and postgres on typeorm 0.3 from 0.3.20", () => {
    for (const type of ["sqlite", "better-sqlite3", "postgres"]) expect(supportedDriver({ type }, "0.3.20")).toBe(type);
    expect(supportedDriver({ type: "sqlite" }, "0.3.31")).toBe("sqlite");
  });

  it("takes better-sqlite3 and postgres on typeorm 1.x, and names better-sqlite3 for sqlite", () => {
    expect(supportedDriver({ type: "better-sqlite3" }, "1.1.1")).toBe("better-sqlite3");
    expect(supportedDriver({ type: "postgres" }, "1.0.0")).toBe("postgres");
    expect(() => supportedDriver({ type: "sqlite" }, "1.1.1")).toThrow(ConfigError);
    expect(() => supportedDriver({ type: "sqlite" }, "1.1.1")).toThrow(WORKS);
    expect(() => supportedDriver({ type: "sqlite" }, "1.1.1")).toThrow(/Use type "better-sqlite3"/);
  });

  it("refuses other drivers and other typeorm versions, naming what works", () => {
    expect(() => supportedDriver({ type: "mysql" }, "0.3.31")).toThrow(WORKS);
    expect(() => supportedDriver({ type: "postgres" }, "0.3.19")).toThrow(/typeorm 0\.3\.19 is not supported/);
    expect(() => supportedDriver({ type: "postgres" }, "0.2.45")).toThrow(WORKS);
    expect(() => supportedDriver({ type: "postgres" }, "2.0.0")).toThrow(WORKS);
  });

  it("stops migrate() before it connects", async () => {
    // Nothing listens on port 1: had it tried to connect, the error would say so.
    const mysql = migrate({ dataSource: { type: "mysql", host: "127.0.0.1", port: 1 } }, { rootDir: REPO_ROOT });
    await expect(mysql).rejects.toThrow(ConfigError);
    await expect(mysql).rejects.toThrow(WORKS);
    if (typeormVersion().startsWith("1.")) {
      await expect(migrate({ dataSource: { type: "sqlite", database: ":memory:" } as never }, { rootDir: REPO_ROOT })).rejects.toThrow(/better-sqlite3/);
    }
  });
});

#!/usr/bin/env bash
# The driver and typeorm legs after the main one (typeorm 0.3 with sqlite3 and postgres):
#   1. typeorm 0.3 with better-sqlite3: the SQLite cases again (the PostgreSQL ones would
#      repeat the main leg exactly);
#   2. typeorm 1.x with better-sqlite3 and postgres, in a throw-away copy of the checkout
#      outside it, with node_modules copied (the native drivers are not rebuilt).
# SQLITE_DRIVER picks the example app's SQLite driver (its ormconfig.ts).
# The package tests (test/package: the packed tarball in apps on 0.3.20, 0.3 and 1.x)
# run in the main leg only. Prints each leg's duration; exits non-zero if any leg fails.
set -uo pipefail
cd "$(dirname "$0")/.."
root="$PWD"

failed=()
leg() {
  local name="$1"
  shift
  echo "=== $name"
  local started=$SECONDS
  if "$@"; then
    echo "=== $name: passed in $((SECONDS - started)) s"
  else
    echo "=== $name: FAILED after $((SECONDS - started)) s"
    failed+=("$name")
  fi
}

typeorm_0_3_better_sqlite3() {
  # Without CI, STRATA_DIALECTS narrows the suite to SQLite.
  # Not here: the PostgreSQL-only files (the main leg runs them) and port, which needs both dialects (the 1.x leg runs it on better-sqlite3).
  env -u CI STRATA_DIALECTS=sqlite STRATA_SQLITE_DRIVER=better-sqlite3 SQLITE_DRIVER=better-sqlite3 npx vitest run --exclude "test/package/**" --exclude "test/e2e/port*.test.ts" --exclude "test/operations/postgres-alter.test.ts" --exclude "test/e2e/postgres-schemas.test.ts" --exclude "test/dialect/own-pg.test.ts"
}

copy=""
cleanup() {
  if [ -n "$copy" ]; then rm -rf "$copy"; fi
}
trap cleanup EXIT

typeorm_1() {
  copy="$(mktemp -d "${TMPDIR:-/tmp}/strata-typeorm-1.XXXXXX")" || return 1
  tar -C "$root" --exclude=./node_modules --exclude=./.git --exclude=./dist --exclude='./.vitest-tmp*' -cf - . | tar -C "$copy" -xf - || return 1
  cp -a "$root/node_modules" "$copy/" || return 1
  (
    cd "$copy" &&
      npm install --no-save --no-audit --no-fund typeorm@^1 &&
      node -e 'const v = require("./node_modules/typeorm/package.json").version; console.log("typeorm " + v); process.exit(v.startsWith("1.") ? 0 : 1)' &&
      CI=true STRATA_SQLITE_DRIVER=better-sqlite3 SQLITE_DRIVER=better-sqlite3 npx vitest run --exclude "test/package/**"
  )
  local status=$?
  rm -rf "$copy"
  copy=""
  return $status
}

leg "typeorm 0.3 + better-sqlite3" typeorm_0_3_better_sqlite3
leg "typeorm 1.x + better-sqlite3 + postgres" typeorm_1

if [ ${#failed[@]} -gt 0 ]; then
  echo "Failed legs: ${failed[*]}" >&2
  exit 1
fi
echo "All typeorm and driver legs passed."

#!/usr/bin/env bash
# Fails when the entities and the migrations disagree: migrate a scratch database, ask TypeORM to
# generate a migration, and fail if it produced one (Immich's generated-typeorm-migrations check).
set -euo pipefail
cd "$(dirname "$0")/.."
server="${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
name="dispatch_voice_test_drift_$$"
url="${server%/*}/$name"
psql "$server" -qc "CREATE DATABASE \"$name\""
out=$(mktemp -d)
trap 'psql "$server" -qc "DROP DATABASE IF EXISTS \"$name\" WITH (FORCE)" >/dev/null; rm -rf "$out"' EXIT
npm run build --silent
DATABASE_URL="$url" npx typeorm -d dist/src/database/data-source.js migration:run >/dev/null
if DATABASE_URL="$url" npx typeorm -d dist/src/database/data-source.js migration:generate "$out/Drift" >"$out/log" 2>&1; then
  echo "Entities and migrations disagree; a new migration would be:" >&2
  cat "$out"/*.ts >&2
  exit 1
fi
if ! grep -q "No changes in database schema were found" "$out/log"; then
  cat "$out/log" >&2
  exit 1
fi
echo "Migrations match the entities."

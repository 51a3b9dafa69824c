#!/usr/bin/env bash
# The built entry points as an operator runs them, each checking what it uses: the server refuses
# published or weak secrets in production (naming the variable), agent:sync checks only its tool
# secret, and user:create takes a password from standard input, never the command line.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
expect() {
  if ! grep -q -- "$1" <<<"$2"; then
    printf 'production config check failed: expected "%s" in:\n%s\n' "$1" "$2" >&2
    exit 1
  fi
}
example_jwt=$(grep '^JWT_SECRET=' .env.example | cut -d= -f2)
strong=$(node -e "console.log(require('crypto').randomBytes(48).toString('base64url'))")

# The server: the example secret is refused before anything starts, with the remedy.
out=$(env -i PATH="$PATH" NODE_ENV=production ELEVENLABS_SIMULATOR=true JWT_SECRET="$example_jwt" \
  PGLITE_DIR="$dir/pglite" timeout 60 node dist/bundle/main.mjs 2>&1) && { echo "started with the example JWT_SECRET" >&2; exit 1; }
expect 'JWT_SECRET is a published placeholder' "$out"
expect 'openssl rand -base64 48' "$out"
out=$(env -i PATH="$PATH" NODE_ENV=production ELEVENLABS_SIMULATOR=true JWT_SECRET="$strong" TRUST_PROXY=true \
  PGLITE_DIR="$dir/pglite" timeout 60 node dist/bundle/main.mjs 2>&1) && { echo "started with TRUST_PROXY=true" >&2; exit 1; }
expect 'TRUST_PROXY=true trusts every hop' "$out"
out=$(env -i PATH="$PATH" JWT_EXPIRES_IN=3600ms PGLITE_DIR="$dir/pglite" timeout 60 node dist/bundle/main.mjs 2>&1) &&
  { echo "started with JWT_EXPIRES_IN=3600ms" >&2; exit 1; }
expect 'JWT_EXPIRES_IN must be seconds' "$out"

# agent:sync needs its tool secret (strong in production), not the JWT or the webhook secret.
out=$(env -i PATH="$PATH" NODE_ENV=production ELEVENLABS_API_KEY=sk_x ELEVENLABS_AGENT_ID=agent_x \
  ELEVENLABS_AGENT_PHONE_NUMBER_ID=phnum_x PUBLIC_BASE_URL=https://dispatch.example.com \
  ELEVENLABS_TOOL_SECRET=dev-only-tool-secret-change-me-0123 node dist/src/elevenlabs/cli/agent-sync.js 2>&1) &&
  { echo "agent:sync ran with the example tool secret" >&2; exit 1; }
expect 'ELEVENLABS_TOOL_SECRET is a published placeholder' "$out"
if grep -q 'JWT_SECRET\|ELEVENLABS_WEBHOOK_SECRET' <<<"$out"; then
  echo "agent:sync asked for secrets it does not use: $out" >&2
  exit 1
fi

# user:create: never a password on the command line; from standard input or USER_PASSWORD.
create() {
  env -i PATH="$PATH" NODE_ENV=production PGLITE_DIR="$dir/users" ${USER_PASSWORD:+USER_PASSWORD="$USER_PASSWORD"} \
    node dist/src/auth/cli/create-user.js "$@"
}
out=$(create --email a@example.com --password 'a long enough password' 2>&1) &&
  { echo "user:create took --password" >&2; exit 1; }
expect '--password is not accepted' "$out"
out=$(printf '%s\n' 'correct horse battery staple' | create --email b@example.com --role admin --password-stdin 2>&1)
expect 'Created admin b@example.com' "$out"
if grep -q 'with password' <<<"$out"; then echo "printed a password it was given" >&2; exit 1; fi
out=$(USER_PASSWORD='another long password!' create --email c@example.com 2>&1 < /dev/null)
expect 'Created dispatcher c@example.com' "$out"
if grep -q 'with password' <<<"$out"; then echo "ignored USER_PASSWORD: $out" >&2; exit 1; fi
out=$(create --email d@example.com 2>&1 < /dev/null)
expect 'Created dispatcher d@example.com with password ' "$out"
echo "production config: placeholders refused, agent:sync checks its own secret, user:create reads passwords from stdin or USER_PASSWORD"

#!/usr/bin/env bash
# The container route without a Docker daemon (CI has none): build the image's file tree from
# exactly what the Dockerfile copies, then follow the README's "Going live" steps in order inside
# it — secrets, agent:sync (dry run, then for real) before the webhook secret exists, migrations,
# the first admin, the start — against the standalone simulator playing the ElevenLabs account.
# No TypeScript compiler and no sources are there: every command runs the built files.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
source scripts/lib/process-group.sh
source scripts/lib/call-flow.sh
work=$(mktemp -d)
group_dir=$work
server="${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
db="dispatch_voice_image_check_$$"
cleanup() {
  cd / # the work tree (our cwd) goes away below
  # npm start runs sh and node under it: stop its whole process group.
  if [ -n "${app_pid:-}" ]; then
    kill -TERM -- "-$app_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 -- "-$app_pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL -- "-$app_pid" 2>/dev/null || true
  fi
  psql "$server" -qc "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null 2>&1 || true
  stop_group
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "image check failed: $*" >&2; exit 1; }
expect() { grep -q -- "$1" <<<"$2" || fail "expected \"$1\" in: $2"; }

node scripts/lib/image-tree.mjs "$work"
app="$work/app"
cd "$app"
for dev in jest eslint typescript playwright-core; do [ ! -e "node_modules/$dev" ] || fail "the image has the devDependency $dev"; done

# The ElevenLabs account, played by the standalone simulator (from the image's own build).
sim_port=$(( 20000 + RANDOM % 10000 ))
app_port=$(( sim_port + 10000 ))
# Step 3: secrets, made as the README says.
jwt_secret=$(openssl rand -base64 48 | tr -d '\n')
tool_secret=$(openssl rand -base64 48 | tr -d '\n')
webhook_secret="wsec_$(openssl rand -hex 32)"
start_group "$work/simulator.log" env SIMULATOR_PORT="$sim_port" SIMULATOR_TURN_DELAY_MS=50 \
  ELEVENLABS_WEBHOOK_SECRET="$webhook_secret" SIMULATOR_WEBHOOK_URL="http://127.0.0.1:$app_port" \
  node dist/src/elevenlabs/simulator/standalone.js
trap cleanup EXIT # start_group set its own trap; ours stops the group too
for _ in $(seq 1 50); do curl -fsS "http://127.0.0.1:$sim_port/_simulator/test-numbers" >/dev/null 2>&1 && break; sleep 0.1; done

psql "$server" -qc "CREATE DATABASE \"$db\""
cat > .env <<ENV
NODE_ENV=production
PORT=$app_port
DATABASE_URL=${server%/*}/$db
JWT_SECRET=$jwt_secret
ELEVENLABS_API_KEY=sk_simulator_local_dev_key
ELEVENLABS_BASE_URL=http://127.0.0.1:$sim_port
ELEVENLABS_AGENT_ID=agent_image_check
ELEVENLABS_AGENT_PHONE_NUMBER_ID=phnum_image_check
ELEVENLABS_TOOL_SECRET=$tool_secret
PUBLIC_BASE_URL=http://127.0.0.1:$app_port
ELEVENLABS_LIVE_SOURCE=monitor
COMPANY_NAME=Image Check Freight
ELEVENLABS_AGENT_PHONE_NUMBER=+12195550100
ENV

# Step 4: agent:sync before the post-call webhook (and its secret) exists.
out=$(npm run --silent agent:sync -- --dry-run 2>&1) || fail "agent:sync --dry-run: $out"
expect 'Would change' "$out"
out=$(npm run --silent agent:sync 2>&1) || fail "agent:sync: $out"
expect 'Changed' "$out"
# Step 5: the post-call webhook's secret.
echo "ELEVENLABS_WEBHOOK_SECRET=$webhook_secret" >> .env
# Migrations, as an operator with MIGRATIONS_RUN=false runs them.
out=$(npm run --silent migration:run 2>&1) || fail "migration:run: $out"
# Step 7: the first admin, the password from standard input.
password=$(openssl rand -base64 18)
out=$(printf '%s' "$password" | npm run --silent user:create -- --email you@example.com --role admin --password-stdin 2>&1) ||
  fail "user:create: $out"
expect 'Created admin you@example.com' "$out"
# Step 8: start, sign in, place a call, watch it complete.
setsid npm start >"$work/app.log" 2>&1 &
app_pid=$!
base="http://127.0.0.1:$app_port"
for _ in $(seq 1 60); do curl -fsS "$base/health" >/dev/null 2>&1 && break; kill -0 "$app_pid" 2>/dev/null || break; sleep 0.5; done
curl -fsS "$base/health" >/dev/null || { cat "$work/app.log" >&2; fail "the service did not become healthy"; }
# The image's HEALTHCHECK, as Docker runs it.
PORT=$app_port node -e "fetch(\`http://127.0.0.1:\${process.env.PORT ?? 3000}/health\`).then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))" ||
  fail "the HEALTHCHECK command failed"
token=$(sign_in "$base" you@example.com "$password")
place_call_until_done "$base" "$token" IMAGE_1 2026-01-01T10:00:00Z
[ "$status" = "COMPLETED" ] || { cat "$work/app.log" >&2; fail "call $call_sid ended $status"; }
grep -q 'TypeScript\|tsc' "$work/app.log" && fail "npm start tried to build in the image"
echo "image: built from the Dockerfile's COPY lines; going-live steps ran in order in it; a call completed"

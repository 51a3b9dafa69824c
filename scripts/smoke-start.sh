#!/usr/bin/env bash
# Starts the service as a newcomer would (`npm start`, embedded PGlite, the simulator, no key),
# waits for /health, then places a call with the printed admin and checks that its turns came
# live from the monitoring socket (the real path) and the call completed.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/process-group.sh
source scripts/lib/call-flow.sh
dir=$(mktemp -d)
group_dir=$dir
port=$(( 20000 + RANDOM % 20000 ))
log="$dir/start.log"
base="http://127.0.0.1:$port"
start_group "$log" env -u DATABASE_URL -u REDIS_URL -u ELEVENLABS_API_KEY -u ELEVENLABS_LIVE_SOURCE \
  PORT="$port" PGLITE_DIR="$dir/pglite" SIMULATOR_TURN_DELAY_MS=50 npm start
fail() {
  echo "smoke test failed: $*" >&2
  cat "$log" >&2
  exit 1
}

for _ in $(seq 1 90); do
  curl -fsS "$base/health" >/dev/null 2>&1 && break
  kill -0 "$group_pid" 2>/dev/null || fail "npm start exited"
  sleep 1
done
curl -fsS "$base/health" >/dev/null || fail "npm start did not become healthy"
echo "npm start answered /health on port $port"

# Logs are JSON here (not a terminal): the password must still stand out as a plain notice. It
# follows /health by a moment (the admin is created after the start, not before).
for _ in $(seq 1 100); do
  # `|| true`: under `set -e -o pipefail` a grep that finds nothing yet would end the script.
  password=$(grep -E '^  Created local admin [^ ]+ with password [^ ]+$' "$log" | head -1 | awk '{print $NF}' || true)
  [ -n "$password" ] && break
  sleep 0.1
done
[ -n "$password" ] || fail "no plain notice with the local admin's password on standard output"
token=$(sign_in "$base" admin@dispatch.local "$password")
place_call_until_done "$base" "$token" SMOKE_1 2025-11-21T15:30:00Z
[ "$status" = "COMPLETED" ] || fail "call $call_sid ended $status"
detail=$(curl -fsS "$base/calls/$call_sid" -H "authorization: Bearer $token")
turns=$(json .transcript.length <<<"$detail")
[ "$turns" -gt 0 ] || fail "call $call_sid has no transcript"
sources=$(json ".transcript.map(t => t.source).filter((s, i, all) => all.indexOf(s) === i).join()" <<<"$detail")
[ "$sources" = "monitor" ] || fail "turns came from $sources, not the monitoring socket"
echo "placed $call_sid: COMPLETED with $turns turns, live from the monitoring socket"

# What runs is the bundle (dist/bundle/): its validation must read the DTOs' inherited metadata
# and convert query strings as the sources do.
page=$(curl -fsS "$base/calls?limit=1" -H "authorization: Bearer $token") || fail "GET /calls?limit=1 was refused"
[ "$(json '.calls.length' <<<"$page")" = "1" ] || fail "GET /calls?limit=1 answered $page"
refused=$(curl -sS "$base/calls?limit=0" -H "authorization: Bearer $token")
[ "$(json '.detail' <<<"$refused")" = "limit must not be less than 1" ] || fail "GET /calls?limit=0 answered $refused"
echo "the bundle validates and converts query strings as the sources do"

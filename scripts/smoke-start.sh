#!/usr/bin/env bash
# Starts the service as a newcomer would (`npm start`, embedded PGlite, simulator) and waits for
# /health to answer 200.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=$(mktemp -d)
port=$(( 20000 + RANDOM % 20000 ))
log="$dir/start.log"
# Its own process group (npm -> sh -> node), so the whole tree can be stopped at the end.
setsid env -u DATABASE_URL -u REDIS_URL -u ELEVENLABS_API_KEY PORT="$port" PGLITE_DIR="$dir/pglite" npm start >"$log" 2>&1 &
pid=$!
stop() {
  kill -TERM -- "-$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 -- "-$pid" 2>/dev/null || break; sleep 0.2; done
  kill -KILL -- "-$pid" 2>/dev/null || true
  rm -rf "$dir"
}
trap stop EXIT
for _ in $(seq 1 90); do
  if curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1; then
    echo "npm start answered /health on port $port"
    grep -o 'Created local admin [^ ]*' "$log" || true
    exit 0
  fi
  if ! kill -0 $pid 2>/dev/null; then break; fi
  sleep 1
done
echo "npm start did not become healthy:" >&2
cat "$log" >&2
exit 1

#!/usr/bin/env bash
# `npm run agent:sync` as a user runs it, against the standalone simulator playing a new account:
# the dry run lists the differences and changes nothing, the real run PATCHes them, and a second
# run finds the agent in shape and sends nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/process-group.sh
port=$(( 20000 + RANDOM % 20000 ))
group_dir=$(mktemp -d)
start_group "$group_dir/simulator.log" env SIMULATOR_PORT="$port" node dist/src/elevenlabs/simulator/standalone.js
for _ in $(seq 1 50); do
  curl -fsS "http://127.0.0.1:$port/_simulator/test-numbers" >/dev/null 2>&1 && break
  sleep 0.1
done
export ELEVENLABS_API_KEY=sk_simulator_local_dev_key ELEVENLABS_BASE_URL="http://127.0.0.1:$port" \
  ELEVENLABS_AGENT_ID=agent_ci_check ELEVENLABS_AGENT_PHONE_NUMBER_ID=phnum_ci_check \
  ELEVENLABS_WEBHOOK_SECRET=wsec_dispatch_voice_simulator_dev_secret NODE_ENV=development \
  ELEVENLABS_TOOL_SECRET=ci-check-tool-secret-0123456789 PUBLIC_BASE_URL=https://dispatch.example.com
sync() { node dist/src/elevenlabs/cli/agent-sync.js "$@"; }
expect() {
  if ! grep -q "$1" <<<"$2"; then
    printf 'agent:sync check failed: expected "%s" in:\n%s\n' "$1" "$2" >&2
    exit 1
  fi
}
out=$(sync --dry-run); expect 'Would change 16 setting' "$out"; expect 'monitoring_enabled' "$out"; expect 'transfer_to_number' "$out"
expect 'tool record_item_outcome: null -> "created at https://dispatch.example.com/webhooks/elevenlabs/tools/item-outcome"' "$out"
out=$(sync --dry-run); expect 'Would change 16 setting' "$out"
out=$(sync); expect 'Changed 16 setting' "$out"
out=$(sync); expect 'already in shape; nothing sent' "$out"
requests=$(curl -fsS "http://127.0.0.1:$port/_simulator/requests")
count() { node -e 'console.log(JSON.parse(process.argv[1])[process.argv[2]] ?? 0)' "$requests" "$1"; }
[ "$(count 'PATCH /v1/convai/agents/:id')" = "1" ] && [ "$(count 'POST /v1/convai/tools')" = "1" ] &&
  [ "$(count 'PATCH /v1/convai/phone-numbers/:id')" = "1" ] && [ "$(count 'POST /v1/convai/secrets')" = "1" ] ||
  { echo "agent:sync check failed: expected one agent PATCH, one tool and one secret created, one number assigned: $requests" >&2; exit 1; }
# The secret's value is in no setting: the agent and the tool name it by id.
agent=$(curl -fsS -H 'xi-api-key: sk_simulator_local_dev_key' "http://127.0.0.1:$port/v1/convai/agents/agent_ci_check")
tools=$(curl -fsS -H 'xi-api-key: sk_simulator_local_dev_key' "http://127.0.0.1:$port/v1/convai/tools")
if grep -q 'ci-check-tool-secret' <<<"$agent$tools"; then
  echo "agent:sync check failed: the tool secret's value is in the agent's settings" >&2; exit 1
fi
out=$(env -u ELEVENLABS_TOOL_SECRET node dist/src/elevenlabs/cli/agent-sync.js 2>&1 || true)
expect 'Set ELEVENLABS_TOOL_SECRET first' "$out"
echo "agent:sync: dry run changed nothing, one run fixed the agent, the next sent nothing"

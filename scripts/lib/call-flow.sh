# A signed-in user placing one Part 1 call and waiting for it to end, for the scripts that drive
# a running service. Source it, then:
#   token=$(sign_in BASE EMAIL PASSWORD)
#   place_call_until_done BASE TOKEN DRIVER_ID TIMESTAMP   (sets call_sid and status)
json() { node -e "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>console.log(eval('('+s+')'+process.argv[1])))" "$1"; }

sign_in() {
  curl -fsS "$1/auth/login" -H 'content-type: application/json' \
    -d "{\"email\":\"$2\",\"password\":\"$3\"}" | json .access_token
}

place_call_until_done() {
  local base=$1 token=$2 driver=$3 timestamp=$4
  call_sid=$(curl -fsS "$base/driver_data/call-elevenlabs" -H "authorization: Bearer $token" \
    -H 'content-type: application/json' -d "{\"callType\":\"violation\",\"timestamp\":\"$timestamp\",
    \"drivers\":[{\"driverId\":\"$driver\",\"driverName\":\"Check Driver\",\"phoneNumber\":\"(219) 200-2824\",
    \"violations\":{\"tripId\":\"T1\",\"violationDetails\":[{\"type\":\"violation\",\"description\":\"Reefer at 45F\"}]}}]}" |
    json .call_sid)
  for _ in $(seq 1 60); do
    status=$(curl -fsS "$base/calls/$call_sid" -H "authorization: Bearer $token" | json .status)
    [ "$status" = "IN_PROGRESS" ] || break
    sleep 0.5
  done
}

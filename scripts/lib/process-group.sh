# Runs a command in a process group of its own and stops the whole group (npm -> sh -> node) when
# the calling script exits, so nothing is left running. Source it, then:
#   start_group LOGFILE command args...   (sets group_pid)
start_group() {
  local log=$1
  shift
  setsid "$@" >"$log" 2>&1 &
  group_pid=$!
  trap stop_group EXIT
}

stop_group() {
  [ -n "${group_pid:-}" ] || return 0
  kill -TERM -- "-$group_pid" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 -- "-$group_pid" 2>/dev/null || break; sleep 0.2; done
  kill -KILL -- "-$group_pid" 2>/dev/null || true
  [ -z "${group_dir:-}" ] || rm -rf "$group_dir"
}

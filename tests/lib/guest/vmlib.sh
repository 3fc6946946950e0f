# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# Helpers for integration tests inside the VM: `. "$VMLIB"` from a vm.sh.
# The module is /lib/sastrace/sastrace.ko, the reader /usr/bin/sastrace.

ST_KO=/lib/sastrace/sastrace.ko
ST_DIR=/sys/kernel/debug/sastrace

# st_load [PARAM=VALUE...]: insmod sastrace.ko.
st_load() {
	insmod "$ST_KO" "$@"
}

# st_unload: rmmod sastrace (tests unload so that exit-path bugs show up).
st_unload() {
	rmmod sastrace
}

# st_events [SECONDS]: what `events` holds now (a consuming read that stops
# when the ring is empty: $BIN/drain, O_NONBLOCK until EAGAIN; no fixed
# wait). Every record of a workload that has exited is there. SECONDS (default
# 10) only bounds a read that hangs. The blocking read (a reader waiting
# for records, stopped by a signal) is tested where it matters: core's
# pollcheck, rmmod-busy and rmmod-storm, the readers of json/trace runs.
st_events() {
	timeout "${1:-10}" "$BIN"/drain "$ST_DIR/events"
	return 0
}

# st_as_nobody CMD...: run a shell command line as uid/gid 65534.
st_as_nobody() {
	su -s /bin/sh nobody -c "$*"
}

# st_wait_users N: until N files of the module are open (its refcnt), at
# most 10 s; a reader started in the background has opened its file then.
# Its counter is a global: named so that it cannot clash with a caller's.
st_wait_users() {
	_st_w=0
	while [ "$(cat /sys/module/sastrace/refcnt 2>/dev/null || echo 0)" -lt "$1" ] &&
	      [ $_st_w -lt 200 ]; do
		sleep 0.05
		_st_w=$((_st_w+1))
	done
}

# st_wait_events N: until stats' events counter is at least N, at most 10 s:
# a workload started in the background is in the probes then.
st_wait_events() {
	_st_w=0
	while [ "$(sed -n 's/^events //p' "$ST_DIR/stats" 2>/dev/null)" -lt "$1" ] 2>/dev/null &&
	      [ $_st_w -lt 200 ]; do
		sleep 0.05
		_st_w=$((_st_w+1))
	done
}

# st_wait_unread0: until stats says no record is left unread (a reader
# has consumed the rings), at most 10 s.
st_wait_unread0() {
	_st_w=0
	while [ "$(sed -n 's/^unread //p' "$ST_DIR/stats")" != 0 ] &&
	      [ $_st_w -lt 200 ]; do
		sleep 0.05
		_st_w=$((_st_w+1))
	done
}

# st_wait_reader: until a reader started in the background (sastrace
# trace, which opens every per_cpu/cpu<N>/raw) has all of its files open,
# at most 10 s. The rings keep what comes after: no need to wait longer.
st_wait_reader() {
	# shellcheck disable=SC2012  # the per-CPU directories, counted
	st_wait_users "$(ls -d "$ST_DIR"/per_cpu/cpu* | wc -l)"
}

# st_sec NAME: start section NAME of the test's output ("=== NAME").
st_sec() {
	echo "=== $1"
}

# st_load_logged: section "load": insmod, "load rc=N", then the module's
# kernel log lines without their timestamps.
st_load_logged() {
	st_sec load
	st_load
	echo "load rc=$?"
	dmesg | grep 'sastrace: ' | sed 's/^\[[^]]*\] //'
}

# st_json_stats_unload: sections "json" (the reader's JSON of every record
# in the rings, then "reader rc=N"), "stats" and "unload" ("unload rc=N");
# returns the rmmod's status. The reader is stopped by SIGINT once stats
# says nothing is left unread (at most 10 s): it takes SIGINT only while
# waiting for records, after printing what it read, so nothing it consumed
# is lost.
st_json_stats_unload() {
	st_sec json
	"$BIN"/sastrace trace --json >/tmp/st_json.out &
	_st_r=$!
	st_wait_reader
	st_wait_unread0
	kill -INT $_st_r
	wait $_st_r
	_st_rc=$?
	cat /tmp/st_json.out
	echo "reader rc=$_st_rc"
	st_sec stats
	cat "$ST_DIR/stats"
	st_sec unload
	st_unload
	_st_rc=$?
	echo "unload rc=$_st_rc"
	return $_st_rc
}

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Guest side of the callers test (busybox sh, as root, cwd = this dir):
# the caller of every kprobe and compat record. Sections "=== <name>" that
# ./check asserts on the host, every exit status printed here included.
# Exit status: 0 when the module is unloaded at the end.
D=/sys/kernel/debug/sastrace
sec() { echo "=== $1"; }
drain() { timeout -s INT 2 cat $D/events; }
unknown() { echo "caller_unknown=$(sed -n 's/^caller_unknown //p' $D/stats)"; }

sec load
uname -m
"$BIN"/sastrace load --module "$KO"; echo "load rc=$?"
unknown

# One run of every call site, read from the events file.
sec calls
./callers >/tmp/calls.out; echo "rc=$?"
cat /tmp/calls.out
unknown
sec calls-events
drain

# Another run, through the reader's JSON.
n=$(grep -c '^call ' /tmp/calls.out)
sec json
echo "records $n"
"$BIN"/sastrace --json --comm callers --count "$n" >/tmp/json.out 2>/tmp/json.err &
rpid=$!
st_wait_users() {
	i=0
	while [ "$(cat /sys/module/sastrace/refcnt)" -lt "$1" ] && [ $i -lt 200 ]; do
		sleep 0.05
		i=$((i+1))
	done
}
st_wait_users 1
./callers; echo "rc=$?"
i=0
while kill -0 $rpid 2>/dev/null && [ $i -lt 50 ]; do
	sleep 0.2
	i=$((i+1))
done
kill -0 $rpid 2>/dev/null && { echo "reader still running"; kill $rpid; }
wait $rpid; echo "reader rc=$?"
unknown
sec json-out
cat /tmp/json.out
sec json-err
cat /tmp/json.err

# The mmap lock taken for writing all the time by another thread: records
# whose caller's file could not be named, each counted.
sec contend
drain >/dev/null
unknown
./callers --contend 400; echo "rc=$?"
unknown
grep -E '^(events|dropped) ' $D/stats
sec contend-events
drain

sec unload
"$BIN"/sastrace unload; echo "unload rc=$?"
! test -d /sys/module/sastrace

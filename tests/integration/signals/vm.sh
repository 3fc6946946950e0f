#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Runs inside the test VM: signal records. The demo's stack overflow and
# the signal cases run twice: once while the reader prints JSON, once read
# back as text from `events`. The check asserts each record against the
# workloads' "expect" lines, the stats counters and every exit status
# printed. Exit status: the final rmmod's.
D=/sys/kernel/debug/sastrace
. "$VMLIB"

st_load || exit 1
grep '^signal_hook ' $D/stats

workloads() {
	echo "=== demo-$1"
	./overflow
	echo "rc=$?"
	echo "=== cases-$1"
	./sigcases
	echo "rc=$?"
	echo "=== compat32-$1"
	if [ -x ./compat32 ]; then
		./compat32
		echo "rc=$?"
	else
		echo "compat32 absent"
	fi
}

"$BIN"/sastrace trace --json > /tmp/json.out 2>/tmp/json.err &
rpid=$!
st_wait_reader
workloads json
i=0
while [ "$(sed -n 's/^unread //p' $D/stats)" != 0 ] && [ $i -lt 50 ]; do
	sleep 0.2
	i=$((i+1))
done
kill -INT $rpid
wait $rpid
echo "reader rc=$?"
echo "reader lines $(wc -l </tmp/json.out)"
echo "=== json-err"
cat /tmp/json.err
echo "=== json"
grep '"hook":"signal"' /tmp/json.out
echo "=== stats-json"
cat $D/stats

workloads text
echo "=== stats-text"
cat $D/stats
st_events > /tmp/events.txt
echo "=== text"
grep ' signal ' /tmp/events.txt
echo "=== compat32-calls"
grep ' comm=compat32 compat ' /tmp/events.txt
echo "=== end"
st_unload
rc=$?
echo "unload rc=$rc"
exit $rc

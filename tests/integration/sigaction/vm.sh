#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Runs inside the test VM: sigaction records. Loaded without sigaction=1
# the hook stays off (no record); with it, the workload sacases runs twice:
# once while the reader prints JSON, once read back as text from `events`.
# The check compares each record with what sacases says it did. Exit
# status: the final rmmod's.
D=/sys/kernel/debug/sastrace
. "$VMLIB"

echo "=== off"
st_load; echo "load rc=$?"
grep '^sigaction' $D/stats
./sacases; echo "rc=$?"
echo "off-records $(st_events 2 | grep -c ' comm=sacases sigaction ')"
st_unload; echo "unload rc=$?"

echo "=== reader-load"
"$BIN"/sastrace load --module "$KO" --no-libc --sigaction; echo "load rc=$?"
echo "param $(cat /sys/module/sastrace/parameters/sigaction)"
grep '^sigaction_hook ' $D/stats
"$BIN"/sastrace unload; echo "unload rc=$?"

echo "=== on"
st_load sigaction=1; echo "load rc=$?"
grep '^sigaction_hook ' $D/stats
"$BIN"/sastrace trace --json --comm sacases > /tmp/json.out 2>/tmp/json.err &
rpid=$!
sleep 1
echo "=== run-json"
./sacases; echo "rc=$?"
i=0
while [ "$(sed -n 's/^unread //p' $D/stats)" != 0 ] && [ $i -lt 50 ]; do
	sleep 0.2
	i=$((i+1))
done
kill -INT $rpid
wait $rpid
echo "reader rc=$?"
echo "=== json-err"
cat /tmp/json.err
echo "=== json"
cat /tmp/json.out
echo "=== run-text"
./sacases; echo "rc=$?"
echo "=== text"
st_events 3 | grep ' comm=sacases '
echo "=== stats"
cat $D/stats
echo "=== end"
st_unload
rc=$?
echo "unload rc=$rc"
exit $rc

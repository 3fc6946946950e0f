#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Runs inside the test VM: sigaction records. Loaded without sigaction=1
# the hook stays off (no record); with it, the workload sacases runs twice:
# once while the reader prints JSON, once read back as text from `events`;
# then sacases, its 32-bit build and a static Go program run under strace.
# The check compares each record with what sacases says it did, and with
# what strace printed of the same calls. Exit
# status: the final rmmod's.
D=/sys/kernel/debug/sastrace
. "$VMLIB"

echo "=== off"
st_load; echo "load rc=$?"
grep '^sigaction' $D/stats
./sacases; echo "rc=$?"
echo "off-records $(st_events | grep -c ' comm=sacases sigaction ')"
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
st_wait_reader
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
st_events | grep ' comm=sacases '

# The same kinds of calls under Debian's strace, while `events` is read in
# the background (until nothing is unread: no fixed wait): sacases, its
# 32-bit build sacases32 (compat entries) and the static Go program gosig
# (its runtime's handlers and per-thread signal stacks), one after the
# other under one strace (its start costs seconds on the debug kernels).
# -ff: a file per process and thread (strace-tid N), so no call is split
# across lines; execve: what a pid did before it (the shell's child
# setting signals up) is not the workload's. The check compares strace's
# lines with the records of the same pids, call by call.
mkdir -p /tmp/st
echo "=== strace-run"
echo "uptime $(cut -d' ' -f1 /proc/uptime)"
cat $D/events > /tmp/st-events.txt &
cpid=$!
./strace -ff -e trace=execve,rt_sigaction,?sigaction,?signal,sigaltstack -o /tmp/st/t sh -c '
	./sacases > /tmp/sacases.out; echo "sacases rc=$?"
	./sacases32 > /tmp/sacases32.out; echo "sacases32 rc=$?"
	./gosig > /tmp/gosig.out; echo "gosig rc=$?"' 2>&1
echo "strace rc=$?"
i=0
while [ "$(sed -n 's/^unread //p' $D/stats)" != 0 ] && [ $i -lt 50 ]; do
	sleep 0.2
	i=$((i+1))
done
sleep 0.2
kill $cpid
wait $cpid 2>/dev/null
echo "uptime $(cut -d' ' -f1 /proc/uptime)"
for f in sacases sacases32 gosig; do
	echo "=== out-$f"
	cat /tmp/$f.out
done
for f in /tmp/st/t.*; do
	echo "=== strace-tid ${f##*.}"
	cat "$f"
done
echo "=== strace-events"
grep -E ' comm=(sacases|sacases32|gosig) ' /tmp/st-events.txt
echo "=== stats"
cat $D/stats
echo "=== end"
st_unload
rc=$?
echo "unload rc=$rc"
exit $rc

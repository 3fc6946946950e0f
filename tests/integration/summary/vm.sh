#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Runs inside the test VM: `sastrace summary`. The workload (sumload.c)
# runs a known script of calls, errors, deliveries at headrooms it
# observes, one overflow and one SA_ONSTACK handler without a stack, once
# under `summary` (text) and once under `summary --json`; each summary is
# ended by SIGINT once the rings are drained. Then, with a 4 KiB ring
# (buffer_kb=4), a storm of calls while the reader is stopped (SIGSTOP):
# the summary must report the drops; again with --json and SIGINT while
# records are still in the ring (the summary's end reads them). A storm
# with `trace` reading at the same time: the summary says what it took. check asserts every number against
# the workload's own output and the stats file.
# Exit status: the final rmmod's.
D=/sys/kernel/debug/sastrace
. "$VMLIB"

# wait_reader PID: until the reader has its raw files open (it reads stats
# before it opens them, so its first reading is taken); 1 after 10 s.
wait_reader() {
	i=0
	while [ "$(ls -l /proc/"$1"/fd 2>/dev/null | grep -c '/raw$')" -lt 1 ]; do
		[ $i -ge 100 ] && return 1
		sleep 0.1
		i=$((i+1))
	done
	return 0
}

# drain: until the rings are empty (unread 0); at most 10 s.
drain() { st_wait_unread0; }

# run NAME [--json]: the script under `summary --comm sumload`.
run() {
	"$BIN"/sastrace summary --comm sumload $2 >/tmp/sum.$1 2>/tmp/sum.$1.err &
	rpid=$!
	wait_reader $rpid || echo "reader never opened its files"
	echo "=== script-$1"
	./sumload script
	echo "rc=$?"
	drain
	kill -INT $rpid
	wait $rpid
	echo "reader rc=$?"
	echo "=== summary-$1"
	cat /tmp/sum.$1
	echo "=== summary-$1-err"
	cat /tmp/sum.$1.err
}

echo "machine $(uname -m) $(uname -r)"
st_load || exit 1
run text
run json --json

# Two readers at once: `trace` takes part of the storm's records; the
# summary must say exactly how many (trace starts after the summary's
# first reading of stats and ends after its last).
echo "=== stats-before-taken"
cat $D/stats
"$BIN"/sastrace summary --comm sumload >/tmp/sum.taken 2>/tmp/sum.taken.err &
spid=$!
wait_reader $spid || echo "reader never opened its files"
"$BIN"/sastrace trace >/tmp/trace.taken 2>/tmp/trace.taken.err &
tpid=$!
wait_reader $tpid || echo "trace never opened its files"
echo "=== storm-taken"
./sumload storm 2000
echo "rc=$?"
drain
kill -INT $spid
wait $spid
echo "reader rc=$?"
kill -INT $tpid
wait $tpid
echo "trace rc=$?"
echo "=== summary-taken"
cat /tmp/sum.taken
echo "=== summary-taken-err"
cat /tmp/sum.taken.err
echo "=== trace-taken"
cat /tmp/trace.taken
echo "=== stats-after-taken"
cat $D/stats
echo "=== stats"
cat $D/stats
st_unload
echo "unload rc=$?"

st_load buffer_kb=4 || exit 1
echo "=== stats-before"
cat $D/stats
"$BIN"/sastrace summary --comm sumload >/tmp/sum.drops 2>/tmp/sum.drops.err &
rpid=$!
wait_reader $rpid || echo "reader never opened its files"
kill -STOP $rpid
echo "=== storm"
./sumload storm 2000
echo "rc=$?"
kill -CONT $rpid
drain
kill -INT $rpid
wait $rpid
echo "reader rc=$?"
echo "=== summary-drops"
cat /tmp/sum.drops
echo "=== summary-drops-err"
cat /tmp/sum.drops.err
echo "=== stats-after"
cat $D/stats

# The same with --json, and SIGINT right after SIGCONT, no drain: the
# records still in the ring then are read by the summary's end.
echo "=== stats-before-json"
cat $D/stats
"$BIN"/sastrace summary --comm sumload --json >/tmp/sum.dropsj 2>/tmp/sum.dropsj.err &
rpid=$!
wait_reader $rpid || echo "reader never opened its files"
kill -STOP $rpid
echo "=== storm-json"
./sumload storm 2000
echo "rc=$?"
echo "unread $(sed -n 's/^unread //p' $D/stats)"
kill -CONT $rpid
kill -INT $rpid
wait $rpid
echo "reader rc=$?"
echo "=== summary-drops-json"
cat /tmp/sum.dropsj
echo "=== summary-drops-json-err"
cat /tmp/sum.dropsj.err
echo "=== stats-after-json"
cat $D/stats
echo "=== end"
st_unload
rc=$?
echo "unload rc=$rc"
exit $rc

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Runs inside the test VM: the risks listing. The workload riskcases keeps
# processes with known handlers, threads and alternate stacks alive while
# the module's risks file is read (as it is, and through `sastrace risks`
# and `--json`), then again while threads come and go (lockdep and KASAN
# watch the walk), and once more after the workload is gone. Exit status:
# the final rmmod's.
D=/sys/kernel/debug/sastrace
. "$VMLIB"

st_sec load
st_load; echo "load rc=$?"
./riskcases >/tmp/rc.out 2>/tmp/rc.err &
wpid=$!
i=0
while ! grep -q '^ready$' /tmp/rc.out && [ $i -lt 1200 ]; do
	sleep 0.1
	i=$((i+1))
done
st_sec workload
cat /tmp/rc.out
st_sec workload-err
cat /tmp/rc.err
st_sec risks
cat $D/risks; echo "cat rc=$?"
st_sec reader-text
"$BIN"/sastrace risks; echo "reader rc=$?"
st_sec reader-json
"$BIN"/sastrace risks --json; echo "reader rc=$?"

# Threads and processes starting and exiting while the list is walked:
# each round's workload is killed once it is all there (or after 20 s).
(
	while [ ! -e /tmp/churn.stop ]; do
		: >/tmp/churn.out
		./riskcases >/tmp/churn.out 2>&1 &
		p=$!
		j=0
		while ! grep -q '^ready$' /tmp/churn.out && [ $j -lt 200 ]; do
			sleep 0.1
			j=$((j+1))
		done
		kill -9 $p
		wait $p 2>/dev/null
	done
) &
churn=$!
n=0
: >/tmp/churn.reads
for i in $(seq 40); do
	cat $D/risks >>/tmp/churn.reads && n=$((n+1))
	sleep 0.05
done
touch /tmp/churn.stop
wait $churn
st_sec churn
cat /tmp/churn.reads
echo "reads $n"

kill -9 $wpid
wait $wpid 2>/dev/null
# The children die with their parent (PR_SET_PDEATHSIG), a moment later.
for p in $(sed -n 's/^proc pid=\([0-9]*\) .*/\1/p' /tmp/rc.out); do
	i=0
	while grep -qs '^State:.*[RSDT]' /proc/$p/status && [ $i -lt 100 ]; do
		sleep 0.05
		i=$((i+1))
	done
done
st_sec after
cat $D/risks; echo "cat rc=$?"
st_sec unload
st_unload
rc=$?
echo "unload rc=$rc"
st_sec unloaded
"$BIN"/sastrace risks; echo "reader rc=$?"
exit $rc

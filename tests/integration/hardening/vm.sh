#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Runs inside the test VM: regression tests for the defects of issue 10
# (crashes, hangs, lost wake-ups, miscounts). Each section provokes one;
# `check` asserts what the workload `hard` did against what sastrace said.
# The uffdpark section, which hangs rmmod on a broken module, comes last.
# Exit status: the last rmmod's.
D=/sys/kernel/debug/sastrace
. "$VMLIB"
sec() { echo "=== $1"; }
reload() {	# reload [PARAM=VALUE...]: a fresh module (empty rings)
	rmmod sastrace 2>/dev/null
	st_load "$@"
	echo "load rc=$?"
}

sec consts
# The architecture, and its numbers the greps below need (from the workload).
uname -m
./hard consts
ENOENT=$(./hard consts | sed -n 's/.* ENOENT=\([0-9]*\).*/\1/p')
EINVAL=$(./hard consts | sed -n 's/.* EINVAL=\([0-9]*\).*/\1/p')

sec failed-load
# A reader opening the files while loads fail must never keep one open:
# its release would run after the module's code is gone. Each load that
# fails makes the files and removes them (the window); openloop counts the
# opens refused there (ENODEV): the check wants some, so the window was
# hit, and none that opened. Three loads: a window hit once proves it
# (the refusal is no race: files_live is false all through a failed load),
# the other two are the margin (each load is seconds of TCG time).
rm -f /tmp/stop-open
./hard openloop /tmp/stop-open &
opid=$!
i=0
while [ $i -lt 3 ]; do
	insmod "$KO" uprobes=/nonexistent:0x10 2>/dev/null
	echo "insmod rc=$?"
	i=$((i+1))
done
touch /tmp/stop-open
wait $opid
echo "openloop rc=$?"
test -d /sys/module/sastrace && echo "loaded=1" || echo "loaded=0"
# Each init that ran (busybox insmod retries a failed finit_module with
# init_module) names the entry, then the step: nothing else.
echo "entry-lines $(dmesg | grep -c "sastrace: uprobes: '/nonexistent': cannot look it up: -$ENOENT\$")"
echo "step-lines $(dmesg | grep -c "sastrace: load failed at uprobes: -$EINVAL\$")"
# (not counted: the taint line, and a hook this kernel does not have)
echo "all-lines $(dmesg | grep 'sastrace: ' | grep -v 'taint' | grep -vc 'sastrace: no [^ ]* hook')"

sec readers
reload buffer_kb=1024
# 3 threads on one fd, 1 on another: every line arrives once, whole.
./hard readers 3000
echo "readers rc=$?"

sec wakeup
reload
cat $D/per_cpu/cpu1/raw > /tmp/raw1 &
cpid=$!
st_wait_users 1
sleep 0.5
# A record on CPU 0 wakes every reader; the one of CPU 1 must still
# wake up for the record that follows on CPU 1.
./hard oncpu 0 1
sleep 0.5
./hard oncpu 1 1
i=0
while [ "$(stat -c %s /tmp/raw1)" -eq 0 ] && [ $i -lt 50 ]; do
	sleep 0.1
	i=$((i+1))
done
echo "raw1 bytes=$(stat -c %s /tmp/raw1) waited=${i}00ms"
kill $cpid
wait $cpid 2>/dev/null

sec faults
# A full ring (4 KiB, no reader) still counts every unreadable ss.
reload buffer_kb=4
./hard faults 200
echo "faults rc=$?"
sec faults-stats
cat $D/stats

sec sameptr
reload
./hard sameptr /tmp
echo "sameptr rc=$?"
sec sameptr-json
# Its first call disables the alternate stack, the second is the one.
timeout 10 "$BIN"/sastrace --json --comm hard --count 2
echo "reader rc=$?"

sec frame-fault
reload
./hard frame_fault
echo "frame_fault rc=$?"
sec frame-fault-json
timeout 10 "$BIN"/sastrace --json --comm hard --count 4
echo "reader rc=$?"
sec frame-fault-stats
cat $D/stats

sec unread
# stats read while a reader drains a storm: unread never wraps.
reload buffer_kb=4
"$BIN"/storm 2 0 >/dev/null &
spid=$!
cat $D/events >/dev/null &
cpid=$!
# (the samples are taken by ./hard: a shell's read, byte by byte, or a
# grep a sample costs minutes under arm64's TCG)
./hard unread 100 > /tmp/unread
kill $spid $cpid
wait $spid $cpid 2>/dev/null
sort -k2 -n /tmp/unread | tail -n 3
grep '^buffer_records ' $D/stats
echo "samples $(wc -l < /tmp/unread)"

sec altstacks-race
# altstacks read while threads with alternate stacks come and go.
./hard threads 4 &
tpid=$!
ok=0
n=0
while kill -0 $tpid 2>/dev/null; do
	cat $D/altstacks >/dev/null && ok=$((ok+1))
	n=$((n+1))
done
wait $tpid
echo "threads rc=$?"
echo "altstacks reads=$n ok=$ok"

sec uffdreader
# A reader whose buffer is a userfaultfd page nobody serves parks on its
# first record; the other readers must not wait behind it.
reload
./hard uffdreader > /tmp/ur 2>&1 &
upid=$!
st_wait_users 1
./hard oncpu 0 1
sleep 1
./hard oncpu 0 5
echo "events-lines $(st_events | grep -c ' comm=hard kprobe ')"
cat /tmp/ur
kill -9 $upid
wait $upid 2>/dev/null
echo "uffdreader killed"

sec ia32
# 32-bit frames (a handler installed with int $0x80) nest down the
# alternate stack until one does not fit: no red zone below their sp.
# Above a guard page, and above writable memory (where a kernel before
# 6.2 writes the frame that does not fit). x86-64 only: elsewhere
# ia32frames says it does not apply, or (build wrote ia32frames.skip
# instead of building it) this script says so.
reload
if [ -x ./ia32frames ]; then
	./ia32frames guard
	echo "ia32frames rc=$?"
	./ia32frames rw
	echo "ia32frames rc=$?"
else
	echo "ia32 na arch=$(uname -m): $(cat ./ia32frames.skip)"
	echo "ia32frames not built"
fi
sec ia32-json
timeout -s INT 3 "$BIN"/sastrace trace --json --comm ia32frames
echo "reader rc=$?"

sec uffdpark
# 300 threads of user nobody park in libc's sigaltstack() (probed in this
# program) on a userfaultfd page nobody serves. Their handlers must not
# wait (or rmmod would hang); they may hold at most 64 entries of the
# uprobe call table, so root's calls are still recorded.
rmmod sastrace
p=$("$BIN"/sastrace uprobe-param --no-libc --uprobe "$PWD/hard")
echo "uprobe-param rc=$?"
st_load "uprobes=$p"
echo "load rc=$?"
echo 1 > /proc/sys/vm/unprivileged_userfaultfd
st_as_nobody "$PWD/hard uffdpark 300" > /tmp/park 2>&1 &
ppid=$!
# Parked: the calls past nobody's share are counted as lost.
i=0
while [ "$(sed -n 's/^uprobe_lost //p' $D/stats)" != 236 ] && [ $i -lt 200 ]; do
	sleep 0.1
	i=$((i+1))
done
cat /tmp/park
grep -E '^(uprobes_attached|uprobe_lost|missed) ' $D/stats
./hard oncpu 0 10 > /tmp/oncpu
cat /tmp/oncpu
rpid=$(sed -n 's/.* pid=\([0-9]*\).*/\1/p' /tmp/oncpu)
echo "root-uprobe-records $(st_events | grep -c " pid=$rpid .* uprobe sigaltstack")"
rmmod sastrace &
mpid=$!
i=0
while kill -0 $mpid 2>/dev/null && [ $i -lt 200 ]; do
	sleep 0.1
	i=$((i+1))
done
if kill -0 $mpid 2>/dev/null; then
	echo "rmmod hung"
	exit 1
fi
wait $mpid
rc=$?
echo "rmmod rc=$rc"
kill -9 "$(sed -n 's/^uffdpark pid=\([0-9]*\).*/\1/p' /tmp/park)"
wait $ppid 2>/dev/null
exit $rc

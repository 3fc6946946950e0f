#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# vm-append: preempt=full
# Runs inside the test VM: the TOCTOU check. First a real-time thread
# swapping a stack_t races another thread's sigaltstack calls on the same
# CPU (at most MAXCALLS set calls; the workload stops soon after the first
# race sastrace counts; the ring holds every record of them). Then the
# reader drains the ring; each flagged line is kept with the line after it
# (the same thread's sigaltstack(NULL, &old): what the kernel installed).
# Then, on a fresh load, a non-racing storm of 100000 set calls; then an
# ss in a file page not faulted in yet (UNVERIFIED), through `events` and
# again through the reader's JSON (late_ss: ss was read at return).
# The kernel argument above makes a PREEMPT_DYNAMIC kernel fully
# preemptible (the test kernel is built so): see workloads/toctou.c. A
# kernel built without preemption (Debian's 5.10 and arm64 6.1) cannot
# have the race: there the check asserts that none is flagged, and the race
# workload stops once B ran during MINFLIPS of A's calls (the chances it gave
# a false flag): 400, ten times the most any preemptible kernel here ever
# needed to show its first race (39, over a hundred runs of this test), not
# after MAXCALLS. toctou.check.py asserts the sections and every exit status
# printed (and judges the kernel's preemption again, itself). Exit status:
# the final rmmod's.
D=/sys/kernel/debug/sastrace
MAXCALLS=${MAXCALLS:-100000}
. "$VMLIB"

echo "maxcalls $MAXCALLS"
# Whether this kernel can preempt a task inside a system call at all (the
# race needs it): its build (uname -v names PREEMPT, PREEMPT_RT,
# PREEMPT_LAZY or PREEMPT_DYNAMIC) and, for PREEMPT_DYNAMIC, the mode it
# runs in (the one in parentheses).
echo "uname_v $(uname -v)"
mode=$(cat /sys/kernel/debug/sched/preempt 2>/dev/null || echo static)
echo "preempt_mode $mode"
# Can it race? (uname -v's words as toctou.check.py reads them)
can=0
case " $(uname -v) " in
*" PREEMPT_DYNAMIC "*)
	case $mode in *"(full)"* | *"(lazy)"*) can=1 ;; esac ;;
*" PREEMPT "* | *" PREEMPT_RT "* | *" PREEMPT_LAZY "*) can=1 ;;
esac
MINFLIPS=
[ $can = 1 ] || MINFLIPS=${MINFLIPS_NORACE:-400}
echo "minflips ${MINFLIPS:--}"
st_load buffer_kb=65536 || exit 1
echo "=== race"
"$BIN"/toctou race $MAXCALLS $D/stats $MINFLIPS > /tmp/race.out
echo "rc=$?"
cat /tmp/race.out
calls=$(sed -n 's/^calls //p' /tmp/race.out)
queries=$(sed -n 's/^flipped_during_call //p' /tmp/race.out)
# --no-symbols: the lines as the module prints them (names: the symbols test).
timeout 300 "$BIN"/sastrace trace --no-symbols --comm toctou --count $((calls + queries)) \
	> /tmp/trace.out 2>/tmp/trace.err
echo "reader rc=$?"
echo "=== race-stats"
cat $D/stats
echo "=== flagged"
grep -A1 -E ' (TOCTOU|UNVERIFIED) ' /tmp/trace.out
echo "=== race-lines"
grep -c 'sigaltstack(' /tmp/trace.out
echo "=== end"
st_unload; echo "race unload rc=$?"

st_load || exit 1
echo "=== steady"
"$BIN"/toctou steady 100000
echo "rc=$?"
echo "=== steady-stats"
cat $D/stats
echo "=== steady-flagged"
st_events | grep -c -E ' (TOCTOU|UNVERIFIED) '
echo "=== unverified"
"$BIN"/toctou unverified /tmp/stack_t
echo "rc=$?"
echo "=== unverified-stats"
cat $D/stats
echo "=== unverified-events"
st_events | grep ' comm=toctou '
echo "=== late-ss"
# The same case under the reader: its JSON says late_ss, with the values.
"$BIN"/sastrace --json --comm toctou --count 1 >/tmp/late.out 2>/tmp/late.err &
rpid=$!
st_wait_users 1
"$BIN"/toctou unverified /tmp/stack_t2 &
wpid=$!
wait $wpid
echo "pid=$wpid rc=$?"
i=0
while kill -0 $rpid 2>/dev/null && [ $i -lt 50 ]; do
	sleep 0.2
	i=$((i+1))
done
kill -0 $rpid 2>/dev/null && { echo "reader still running"; kill $rpid; }
wait $rpid
echo "reader rc=$?"
echo "=== late-ss-json"
cat /tmp/late.out
echo "=== late-ss-err"
cat /tmp/late.err
echo "=== end"
st_unload
rc=$?
echo "unload rc=$rc"
exit $rc

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The benchmark inside the VM (busybox sh, root, cwd /bench). Every result
# is one line "BENCH <kind> key=value ..." on stdout, which tests/bench/
# report.py turns into the table and the JSON:
#   BENCH call   round=R config=C ns=NS lost=N   per-call cost, static loop
#   BENCH uprobe round=R config=C ns=NS lost=N   per-call cost, libc's wrapper
#   BENCH tput   tracer=T target=RATE rate=ACHIEVED calls=N lost=N
#   BENCH flat   tracer=T rate=ACHIEVED calls=N lost=N
#   BENCH mem    key=value ...
#   BENCH note   key=text
# In every round each configuration runs once, always in the same order
# (A B C ... A B C ...), so slow drifts of the emulator hit all alike.
# Configurations (see config_on): none, kprobe / kretprobe (the empty
# helper module), kevent (kprobe_events), bpftrace, sastrace-noreader,
# sastrace (reader draining to /dev/null, naming callers' functions),
# sastrace-nosym (the same with --no-symbols), sastrace-rawcat (cat of the raw
# per-CPU files: the kernel side of draining alone); for the libc loop:
# none, uevent (uprobe_events), uevent+kevent, sastrace-uprobe. Readers
# write to /dev/null. lost=- where a tracer has no drop counter.
# Parameters: ./params (written by tests/bench/run.sh). Mode icount (a boot
# under qemu's -icount shift=0: guest ns are executed instructions) first
# checks that the clock follows the instruction count (BENCH calib), then
# runs the per-call rounds only: throughput and memory are the wall-clock
# boot's.
set -u
. ./params
# (the kernel command line's sastrace_bench=MODE, from tests/bench/run.sh)
MODE=$(sed -n 's/.*sastrace_bench=\([a-z]*\).*/\1/p' /proc/cmdline)
MODE=${MODE:-wall}
KO=/bench/sastrace.ko
EKO=/bench/empty_kprobe.ko
T=/sys/kernel/tracing
D=/sys/kernel/debug/sastrace
bg_pid=
# What differs between architectures: the syscall's entry symbol, where its
# pt_regs argument's first argument register is (the user's regs, whose
# first argument is ss), libc's path, the registers' names.
case $(uname -m) in
aarch64)
	SYS=__arm64_sys_sigaltstack REGS=%x0 ARG0=0 UARG=%x0
	LIBC=/lib/aarch64-linux-gnu/libc.so.6 ;;
*)
	SYS=__x64_sys_sigaltstack REGS=%di ARG0=112 UARG=%di
	LIBC=/lib/x86_64-linux-gnu/libc.so.6 ;;
esac

echo "BENCH info kernel=$(uname -r) machine=$(uname -m) mode=$MODE cpus=$(nproc) rounds=$ROUNDS n_call=$N_CALL n_uprobe=$N_UPROBE"
echo "BENCH info cpu_model=$(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -n1 | tr ' ' _)"
echo "BENCH info clocksource=$(cat /sys/devices/system/clocksource/clocksource0/current_clocksource) trace_clock=$(sed 's/.*\[\(.*\)\].*/\1/' /sys/kernel/tracing/trace_clock 2>/dev/null)"
[ -d $T/events ] || T=/sys/kernel/debug/tracing
echo 0 > $T/tracing_on

# The kernel's own dynamic events doing sastrace's job: the entry fetches ss
# (the user's first argument register in the pt_regs the syscall gets: x86's
# regs->di at offset 112, arm64's regs[0] at 0) and its three fields from
# user memory, the return probe the return value.
A="+$ARG0($REGS)"
echo "p:sasb/enter $SYS ss=$A:x64 sp=+u0($A):x64 flags=+u8($A):s32 size=+u16($A):u64" >> $T/kprobe_events ||
	echo "BENCH note kevent=cannot define the kprobe event"
echo "r:sasb/exit $SYS ret=\$retval:s64" >> $T/kprobe_events ||
	echo "BENCH note kevent=cannot define the kretprobe event"
# The same on libc's sigaltstack() (the offset sastrace's reader computes).
UOFF=$(/bench/sastrace uprobe-param | sed -n 's/.*:\(0x[0-9a-fA-F]*\)$/\1/p')
echo "BENCH info uprobe_offset=$UOFF"
echo "p:sasu/enter $LIBC:$UOFF ss=$UARG:x64 sp=+0($UARG):x64 flags=+8($UARG):s32 size=+16($UARG):u64" >> $T/uprobe_events ||
	echo "BENCH note uevent=cannot define the uprobe event"
echo "r:sasu/exit $LIBC:$UOFF ret=\$retval:s64" >> $T/uprobe_events ||
	echo "BENCH note uevent=cannot define the uretprobe event"

# start_bg CMD...: run CMD in the background as the draining reader.
# start_bg CMD...: run CMD in the background as the draining reader; give
# it a second to start (under TCG an exec takes a while) so that it drains
# from the first measured call.
start_bg() {
	"$@" &
	bg_pid=$!
	sleep 1
}
# stop_bg: SIGTERM (asynchronous commands of a script ignore SIGINT), then
# SIGKILL if the reader has not gone within 5 s.
stop_bg() {
	[ -n "$bg_pid" ] || return 0
	kill -TERM "$bg_pid" 2>/dev/null
	i=0
	while kill -0 "$bg_pid" 2>/dev/null && [ $i -lt 25 ]; do
		sleep 0.2
		i=$((i + 1))
	done
	if kill -0 "$bg_pid" 2>/dev/null; then
		echo "BENCH note stop=pid $bg_pid ignored SIGTERM"
		kill -KILL "$bg_pid"
	fi
	wait "$bg_pid" 2>/dev/null
	bg_pid=
}

trace_on() {	# GROUP...: enable the events, drain trace_pipe
	: > $T/trace
	for g in "$@"; do echo 1 > $T/events/$g/enable; done
	echo 1 > $T/tracing_on
	start_bg cat $T/trace_pipe
}
trace_off() {
	echo 0 > $T/tracing_on
	for g in sasb sasu; do echo 0 > $T/events/$g/enable; done
	stop_bg
	: > $T/trace
}

bt_ok=1
if [ -z "$(command -v bpftrace)" ]; then
	echo "BENCH note bpftrace=not in this image (the host's bpftrace is not for $(uname -m))"
	bt_ok=
fi
bt_on() {
	rm -f /tmp/bt.ready
	# The first line ("Attaching 2 probes...") says the probes are live.
	(bpftrace ./sas.bt 2>/tmp/bt.err | { read -r l; echo "$l" > /tmp/bt.ready; cat; }) >/dev/null &
	bt_job=$!
	i=0
	while [ ! -s /tmp/bt.ready ] && [ $i -lt $((BT_TIMEOUT * 5)) ]; do
		kill -0 $bt_job 2>/dev/null || break
		sleep 0.2
		i=$((i + 1))
	done
	if [ ! -s /tmp/bt.ready ]; then
		echo "BENCH note bpftrace=did not attach (after $((i / 5))s): $(tr '\n' ' ' < /tmp/bt.err | cut -c1-400)"
		bt_ok=
		bt_off
		return 1
	fi
	echo "BENCH info bpftrace_attach_s=$((i / 5))"
}
bt_off() {
	p=$(pidof bpftrace)
	[ -n "$p" ] && kill -INT $p	# bpftrace ends on SIGINT
	i=0
	while pidof bpftrace >/dev/null && [ $i -lt 50 ]; do sleep 0.2; i=$((i + 1)); done
	# Still there after 10 s (a starved VM): it must not stall the rounds.
	p=$(pidof bpftrace)
	[ -n "$p" ] && kill -KILL $p
	wait $bt_job 2>/dev/null
}

sas_on() {	# [reader [OPTION]]: load the kprobe path only; maybe drain it
	insmod $KO
	[ "${1:-}" = reader ] && start_bg /bench/sastrace trace ${2:+"$2"}
	return 0
}
sas_off() {
	stop_bg
	rmmod sastrace
}

raw_pids=
raw_on() {	# drain every CPU's raw records with cat: no formatting at all
	for f in $D/per_cpu/cpu*/raw; do
		cat "$f" >/dev/null &
		raw_pids="$raw_pids $!"
	done
	sleep 1
}
raw_off() {
	kill $raw_pids
	wait $raw_pids 2>/dev/null
	raw_pids=
}

config_on() {
	case $1 in
	none) ;;
	kprobe) insmod $EKO func=$SYS ;;
	kretprobe) insmod $EKO func=$SYS kret=1 ;;
	kevent) trace_on sasb >/dev/null ;;
	bpftrace) [ -n "$bt_ok" ] && bt_on ;;
	sastrace-noreader) sas_on ;;
	sastrace) sas_on reader >/dev/null ;;
	sastrace-nosym) sas_on reader --no-symbols >/dev/null ;;
	sastrace-rawcat) sas_on; raw_on ;;
	uevent) trace_on sasu >/dev/null ;;
	uevent+kevent) trace_on sasu sasb >/dev/null ;;
	sastrace-uprobe)
		insmod $KO "uprobes=$(/bench/sastrace uprobe-param)"
		start_bg /bench/sastrace trace >/dev/null ;;
	esac
}
config_off() {
	case $1 in
	none) ;;
	kprobe|kretprobe) rmmod empty_kprobe ;;
	kevent|uevent|uevent+kevent) trace_off ;;
	bpftrace) bt_off ;;
	sastrace-rawcat) raw_off; sas_off ;;
	sastrace*) sas_off ;;
	esac
}

# Records lost: sastrace's `dropped`; for the kernel's events, the overrun
# + dropped events of its per-CPU buffers.
lost_sastrace() { sed -n 's/^dropped //p' $D/stats; }
lost_kevent() {
	n=0
	for f in $T/per_cpu/cpu*/stats; do
		n=$((n + $(sed -n 's/^overrun: //p' "$f") + $(sed -n 's/^dropped events: //p' "$f")))
	done
	echo $n
}
# lost_now CONFIG: the tracer's count of records it could not keep (ring
# full), or "-" where there is no such count.
lost_now() {
	case $1 in
	sastrace*) lost_sastrace ;;
	kevent|uevent*) lost_kevent ;;
	*) echo - ;;
	esac
}
# measure KIND CONFIG ROUND PROGRAM N
measure() {
	config_on "$2" || { echo "BENCH $1 round=$3 config=$2 ns=skipped"; return; }
	l0=$(lost_now "$2")
	ns=$(timeout "$LOOP_TIMEOUT" ./"$4" "$5" | sed -n 's/^ns //p')
	l1=$(lost_now "$2")
	config_off "$2"
	lost=-
	[ "$l0" = - ] || lost=$((l1 - l0))
	echo "BENCH $1 round=$3 config=$2 ns=${ns:-failed} lost=$lost"
}

up() { cut -d' ' -f1 /proc/uptime; }
if [ "$MODE" = icount ]; then
	# The clock check: 10^7 iterations of two instructions (20 ms of
	# guest time) must read 1.00 ns per instruction, within the few %
	# the kernel's own periodic work takes (6.1: 1.004; 6.12: 1.045;
	# 7.3: 1.026; 2 ms windows read no better on 7.3). It also waits
	# until the loops have the one CPU to themselves: on 6.12 something
	# keeps it busy for the first seconds after boot (the check read
	# 2.01, and the first round twice the instructions). At most 30
	# tries, a second apart (idle time costs nothing under sleep=off),
	# keeping the lowest reading; report.py fails one off by more than 5%.
	i=0 c=
	while :; do
		r=$(./sasloop spin 10000000 | sed -n 's/^ns_per_insn //p')
		i=$((i + 1))
		if [ -z "$c" ] || [ "$(echo "$r $c" | awk '{ print ($1 < $2) }')" = 1 ]; then
			c=$r
		fi
		case $c in 0.9[5-9]*|1.0[0-4]*) break ;; esac
		[ $i -lt 30 ] || break
		sleep 1
	done
	echo "BENCH calib ns_per_insn=$c tries=$i"
fi
echo "BENCH info start_uptime=$(up)"
r=1
while [ $r -le "$ROUNDS" ]; do
	for c in none kprobe kretprobe kevent bpftrace sastrace-noreader sastrace sastrace-nosym sastrace-rawcat; do
		measure call $c $r sasloop "$N_CALL"
	done
	for c in none uevent uevent+kevent sastrace-uprobe; do
		measure uprobe $c $r sasloop-dyn "$N_UPROBE"
	done
	r=$((r + 1))
done

echo "BENCH info rounds_done_uptime=$(up)"
[ "$MODE" = icount ] && exit 0

# Memory: sastrace's ring at the default buffer_kb; the kernel's ring
# buffer bytes per event (from its per-CPU stats after a known burst).
insmod $KO
echo "BENCH mem sastrace_buffer_kb=$(cat /sys/module/sastrace/parameters/buffer_kb) sastrace_buffer_records=$(sed -n 's/^buffer_records //p' $D/stats)"
rmmod sastrace
: > $T/trace
echo 1 > $T/events/sasb/enable
echo 1 > $T/tracing_on
./sasloop 1000 >/dev/null
echo 0 > $T/tracing_on
echo 0 > $T/events/sasb/enable
entries=0 bytes=0
for f in $T/per_cpu/cpu*/stats; do
	entries=$((entries + $(sed -n 's/^entries: //p' "$f")))
	bytes=$((bytes + $(sed -n 's/^bytes: //p' "$f")))
done
echo "BENCH mem kevent_buffer_kb=$(cat $T/buffer_size_kb) kevent_entries=$entries kevent_bytes=$bytes"
: > $T/trace

# Throughput.
# run_rate TRACER KIND TARGET: one paced (or, TARGET 0, flat-out) run.
run_rate() {
	l0=$(lost_$1)
	out=$(./sasrate 2 "$3" "$TPUT_SECS")
	l1=$(lost_$1)
	calls=$(echo "$out" | sed -n 's/^calls \([0-9]*\) .*/\1/p')
	rate=$(echo "$out" | sed -n 's/.* rate \([0-9]*\)$/\1/p')
	lost=$((l1 - l0))
	if [ "$2" = flat ]; then
		echo "BENCH flat tracer=$1 rate=$rate calls=$calls lost=$lost"
	else
		echo "BENCH tput tracer=$1 target=$3 rate=$rate calls=$calls lost=$lost"
	fi
}
# tput TRACER: step the target rate up (x2) until calls are lost or the
# producers cannot reach it any more; then flat out.
tput() {
	target=$TPUT_START
	step=0
	while [ $step -lt "$TPUT_MAX_STEPS" ]; do
		run_rate "$1" tput $target
		[ "$lost" -eq 0 ] || break
		[ $((rate * 10)) -ge $((target * 9)) ] || break
		target=$((target * 2))
		step=$((step + 1))
	done
	run_rate "$1" flat 0
}
sas_on reader >/dev/null
tput sastrace
sas_off
trace_on sasb >/dev/null
tput kevent
trace_off
echo "BENCH info done_uptime=$(up)"

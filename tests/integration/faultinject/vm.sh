#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Runs inside the test VM (debug kernel only: CONFIG_FAILSLAB,
# CONFIG_FAIL_PAGE_ALLOC, fail-nth): every fault-injection point that
# loading sastrace.ko passes through, and every one a write to its uprobes=
# parameter passes through, made to fail once, one after the other
# (./fitool: finit_module() or write() with /proc/thread-self/fail-nth = N).
# After each attempt: is the module loaded, does a plain insmod + rmmod
# work; for the parameter, its value and stats' uprobes_attached. A marker
# line "lockfault: ... nth=N" goes to the kernel log before each attempt;
# the log is printed once at the end (section kmsg) and `check` splits it.
# kmemleak is scanned by the guest's /init at the end (vm.sh fails on leaks).
# The kernel log must hold every attempt's lines: a big ring.
# vm-append: log_buf_len=8M
D=/sys/kernel/debug/sastrace
F=/sys/kernel/debug
P=/sys/module/sastrace/parameters/uprobes
T=./fitool
sec() { echo "=== $1"; }
mark() { echo "<6>lockfault: $*" > /dev/kmsg; }
# The walks' budgets: seconds of VM time (KASAN + TCG) since the start.
BUDGET_LOAD=${FI_BUDGET_LOAD:-180}
BUDGET=${FI_BUDGET:-240}
t0=$(cut -d. -f1 /proc/uptime)
elapsed() { echo $(($(cut -d. -f1 /proc/uptime) - t0)); }
field() { echo "$2" | sed -n "s/.*$1=\\([^ ]*\\).*/\\1/p"; }
loaded() { test -d /sys/module/sastrace && echo 1 || echo 0; }

sec setup
# Sleeping (GFP_KERNEL) and highmem-flagged (vmalloc's pages) allocations
# are exempt by default; page allocations of order 0 too. No messages: the
# walk knows from fail-nth whether it injected.
for a in failslab fail_page_alloc; do
	for k in ignore-gfp-wait ignore-gfp-highmem; do
		[ -e $F/$a/$k ] && echo N > $F/$a/$k
	done
	echo 0 > $F/$a/verbose
done
echo 0 > $F/fail_page_alloc/min-order
for f in failslab/ignore-gfp-wait fail_page_alloc/ignore-gfp-wait \
	fail_page_alloc/ignore-gfp-highmem fail_page_alloc/min-order; do
	echo "$f $(cat $F/$f)"
done
test -w /proc/self/fail-nth && echo "fail-nth present"
# The first load taints the kernel (out-of-tree, unsigned): its messages
# come once, here, not in the walk.
insmod "$KO"; echo "warmup insmod rc=$?"
rmmod sastrace; echo "warmup rmmod rc=$?"

# The loads name a uprobes= target: init looks its path up and registers
# it. How many points a whole load passes; a load refused by init's first
# check (buffer_kb), before any of init's allocations. The walk starts a
# little before the latter.
sec count
U="uprobes=$BIN/cases:0x1000"
big=1000000
full=$($T load $big "$KO" "$U")
echo "full $full loaded=$(loaded)"
rmmod sastrace; echo "full rmmod rc=$?"
refused=$($T load $big "$KO" "buffer_kb=3 $U")
echo "refused $refused loaded=$(loaded)"
npoints=$((big - $(field remaining "$full")))
nrefused=$((big - $(field remaining "$refused")))
start=$((nrefused - ${FI_MARGIN:-6}))
[ $start -ge 1 ] || start=1
echo "points full=$npoints refused=$nrefused start=$start"

sec walk-load
# Point by point from start, with one shortcut for long runs of one
# outcome (the kretprobes' 2 x 64 identical instances, kmemleak's own
# allocation after each of them, load_module()'s tail after init): after 4
# failures in a row at the same step (points the kernel absorbed do not
# break a row), or 6 absorbed points in a row past the last step (uprobes),
# gallop (+8, +16, +32, ...) to the first point with another outcome, then
# bisect back to where it starts, and walk point by point from there. So
# every change of step is walked point by point, and the walk stays bounded.
# A plain insmod + rmmod after the first failure at each step.
# (Points drift by a few between loads: KASAN's stack depot, kmemleak's
# pool, per-CPU chunks.)
mark "walk-load begin"
try=0
# attempt N TAG: one load with fail-nth=N; sets rc, rem, step, class and
# prints the attempt's line (TAG: gallop or bisect, if any).
attempt() {
	try=$((try + 1))
	mark "load nth=$1 try=$try"
	out=$($T load "$1" "$KO" "$U")
	l=$(loaded) rm=- plain=-
	if [ "$l" = 1 ]; then
		rmmod sastrace; rm=$?
	fi
	rc=$(field rc "$out") rem=$(field remaining "$out")
	step=$(dmesg | sed -n "/lockfault: load nth=$1 try=$try\$/,\$p" |
		sed -n 's/^.*sastrace: load failed at \(.*\): -[0-9]*$/\1/p' | head -n 1)
	if [ "$rem" != 0 ]; then class=end
	elif [ "$rc" = 0 ]; then class=absorbed
	elif [ -n "$step" ]; then class=$step
	else class=pre-init
	fi
	if [ "$class" != absorbed ] && [ "$class" != end ]; then
		case " $seen " in
		*" $class "*) ;;
		*)	seen="$seen $class"
			insmod "$KO" && rmmod sastrace; plain=$? ;;
		esac
	fi
	echo "load $out loaded=$l rmmod=$rm step=$(echo "${step:--}" | tr ' ' _) plain=$plain${2:+ $2}"
}
over() { [ "$(elapsed)" -ge "$BUDGET_LOAD" ]; }
# inside N TAG: is point N still in the run of $key (failures at that
# step, or, in the tail past the last step, absorbed points)? An absorbed
# point inside a run of failures is told by its neighbour N+1: the run's
# failures and kmemleak's absorbed allocations alternate. Sets at: the
# point that decided.
inside() {
	at=$1
	attempt "$1" "$2"
	[ "$class" = "$key" ] && return 0
	[ "$class" = absorbed ] || return 1
	at=$(($1 + 1))
	attempt $at "$2"
	[ "$class" = "$key" ]
}
n=$start key='' same=0 absorbed=0 seen=''
stop=
while :; do
	if over; then stop="time budget ${BUDGET_LOAD}s spent"; break; fi
	attempt $n
	[ "$class" = end ] && break
	if [ "$class" = absorbed ]; then
		absorbed=$((absorbed + 1))
	else
		absorbed=0
		if [ "$class" = "$key" ]; then same=$((same + 1)); else key=$class same=1; fi
	fi
	if { [ $same -ge 4 ] && [ "$key" != pre-init ]; } ||
	   { [ $absorbed -ge 6 ] && case " $seen " in *" uprobes "*) true ;; *) false ;; esac; }; then
		[ $absorbed -ge 6 ] && key=absorbed
		lo=$n d=8 hi=
		while ! over; do
			if inside $((lo + d)) gallop; then
				lo=$at d=$((d * 2))
			else
				hi=$((lo + d))
				break
			fi
		done
		[ -n "$hi" ] || continue
		while [ $((hi - lo)) -gt 2 ] && ! over; do
			mid=$(((lo + hi) / 2))
			if inside $mid bisect && [ "$at" -lt $hi ]; then lo=$at; else hi=$mid; fi
		done
		n=$lo same=0 absorbed=0
	fi
	n=$((n + 1))
done
mark "walk-load end"
echo "stop=${stop:-done} seconds=$(elapsed)"

# uprobes= at runtime: the old targets must stay attached on any failure.
sec walk-param
old="$BIN/cases:0x1000"
new="$BIN/storm:0x1000,$BIN/pollcheck:0x1000"
insmod "$KO" uprobes="$old"; echo "insmod rc=$?"
echo "before value=$(cat $P) attached=$(sed -n 's/^uprobes_attached //p' $D/stats)"
mark "walk-param begin"
n=1 stop=
while :; do
	if [ "$(elapsed)" -ge "$BUDGET" ]; then
		stop="time budget ${BUDGET}s spent"
		break
	fi
	mark "param nth=$n try=$n"
	out=$($T write $n $P "$new")
	echo "param $out value=$(cat $P) attached=$(sed -n 's/^uprobes_attached //p' $D/stats)"
	[ "$(field remaining "$out")" = 0 ] || break
	# An injected failure the kernel absorbed: back to the old targets.
	[ "$(field rc "$out")" = 0 ] && echo "$old" > $P
	n=$((n + 1))
done
mark "walk-param end"
echo "stop=${stop:-done} seconds=$(elapsed)"
rmmod sastrace; echo "final rmmod rc=$?"
insmod "$KO"; echo "final insmod rc=$?"
rmmod sastrace; echo "final rmmod2 rc=$?"

sec kmsg
dmesg | sed -n '/lockfault: walk-load begin/,$p'
sec end
! test -d /sys/module/sastrace

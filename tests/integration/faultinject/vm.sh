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
# Its walks take about 3 minutes, more on a busy host (their budgets below).
# vm-timeout: 420
D=/sys/kernel/debug/sastrace
F=/sys/kernel/debug
P=/sys/module/sastrace/parameters/uprobes
T=./fitool
sec() { echo "=== $1"; }
mark() { echo "<6>lockfault: $*" > /dev/kmsg; }
# The walks' budgets: seconds of VM time (KASAN + TCG) since the start,
# within the vm-timeout above. The load walk takes about 170 s (80
# loads), a fill a few loads more; on a host busy with other work a load
# takes longer, not the walk more loads.
BUDGET_LOAD=${FI_BUDGET_LOAD:-330}
BUDGET=${FI_BUDGET:-380}
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
# Points drift by a few between loads (KASAN's stack depot and vmalloc
# shadow, kmemleak's pool, slab and per-CPU refills), more after other
# tests' loads in a shared boot: a step of a few points (signal hook,
# uprobes) can fall between two loads' numbers, under a gallop or a
# bisection. So the walk also knows init's steps by name, in order
# (module/main.c, module/hooks.c's list): when it reaches the end with a
# step it never failed, it walks again, point by point, the window where
# that step's points must be (after the last point that failed an earlier
# step), up to 3 times (each load drifts anew), until one fails there.
STEPS="ring:debugfs:syscall hooks:signal hook:uprobes"
mark "walk-load begin"
try=0
# rank CLASS: 0 pre-init, I for the Ith of $STEPS, 9 end, - otherwise
# (absorbed: its place is unknown).
rank() {
	case $1 in
	pre-init) echo 0; return ;;
	end) echo 9; return ;;
	esac
	_r=0 _o=$IFS
	IFS=:
	for _s in $STEPS; do
		_r=$((_r + 1))
		[ "$_s" = "$1" ] && { IFS=$_o; echo $_r; return; }
	done
	IFS=$_o
	echo -
}
: >/tmp/fi-ranks
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
	r=$(rank "$class")
	[ "$r" = - ] || echo "$1 $r" >>/tmp/fi-ranks
	echo "load $out loaded=$l rmmod=$rm step=$(echo "${step:--}" | tr ' ' _) plain=$plain${2:+ $2}"
}
over() { [ "$(elapsed)" -ge "$BUDGET_LOAD" ]; }
# inside N TAG: is point N still in the run of $key? In the tail past the
# last step ($key absorbed): N is absorbed. In a run of failures at a step:
# N fails that step, or an earlier one (another load's drift). An absorbed
# point there is told by the next ones, up to 3 (kmemleak's and the stack
# depot's allocations come between the step's). Sets at: the point that
# decided.
inside() {
	at=$1
	attempt "$1" "$2"
	if [ "$key" = absorbed ]; then
		[ "$class" = absorbed ]
		return
	fi
	_k=0
	while [ "$class" = absorbed ] && [ $_k -lt 3 ]; do
		_k=$((_k + 1))
		at=$(($1 + _k))
		attempt $at "$2"
	done
	[ "$class" = "$key" ] || earlier "$class" "$key"
}
# earlier A B: is class A a step (or pre-init) before step B in $STEPS?
earlier() {
	_a=$(rank "$1") _b=$(rank "$2")
	[ "$_a" != - ] && [ "$_b" != - ] && [ "$_a" -lt "$_b" ]
}
# fill: each step of $STEPS not failed yet: from 2 points before the
# last one that failed an earlier step to 2 past the first that failed a
# later step or ended the load (at most 12 past the former), point by
# point, up to 3 rounds, until the step fails. Returns 1 when it made no
# attempt (every step failed already).
fill() {
	_i=0 _o=$IFS _any=1
	IFS=:
	# shellcheck disable=SC2086  # split at the colons
	set -- $STEPS
	IFS=$_o
	for s in "$@"; do
		_i=$((_i + 1))
		case " $seen " in *" $s "*) continue ;; esac
		_any=0
		lo=$(awk -v i=$_i '$2 < i && $1 > m { m = $1 } END { print m + 0 }' /tmp/fi-ranks)
		hi=$(awk -v i=$_i -v lo="$lo" '$2 > i && $1 > lo && (m == "" || $1 < m) { m = $1 }
			END { print m == "" ? lo + 12 : m }' /tmp/fi-ranks)
		[ "$hi" -le $((lo + 12)) ] || hi=$((lo + 12))
		round=0
		while [ $round -lt 3 ] && ! over; do
			round=$((round + 1))
			k=$((lo - 2))
			[ $k -ge 1 ] || k=1
			while [ $k -le $((hi + 2)) ] && ! over; do
				attempt $k fill
				case " $seen " in *" $s "*) break 2 ;; esac
				k=$((k + 1))
			done
		done
	done
	return $_any
}
n=$start key='' same=0 absorbed=0 seen='' filled=
stop=
while :; do
	if over; then stop="time budget ${BUDGET_LOAD}s spent"; break; fi
	attempt $n
	if [ "$class" = end ]; then
		# A step never failed: find it, then end the walk again here
		# (the last attempt must be a load with nothing left).
		[ -z "$filled" ] || break
		filled=1
		fill || break
		key='' same=0 absorbed=0
		continue
	fi
	if [ "$class" = absorbed ]; then
		absorbed=$((absorbed + 1))
	else
		absorbed=0
		if [ "$class" = "$key" ]; then
			same=$((same + 1))
		elif ! earlier "$class" "$key"; then
			# (an earlier step's point: another load's drift)
			key=$class same=1
		fi
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

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Unit and end-to-end tests of the userspace reader, runnable anywhere: no
# module is loaded. Builds userspace/ and the tests (into tests/unit/build/),
# runs the C unit tests, then runs the real `sastrace` binary against fake
# debugfs/sysfs trees written by gen_records.
#
# Every check prints "ok - <name>" or "not ok - <name>: <why>"; the last
# line is "N passed, N failed". Exit status is non-zero on any failure.

set -u
cd "$(dirname "$0")/../.." || exit 1
TOP=$PWD
BUILD=$TOP/tests/unit/build
SAS=$TOP/userspace/sastrace
CFLAGS="-O2 -Wall -Wextra -Werror -std=gnu11 -I$TOP/module -I$TOP/userspace -I$TOP/tests/unit"
passed=0
failed=0

ok() { echo "ok - $1"; passed=$((passed + 1)); }
not_ok() { echo "not ok - $1: $2"; failed=$((failed + 1)); }
finish() {
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
	exit
}
oneline() { head -c 400 "$@" | tr '\n' '|'; }

# --- build -----------------------------------------------------------------

if out=$(make -C userspace 2>&1); then
	if grep -qi 'warning' <<<"$out"; then
		not_ok "make -C userspace" "warnings: $(grep -i warning <<<"$out" | head -3 | tr '\n' '|')"
	else
		ok "make -C userspace"
	fi
else
	echo "$out"
	not_ok "make -C userspace" "build failed"
	finish
fi

mkdir -p "$BUILD"
U=$TOP/userspace
build() { # NAME SOURCES...
	local name=$1
	shift
	rm -f "$BUILD/$name"	# a failed build must not leave an old binary
	if out=$(gcc $CFLAGS -o "$BUILD/$name" "$@" 2>&1); then
		ok "build $name"
	else
		not_ok "build $name" "$(tr '\n' '|' <<<"$out" | head -c 600)"
	fi
}
# The parsers of untrusted input (records, altstacks lines, load options)
# are tested from their sources with ASan and UBSan: a read or write out of
# bounds is a failure even where the result looks right.
SAN="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
# The kind table (module/format.c) names each kind's JSON encoder
# (userspace/json.c): whatever links the one links the other.
build test_format tests/unit/test_format.c "$U/format.o" "$U/format_out.o" \
	"$U/json.o"
build test_json tests/unit/test_json.c "$U/json.o" "$U/format.o" \
	"$U/format_out.o"
build test_records $SAN tests/unit/test_records.c "$U/records.c" "$U/paths.c" \
	"$U/msg.c" module/format.c module/format_out.c "$U/json.c"
build test_altstacks $SAN tests/unit/test_altstacks.c "$U/altstacks.c" \
	"$U/debugfs_lines.c" "$U/json.c" module/format.c module/format_out.c \
	"$U/paths.c" "$U/msg.c"
build test_risks $SAN tests/unit/test_risks.c "$U/risks.c" \
	"$U/debugfs_lines.c" "$U/json.c" module/format.c module/format_out.c \
	"$U/paths.c" "$U/msg.c"
build test_load $SAN tests/unit/test_load.c "$U/kmod_ops.c" "$U/elfsym.c" \
	"$U/paths.c" "$U/msg.c" -lkmod -lelf
build test_prometheus $SAN tests/unit/test_prometheus.c "$U/prometheus.c" \
	"$U/msg.c"
build test_journal_fields $SAN tests/unit/test_journal_fields.c \
	"$U/journal_fields.c"
build test_summary $SAN tests/unit/test_summary.c "$U/summary.c" \
	"$U/json.c" module/format.c module/format_out.c
build test_cgroups $SAN tests/unit/test_cgroups.c "$U/cgroups.c" \
	"$U/mountinfo.c"
build test_mountinfo $SAN tests/unit/test_mountinfo.c "$U/mountinfo.c"
build test_symfmt $SAN tests/unit/test_symfmt.c "$U/json.c" module/format.c \
	module/format_out.c
build symlookup $SAN tests/unit/symlookup.c "$U/symbols.c" "$U/elfsym.c" \
	"$U/mountinfo.c" \
	"$U/json.c" module/format.c module/format_out.c -lelf
build gen_records tests/unit/gen_records.c
build abi tests/lib/abi.c "$U/format.o" "$U/format_out.o" "$U/json.o"
[ "$failed" -eq 0 ] || finish

# The record ABI as the sources describe it (tests/lib/abi.c): the sizes and
# the version the messages below name are computed, never copied.
"$BUILD/abi" >"$BUILD/abi.txt" || { not_ok "abi" "tests/lib/abi.c failed"; finish; }
abi() { awk -v k="$1" '$1 == k { print $2 }' "$BUILD/abi.txt"; }
ABI_VERSION=$(abi version)
ABI_HEADER=$(abi header_size)
ABI_CALL_MIN=$(abi call_min_payload)

# --- C unit tests ----------------------------------------------------------

for t in test_format test_json test_records test_altstacks test_risks test_load \
	 test_prometheus test_journal_fields test_summary test_cgroups test_symfmt \
	 test_mountinfo; do
	# Messages the code under test prints on stderr become comments.
	# A sanitizer's report exits 99: a failure whatever was printed.
	out=$(ASAN_OPTIONS=detect_leaks=1:exitcode=99 \
	      UBSAN_OPTIONS=print_stacktrace=1:exitcode=99 \
	      "$BUILD/$t" 2>"$BUILD/$t.stderr")
	rc=$?
	echo "$out"
	sed 's/^/# stderr: /' "$BUILD/$t.stderr"
	p=$(grep -c '^ok - ' <<<"$out")
	f=$(grep -c '^not ok - ' <<<"$out")
	passed=$((passed + p))
	failed=$((failed + f))
	if [ "$rc" -gt 1 ]; then
		not_ok "$t" "crashed or a sanitizer report (status $rc), see its # stderr lines"
	elif [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		not_ok "$t" "exited with status $rc"
	fi
done

# --- end to end, against fake trees ----------------------------------------

T=$(mktemp -d /tmp/sastrace-e2e.XXXXXX) || finish
trap 'rm -rf "$T"' EXIT
# The reader's cgroup2 mount: a tree of plain directories, each cgroup's id
# its inode number (the root cgroup's id, 1, is none of them: unknown, so
# the fixtures' root-cgroup records print as before).
mkdir -p "$T/cg/a/b" "$T/cg/ab" "$T/cg/sp ace"
export SASTRACE_CGROUP2=$T/cg

# fake NAME SCENARIO: $T/NAME/debugfs from gen_records, $T/NAME/module.
fake() {
	mkdir -p "$T/$1/module" && "$BUILD/gen_records" "$T/$1/debugfs" "$2"
}

# reader_bg NAME ARGS...: the real binary on fake tree NAME. For background
# runs: signals go straight to it, wait_exit() bounds its time.
reader_bg() {
	local name=$1
	shift
	SASTRACE_DEBUGFS=$T/$name/debugfs SASTRACE_SYSFS_MODULE=$T/$name/module \
		SASTRACE_NO_ROOT_CHECK=1 exec "$SAS" "$@"
}

# reader NAME ARGS...: the same in the foreground, bounded in time.
reader() {
	local name=$1
	shift
	SASTRACE_DEBUGFS=$T/$name/debugfs SASTRACE_SYSFS_MODULE=$T/$name/module \
		SASTRACE_NO_ROOT_CHECK=1 timeout 20 "$SAS" "$@"
}

# expect NAME RC OUT_FILE ERR_FILE CMD...: exact stdout, stderr and status.
expect() {
	local name=$1 want_rc=$2 want_out=$3 want_err=$4 rc
	shift 4
	"$@" >"$T/out" 2>"$T/err"
	rc=$?
	if [ "$rc" -ne "$want_rc" ]; then
		not_ok "$name" "exit status $rc, want $want_rc; stderr: $(oneline "$T/err")"
	elif ! cmp -s "$want_out" "$T/out"; then
		not_ok "$name" "stdout differs: $(diff "$want_out" "$T/out" | oneline)"
	elif ! cmp -s "$want_err" "$T/err"; then
		not_ok "$name" "stderr is '$(oneline "$T/err")', want '$(oneline "$want_err")'"
	else
		ok "$name"
	fi
}

# line FILE TEXT...: FILE holds these lines.
lines() {
	local f=$1
	shift
	printf '%s\n' "$@" >"$f"
}
: >"$T/empty"

# Background runs: each gets its own output files (bg_files sets $out and
# $err to new empty ones), so what an earlier run wrote can never satisfy a
# wait; and every wait that times out is the test's failure.

bg_files() {
	out=$(mktemp "$T/bg-out.XXXXXX") && err=$(mktemp "$T/bg-err.XXXXXX")
}

# wait_lines FILE N: until FILE has N lines; 1 after 5 s.
wait_lines() {
	local i
	for i in $(seq 100); do
		[ "$(wc -l <"$1")" -ge "$2" ] && return 0
		sleep 0.05
	done
	return 1
}

# wait_syscall PID NR: until PID is blocked in system call NR; 1 after 5 s.
wait_syscall() {
	local i nr
	for i in $(seq 100); do
		read -r nr _ <"/proc/$1/syscall" 2>/dev/null && [ "$nr" = "$2" ] &&
			return 0
		sleep 0.05
	done
	return 1
}

# wait_exit PID: its exit status, or 124 after killing it if it hangs (5 s).
wait_exit() {
	local i
	for i in $(seq 100); do
		kill -0 "$1" 2>/dev/null || break
		sleep 0.05
	done
	if kill -0 "$1" 2>/dev/null; then
		kill -KILL "$1"
		wait "$1"
		return 124
	fi
	wait "$1"
}

# stop_bg PID: end a background run that a failed wait left behind.
stop_bg() {
	kill -KILL "$1" 2>/dev/null
	wait "$1" 2>/dev/null
}

fake basic basic
fake oldversion oldversion
fake badmagic badmagic
fake many many

# The "basic" records, merged: D A E B F C (B and F tie: cpu0 first).
cat >"$T/basic.txt" <<'END'
0.000000500 cpu=1 pid=1 tid=1 comm=\x01tab\x09\xff compat sigaltstack({ss_sp=0x1000, ss_flags=SS_DISABLE|0x4, ss_size=4096}, NULL) = -22 EINVAL
1.000000100 cpu=0 pid=100 tid=100 comm=sleep kprobe sigaltstack({ss_sp=0x7f1200, ss_flags=SS_ONSTACK|SS_AUTODISARM, ss_size=8192}, NULL) = 0
2.000000000 cpu=1 pid=100 tid=100 comm=0123456789abcdef kprobe sigaltstack(NULL, {ss_sp=NULL, ss_flags=SS_DISABLE, ss_size=0}) = 0
3.000000000 cpu=0 pid=200 tid=201 comm=a\x20b"c\x5cd kprobe sigaltstack(0xdead000, 0x1000) = -14 EFAULT
3.000000000 cpu=1 pid=300 tid=300 comm=sleep unknown sigaltstack({ss_sp=0x2000, ss_flags=0x4 /* SS_??? */, ss_size=2048}, NULL) = -200
5.000000000 cpu=0 pid=100 tid=102 comm=sleep uprobe sigaltstack({ss_sp=NULL, ss_flags=SS_DISABLE, ss_size=0}, {ss_sp=0x7f1200, ss_flags=SS_ONSTACK, ss_size=8192}) = 0 caller=sleep+0x1234
END
cat >"$T/basic.json" <<'END'
{"ts_ns":500,"ts":"0.000000500","cpu":1,"pid":1,"tid":1,"comm":"\u0001tab\u0009\u00ff","hook":"compat","ss":{"sp":"0x1000","flags":6,"flag_names":["SS_DISABLE","0x4"],"size":4096},"old_ss":null,"ret":-22,"errno":"EINVAL","cgroup":null,"cgroup_id":1,"ns_pid":1,"ns_tid":1}
{"ts_ns":1000000100,"ts":"1.000000100","cpu":0,"pid":100,"tid":100,"comm":"sleep","hook":"kprobe","ss":{"sp":"0x7f1200","flags":2147483649,"flag_names":["SS_ONSTACK","SS_AUTODISARM"],"size":8192},"old_ss":null,"ret":0,"errno":null,"cgroup":null,"cgroup_id":1,"ns_pid":100,"ns_tid":100}
{"ts_ns":2000000000,"ts":"2.000000000","cpu":1,"pid":100,"tid":100,"comm":"0123456789abcdef","hook":"kprobe","ss":null,"old_ss":{"sp":"0x0","flags":2,"flag_names":["SS_DISABLE"],"size":0},"ret":0,"errno":null,"cgroup":null,"cgroup_id":1,"ns_pid":100,"ns_tid":100}
{"ts_ns":3000000000,"ts":"3.000000000","cpu":0,"pid":200,"tid":201,"comm":"a b\"c\\d","hook":"kprobe","ss":{"addr":"0xdead000","error":"unreadable"},"old_ss":{"addr":"0x1000","error":"not_written"},"ret":-14,"errno":"EFAULT","cgroup":null,"cgroup_id":1,"ns_pid":200,"ns_tid":201}
{"ts_ns":3000000000,"ts":"3.000000000","cpu":1,"pid":300,"tid":300,"comm":"sleep","hook":"unknown","ss":{"sp":"0x2000","flags":4,"flag_names":["0x4"],"size":2048},"old_ss":null,"ret":-200,"errno":null,"cgroup":null,"cgroup_id":1,"ns_pid":300,"ns_tid":300}
{"ts_ns":5000000000,"ts":"5.000000000","cpu":0,"pid":100,"tid":102,"comm":"sleep","hook":"uprobe","ss":{"sp":"0x0","flags":2,"flag_names":["SS_DISABLE"],"size":0},"old_ss":{"sp":"0x7f1200","flags":1,"flag_names":["SS_ONSTACK"],"size":8192},"ret":0,"errno":null,"late_ss":true,"caller":{"file":"sleep","offset":"0x1234","addr":"0x55d0c0001234"},"cgroup":null,"cgroup_id":1,"ns_pid":100,"ns_tid":102}
END
sel() { sed -n "$2" "$T/$1"; }

expect "e2e text output merged across CPUs" 0 "$T/basic.txt" "$T/empty" \
	reader basic --count 6
expect "e2e 'trace' command is the default" 0 "$T/basic.txt" "$T/empty" \
	reader basic trace --count 6
expect "e2e json output" 0 "$T/basic.json" "$T/empty" \
	reader basic --json --count 6
if python3 -c 'import json,sys; [json.loads(l) for l in sys.stdin]' <"$T/out" 2>"$T/pyerr"; then
	ok "e2e json lines parse with python3 json"
else
	not_ok "e2e json lines parse with python3 json" "$(oneline "$T/pyerr")"
fi
if LC_ALL=C grep -q '[^ -~]' "$T/out"; then
	not_ok "e2e json is plain ASCII" "non-ASCII bytes in output"
else
	ok "e2e json is plain ASCII"
fi

sel basic.txt 1,2p >"$T/want"
expect "e2e --count 2 stops after two" 0 "$T/want" "$T/empty" \
	reader basic --count 2
sel basic.txt '2p;3p;6p' >"$T/want"
expect "e2e --pid matches the tgid" 0 "$T/want" "$T/empty" \
	reader basic --pid 100 --count 3
sel basic.txt '2p;5p;6p' >"$T/want"
expect "e2e --comm matches exactly" 0 "$T/want" "$T/empty" \
	reader basic --comm sleep --count 3
sel basic.txt '4p' >"$T/want"
expect "e2e --comm with escaped characters" 0 "$T/want" "$T/empty" \
	reader basic --comm 'a b"c\d' --count 1
sel basic.txt '2p;6p' >"$T/want"
expect "e2e --pid and --comm together" 0 "$T/want" "$T/empty" \
	reader basic --pid=100 --comm=sleep --count 2
sel basic.json '5p' >"$T/want"
expect "e2e --json with a filter" 0 "$T/want" "$T/empty" \
	reader basic --json --pid 300 --count 1

# Many records over several read rounds: all there, in time order.
reader many --count 10000 >"$T/many.out" 2>"$T/err"
rc=$?
if [ "$rc" -eq 0 ] && [ "$(wc -l <"$T/many.out")" -eq 10000 ] &&
   awk '{ split($1, t, "."); ns = t[1] * 1000000000 + t[2];
	  if (NR > 1 && ns != prev + 1) exit 1; prev = ns }' "$T/many.out"; then
	ok "e2e 10000 records from two CPUs merged in order"
else
	not_ok "e2e 10000 records from two CPUs merged in order" "status $rc, $(wc -l <"$T/many.out") lines, $(oneline "$T/err")"
fi

# A partial record waits for its end (the module never does that, but a
# reader must not decode half a record).
fake split split
bg_files
reader_bg split --count 2 >"$out" 2>"$err" &
pid=$!
if ! wait_lines "$out" 1; then
	stop_bg $pid
	not_ok "e2e a partial record is completed by the next read" "no first line after 5 s; stderr: $(oneline "$err")"
else
	sleep 0.2
	n1=$(wc -l <"$out")
	cat "$T/split/debugfs/rest" >>"$T/split/debugfs/sastrace/per_cpu/cpu0/raw"
	wait_exit $pid
	rc=$?
	if [ "$n1" -eq 1 ] && [ "$rc" -eq 0 ] &&
	   [ "$(cut -d' ' -f5 "$out" | tr '\n' ' ')" = "comm=first comm=second " ]; then
		ok "e2e a partial record is completed by the next read"
	else
		not_ok "e2e a partial record is completed by the next read" "lines before: $n1, status $rc, out: $(oneline "$out")"
	fi
fi

# SIGINT / SIGTERM: status 0, and a summary with the growth of `dropped`.
# The reader starts late, and so does its output redirection (as a
# background job's can on a loaded machine): the signal must still come
# only once it has printed, i.e. once its handlers are in place. Output in
# a file an earlier run wrote would let it come too early.
for sig in INT TERM; do
	name="e2e SIG$sig exits 0 with the drop summary"
	fake "sig$sig" basic
	bg_files
	(sleep 0.3; reader_bg "sig$sig" >"$out" 2>"$err") &
	pid=$!
	if ! wait_lines "$out" 6; then
		stop_bg $pid
		not_ok "$name" "not 6 lines after 5 s: $(oneline "$out")"
		continue
	fi
	if [ $sig = INT ]; then
		sed -i 's/^dropped 5$/dropped 12/' "$T/sig$sig/debugfs/sastrace/stats"
		lines "$T/want_err" "sastrace: 6 records printed, 7 dropped by the kernel (ring full)"
	else
		lines "$T/want_err" "sastrace: 6 records printed, 0 dropped by the kernel (ring full)"
	fi
	kill -$sig $pid
	wait_exit $pid
	rc=$?
	if [ "$rc" -eq 0 ] && cmp -s "$out" "$T/basic.txt" && cmp -s "$err" "$T/want_err"; then
		ok "$name"
	else
		not_ok "$name" "status $rc, stderr: $(oneline "$err")"
	fi
done

# SIGINT / SIGTERM while the reader is blocked writing to a pipe nobody
# reads (`sastrace | sleep 1000` with the pipe full): it must end promptly,
# non-zero, saying why; the summary follows.
fake stall many
mkfifo "$T/stall.fifo"
for sig in INT TERM; do
	name="e2e SIG$sig while blocked writing to a full pipe ends the reader"
	exec 3<>"$T/stall.fifo"	# a reader of the pipe that never reads
	bg_files
	reader_bg stall >"$T/stall.fifo" 2>"$err" &
	pid=$!
	if ! wait_syscall $pid 1; then
		stop_bg $pid
		exec 3<&-
		not_ok "$name" "never blocked in write(2) within 5 s; stderr: $(oneline "$err")"
		continue
	fi
	kill -$sig $pid
	wait_exit $pid
	rc=$?
	if [ "$rc" -eq 1 ] &&
	   [ "$(sed -n 1p "$err")" = "sastrace: stopped by SIG$sig while writing to stdout (nothing was reading it?): output is incomplete" ] &&
	   sed -n 2p "$err" | grep -qE '^sastrace: [0-9]+ records printed, 0 dropped by the kernel \(ring full\)$' &&
	   [ "$(wc -l <"$err")" -eq 2 ]; then
		ok "$name"
	else
		not_ok "$name" "status $rc (124: still blocked after 5 s), stderr: $(oneline "$err")"
	fi
	exec 3<&-	# the last end: what the run left in the pipe goes
done

# The module going away (its sysfs dir disappears) ends the trace, non-zero.
fake gone basic
bg_files
reader_bg gone >"$out" 2>"$err" &
pid=$!
name="e2e module unloaded during a trace: message and non-zero exit"
if ! wait_lines "$out" 6; then
	stop_bg $pid
	not_ok "$name" "not 6 lines after 5 s: $(oneline "$out")"
else
	rmdir "$T/gone/module"
	wait_exit $pid
	rc=$?
	lines "$T/want_err" "sastrace: the sastrace module was unloaded: trace ended after 6 records"
	if [ "$rc" -ne 0 ] && [ "$rc" -ne 124 ] && cmp -s "$out" "$T/basic.txt" &&
	   cmp -s "$err" "$T/want_err"; then
		ok "$name"
	else
		not_ok "$name" "status $rc, stderr: $(oneline "$err")"
	fi
fi

# Errors: exact message, non-zero status, nothing on stdout.
notloaded() {
	SASTRACE_DEBUGFS=$T/basic/debugfs SASTRACE_SYSFS_MODULE=$T/nonexistent \
		SASTRACE_NO_ROOT_CHECK=1 "$SAS" "$@"
}
lines "$T/want_err" "sastrace: the sastrace module is not loaded (run: sastrace load)"
expect "e2e trace: module not loaded" 1 "$T/empty" "$T/want_err" notloaded --count 1
expect "e2e stats: module not loaded" 1 "$T/empty" "$T/want_err" notloaded stats
lines "$T/want_err" "sastrace: unload failed: the sastrace module is not loaded"
expect "e2e unload: module not loaded" 1 "$T/empty" "$T/want_err" notloaded unload

lines "$T/want_err" "sastrace: record version 3 from cpu 1 is not supported by this reader (expects 4 or $ABI_VERSION)"
expect "e2e an older record version is refused" 1 "$T/empty" "$T/want_err" \
	reader oldversion --count 2

# Cgroups and pid namespaces (ABI version 5), and a version 4 module's
# record among them: the path under the reader's cgroup2 mount, found by
# the directory's inode number; the namespace pids when they differ.
ino() { stat -c %i "$T/cg$1"; }
mkdir -p "$T/cgroups/module"
if CG_ROOT=$(ino /) CG_A=$(ino /a) CG_B=$(ino /a/b) CG_AB=$(ino /ab) \
   CG_SP=$(ino "/sp ace") "$BUILD/gen_records" "$T/cgroups/debugfs" cgroups; then
	ok "gen_records cgroups"
else
	not_ok "gen_records cgroups" "failed"
fi
lines "$T/cg.txt" \
	"0.000001000 cpu=0 pid=10 tid=10 comm=root kprobe sigaltstack(NULL, NULL) = 0" \
	"0.000001500 cpu=1 pid=14 tid=14 comm=lost kprobe sigaltstack(NULL, NULL) = 0 cgroup=999999999999" \
	"0.000001800 cpu=0 pid=17 tid=17 comm=inab kprobe sigaltstack(NULL, NULL) = 0 cgroup=/ab" \
	"0.000002000 cpu=0 pid=11 tid=11 comm=ina kprobe sigaltstack(NULL, NULL) = 0 cgroup=/a" \
	"0.000002500 cpu=1 pid=15 tid=15 comm=old kprobe sigaltstack(NULL, NULL) = 0" \
	"0.000003000 cpu=0 pid=12 tid=13 comm=inb kprobe sigaltstack(NULL, NULL) = 0 nspid=1 nstid=2 cgroup=/a/b" \
	"0.000003500 cpu=1 pid=16 tid=16 comm=sig signal deliver SIGSEGV handler=0x401136 frame=0x4c8e40 altstack={ss_sp=0x4c0000, ss_flags=0, ss_size=65536} headroom=36416 nspid=1 cgroup=/a/b" \
	"0.000004000 cpu=1 pid=18 tid=18 comm=space kprobe sigaltstack(NULL, NULL) = 0 cgroup=/sp\x20ace"
expect "e2e cgroups: cgroup= and nspid= at the end, only when not the root's" \
	0 "$T/cg.txt" "$T/empty" reader cgroups --count 8
C='"ss":null,"old_ss":null,"ret":0,"errno":null'
lines "$T/cg.json" \
	"{\"ts_ns\":1000,\"ts\":\"0.000001000\",\"cpu\":0,\"pid\":10,\"tid\":10,\"comm\":\"root\",\"hook\":\"kprobe\",$C,\"cgroup\":\"/\",\"cgroup_id\":$(ino /),\"ns_pid\":10,\"ns_tid\":10}" \
	"{\"ts_ns\":1500,\"ts\":\"0.000001500\",\"cpu\":1,\"pid\":14,\"tid\":14,\"comm\":\"lost\",\"hook\":\"kprobe\",$C,\"cgroup\":null,\"cgroup_id\":999999999999,\"ns_pid\":14,\"ns_tid\":14}" \
	"{\"ts_ns\":1800,\"ts\":\"0.000001800\",\"cpu\":0,\"pid\":17,\"tid\":17,\"comm\":\"inab\",\"hook\":\"kprobe\",$C,\"cgroup\":\"/ab\",\"cgroup_id\":$(ino /ab),\"ns_pid\":17,\"ns_tid\":17}" \
	"{\"ts_ns\":2000,\"ts\":\"0.000002000\",\"cpu\":0,\"pid\":11,\"tid\":11,\"comm\":\"ina\",\"hook\":\"kprobe\",$C,\"cgroup\":\"/a\",\"cgroup_id\":$(ino /a),\"ns_pid\":11,\"ns_tid\":11}" \
	"{\"ts_ns\":2500,\"ts\":\"0.000002500\",\"cpu\":1,\"pid\":15,\"tid\":15,\"comm\":\"old\",\"hook\":\"kprobe\",$C}" \
	"{\"ts_ns\":3000,\"ts\":\"0.000003000\",\"cpu\":0,\"pid\":12,\"tid\":13,\"comm\":\"inb\",\"hook\":\"kprobe\",$C,\"cgroup\":\"/a/b\",\"cgroup_id\":$(ino /a/b),\"ns_pid\":1,\"ns_tid\":2}" \
	"{\"ts_ns\":3500,\"ts\":\"0.000003500\",\"cpu\":1,\"pid\":16,\"tid\":16,\"comm\":\"sig\",\"hook\":\"signal\",\"event\":\"deliver\",\"signo\":11,\"signal\":\"SIGSEGV\",\"handler\":\"0x401136\",\"frame\":\"0x4c8e40\",\"altstack\":{\"sp\":\"0x4c0000\",\"flags\":0,\"flag_names\":[],\"size\":65536},\"headroom\":36416,\"frame_size\":null,\"cgroup\":\"/a/b\",\"cgroup_id\":$(ino /a/b),\"ns_pid\":1,\"ns_tid\":1}" \
	"{\"ts_ns\":4000,\"ts\":\"0.000004000\",\"cpu\":1,\"pid\":18,\"tid\":18,\"comm\":\"space\",\"hook\":\"kprobe\",$C,\"cgroup\":\"/sp ace\",\"cgroup_id\":$(ino "/sp ace"),\"ns_pid\":18,\"ns_tid\":18}"
expect "e2e cgroups --json: cgroup, cgroup_id, ns_pid, ns_tid on version 5 records" \
	0 "$T/cg.json" "$T/empty" reader cgroups --json --count 8
sed -n '4p;6p;7p' "$T/cg.txt" >"$T/want"
expect "e2e --cgroup /a: /a and /a/b, not /ab, not a version 4 record" \
	0 "$T/want" "$T/empty" reader cgroups --cgroup /a --count 3
sed -n '6p;7p' "$T/cg.txt" >"$T/want"
expect "e2e --cgroup DIR/a/b (a directory of the mount): not /a" \
	0 "$T/want" "$T/empty" reader cgroups --cgroup "$T/cg/a/b/" --count 2
sed -n '1p;3p;4p;6,8p' "$T/cg.txt" >"$T/want"
expect "e2e --cgroup /: every cgroup the mount shows" \
	0 "$T/want" "$T/empty" reader cgroups --cgroup / --count 6
sed -n '6p' "$T/cg.txt" >"$T/want"
expect "e2e --cgroup with --pid" \
	0 "$T/want" "$T/empty" reader cgroups --cgroup /a --pid 12 --count 1
lines "$T/want_err" "sastrace: --cgroup /nope: no such cgroup (neither a directory of the cgroup2 mount $T/cg nor a path in it)"
expect "e2e --cgroup of no cgroup: exit 2" 2 "$T/empty" "$T/want_err" \
	reader cgroups --cgroup /nope --count 1
lines "$T/want_err" "sastrace: --cgroup /a/../..: $T is not in the cgroup2 mount $T/cg"
expect "e2e --cgroup above the mount: exit 2" 2 "$T/empty" "$T/want_err" \
	reader cgroups --cgroup /a/../.. --count 1
expect "e2e summary --cgroup of no cgroup: exit 2" 2 "$T/empty" \
	"$T/want_err" reader cgroups summary --cgroup /a/../.. --duration 1

# A newer module (payloads only grow by appending): larger records, stepped
# over by their own size, printed from the fields this reader knows.
fake newer newer
lines "$T/want" \
	"0.000001500 cpu=1 pid=7 tid=8 comm=newer kprobe sigaltstack({ss_sp=0x10000, ss_flags=0, ss_size=16384}, NULL) = 0" \
	"0.000002000 cpu=0 pid=5 tid=5 comm=v3 kprobe sigaltstack(NULL, NULL) = 0" \
	"0.000003000 cpu=1 pid=7 tid=9 comm=newer2 kprobe sigaltstack(NULL, NULL) = -14 EFAULT"
expect "e2e newer, larger call records (304 bytes) are read" 0 \
	"$T/want" "$T/empty" reader newer --count 3
fake big big
for i in 0 1 2 3 4; do
	echo "0.00000100$i cpu=0 pid=1 tid=10$i comm=big kprobe sigaltstack(NULL, NULL) = 0"
done >"$T/want"
expect "e2e records of 8192 bytes (the largest taken) are read" 0 \
	"$T/want" "$T/empty" reader big --count 5
fake oversize oversize
lines "$T/want_err" "sastrace: record version $ABI_VERSION from cpu 1 has size 8200: not a sane record size ($ABI_HEADER to 8192, a multiple of 8)"
expect "e2e a record larger than 8192 bytes is refused" 1 "$T/empty" \
	"$T/want_err" reader oversize --count 2
fake undersize undersize
lines "$T/want_err" "sastrace: call record from cpu 1 has a $((200 - ABI_HEADER))-byte payload, less than the $ABI_CALL_MIN bytes of its first version: not a sastrace record"
expect "e2e a call payload shorter than its first version's is refused" 1 \
	"$T/empty" "$T/want_err" reader undersize --count 2

# A much newer module: every known record with a longer payload, and kinds
# this reader does not know in between: the known ones print exactly as
# before, the others are skipped, counted and said once; not an error.
fake future future
cp "$T/basic.txt" "$T/want"
echo "6.000000000 cpu=1 pid=42 tid=43 comm=sig signal deliver SIGSEGV handler=0x401136 frame=0x4c8e40 altstack={ss_sp=0x4c0000, ss_flags=0, ss_size=65536} headroom=36416 frame_size=29120" >>"$T/want"
lines "$T/want_err" "sastrace: skipped 3 records of kinds this reader does not know (99, 7)"
expect "e2e future: unknown kinds skipped and counted, longer payloads read" \
	0 "$T/want" "$T/want_err" reader future --count 7
cp "$T/basic.json" "$T/want"
echo '{"ts_ns":6000000000,"ts":"6.000000000","cpu":1,"pid":42,"tid":43,"comm":"sig","hook":"signal","event":"deliver","signo":11,"signal":"SIGSEGV","handler":"0x401136","frame":"0x4c8e40","altstack":{"sp":"0x4c0000","flags":0,"flag_names":[],"size":65536},"headroom":36416,"frame_size":29120,"cgroup":null,"cgroup_id":1,"ns_pid":42,"ns_tid":43}' >>"$T/want"
expect "e2e future --json: the same records, the same message" \
	0 "$T/want" "$T/want_err" reader future --json --count 7
lines "$T/want_err" "sastrace: record from cpu 1 has bad magic 0xdeadbeef (expected 0x54534153): not a sastrace stream"
expect "e2e bad magic is refused" 1 "$T/empty" "$T/want_err" \
	reader badmagic --count 2 --json

mkdir -p "$T/nodebugfs/debugfs" "$T/nodebugfs/module"
lines "$T/want_err" "sastrace: $T/nodebugfs/debugfs/sastrace/per_cpu does not exist although the module is loaded (see dmesg)"
expect "e2e missing debugfs files" 1 "$T/empty" "$T/want_err" \
	reader nodebugfs --count 1

cp "$T/basic/debugfs/sastrace/stats" "$T/want"
expect "e2e stats prints the stats file" 0 "$T/want" "$T/empty" reader basic stats

# altstacks: the file as it is, or JSON; a line it cannot read is an error.
lines "$T/basic/debugfs/sastrace/altstacks" \
	"pid=10 tid=10 comm=main ss_sp=0x7f0000 ss_flags=0 ss_size=65536 on_stack=0" \
	"pid=10 tid=11 comm=work\x20er ss_sp=0x7e0000 ss_flags=SS_ONSTACK ss_size=8192 on_stack=1"
cp "$T/basic/debugfs/sastrace/altstacks" "$T/want"
expect "e2e altstacks prints the file" 0 "$T/want" "$T/empty" reader basic altstacks
lines "$T/want" \
	'{"pid":10,"tid":10,"comm":"main","altstack":{"sp":"0x7f0000","flags":0,"flag_names":[],"size":65536},"on_stack":false}' \
	'{"pid":10,"tid":11,"comm":"work er","altstack":{"sp":"0x7e0000","flags":1,"flag_names":["SS_ONSTACK"],"size":8192},"on_stack":true}'
expect "e2e altstacks --json" 0 "$T/want" "$T/empty" reader basic altstacks --json
echo "garbage" >>"$T/basic/debugfs/sastrace/altstacks"
lines "$T/want_err" "sastrace: $T/basic/debugfs/sastrace/altstacks: unexpected line 'garbage'"
head -n 2 "$T/want" >"$T/want2"
expect "e2e altstacks --json: a bad line is an error" 1 "$T/want2" "$T/want_err" \
	reader basic altstacks --json
lines "$T/want_err" "sastrace: unknown option '--bogus' (see: sastrace help)"
expect "e2e altstacks: unknown option" 2 "$T/empty" "$T/want_err" \
	reader basic altstacks --bogus
# prctl(PR_SET_NAME, "") gives any user an empty comm: still listed.
lines "$T/basic/debugfs/sastrace/altstacks" \
	"pid=12 tid=13 comm= ss_sp=0x7f0000 ss_flags=0 ss_size=65536 on_stack=0"
lines "$T/want" \
	'{"pid":12,"tid":13,"comm":"","altstack":{"sp":"0x7f0000","flags":0,"flag_names":[],"size":65536},"on_stack":false}'
expect "e2e altstacks --json: an empty comm" 0 "$T/want" "$T/empty" \
	reader basic altstacks --json
: >"$T/basic/debugfs/sastrace/altstacks"
expect "e2e altstacks: no thread has one" 0 "$T/empty" "$T/empty" \
	reader basic altstacks --json

# risks: the file as it is, or JSON; a line it cannot read is an error.
lines "$T/basic/debugfs/sastrace/risks" \
	"pid=20 comm=go\x20app risk=mixed_onstack onstack=SIGSEGV|SIGBUS plain=SIGINT" \
	"pid=20 tid=21 comm=worker risk=no_altstack onstack=SIGSEGV|SIGBUS"
cp "$T/basic/debugfs/sastrace/risks" "$T/want"
expect "e2e risks prints the file" 0 "$T/want" "$T/empty" reader basic risks
lines "$T/want" \
	'{"pid":20,"comm":"go app","risk":"mixed_onstack","onstack":["SIGSEGV","SIGBUS"],"plain":["SIGINT"]}' \
	'{"pid":20,"tid":21,"comm":"worker","risk":"no_altstack","onstack":["SIGSEGV","SIGBUS"]}'
expect "e2e risks --json" 0 "$T/want" "$T/empty" reader basic risks --json
echo "garbage" >>"$T/basic/debugfs/sastrace/risks"
lines "$T/want_err" "sastrace: $T/basic/debugfs/sastrace/risks: unexpected line 'garbage'"
expect "e2e risks --json: a bad line is an error" 1 "$T/want" "$T/want_err" \
	reader basic risks --json
lines "$T/want_err" "sastrace: unknown option '--bogus' (see: sastrace help)"
expect "e2e risks: unknown option" 2 "$T/empty" "$T/want_err" \
	reader basic risks --bogus
: >"$T/basic/debugfs/sastrace/risks"
expect "e2e risks: nothing at risk" 0 "$T/empty" "$T/empty" \
	reader basic risks --json
# A line longer than any the module prints is an error, not half a line.
python3 -c 'print("pid=1 comm=x risk=no_altstack onstack=" + "|".join(["SIGSEGV"] * 400))' \
	>"$T/basic/debugfs/sastrace/risks"
lines "$T/want_err" "sastrace: $T/basic/debugfs/sastrace/risks: a line longer than 2046 bytes"
expect "e2e risks: an overlong line is an error" 1 "$T/empty" "$T/want_err" \
	reader basic risks
rm "$T/basic/debugfs/sastrace/risks"
lines "$T/want_err" "sastrace: cannot open $T/basic/debugfs/sastrace/risks: No such file or directory"
expect "e2e risks: no risks file (an older module)" 1 "$T/empty" "$T/want_err" \
	reader basic risks

# load: the kprobes check comes first; a debugfs kprobes dir satisfies it.
mkdir -p "$T/basic/debugfs/kprobes"
lines "$T/want_err" "sastrace: load failed: module already loaded"
expect "e2e load: already loaded" 1 "$T/empty" "$T/want_err" reader basic load
rmdir "$T/basic/debugfs/kprobes"
lines "$T/kallsyms" "ffffffff81000000 T _stext" "ffffffff81000010 T register_kprobes"
lines "$T/want_err" "sastrace: kernel built without CONFIG_KPROBES: sastrace cannot trace sigaltstack on it"
SASTRACE_KALLSYMS=$T/kallsyms expect "e2e load: kernel without kprobes" 1 \
	"$T/empty" "$T/want_err" reader basic load
lines "$T/kallsyms" "ffffffff81000000 T _stext" "ffffffff81000010 T register_kprobe"
export SASTRACE_KALLSYMS=$T/kallsyms

# load --buffer-kb: the module's range, in decimal whatever the zeros; the
# module gets the number, not the text ("already loaded" is what a value
# that passes meets in the fake tree: nothing is loaded).
for v in 3 0 65537 4294967300 0x40 -1 +64 " 64" "64 " 1e3 ""; do
	lines "$T/want_err" "sastrace: --buffer-kb: '$v' is not a number from 4 to 65536"
	expect "e2e load --buffer-kb '$v' is refused" 2 "$T/empty" \
		"$T/want_err" reader basic load --buffer-kb "$v"
done
zeros=$(printf '0%.0s' $(seq 120))
lines "$T/want_err" "sastrace: load failed: module already loaded"
for v in 4 65536 "${zeros}64" 0010 "${zeros}65536"; do
	expect "e2e load --buffer-kb ${v:0:12}... (${#v} chars) is taken" 1 \
		"$T/empty" "$T/want_err" reader basic load --buffer-kb "$v"
done
lines "$T/want_err" "sastrace: --buffer-kb: '${zeros}65537' is not a number from 4 to 65536"
expect "e2e load --buffer-kb 65537 after 120 zeros is refused" 2 "$T/empty" \
	"$T/want_err" reader basic load --buffer-kb "${zeros}65537"

# Usage errors: status 2.
lines "$T/want_err" "sastrace: unknown option '--bogus' (see: sastrace help)"
expect "e2e unknown option" 2 "$T/empty" "$T/want_err" reader basic --bogus
lines "$T/want_err" "sastrace: unknown command 'bogus' (see: sastrace help)"
expect "e2e unknown command" 2 "$T/empty" "$T/want_err" reader basic bogus
lines "$T/want_err" "sastrace: option '--count' needs a value (see: sastrace help)"
expect "e2e option without its value" 2 "$T/empty" "$T/want_err" reader basic --count
lines "$T/want_err" "sastrace: --count: '0' is not a number from 1 to 18446744073709551615"
expect "e2e --count 0" 2 "$T/empty" "$T/want_err" reader basic --count 0
lines "$T/want_err" "sastrace: --pid: '12x' is not a number from 0 to 4294967295"
expect "e2e --pid not a number" 2 "$T/empty" "$T/want_err" reader basic --pid 12x
lines "$T/want_err" "sastrace: --comm: '0123456789abcdefg' is longer than the 15 bytes the kernel keeps of a comm"
expect "e2e --comm too long" 2 "$T/empty" "$T/want_err" reader basic --comm 0123456789abcdefg
lines "$T/want_err" "sastrace: unexpected argument 'extra' (see: sastrace help)"
expect "e2e stray argument" 2 "$T/empty" "$T/want_err" reader basic stats extra
# The option named is the one given, short ones in a cluster too.
lines "$T/want_err" "sastrace: unknown option '-x' (see: sastrace help)"
expect "e2e unknown short option in a cluster (-xq)" 2 "$T/empty" \
	"$T/want_err" reader basic -xq
expect "e2e trace --json -xq names -x" 2 "$T/empty" "$T/want_err" \
	reader basic trace --json -xq
expect "e2e stats -x" 2 "$T/empty" "$T/want_err" reader basic stats -x
lines "$T/want_err" "sastrace: unknown option '-q' (see: sastrace help)"
expect "e2e altstacks --json -q" 2 "$T/empty" "$T/want_err" \
	reader basic altstacks --json -q
lines "$T/want_err" "sastrace: unknown option '--bogus' (see: sastrace help)"
expect "e2e unknown long option with a value" 2 "$T/empty" "$T/want_err" \
	reader basic --bogus=3
lines "$T/want_err" "sastrace: option '--json' takes no value (see: sastrace help)"
expect "e2e --json=1" 2 "$T/empty" "$T/want_err" reader basic --count 1 --json=1
lines "$T/want_err" "sastrace: option '--no-libc' takes no value (see: sastrace help)"
expect "e2e uprobe-param --no-libc=1" 2 "$T/empty" "$T/want_err" \
	"$SAS" uprobe-param --no-libc=1
lines "$T/want_err" "sastrace: option '--pid' needs a value (see: sastrace help)"
expect "e2e --pid without its value, after --json" 2 "$T/empty" \
	"$T/want_err" reader basic --json --pid

# --version: the one version, dkms.conf's PACKAGE_VERSION.
ver=$(sed -n 's/^PACKAGE_VERSION="\([^"]*\)"$/\1/p' dkms.conf)
lines "$T/want" "sastrace $ver"
if [ -n "$ver" ]; then
	expect "e2e --version prints dkms.conf's version" 0 "$T/want" \
		"$T/empty" "$SAS" --version
else
	not_ok "e2e --version prints dkms.conf's version" "no PACKAGE_VERSION in dkms.conf"
fi
lines "$T/want_err" "sastrace: unexpected argument 'x' (see: sastrace help)"
expect "e2e --version x" 2 "$T/empty" "$T/want_err" "$SAS" --version x

# stdout that cannot be written (a full disk): every command fails, saying so.
lines "$T/want_err" "sastrace: cannot write to stdout: No space left on device"
full() { # NAME CMD...: status 1 and that one line
	local name=$1 rc
	shift
	"$@" >/dev/full 2>"$T/err"
	rc=$?
	if [ "$rc" -eq 1 ] && cmp -s "$T/err" "$T/want_err"; then
		ok "$name"
	else
		not_ok "$name" "exit status $rc, want 1; stderr: $(oneline "$T/err")"
	fi
}
full "e2e help >/dev/full fails" "$SAS" help
full "e2e stats --help >/dev/full fails" reader basic stats --help
full "e2e --version >/dev/full fails" "$SAS" --version
full "e2e stats >/dev/full fails" reader basic stats
full "e2e uprobe-param >/dev/full fails" "$SAS" uprobe-param --no-libc \
	--uprobe "$BUILD/test_format:main"
lines "$T/basic/debugfs/sastrace/altstacks" \
	"pid=10 tid=10 comm=main ss_sp=0x7f0000 ss_flags=0 ss_size=65536 on_stack=0"
full "e2e altstacks >/dev/full fails" reader basic altstacks
full "e2e altstacks --json >/dev/full fails" reader basic altstacks --json
full "e2e trace --count >/dev/full fails" reader basic --count 6
full "e2e trace --json --count >/dev/full fails" reader basic --json --count 6

# `make modules` that cannot build: it fails with one line saying what to do.
# make_says NAME PATTERN MAKE_ARGS...
make_says() {
	local name=$1 pattern=$2 rc
	shift 2
	make -s -C "$TOP" modules "$@" >"$T/out" 2>&1
	rc=$?
	if [ "$rc" -ne 0 ] && [ "$(wc -l <"$T/out")" -eq 1 ] &&
	   grep -q "$pattern" "$T/out"; then
		ok "$name"
	else
		not_ok "$name" "status $rc: $(oneline "$T/out")"
	fi
}
make_says "e2e make modules without kernel headers says what to install" \
	'no kernel headers in /lib/modules/0.0.0-sastrace-none/build: install linux-headers-0.0.0-sastrace-none .*or pass KDIR=' \
	KVER=0.0.0-sastrace-none
make_says "e2e make modules KDIR=<not a build dir> says so" \
	"KDIR=$T/empty-kdir is no kernel build directory" KDIR="$T/empty-kdir"

# Not root: every command but help refuses, before touching anything. As
# root, the check is run as nobody (setpriv); otherwise as this user.
if [ "$(id -u)" -ne 0 ] || command -v setpriv >/dev/null; then
	chmod 755 "$T"
	mkdir -p "$T/bin"
	cp "$SAS" "$T/bin/sastrace"
	chmod 755 "$T/bin" "$T/bin/sastrace"
	nobody() {
		if [ "$(id -u)" -ne 0 ]; then
			env -u SASTRACE_NO_ROOT_CHECK "$T/bin/sastrace" "$@"
			return
		fi
		env -u SASTRACE_NO_ROOT_CHECK setpriv --reuid=65534 --regid=65534 \
			--clear-groups "$T/bin/sastrace" "$@"
	}
	lines "$T/want_err" "sastrace: must be run as root (debugfs files and module loading need it)"
	expect "e2e not root: trace" 1 "$T/empty" "$T/want_err" nobody --count 1
	expect "e2e not root: stats" 1 "$T/empty" "$T/want_err" nobody stats
	expect "e2e not root: load" 1 "$T/empty" "$T/want_err" nobody load --buffer-kb 64
	expect "e2e not root: unload" 1 "$T/empty" "$T/want_err" nobody unload
	nobody help >"$T/out" 2>&1
	if [ $? -eq 0 ] && head -1 "$T/out" | grep -q '^usage: sastrace'; then
		ok "e2e not root: help works"
	else
		not_ok "e2e not root: help works" "$(oneline "$T/out")"
	fi
else
	not_ok "e2e not root" "running as root without setpriv (util-linux)"
fi

# uprobe-param: the uprobes= value `load` would pass, from libelf.
elf_offset() { # FILE SYMBOL: the symbol's file offset, by readelf
	python3 - "$1" "$2" <<'PY'
import re, subprocess, sys
f, sym = sys.argv[1], sys.argv[2]
syms = subprocess.run(['readelf', '-Ws', f], capture_output=True, text=True).stdout
val = None
for l in syms.splitlines():
    p = l.split()
    if len(p) >= 8 and p[3] == 'FUNC' and p[6] != 'UND' and re.fullmatch(re.escape(sym) + r'(@.*)?', p[7]):
        val = int(p[1], 16)
        break
ph = subprocess.run(['readelf', '-lW', f], capture_output=True, text=True).stdout
for l in ph.splitlines():
    p = l.split()
    if p and p[0] == 'LOAD':
        off, va, fsz = int(p[1], 16), int(p[2], 16), int(p[4], 16)
        if val is not None and va <= val < va + fsz:
            print(hex(val - va + off))
PY
}
libc=
for l in /lib/x86_64-linux-gnu/libc.so.6 /usr/lib/x86_64-linux-gnu/libc.so.6; do
	[ -r "$l" ] && { libc=$(realpath "$l"); break; }
done
if ! command -v readelf >/dev/null || ! command -v python3 >/dev/null; then
	not_ok "e2e uprobe-param" "needs readelf (binutils) and python3"
elif [ -z "$libc" ]; then
	not_ok "e2e uprobe-param" "no libc.so.6 in /lib/x86_64-linux-gnu or /usr/lib/x86_64-linux-gnu"
else
	tf=$(realpath "$BUILD/test_format")
	lines "$T/want" "$tf:$(elf_offset "$tf" main)"
	expect "e2e uprobe-param --uprobe PATH:SYMBOL is the file offset" 0 \
		"$T/want" "$T/empty" "$SAS" uprobe-param --no-libc --uprobe "$tf:main"
	lines "$T/want" "$libc:$(elf_offset "$libc" sigaltstack)"
	expect "e2e uprobe-param finds libc's sigaltstack" 0 "$T/want" \
		"$T/empty" "$SAS" uprobe-param

	# The module takes 8 targets: the system libc counts too. The same
	# location twice is one target.
	syms="read write open close getpid kill sigaction sigprocmask"
	args=()
	for f in $syms; do
		args+=(--uprobe "$libc:$f")
	done
	lines "$T/want_err" "sastrace: --uprobe: 9 targets with the system libc, the module takes at most 8 (drop one, or add --no-libc)"
	expect "e2e uprobe-param: 8 --uprobe and the libc are 9 targets: refused" \
		1 "$T/empty" "$T/want_err" "$SAS" uprobe-param "${args[@]}"
	want=
	for f in $syms; do
		want+=${want:+,}$libc:$(elf_offset "$libc" "$f")
	done
	lines "$T/want" "$want"
	expect "e2e uprobe-param: 8 --uprobe with --no-libc are taken" 0 \
		"$T/want" "$T/empty" "$SAS" uprobe-param --no-libc "${args[@]}"
	lines "$T/want" "$libc:$(elf_offset "$libc" sigaltstack),${want#*,}"
	expect "e2e uprobe-param: the libc given again counts once" 0 \
		"$T/want" "$T/empty" "$SAS" uprobe-param \
		--uprobe "$libc" "${args[@]:2}"
fi
lines "$T/want_err" "sastrace: --uprobe /nonexistent: No such file or directory"
expect "e2e uprobe-param: missing path" 1 "$T/empty" "$T/want_err" \
	"$SAS" uprobe-param --no-libc --uprobe /nonexistent
lines "$T/want_err" "sastrace: --uprobe $(realpath "$T/empty"): not an ELF file"
expect "e2e uprobe-param: not an ELF file" 1 "$T/empty" "$T/want_err" \
	"$SAS" uprobe-param --no-libc --uprobe "$T/empty"
lines "$T/want_err" "sastrace: --uprobe $(realpath "$BUILD/test_format"): no function symbol 'no_such_function'"
expect "e2e uprobe-param: no such symbol" 1 "$T/empty" "$T/want_err" \
	"$SAS" uprobe-param --no-libc --uprobe "$BUILD/test_format:no_such_function"
lines "$T/want_err" "sastrace: --uprobe: at most 8 targets"
expect "e2e uprobe-param: at most 8 targets" 2 "$T/empty" "$T/want_err" \
	"$SAS" uprobe-param --uprobe /a --uprobe /a --uprobe /a --uprobe /a \
	--uprobe /a --uprobe /a --uprobe /a --uprobe /a --uprobe /a

"$SAS" --help >"$T/out" 2>&1
if [ $? -eq 0 ] && head -1 "$T/out" | grep -q '^usage: sastrace'; then
	ok "e2e --help"
else
	not_ok "e2e --help" "$(oneline "$T/out")"
fi

# `sastrace summary` on the "summary" records (gen_records.c): pid 200 set a
# 2048-byte stack flagged SMALL and overflowed it: first; pid 100 set 8192,
# 16384 (cpu1), 32768 (cpu0, later in time: the last size), asked once, failed
# once with EINVAL, and had 3 deliveries (headroom 5000, 100, 300: least 100,
# lower median 300); its uprobe record and the sigaction record are not
# counted. The stats do not change: no drops.
fake sum summary
# The runs of one second each, at once (the tree's files are only read):
# sumrun NAME ARGS... in the background, replay NAME gives its output,
# stderr and status for expect.
sumrun() {
	local name=$1
	shift
	"$@" >"$T/sum-$name.out" 2>"$T/sum-$name.err"
	echo $? >"$T/sum-$name.rc"
}
replay() {
	cat "$T/sum-$1.out"
	cat "$T/sum-$1.err" >&2
	return "$(cat "$T/sum-$1.rc")"
}
sumrun text reader sum summary --duration 1 &
sumrun json reader sum summary --duration 1 --json &
sumrun pid reader sum summary --pid 100 --duration 1 &
sumrun comm reader sum summary --comm app --duration 1 &
# On a terminal the bars follow its width: 60 columns, 32 characters of bar
# (the label, count and frame take 28). script(1) (util-linux) gives the pty.
if command -v script >/dev/null; then
	SASTRACE_DEBUGFS=$T/sum/debugfs SASTRACE_SYSFS_MODULE=$T/sum/module \
		SASTRACE_NO_ROOT_CHECK=1 sumrun tty timeout 20 script -qec \
		"stty cols 60; $SAS summary --duration 1" /dev/null &
fi
wait
cat >"$T/sum.txt" <<'END'
pid    comm   set  disable  query  errors  toctou  small  deliver  overflow  onstack_unavailable  frame_fault  last_size  min_headroom  median_headroom  errnos
200    crash    1        0      0       0       0      1        0         1                    0            0       2048             -                -  -
100    app      4        0      1       1       0      0        3         0                    0            0      32768           100              300  EINVAL=1
total  -        5        0      1       1       0      1        3         1                    0            0          -           100              300  EINVAL=1
drops: none: every record was counted

@headroom[100, app]:
[64, 128)              1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|
[128, 256)             0 |                                                    |
[256, 512)             1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|
[512, 1K)              0 |                                                    |
[1K, 2K)               0 |                                                    |
[2K, 4K)               0 |                                                    |
[4K, 8K)               1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|
END
cat >"$T/sum.json" <<'END'
{"processes":[{"pid":200,"comm":"crash","set":1,"disable":0,"query":0,"errors":0,"errnos":{},"toctou":0,"small":1,"deliver":0,"overflow":1,"onstack_unavailable":0,"frame_fault":0,"last_size":2048,"min_headroom":null,"median_headroom":null,"histogram":[]},{"pid":100,"comm":"app","set":4,"disable":0,"query":1,"errors":1,"errnos":{"EINVAL":1},"toctou":0,"small":0,"deliver":3,"overflow":0,"onstack_unavailable":0,"frame_fault":0,"last_size":32768,"min_headroom":100,"median_headroom":300,"histogram":[{"min":64,"max":127,"count":1},{"min":256,"max":511,"count":1},{"min":4096,"max":8191,"count":1}]}],"total":{"pid":null,"comm":null,"set":5,"disable":0,"query":1,"errors":1,"errnos":{"EINVAL":1},"toctou":0,"small":1,"deliver":3,"overflow":1,"onstack_unavailable":0,"frame_fault":0,"last_size":null,"min_headroom":100,"median_headroom":300,"histogram":[{"min":64,"max":127,"count":1},{"min":256,"max":511,"count":1},{"min":4096,"max":8191,"count":1}]},"drops":{"known":true,"dropped":0,"per_cpu":[0,0],"missed":0,"taken":null,"left":0,"old":0,"lower_bounds":false}}
END
expect "e2e summary --duration 1: the table, the histogram, no drops" 0 \
	"$T/sum.txt" "$T/empty" replay text
expect "e2e summary --json: one document" 0 "$T/sum.json" "$T/empty" \
	replay json
if python3 -c 'import json,sys; d = json.load(sys.stdin); assert d["total"]["deliver"] == 3' <"$T/out" 2>"$T/pyerr"; then
	ok "e2e summary --json parses with python3 json"
else
	not_ok "e2e summary --json parses with python3 json" "$(oneline "$T/pyerr")"
fi
cat >"$T/want" <<'END'
pid    comm  set  disable  query  errors  toctou  small  deliver  overflow  onstack_unavailable  frame_fault  last_size  min_headroom  median_headroom  errnos
100    app     4        0      1       1       0      0        3         0                    0            0      32768           100              300  EINVAL=1
total  -       4        0      1       1       0      0        3         0                    0            0          -           100              300  EINVAL=1
END
sed -n '5,$p' "$T/sum.txt" >>"$T/want"
expect "e2e summary --pid: that process only" 0 "$T/want" "$T/empty" \
	replay pid
expect "e2e summary --comm: that comm only" 0 "$T/want" "$T/empty" \
	replay comm
name="e2e summary on a 60-column terminal: bars of 32"
if ! command -v script >/dev/null; then
	not_ok "$name" "no script(1) (util-linux's bsdutils)"
else
	bar=$(printf '%32s' '' | tr ' ' @)
	if grep -qxF "[64, 128)              1 |$bar|"$'\r' "$T/sum-tty.out" &&
	   grep -qxF "[128, 256)             0 |$(printf '%32s' '')|"$'\r' "$T/sum-tty.out"; then
		ok "$name"
	else
		not_ok "$name" "$(oneline "$T/sum-tty.out")"
	fi
fi
lines "$T/want_err" "sastrace: --duration: '0' is not a number from 1 to 86400"
expect "e2e summary --duration 0 is refused" 2 "$T/empty" "$T/want_err" \
	reader sum summary --duration 0
lines "$T/want_err" "sastrace: unknown option '--count' (see: sastrace help)"
expect "e2e summary takes no --count" 2 "$T/empty" "$T/want_err" \
	reader sum summary --count 3

# Drops while the summary runs (stats changes between its two readings):
# how many, per CPU, and that the counts are lower bounds. SIGINT ends it
# (exit 0) once it waits in ppoll() (x86-64: 271), i.e. after its first
# reading of stats.
name="e2e summary: SIGINT ends it; drops meanwhile are lower bounds"
fake sumdrop summary
bg_files
reader_bg sumdrop summary >"$out" 2>"$err" &
pid=$!
if ! wait_syscall $pid 271; then
	stop_bg $pid
	not_ok "$name" "never waited in ppoll(2) within 5 s; stderr: $(oneline "$err")"
else
	sed -i 's/^dropped 5$/dropped 12/; s/^cpu1.dropped 3$/cpu1.dropped 10/; s/^missed 0$/missed 2/' \
		"$T/sumdrop/debugfs/sastrace/stats"
	kill -INT $pid
	wait_exit $pid
	rc=$?
	{ sed -n 1,4p "$T/sum.txt"
	  echo "drops: the kernel dropped 7 records (cpu1 7) and missed 2 calls: the counts above are lower bounds"
	  sed -n '6,$p' "$T/sum.txt"; } >"$T/want"
	if [ "$rc" -eq 0 ] && cmp -s "$out" "$T/want" && [ ! -s "$err" ]; then
		ok "$name"
	else
		not_ok "$name" "status $rc, stdout: $(diff "$T/want" "$out" | oneline), stderr: $(oneline "$err")"
	fi
fi

# Another reader took records meanwhile: the stats say 17 records were read
# from the rings (events grew by 17, unread stayed 0), the summary read the
# fixture's 12 (its uprobe and sigaction records too): 5 taken.
name="e2e summary: records another reader took are said"
fake sumtaken summary
sed -i 's/^dropped 5$/dropped 5\nunread 0/' "$T/sumtaken/debugfs/sastrace/stats"
nrec=$(SASTRACE_DEBUGFS=$T/sumtaken/debugfs SASTRACE_SYSFS_MODULE=$T/sumtaken/module \
	SASTRACE_NO_ROOT_CHECK=1 timeout -s INT 1 "$SAS" trace 2>/dev/null | wc -l)
bg_files
reader_bg sumtaken summary >"$out" 2>"$err" &
pid=$!
if ! wait_syscall $pid 271; then
	stop_bg $pid
	not_ok "$name" "never waited in ppoll(2) within 5 s; stderr: $(oneline "$err")"
else
	sed -i "s/^events 6\$/events $((6 + nrec + 5))/" \
		"$T/sumtaken/debugfs/sastrace/stats"
	kill -INT $pid
	wait_exit $pid
	rc=$?
	{ sed -n 1,4p "$T/sum.txt"
	  echo "drops: 5 records were taken by another reader: the counts above are lower bounds"
	  sed -n '6,$p' "$T/sum.txt"; } >"$T/want"
	if [ "$nrec" -eq 12 ] && [ "$rc" -eq 0 ] && cmp -s "$out" "$T/want" && [ ! -s "$err" ]; then
		ok "$name"
	else
		not_ok "$name" "records $nrec, status $rc, stdout: $(diff "$T/want" "$out" | oneline), stderr: $(oneline "$err")"
	fi
fi
fake sumtaken summary
sed -i 's/^dropped 5$/dropped 5\nunread 0/; s/^events 6$/events 28/' \
	"$T/sumtaken/debugfs/sastrace/stats"
bg_files
reader_bg sumtaken summary --json >"$out" 2>"$err" &
pid=$!
name="e2e summary --json: records another reader took"
if ! wait_syscall $pid 271; then
	stop_bg $pid
	not_ok "$name" "never waited in ppoll(2) within 5 s; stderr: $(oneline "$err")"
else
	sed -i 's/^events 28$/events 45/' "$T/sumtaken/debugfs/sastrace/stats"
	kill -INT $pid
	wait_exit $pid
	rc=$?
	sed 's/"taken":null,"left":0,"old":0,"lower_bounds":false}}$/"taken":5,"left":0,"old":0,"lower_bounds":true}}/' \
		"$T/sum.json" >"$T/want"
	if [ "$rc" -eq 0 ] && cmp -s "$out" "$T/want" && [ ! -s "$err" ]; then
		ok "$name"
	else
		not_ok "$name" "status $rc, stdout: $(diff "$T/want" "$out" | oneline), stderr: $(oneline "$err")"
	fi
fi

# Records from before the start (in the rings when it began): left out,
# and said (the 10 of the kinds a summary counts); nothing counted.
fake sumold summary-old
{ echo "pid    comm  set  disable  query  errors  toctou  small  deliver  overflow  onstack_unavailable  frame_fault  last_size  min_headroom  median_headroom  errnos"
  echo "total  -       0        0      0       0       0      0        0         0                    0            0          -             -                -  -"
  echo "old: 10 records from before the start were left out"
  echo "drops: none: every record was counted"; } >"$T/want"
expect "e2e summary: records from before the start are left out" 0 \
	"$T/want" "$T/empty" reader sumold summary --duration 1

# A record refused (bad magic, after cpu1's records): the summary of what
# was read before it, the refusal and a note on stderr, status 1.
fake sumerr summary
fake sumerr-bad badmagic
cat "$T/sumerr-bad/debugfs/sastrace/per_cpu/cpu1/raw" \
	>>"$T/sumerr/debugfs/sastrace/per_cpu/cpu1/raw"
lines "$T/want_err" \
	"sastrace: record from cpu 1 has bad magic 0xdeadbeef (expected 0x54534153): not a sastrace stream" \
	"sastrace: the summary ends at a read error (said above): its counts are lower bounds"
expect "e2e summary: a read error prints what was read, exit 1" 1 \
	"$T/sum.txt" "$T/want_err" reader sumerr summary --duration 5

# Symbol names for callers: built programs, their debug files, changed files.
. "$TOP/tests/unit/symbols.sh"

# stats --prometheus, trace --metrics-file and --journal (the service's).
. "$TOP/tests/unit/service.sh"

finish

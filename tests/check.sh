#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The whole sastrace test suite: what `make check` (and CI) runs.
#
#   tests/check.sh
#
# Steps: deps -> reader unit tests (tests/unit/run.sh) -> reader build -> for
# each kernel series (6.1 bookworm, 6.12 bookworm-backports, the KUnit/debug
# kernel; in parallel lanes): fetch, module build with W=1, sparse,
# integration workloads, initramfs, one qemu boot per integration test, the
# tests' host-side checks -> checkpatch -> 6.13 API -> DKMS.
# Every step prints `ok - NAME` or `not ok - NAME: reason`; the last line is
# `N passed, N failed`; the exit status is non-zero on any failure. Logs and
# build products go to build/check/ (gitignored); kernels are cached in
# $SASTRACE_CACHE (default /var/cache/sastrace).
#
# Integration tests, in tests/integration/, in either of two shapes:
#   NAME.vm.sh + NAME.check.py (or NAME.check, any executable NAME.check*)
#   NAME/vm.sh + NAME/check [+ NAME/build]
# vm.sh   runs in the guest as root by `sh vm.sh`, cwd = /tests/NAME, under
#         a timeout (300 s); its stdout+stderr become this test's section of
#         results.txt (kernel messages are kept apart, on another serial
#         port). Guest environment: KO=/lib/sastrace/sastrace.ko,
#         BIN=/opt/sastrace/bin (the reader `sastrace` and every
#         tests/integration/workloads/*.c, built static), VMLIB (helpers:
#         `. "$VMLIB"` for st_load, st_unload, st_events, st_as_nobody,
#         st_wait_users).
#         Busybox's `setpriv --reuid=65534 --regid=65534 --clear-groups`
#         and `su -s /bin/sh nobody -c CMD` drop root.
#         A line "# vm-append: ARGS" in vm.sh adds ARGS to the kernel
#         command line of the test's boot.
# check   runs on the host as `check SECTION_FILE KVER` (KVER also in the
#         environment). It may print its own `ok - ...`/`not ok - ...`
#         lines, which are counted; otherwise its exit status is one result
#         (its last output line is the reason on failure). A non-zero exit
#         with no `not ok` line also counts as a failure.
#         Python checks share tests/integration/checklib.py (Results,
#         Checker, stats).
# build   (optional, directory shape) runs on the host as `build OUTDIR`
#         with KDIR, KVER, REPO set; OUTDIR is copied to /tests/NAME/
#         (dynamic ELF files get their shared libraries).
# Each test gets its own boot of each kernel (a crash is pinned on it). The runner is tests/lib/guest/init.sh.
#
# Environment:
#   SASTRACE_KERNELS="6.1 6.12 debug"  kernels to test ("debug": the KUnit suites,
#                                then the integration tests on the KUnit/debug kernel)
#   SASTRACE_TESTS="smoke ..."   integration tests to run (default: all)
#   SASTRACE_LANES=N             kernel series run at once (default: nproc)
#   SASTRACE_CACHE               download/unpack cache
#   SASTRACE_VM_TIMEOUT=420      seconds for one boot, test included
#   SASTRACE_KVER_6_1 / SASTRACE_KVER_6_12   pin a kernel release
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
lib=$repo/tests/lib
out=$repo/build/check
passed=0 failed=0

rm -rf "$out"
mkdir -p "$out/logs"

ok() { echo "ok - $1"; passed=$((passed + 1)); }
not_ok() { echo "not ok - $1: $2"; failed=$((failed + 1)); }

# step NAME CMD...: run CMD with output to a log; ok, or not ok with the
# log's last line as the reason (and its tail for the reader).
step() {
	local name=$1 log
	shift
	log=$out/logs/$(echo "$name" | tr -c 'A-Za-z0-9.+_-' '_').log
	if "$@" >"$log" 2>&1; then
		ok "$name"
		return 0
	fi
	sed 's/^/# /' "$log" | tail -n 30
	not_ok "$name" "$(grep -v '^[[:space:]]*$' "$log" | tail -n 1)"
	return 1
}

summary() {
	echo "$passed passed, $failed failed"
	[[ $failed -eq 0 ]]
}

start=$(date +%s)
if ! step "deps" "$lib/deps.sh"; then
	summary
	exit 1
fi

# counted NAME CMD...: run a test runner that prints its own `ok - ` /
# `not ok - ` lines; each counts. A non-zero exit without any `not ok`
# line is one more failure, NAME.
counted() {
	local name=$1 log rc=0 n_ok n_bad
	shift
	log=$out/logs/$(echo "$name" | tr -c 'A-Za-z0-9.+_-' '_').log
	"$@" >"$log" 2>&1 || rc=$?
	n_ok=$(grep -c '^ok - ' "$log" || true)
	n_bad=$(grep -c '^not ok - ' "$log" || true)
	grep -E '^(not )?ok - ' "$log" || true
	passed=$((passed + n_ok))
	failed=$((failed + n_bad))
	if [[ $rc -ne 0 && $n_bad -eq 0 ]]; then
		sed 's/^/# /' "$log" | tail -n 30
		not_ok "$name" "$(grep -v '^[[:space:]]*$' "$log" | tail -n 1)"
	fi
}

# Reader unit tests (written with the reader).
if [[ -f $repo/tests/unit/run.sh ]]; then
	counted "reader unit tests" bash "$repo/tests/unit/run.sh"
fi

# The reader, built out of the tree (userspace/ + the shared module/format.c).
build_reader() {
	local d=$out/reader
	rm -rf "$d"
	mkdir -p "$d"
	cp -a "$repo/userspace" "$repo/module" "$d/"
	find "$d" \( -name '*.o' -o -name '*.d' -o -name sastrace -type f \) -delete
	timeout 300 make -C "$d/userspace" -j"$(nproc)"
}
reader=
if [[ -f $repo/userspace/Makefile ]] && step "reader build" build_reader; then
	reader=$out/reader/userspace/sastrace
fi

# Integration tests: "NAME" (directory) or "NAME.vm.sh" (flat) under
# tests/integration, selected by $SASTRACE_TESTS (names) or all.
itests=$repo/tests/integration
tests=()
for f in "$itests"/*/vm.sh "$itests"/*.vm.sh; do
	[[ -f $f ]] || continue
	if [[ $f == */vm.sh ]]; then t=$(basename "$(dirname "$f")"); else t=$(basename "$f" .vm.sh); fi
	if [[ -n ${SASTRACE_TESTS:-} && " $SASTRACE_TESTS " != *" $t "* ]]; then
		continue
	fi
	tests+=("$t")
done

# test_file NAME: its guest script; test_check NAME: its host check.
test_file() {
	if [[ -f $itests/$1/vm.sh ]]; then echo "$itests/$1/vm.sh"; else echo "$itests/$1.vm.sh"; fi
}
test_check() {
	local c
	for c in "$itests/$1/check" "$itests/$1".check*; do
		[[ -f $c ]] && { echo "$c"; return; }
	done
}

# Workloads shared by the flat tests: tests/integration/workloads/*.c.
build_workloads() {
	local d=$1 c
	mkdir -p "$d"
	for c in "$itests"/workloads/*.c; do
		[[ -f $c ]] || continue
		timeout 300 "${CC:-gcc}" -O2 -Wall -Wextra -Werror -static -pthread \
			-o "$d/$(basename "$c" .c)" "$c" || return 1
	done
}
bindir=$out/bin
if step "build workloads" build_workloads "$bindir"; then
	[[ -n $reader ]] && cp "$reader" "$bindir/"
else
	bindir=
fi

# run_check NAME KVER SECTION GUEST_RC: the host-side check of one test.
run_check() {
	local t=$1 kver=$2 sec=$3 grc=$4 chk log rc=0 n_ok n_bad
	chk=$(test_check "$t")
	if [[ -z $chk ]]; then
		if [[ $grc -eq 0 ]]; then ok "$t ($kver)"; else not_ok "$t ($kver)" "guest rc=$grc"; fi
		return
	fi
	log=$out/logs/check-$t-$kver.log
	if [[ -x $chk ]]; then
		env KVER="$kver" GUEST_RC="$grc" timeout 300 "$chk" "$sec" "$kver" >"$log" 2>&1 || rc=$?
	elif [[ $chk == *.py ]]; then
		env KVER="$kver" GUEST_RC="$grc" timeout 300 python3 "$chk" "$sec" "$kver" >"$log" 2>&1 || rc=$?
	else
		env KVER="$kver" GUEST_RC="$grc" timeout 300 bash "$chk" "$sec" "$kver" >"$log" 2>&1 || rc=$?
	fi
	n_ok=$(grep -c '^ok - ' "$log" || true)
	n_bad=$(grep -c '^not ok - ' "$log" || true)
	if [[ $((n_ok + n_bad)) -gt 0 ]]; then
		grep -E '^(not )?ok - |^#' "$log" || true
		passed=$((passed + n_ok))
		failed=$((failed + n_bad))
		if [[ $rc -ne 0 && $n_bad -eq 0 ]]; then
			not_ok "$t ($kver)" "check exited $rc: $(tail -n 1 "$log")"
		fi
	elif [[ $rc -eq 0 ]]; then
		ok "$t ($kver)"
	else
		sed 's/^/# /' "$log" | tail -n 20
		not_ok "$t ($kver)" "$(grep -v '^[[:space:]]*$' "$log" | tail -n 1)"
	fi
}

# `make bench` with tiny counts, so that it cannot rot: every
# configuration must give a number (tests/bench/report.py fails otherwise)
# and the JSON must parse. Its figures mean nothing.
bench_smoke() {
	SASTRACE_BENCH_OUT=$out/bench SASTRACE_BENCH_ROUNDS=1 \
		SASTRACE_BENCH_CALLS=2000 SASTRACE_BENCH_UCALLS=200 \
		SASTRACE_BENCH_TPUT_SECS=0.5 SASTRACE_BENCH_TPUT_STEPS=1 \
		timeout 600 "$repo/tests/bench/run.sh" &&
		python3 -m json.tool "$out/bench/results.json" >/dev/null
}

# run_series SERIES: one kernel series, start to end: fetch (or build) the
# kernel, build the module, boot each integration test. "debug" is the
# KUnit kernel (lockdep, KASAN, UBSAN, kmemleak, atomic-sleep checks): its
# KUnit suites run first (its first build takes ~6 minutes on 2 cores;
# cached after that), then the same integration tests. On success the
# series' "KVER=KDIR" is in $out/SERIES/kdir.
run_series() {
	local series=$1 kout=$out/$1 fetch module_ok base t sdir vmout append sec rc
	mkdir -p "$kout"
	if [[ $series == debug ]]; then
		counted "kunit" "$repo/tests/kunit/run.sh"
		fetch=("$repo/tests/kunit/kernel.sh")
	else
		fetch=("$lib/kernels.sh" fetch "$series")
	fi
	if ! step "fetch $series kernel" bash -c \
		"$(printf '%q ' "${fetch[@]}")>'$kout/kernel.env'"; then
		return 0
	fi
	# shellcheck disable=SC1091
	. "$kout/kernel.env"
	echo "$KVER=$KDIR" >"$kout/kdir"
	module_ok=1
	step "module build W=1 ($KVER)" "$lib/build-module.sh" build "$KDIR" "$kout/module" ||
		module_ok=
	step "sparse ($KVER)" "$lib/build-module.sh" sparse "$KDIR" "$kout/sparse" || true
	if [[ -z $module_ok ]]; then
		not_ok "integration ($KVER)" "sastrace.ko did not build"
		return 0
	fi

	# One boot per test, so that a crash is pinned on its test and spares
	# the others. The image: base files + that test's dir as /tests/NAME.
	base=("$kout/module/src/sastrace.ko:/lib/sastrace/sastrace.ko"
	      "$lib/guest/vmlib.sh:/lib/sastrace/vmlib.sh")
	[[ -n $bindir ]] && base+=("$bindir:/opt/sastrace/bin")
	for t in "${tests[@]}"; do
		sdir=$kout/tests/$t
		mkdir -p "$sdir"
		cp "$(test_file "$t")" "$sdir/vm.sh"
		if [[ -x $itests/$t/build ]] &&
		   ! step "build $t ($KVER)" env KDIR="$KDIR" KVER="$KVER" REPO="$repo" \
			timeout 600 "$itests/$t/build" "$sdir"; then
			continue
		fi
		step "initramfs $t ($KVER)" "$lib/initramfs.sh" "$kout/$t.cpio.gz" \
			"$lib/guest/init.sh" "${base[@]}" "$sdir:/tests/$t" || continue
		vmout=$kout/vm-$t
		append=$(sed -n 's/^# vm-append: //p' "$(test_file "$t")" | head -n 1)
		step "boot $t ($KVER)" env \
			SASTRACE_VM_APPEND="${SASTRACE_VM_APPEND:-} $append" \
			"$lib/vm.sh" "$VMLINUZ" "$kout/$t.cpio.gz" \
			"$vmout" "${SASTRACE_VM_TIMEOUT:-420}" || true
		sec=$vmout/$t.txt
		sed -n "/^=== BEGIN $t\$/,/^=== END $t rc=/p" "$vmout/results.txt" \
			2>/dev/null | sed '1d;$d' >"$sec"
		rc=$(sed -n "s/^=== END $t rc=\\([0-9]*\\)\$/\\1/p" \
			"$vmout/results.txt" 2>/dev/null)
		if [[ -z $rc ]]; then
			sed 's/^/# /' "$sec" | tail -n 20
			not_ok "$t ($KVER)" "did not finish in the guest"
			continue
		fi
		run_check "$t" "$KVER" "$sec" "$rc"
	done
	if [[ $series == 6.1 ]]; then
		step "bench smoke ($KVER)" bench_smoke || true
	fi
}

# The series run in parallel lanes, one per CPU (each qemu is one host
# thread; SASTRACE_LANES overrides): the heaviest series first, each to the
# lane with the least work so far. A lane's output is printed when all
# lanes are done; its ok / not ok lines are counted then.
read -r -a series_list <<<"${SASTRACE_KERNELS:-6.1 6.12 debug}"
# The debug kernel's first build (~6 minutes on 2 CPUs) comes first, on its
# own: built while another lane boots VMs, it would starve their tests.
if [[ " ${series_list[*]} " == *" debug "* ]]; then
	step "build the KUnit/debug kernel (cached)" "$repo/tests/kunit/kernel.sh" || true
fi
nlanes=${SASTRACE_LANES:-$(nproc)}
((nlanes > ${#series_list[@]})) && nlanes=${#series_list[@]}
((nlanes >= 1)) || nlanes=1
if ((nlanes == 1)); then
	for series in "${series_list[@]}"; do
		run_series "$series"
	done
else
	# Heaviest first: the debug series (KUnit, KASAN: slow boots) weighs 3.
	ordered=()
	[[ " ${series_list[*]} " == *" debug "* ]] && ordered+=(debug)
	for series in "${series_list[@]}"; do
		[[ $series == debug ]] || ordered+=("$series")
	done
	lane_series=() lane_work=()
	for ((i = 0; i < nlanes; i++)); do lane_series[i]=; lane_work[i]=0; done
	for series in "${ordered[@]}"; do
		best=0
		for ((i = 1; i < nlanes; i++)); do
			((lane_work[i] < lane_work[best])) && best=$i
		done
		lane_series[best]+="$series "
		w=1
		[[ $series != debug ]] || w=3
		lane_work[best]=$((lane_work[best] + w))
	done
	pids=()
	for ((i = 0; i < nlanes; i++)); do
		echo "# lane $i: ${lane_series[i]}"
		(
			for series in ${lane_series[i]}; do
				run_series "$series"
			done
		) >"$out/lane-$i.log" 2>&1 &
		pids[i]=$!
	done
	for ((i = 0; i < nlanes; i++)); do
		rc=0
		wait "${pids[i]}" || rc=$?
		cat "$out/lane-$i.log"
		passed=$((passed + $(grep -c '^ok - ' "$out/lane-$i.log" || true)))
		failed=$((failed + $(grep -c '^not ok - ' "$out/lane-$i.log" || true)))
		((rc == 0)) || not_ok "lane $i (${lane_series[i]% })" "exited $rc"
	done
fi
kdirs=()
for series in "${series_list[@]}"; do
	[[ $series != debug && -f $out/$series/kdir ]] && kdirs+=("$(cat "$out/$series/kdir")")
done

step "checkpatch" "$lib/build-module.sh" checkpatch || true

# The 6.13+ uprobe API, compile-only: no such headers install on bookworm.
for kd in "${kdirs[@]}"; do
	[[ ${kd%%=*} == 6.12.* ]] || continue
	step "module build W=1 + sparse, 6.13+ uprobe API (6.12 headers + that change)" \
		"$lib/api-6.13.sh" "${kd#*=}" "$out/api-6.13" || true
done

if [[ $(id -u) -ne 0 ]]; then
	echo "# dkms test skipped: it needs root"
elif [[ ${#kdirs[@]} -gt 0 ]]; then
	step "dkms build+install+remove" "$lib/dkms-test.sh" "${kdirs[@]}" || true
fi

echo "# $(($(date +%s) - start))s; logs in $out"
summary

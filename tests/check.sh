#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The whole sastrace test suite: what `make check` (and CI) runs.
#
#   tests/check.sh
#
# Steps: deps -> reader unit tests (tests/unit/run.sh) -> reader build -> for
# each kernel series (tests/lib/kernels.sh's Debian kernels, x86-64 and
# arm64, and the KUnit/debug kernels; in parallel lanes): fetch, module build
# with W=1 and sparse (with the kernel's own compiler), integration
# workloads, initramfs, one qemu boot per integration test, the tests'
# host-side checks, DKMS; from when the first lane is done: checkpatch ->
# Debian packages (tests/lib/deb-test.sh), and fuzz (tests/fuzz, 5 s a
# target) beside them -> the README's supported-kernels table.
#
# Results: every step and test prints `ok - NAME`, `ok - NAME # skip: why`
# or `not ok - NAME: reason`. A skip is not a pass: it is counted apart.
# The last line is always `N passed, N failed, N skipped`; the exit status
# is non-zero on any failure. Every result line, whether printed here, by
# a test runner (tests/unit/run.sh) or by a test's
# check, is counted by one helper (tally). Logs and build products go to
# build/check/ (gitignored); kernels are cached in $SASTRACE_CACHE
# (default /var/cache/sastrace).
#
# Integration tests: tests/integration/tests.list names every expected test
# and the kernel series it runs on (`NAME SERIES...`). A test runs only on
# the series listed. `not ok` when a listed test did not run on a series of
# this run (no vm.sh, its build or boot failed, no results.txt, the guest
# did not finish it, its lane died), when SASTRACE_TESTS names a test not
# in the list, and when tests/integration/ holds a test (a directory other
# than workloads/, or a NAME.vm.sh / NAME.check* file) that is not listed.
# A test is in either of two shapes:
#   NAME.vm.sh + NAME.check.py (or NAME.check, any executable NAME.check*)
#   NAME/vm.sh + NAME/check [+ NAME/build]
# vm.sh   runs in the guest as root by `sh vm.sh`, cwd = /tests/NAME, under
#         a timeout (300 s, or its "# vm-timeout: SECONDS" line's); its
#         stdout+stderr become this test's section of
#         results.txt (kernel messages are kept apart, on another serial
#         port). Its exit status is the guest rc: a non-zero one is a
#         failure of the test (`not ok - NAME (KVER) guest exit status`),
#         in addition to whatever its check says. So vm.sh must end with a
#         meaningful status (e.g. its last rmmod's), and every other
#         rmmod / reader exit code it sees must be printed for the check
#         to assert. Guest environment: KO=/lib/sastrace/sastrace.ko,
#         BIN=/opt/sastrace/bin (the reader `sastrace`, with its shared
#         libraries, and every tests/integration/workloads/*.c, built
#         static; for the guest's architecture), VMLIB (helpers:
#         `. "$VMLIB"` for st_load, st_unload, st_events, st_wait_reader, st_as_nobody,
#         st_wait_users).
#         `su -s /bin/sh nobody -c CMD` drops root (Debian's busybox
#         setpriv has no --reuid).
#         A line "# vm-append: ARGS" in vm.sh adds ARGS to the kernel
#         command line of the test's boot; "# vm-cpu: MODEL" boots it on
#         qemu's -cpu MODEL (a boot of its own).
# check   runs on the host as `check SECTION_FILE KVER`, with KVER,
#         GUEST_RC and TESTDIR (the directory that was the guest's
#         /tests/NAME: vm.sh and what build made) in the environment. It may
#         print its own `ok - ...`/`not ok - ...` lines, which are counted;
#         otherwise its exit status is one result (its last output line is
#         the reason on failure). A non-zero exit with no `not ok` line also
#         counts as a failure. A check must not skip what it cannot verify
#         (a missing tool or file is a `not ok`).
#         Python checks share tests/integration/checklib.py (Results,
#         Checker, stats).
# build   (optional, directory shape) runs on the host as `build OUTDIR`
#         with KDIR, KVER, REPO, SASTRACE_ARCH (the guest's Debian
#         architecture: amd64, arm64), CC (its compiler, e.g.
#         aarch64-linux-gnu-gcc) and SASTRACE_KO (sastrace.ko as the
#         series built it, W=1: the image's) set; OUTDIR is copied to /tests/NAME/
#         (dynamic ELF files get their shared libraries).
# The tests of a series that need the same kernel parameters share a boot
# (run_boot; a crash is pinned on the test that began and did not end).
# The runner is tests/lib/guest/init.sh.
#
# Environment:
#   SASTRACE_KERNELS="5.10 6.1 6.12 7.3 6.1-rt 7.3-rt arm64-6.1 arm64-7.3 debug debug-rt"
#                                kernels to test (`tests/lib/kernels.sh series`
#                                lists them; 6.12-rt is not in the default;
#                                "debug": the integration tests on the
#                                KUnit/debug kernel (6.1), the KUnit suites
#                                among them (tests/integration/kunit);
#                                "debug-rt": the same on its PREEMPT_RT
#                                twin (6.12), tests/kunit/kernel.sh)
#   SASTRACE_TESTS="smoke ..."   integration tests to run (default: all of
#                                tests.list); the expected tests are then
#                                only these (each on its listed series)
#   SASTRACE_LANES=N             kernel series run at once (default: nproc)
#   SASTRACE_CACHE               download/unpack cache
#   SASTRACE_VM_TIMEOUT          seconds for one boot, tests included
#                                (default: 270, plus 150 a test or its
#                                `# vm-timeout:`)
#   SASTRACE_KVER_6_1, SASTRACE_KVER_7_3, ...   pin a kernel release
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
lib=$repo/tests/lib
out=$repo/build/check
passed=0 failed=0 skipped=0

rm -rf "$out"
mkdir -p "$out/logs"

# tally < FILE: count the result lines read: `not ok - ...` is a failure,
# `ok - ... # skip...` (any case) a skip, any other `ok - ...` a pass. The
# one place where results are counted: ok/not_ok, test runners' logs
# (counted), checks' logs (run_check) and the lanes' logs all go through it.
tally() {
	local l
	while IFS= read -r l; do
		case $l in
		'not ok - '*) failed=$((failed + 1)) ;;
		'ok - '*)
			if [[ ${l,,} =~ \#[[:space:]]*skip ]]; then
				skipped=$((skipped + 1))
			else
				passed=$((passed + 1))
			fi
			;;
		esac
	done
}
ok() { echo "ok - $1"; tally <<<"ok - $1"; }
not_ok() { echo "not ok - $1: $2"; tally <<<"not ok - $1: $2"; }

# step NAME CMD...: run CMD with output to a log; ok, or not ok with the
# log's last line as the reason (and its tail for the reader).
step() {
	local name=$1 log rc=0
	shift
	log=$out/logs/$(echo "$name" | tr -c 'A-Za-z0-9.+_-' '_').log
	"$@" >"$log" 2>&1 || rc=$?
	step_result "$name" "$log" "$rc"
}
# step_result NAME LOG RC: step's verdict on a command that wrote LOG and
# exited RC.
step_result() {
	if [[ $3 -eq 0 ]]; then
		ok "$1"
		return 0
	fi
	sed 's/^/# /' "$2" | tail -n 30
	not_ok "$1" "$(grep -v '^[[:space:]]*$' "$2" | tail -n 1)"
	return 1
}

summary() {
	echo "$passed passed, $failed failed, $skipped skipped"
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
	local name=$1 log rc=0
	shift
	log=$out/logs/$(echo "$name" | tr -c 'A-Za-z0-9.+_-' '_').log
	"$@" >"$log" 2>&1 || rc=$?
	counted_log "$name" "$log" "$rc"
}
# counted_bg NAME CMD...: counted's run in the background (its pid in
# $counted_pid); counted_wait NAME PID: then its results, as counted's.
counted_bg() {
	local name=$1 log
	shift
	log=$out/logs/$(echo "$name" | tr -c 'A-Za-z0-9.+_-' '_').log
	rm -f "$log.rc"
	{ rc=0; "$@" >"$log" 2>&1 || rc=$?; echo "$rc" >"$log.rc"; } &
	counted_pid=$!
}
counted_wait() {
	local name=$1 log rc
	log=$out/logs/$(echo "$name" | tr -c 'A-Za-z0-9.+_-' '_').log
	wait "$2" || true
	rc=$(cat "$log.rc" 2>/dev/null || echo 1)
	[[ -f $log ]] || echo "check.sh: $name did not run" >"$log"
	counted_log "$name" "$log" "$rc"
}
# counted_log NAME LOG RC: count a test runner's LOG (exit status RC).
counted_log() {
	local name=$1 log=$2 rc=$3 n_bad
	n_bad=$(grep -c '^not ok - ' "$log" || true)
	grep -E '^(not )?ok - ' "$log" || true
	tally <"$log"
	if [[ $rc -ne 0 && $n_bad -eq 0 ]]; then
		sed 's/^/# /' "$log" | tail -n 30
		not_ok "$name" "$(grep -v '^[[:space:]]*$' "$log" | tail -n 1)"
	fi
}

# Reader unit tests (written with the reader).
if [[ -f $repo/tests/unit/run.sh ]]; then
	counted "reader unit tests" bash "$repo/tests/unit/run.sh"
else
	not_ok "reader unit tests" "no tests/unit/run.sh"
fi

# The reader, built out of the tree (userspace/ + the shared module/format*.c)
# into $out/reader (amd64, the host's) or $out/reader-ARCH: build_reader
# [ARCH]. Another architecture's is cross-built against its libraries in
# tests/lib/sysroot.sh's sysroot (dynamic: Debian has no static libkmod).
build_reader() {
	local arch=${1:-amd64} d=$out/reader sysroot
	local -a mk=()
	if [[ $arch != amd64 ]]; then
		d=$out/reader-$arch
		sysroot=$("$lib/sysroot.sh" "$arch") || return 1
		mk=(CC="$(cross_prefix "$arch")gcc" SYSROOT="$sysroot")
	fi
	rm -rf "$d"
	mkdir -p "$d"
	# dkms.conf: the one home of the version (`sastrace --version`).
	cp -a "$repo/userspace" "$repo/module" "$repo/dkms.conf" "$d/"
	find "$d" \( -name '*.o' -o -name '*.d' -o -name sastrace -type f \) -delete
	timeout 300 make -C "$d/userspace" -j"$(nproc)" "${mk[@]}"
}
# cross_prefix ARCH: the GNU cross compilers' prefix for a Debian ARCH
# ("" for amd64, the host's).
cross_prefix() {
	case $1 in
	amd64) echo "" ;;
	arm64) echo aarch64-linux-gnu- ;;
	*) echo "check.sh: unknown architecture $1" >&2; return 1 ;;
	esac
}
reader=
if step "reader build" build_reader; then
	reader=$out/reader/userspace/sastrace
fi

# Integration tests: the expected ones and their series are
# tests/integration/tests.list (`NAME SERIES...`); each is "NAME/"
# (directory) or "NAME.vm.sh" (flat) under tests/integration. $SASTRACE_TESTS
# (names) selects some of them; the expected tests are then only those.
itests=$repo/tests/integration
# Every series a test may be listed for (tests/lib/kernels.sh fetches all
# but debug and debug-rt, the KUnit/debug kernels).
known_series="$("$lib/kernels.sh" series) debug debug-rt"
declare -A series_of=()		# NAME -> " SERIES ... "
listed=()
if [[ -f $itests/tests.list ]]; then
	n=0
	while read -r t rest; do
		n=$((n + 1))
		[[ -n $t && $t != \#* ]] || continue
		bad=
		# "all": every kernel series; "all -S...": all but those.
		if [[ " $rest " == *" all "* ]]; then
			drop=" "
			for s in $rest; do
				if [[ $s == -* && " $known_series " == *" ${s#-} "* ]]; then
					drop+="${s#-} "
				elif [[ $s != all ]]; then
					bad+=" $s"
				fi
			done
			rest=
			for s in $known_series; do
				[[ $drop == *" $s "* ]] || rest+="$s "
			done
		fi
		for s in $rest; do
			[[ " $known_series " == *" $s "* ]] || bad+=" $s"
		done
		if [[ -z $rest || -n $bad || -v series_of[$t] ]]; then
			not_ok "tests.list line $n" "'$t $rest': want NAME SERIES... or NAME all [-SERIES...] (once; SERIES from $known_series)"
			continue
		fi
		series_of[$t]=" $rest "
		listed+=("$t")
	done <"$itests/tests.list"
else
	not_ok "tests.list" "no tests/integration/tests.list"
fi
# Every test in tests/integration must be listed: a directory (but the
# shared workloads/) or a flat NAME.vm.sh / NAME.check* file.
unlisted=()
for f in "$itests"/*/ "$itests"/*.vm.sh "$itests"/*.check*; do
	[[ -e $f ]] || continue
	t=${f%/}
	t=${t##*/}
	t=${t%.vm.sh}
	t=${t%%.check*}
	[[ $t == workloads || $t == __pycache__ || -v series_of[$t] ]] && continue
	[[ " ${unlisted[*]} " == *" $t "* ]] || unlisted+=("$t")
done
for t in "${unlisted[@]}"; do
	not_ok "tests.list: $t" "tests/integration has test $t, not listed in tests/integration/tests.list"
done
tests=()
if [[ -n ${SASTRACE_TESTS:-} ]]; then
	for t in $SASTRACE_TESTS; do
		if [[ ! -v series_of[$t] ]]; then
			not_ok "SASTRACE_TESTS: $t" "unknown test (not in tests/integration/tests.list)"
		elif [[ " ${tests[*]} " != *" $t "* ]]; then
			tests+=("$t")
		fi
	done
else
	tests=("${listed[@]}")
fi
# runs_on NAME SERIES: is NAME listed for SERIES?
runs_on() { [[ ${series_of[$1]:-} == *" $2 "* ]]; }

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

# Workloads shared by the flat tests: tests/integration/workloads/*.c, for
# the host's architecture or ARCH's: build_workloads DIR [ARCH].
build_workloads() {
	local d=$1 arch=${2:-amd64} c cc=${CC:-gcc}
	[[ $arch == amd64 ]] || cc=$(cross_prefix "$arch")gcc || return 1
	mkdir -p "$d"
	for c in "$itests"/workloads/*.c; do
		[[ -f $c ]] || continue
		timeout 300 "$cc" -O2 -Wall -Wextra -Werror -static -pthread \
			-o "$d/$(basename "$c" .c)" "$c" || return 1
	done
	# small32: small.c as a 32-bit program (ia32; AArch32 on arm64),
	# whose auxv the kernel saves as 32-bit words (the small test). No
	# gcc-multilib (it conflicts with the cross compilers): x86's uapi
	# <asm/*.h> serve both word sizes.
	case $arch in
	amd64) cc=("$cc" -m32 -idirafter /usr/include/x86_64-linux-gnu) ;;
	arm64) cc=(arm-linux-gnueabihf-gcc) ;;
	*) return 0 ;;
	esac
	timeout 300 "${cc[@]}" -O2 -Wall -Wextra -Werror -static \
		-o "$d/small32" "$itests/workloads/small.c"
}
bindir=$out/bin
if step "build workloads" build_workloads "$bindir"; then
	[[ -n $reader ]] && cp "$reader" "$bindir/"
else
	bindir=
fi
# target_bins ARCH: the reader + workloads for another architecture's
# guests, in $out/bin-ARCH, built by the first series that needs them (a
# lock: lanes run at once; their results are that lane's). Fails when they
# could not be built.
target_bins() {
	local arch=$1 d=$out/bin-$1
	(
		flock 9
		[[ -f $d.status ]] && exit 0
		if step "reader build ($arch)" build_reader "$arch" &&
		   step "build workloads ($arch)" build_workloads "$d" "$arch" &&
		   cp "$out/reader-$arch/userspace/sastrace" "$d/"; then
			echo ok >"$d.status"
		else
			echo failed >"$d.status"
		fi
	) 9>"$d.lock"
	[[ $(cat "$d.status" 2>/dev/null) == ok ]]
}

# run_check NAME KVER SECTION GUEST_RC TESTDIR: the host-side check of one
# test, plus the guest's exit status: a non-zero one fails the test too.
run_check() {
	local t=$1 kver=$2 sec=$3 grc=$4 tdir=$5 chk log rc=0 n_res n_bad
	local -a run
	chk=$(test_check "$t")
	if [[ -n $chk ]]; then
		log=$out/logs/check-$t-$kver.log
		if [[ -x $chk ]]; then
			run=("$chk")
		elif [[ $chk == *.py ]]; then
			run=(python3 "$chk")
		else
			run=(bash "$chk")
		fi
		env KVER="$kver" GUEST_RC="$grc" TESTDIR="$tdir" timeout 300 \
			"${run[@]}" "$sec" "$kver" >"$log" 2>&1 || rc=$?
		n_res=$(grep -cE '^(not )?ok - ' "$log" || true)
		n_bad=$(grep -c '^not ok - ' "$log" || true)
		if [[ $n_res -gt 0 ]]; then
			grep -E '^(not )?ok - |^#' "$log" || true
			tally <"$log"
			if [[ $rc -ne 0 && $n_bad -eq 0 ]]; then
				not_ok "$t ($kver)" "check exited $rc: $(tail -n 1 "$log")"
			fi
		elif [[ $rc -eq 0 ]]; then
			ok "$t ($kver)"
		else
			sed 's/^/# /' "$log" | tail -n 20
			not_ok "$t ($kver)" "$(grep -v '^[[:space:]]*$' "$log" | tail -n 1)"
		fi
	elif [[ $grc -eq 0 ]]; then
		ok "$t ($kver)"
	fi
	if [[ $grc -ne 0 ]]; then
		sed 's/^/# /' "$sec" | tail -n 10
		not_ok "$t ($kver) guest exit status" "vm.sh exited $grc (its section: $sec)"
	fi
}

# `make bench` with tiny counts, so that it cannot rot: every
# configuration must give a number (tests/bench/report.py fails otherwise)
# and the JSON must parse; and the regression gate: sastrace's deterministic
# (qemu -icount) cost per call may not grow by more than 10% over
# tests/bench/baseline.json (tests/bench/smoke.sh; its wall figures mean
# nothing).
# It takes the 6.1 series' kernel, module and reader (run_series: $kout,
# $reader) and the packages deps installed, instead of resolving and
# building them again.
bench_smoke() {
	SASTRACE_SKIP_DEPS=1 SASTRACE_BENCH_KERNEL_ENV=$kout/kernel.env \
		SASTRACE_BENCH_KO=$kout/module/src/sastrace.ko \
		SASTRACE_BENCH_READER=$reader \
		timeout 900 "$repo/tests/bench/smoke.sh" "$out/bench"
}

# series_append SERIES: kernel parameters every boot of SERIES gets. Debian's
# -rt kernels have neither lockdep nor DEBUG_ATOMIC_SLEEP (debug-rt has
# both); they boot with the strictest checks they do have: SLUB's
# consistency checks, red zones, poisoning and owner tracking, page
# poisoning, zeroing on free, and (7.3's KFENCE, built in with sampling
# off) a KFENCE-guarded allocation every 10 ms. A parameter a kernel
# lacks is only echoed back by it.
# Debian's x86 kernels refuse x32 system calls unless booted with
# syscall.x32=y (Debian's patch: the x32 entry returns -ENOSYS, nothing
# else changes; the x32 sigaltstack entry is in the kernel and hooked
# either way). Only the x32 test makes x32 calls, so every x86 boot gets
# it and x32 shares the series' boot instead of booting on its own.
# The debug kernels are built fully preemptible (CONFIG_PREEMPT,
# PREEMPT_RT; no PREEMPT_DYNAMIC): toctou's preempt=full changes nothing
# there, nor on any kernel without PREEMPT_DYNAMIC, and so toctou shares
# their boot (run_series_steps). debug boots with faultinject's
# log_buf_len=8M (a bigger kernel log ring, nothing else), so that
# faultinject shares the boot too: its walk finds each of init's steps by
# name, whatever the other tests' loads did to the allocation numbers
# (tests/integration/faultinject).
series_append() {
	case $1 in
	debug) echo "preempt=full log_buf_len=8M" ;;
	debug-rt) echo "preempt=full" ;;
	arm64-*) ;;
	*-rt) echo "syscall.x32=y slub_debug=FZPU page_poison=1 init_on_free=1 kfence.sample_interval=10" ;;
	*) echo "syscall.x32=y" ;;
	esac
}

# vm_append NAME: the kernel parameters NAME's boot needs (its vm.sh's
# `# vm-append:` line); tests that need the same share a boot.
vm_append() {
	sed -n 's/^# vm-append: //p' "$(test_file "$1")" | head -n 1
}

# vm_cpu NAME: the qemu CPU model NAME's boot needs (its vm.sh's
# `# vm-cpu:` line; none: vm.sh's default); tests that name another model
# than the default get boots of their own.
vm_cpu() {
	sed -n 's/^# vm-cpu: //p' "$(test_file "$1")" | head -n 1
}

# vm_image NAME: the system NAME boots (its vm.sh's `# vm-image:` line):
# none, the shared initramfs (run_boot); "debian", tests/lib/debian-image.sh's
# Debian system with systemd (run_debian), a boot of its own.
vm_image() {
	sed -n 's/^# vm-image: //p' "$(test_file "$1")" | head -n 1
}

# prepare_test NAME: NAME's guest script and build in $kout/tests/NAME, for
# the kernel of run_series ($KVER, $KDIR, $kout). Fails, with a result line
# naming NAME, when it cannot run.
# shellcheck disable=SC2153  # KVER, KDIR, VMLINUZ: run_series' kernel.env
prepare_test() {
	local t=$1 vmsh sdir arch=${ARCH:-amd64} cc
	vmsh=$(test_file "$t")
	if [[ ! -f $vmsh ]]; then
		not_ok "$t ($KVER)" "listed in tests/integration/tests.list but there is no tests/integration/$t/vm.sh nor $t.vm.sh"
		return 1
	fi
	sdir=$kout/tests/$t
	mkdir -p "$sdir"
	cp "$vmsh" "$sdir/vm.sh"
	cc=${CC:-gcc}
	[[ $arch == amd64 ]] || cc=$(cross_prefix "$arch")gcc
	if [[ -x $itests/$t/build ]] &&
	   ! step "build $t ($KVER)" env KDIR="$KDIR" KVER="$KVER" REPO="$repo" \
		SASTRACE_ARCH="$arch" CC="$cc" SASTRACE_KO="$kout/module/src/sastrace.ko" \
		timeout 600 "$itests/$t/build" "$sdir"; then
		return 1
	fi
}
# boot_timeout NAME...: seconds for a boot of these tests: 270, plus 150
# a test, or its `# vm-timeout:` (what the guest's /init gives it).
boot_timeout() {
	local t s=270 v
	for t in "$@"; do
		v=$(sed -n 's/^# vm-timeout: \([0-9][0-9]*\)$/\1/p' "$(test_file "$t")" | head -n 1)
		s=$((s + ${v:-150}))
	done
	echo "$s"
}

# run_boot APPEND NAME...: pack the tests (prepared) into one image, boot it
# once on run_series' kernel ($base, $series) with the kernel parameters
# APPEND besides the series' own, and check each from its section of
# the results. The guest runs them one after the other (tests/lib/guest/
# init.sh: each with an empty /tmp, its own kernel log, nothing of the
# previous one left running or loaded). A crash is pinned on the test that
# did not finish; the tests after it did not run. Every way out prints at
# least one result line naming each test.
run_boot() {
	local append=$1 name t sec rc arch=${ARCH:-amd64} vmout img first
	local -a dirs=()
	shift
	name=$(IFS=+; echo "$*")
	for t in "$@"; do
		dirs+=("$kout/tests/$t:/tests/$t")
	done
	img=$kout/boot-$name.cpio
	vmout=$kout/boot-$name
	if ! step "initramfs $name ($KVER)" env SASTRACE_VM_ARCH="$arch" \
		"$lib/initramfs.sh" "$img" "$lib/guest/init.sh" "${base[@]}" "${dirs[@]}"; then
		for t in "$@"; do
			not_ok "$t ($KVER)" "no image to boot"
		done
		return 0
	fi
	step "boot $name ($KVER)" env SASTRACE_VM_ARCH="$arch" \
		SASTRACE_VM_CPU="${SASTRACE_VM_CPU:-}" SASTRACE_VM_APPEND="${SASTRACE_VM_APPEND:-} $(series_append "$series") $append" \
		"$lib/vm.sh" "$VMLINUZ" "$img" \
		"$vmout" "${SASTRACE_VM_TIMEOUT:-$(boot_timeout "$@")}" || true
	for t in "$@"; do
		ln -sfn "boot-$name" "$kout/vm-$t"
	done
	if [[ ! -f $vmout/results.txt ]]; then
		for t in "$@"; do
			not_ok "$t ($KVER)" "no results.txt: the guest never ran it"
		done
		return 0
	fi
	# The test that began and did not end, if any: the boot ended in it.
	first=$(sed -n 's/^=== \(BEGIN\|END\) \([^ ]*\).*$/\1 \2/p' "$vmout/results.txt" |
		awk '$1 == "BEGIN" { open = $2 } $1 == "END" { open = "" } END { print open }')
	for t in "$@"; do
		sec=$vmout/$t.txt
		sed -n "/^=== BEGIN $t\$/,/^=== END $t rc=/p" "$vmout/results.txt" |
			sed '1d;$d' >"$sec"
		rc=$(sed -n "s/^=== END $t rc=\\([0-9]*\\)\$/\\1/p" "$vmout/results.txt")
		if [[ -n $rc ]]; then
			run_check "$t" "$KVER" "$sec" "$rc" "$kout/tests/$t"
		elif grep -qx "=== BEGIN $t" "$vmout/results.txt"; then
			sed 's/^/# /' "$sec" | tail -n 20
			not_ok "$t ($KVER)" "did not finish in the guest"
		else
			not_ok "$t ($KVER)" "did not run in the guest (the boot ended${first:+ in $first})"
		fi
	done
	# Where the boot's time went (tests/lib/guest/init.sh's TIME lines).
	echo "# boot $name ($KVER): $(sed -n 's/^vm.sh: .* after \([0-9.]*s\)$/\1/p' \
		"$out/logs/$(echo "boot $name ($KVER)" | tr -c 'A-Za-z0-9.+_-' '_').log")," \
		"$(sed -n 's/^=== TIME \([^ ]*\) \([0-9.]*\)$/\1 \2s/p' "$vmout/results.txt" |
			paste -sd ' ' | sed 's/ \([0-9][0-9.]*s\)/ \1,/g; s/,$//')"
}

# guest_debs: the Debian packages (`make deb`) for the Debian guests, built
# once a run into $out/debs (a lock: lanes run at once). Fails when they
# could not be built. (tests/lib/deb-test.sh checks a build of its own.)
guest_debs() {
	(
		flock 9
		[[ -f $out/debs.status ]] && exit 0
		if step "make deb (for the Debian guests)" timeout 900 env -u DEB_BUILD_OPTIONS \
			make -C "$repo" --no-print-directory deb DEB_OUT="$out/debs"; then
			echo ok >"$out/debs.status"
		else
			echo failed >"$out/debs.status"
		fi
	) 9>"$out/debs.lock"
	[[ $(cat "$out/debs.status" 2>/dev/null) == ok ]]
}

# run_debian NAME: a test in a Debian system (`# vm-image: debian`), on
# run_series' kernel ($VMLINUZ, which the image's own kernel package is):
# tests/lib/debian-image.sh's image (cached), booted twice through a qcow2
# overlay (the cached image is never written), with the series' kernel
# parameters. First NAME's install.sh, with a TCG thread per vCPU (no
# kprobe is armed in that boot: the packages are installed, DKMS builds
# the module; see tests/lib/vm.sh), then its vm.sh with one thread for
# both, as every tracing boot. Each boot reads a tar archive as /dev/vdb
# (the image's runner): the script as vm.sh, its name, and what NAME's
# build made; the first also the packages (guest_debs). The check gets
# both sections, one after the other; the guest rc is the first non-zero
# one. After a failed first boot the second does not run (the check says
# what is missing). Every way out prints a result line naming NAME.
run_debian() {
	local t=$1 tdir=$kout/tests/$1 vmout=$kout/debian-$1 img phase name d rc grc=0
	local thread tmo sec log
	if [[ $(vm_image "$t") != debian ]]; then
		not_ok "$t ($KVER)" "unknown '# vm-image: $(vm_image "$t")' (want debian)"
		return 0
	fi
	if [[ ${ARCH:-amd64} != amd64 ]]; then
		not_ok "$t ($KVER)" "the Debian guest is amd64 only"
		return 0
	fi
	prepare_test "$t" || return 0
	if ! step "debian image ($KVER)" bash -c \
		"$(printf '%q' "$lib/debian-image.sh") path >$(printf '%q' "$kout/debian-image")"; then
		not_ok "$t ($KVER)" "no Debian image"
		return 0
	fi
	img=$(cat "$kout/debian-image")
	if [[ $(cat "$img/kver" 2>/dev/null) != "$KVER" ]]; then
		not_ok "$t ($KVER)" "the Debian image's kernel is $(cat "$img/kver" 2>/dev/null), not $KVER"
		return 0
	fi
	if ! guest_debs; then
		not_ok "$t ($KVER)" "no packages to install (make deb failed)"
		return 0
	fi
	rm -rf "$vmout"
	mkdir -p "$vmout"
	if ! step "qcow2 overlay $t ($KVER)" qemu-img create -q -f qcow2 -b "$img/disk.img" \
		-F raw "$vmout/disk.qcow2"; then
		not_ok "$t ($KVER)" "no disk to boot"
		return 0
	fi
	sec=$vmout/$t.txt
	: >"$sec"
	for phase in install trace; do
		d=$vmout/$phase.d
		mkdir -p "$d"
		if [[ $phase == install ]]; then
			name=$t-install thread=multi
			cp "$itests/$t/install.sh" "$d/vm.sh"
			cp "$out"/debs/sastrace-dkms_*_all.deb "$out"/debs/sastrace_*_amd64.deb "$d/"
		else
			name=$t thread=single
			cp -a "$tdir/." "$d/"
		fi
		echo "$name" >"$d/name"
		tar -C "$d" -cf "$vmout/$phase.tar" .
		tmo=$(sed -n 's/^# vm-timeout: \([0-9][0-9]*\)$/\1/p' "$d/vm.sh" | head -n 1)
		step "boot $name ($KVER)" env SASTRACE_VM_TCG_THREAD=$thread \
			SASTRACE_VM_DRIVES="file=$vmout/disk.qcow2,format=qcow2,if=virtio file=$vmout/$phase.tar,format=raw,if=virtio,readonly=on" \
			SASTRACE_VM_APPEND="${SASTRACE_VM_APPEND:-} root=/dev/vda rw $(series_append "$series")" \
			"$lib/vm.sh" "$VMLINUZ" "$img/initrd.img" "$vmout/$phase" \
			"${SASTRACE_VM_TIMEOUT:-$((270 + ${tmo:-300}))}" || true
		log=$out/logs/$(echo "boot $name ($KVER)" | tr -c 'A-Za-z0-9.+_-' '_').log
		echo "# boot $name ($KVER): $(sed -n 's/^vm.sh: .* after \([0-9.]*s\)$/\1/p' "$log")," \
			"$(sed -n 's/^=== TIME \([^ ]*\) \([0-9.]*\)$/\1 \2s/p' "$vmout/$phase/results.txt" 2>/dev/null |
				paste -sd ' ' | sed 's/ \([0-9][0-9.]*s\)/ \1,/g; s/,$//')"
		sed -n "/^=== BEGIN $name\$/,/^=== END $name rc=/p" "$vmout/$phase/results.txt" 2>/dev/null |
			sed '1d;$d' >>"$sec"
		rc=$(sed -n "s/^=== END $name rc=\\([0-9]*\\)\$/\\1/p" "$vmout/$phase/results.txt" 2>/dev/null)
		if [[ -z $rc ]]; then
			sed 's/^/# /' "$sec" | tail -n 20
			if grep -qx "=== BEGIN $name" "$vmout/$phase/results.txt" 2>/dev/null; then
				not_ok "$t ($KVER)" "$name did not finish in the guest"
			else
				not_ok "$t ($KVER)" "$name did not run in the guest"
			fi
			return 0
		fi
		((grc != 0)) || grc=$rc
		((rc == 0)) || break
	done
	run_check "$t" "$KVER" "$sec" "$grc" "$tdir"
}

# run_series SERIES: one kernel series, start to end: fetch (or build) the
# kernel, build the module, boot each integration test. "debug" is the
# KUnit kernel (lockdep, KASAN, UBSAN, kmemleak, atomic-sleep checks),
# "debug-rt" its PREEMPT_RT twin (a first build takes ~6 minutes on 2
# cores; cached after that): the same integration tests, and their KUnit
# suites (the test kunit: its module loaded in the shared boot, not a boot
# of their own). On success the
# series' "KVER=KDIR CHROOT_NAME ARCH CROSS_COMPILE" (- for empty) is in
# $out/SERIES/kbuild (for the supported-kernels table).
run_series() {
	local series=$1 kout=$out/$1 t0=$SECONDS
	mkdir -p "$kout"
	# series.log: this series' results alone (the supported-kernels table).
	run_series_steps "$series" 2>&1 | tee "$kout/series.log"
	echo "$((SECONDS - t0))" >"$kout/seconds"
}
run_series_steps() {
	local series=$1 kout=$out/$1 fetch module_ok base t
	# $kout/ran/NAME: NAME got its verdict on this series (see the end).
	mkdir -p "$kout/ran"
	if [[ $series == debug || $series == debug-rt ]]; then
		# (their KUnit suites: the test kunit, in the shared boot)
		fetch=("$repo/tests/kunit/kernel.sh" "$series")
	else
		fetch=("$lib/kernels.sh" fetch "$series")
	fi
	if ! step "fetch $series kernel" bash -c \
		"$(printf '%q ' "${fetch[@]}")>'$kout/kernel.env'"; then
		return 0
	fi
	# (the debug kernel's names neither: the host's)
	unset ARCH CHROOT_NAME CROSS_COMPILE
	# shellcheck disable=SC1091
	. "$kout/kernel.env"
	echo "$KVER=$KDIR ${CHROOT_NAME:--} ${ARCH:-amd64} ${CROSS_COMPILE:--}" >"$kout/kbuild"
	module_ok=1
	# The kernel's own compiler: a chroot of its suite, or a cross gcc.
	local -a kenv=(env "CHROOT_NAME=${CHROOT_NAME:-}" "ARCH=${ARCH:-amd64}"
		       "CROSS_COMPILE=${CROSS_COMPILE:-}")
	step "module build W=1 ($KVER)" "${kenv[@]}" "$lib/build-module.sh" build "$KDIR" \
		"$kout/module" || module_ok=
	step "sparse ($KVER)" "${kenv[@]}" "$lib/build-module.sh" sparse "$KDIR" "$kout/sparse" ||
		true
	# Without a module, no test runs: each expected one is a `did not run`.
	[[ -n $module_ok ]] || return 0

	# The tests that need the same kernel parameters share a boot (a debug
	# kernel's boot costs about a minute under TCG); SASTRACE_BOOTS=each:
	# one boot per test. The image: base files + each test's dir as
	# /tests/NAME.
	base=("$kout/module/src/sastrace.ko:/lib/sastrace/sastrace.ko"
	      "$lib/guest/vmlib.sh:/lib/sastrace/vmlib.sh")
	# The guest's architecture: kernel.env's ARCH (Debian's; none: amd64).
	if [[ ${ARCH:-amd64} == amd64 ]]; then
		[[ -n $bindir ]] && base+=("$bindir:/opt/sastrace/bin")
	elif target_bins "$ARCH"; then
		base+=("$out/bin-$ARCH:/opt/sastrace/bin")
	fi
	local -A boot_of=() append_of=() cpu_of=()
	local -a boots=()
	local key p sa
	local -a group debian=()
	sa=" $(series_append "$series") "
	# preempt= (toctou's preempt=full) exists only in a PREEMPT_DYNAMIC
	# kernel; any other (5.10, the -rt kernels but 7.3's, arm64's, the
	# debug kernels: each built with its one preemption model) only echoes
	# it back: there a test that asks for it shares the series' boot.
	if [[ -f $KDIR/include/config/auto.conf ]] &&
	   ! grep -qx 'CONFIG_PREEMPT_DYNAMIC=y' "$KDIR/include/config/auto.conf"; then
		sa+="preempt=full "
	fi
	for t in "${tests[@]}"; do
		runs_on "$t" "$series" || continue
		# A Debian system's test boots on its own, after the others.
		if [[ -n $(vm_image "$t") ]]; then
			debian+=("$t")
			: >"$kout/ran/$t"
			continue
		fi
		if prepare_test "$t"; then
			# (less what every boot of the series has anyway)
			key=
			for p in $(vm_append "$t"); do
				[[ $sa == *" $p "* ]] || key+="${key:+ }$p"
			done
			append_of[$t]=$key
			cpu_of[$t]=$(vm_cpu "$t")
			[[ -z ${cpu_of[$t]} ]] || key+="${key:+ }cpu=${cpu_of[$t]}"
			[[ ${SASTRACE_BOOTS:-shared} == each ]] && key=$t
			key=${key:--}
			[[ -v boot_of[$key] ]] || boots+=("$key")
			boot_of[$key]+=" $t"
		fi
		: >"$kout/ran/$t"
	done
	for key in "${boots[@]}"; do
		read -r -a group <<<"${boot_of[$key]}"
		SASTRACE_VM_CPU=${cpu_of[${group[0]}]} \
			run_boot "${append_of[${group[0]}]}" "${group[@]}"
	done
	for t in "${debian[@]}"; do
		run_debian "$t"
	done
	if [[ $series == 6.1 ]]; then
		step "bench smoke ($KVER)" bench_smoke || true
	fi
	[[ $series == debug || $series == debug-rt ]] || dkms_series
}

# dkms_series: a real dkms add/build/install/remove for run_series'
# kernel, with its own compiler: the host's, its suite's in its chroot,
# or the cross gcc (dkms hands ARCH and CROSS_COMPILE on to make). One at
# a time per /var/lib/dkms (the host's, or a chroot's): lanes share them.
dkms_series() {
	local lock=${SASTRACE_CACHE:-/var/cache/sastrace}/dkms-${CHROOT_NAME:-host}.lock
	local -a run=(env "ARCH=${ARCH:-amd64}" "CROSS_COMPILE=${CROSS_COMPILE:-}"
		      "$lib/dkms-test.sh" "$KVER=$KDIR")
	if [[ $(id -u) -ne 0 ]]; then
		ok "dkms build+install+remove ($KVER) # skip: it needs root"
		return 0
	fi
	if [[ -n ${CHROOT_NAME:-} ]]; then
		run=("$lib/chroot.sh" run "$CHROOT_NAME" --bind "$repo" --bind "${KDIR%/usr/src/*}"
		     -- "${run[@]}")
	fi
	step "dkms build+install+remove ($KVER)" flock "$lock" "${run[@]}" || true
}

# The series run in parallel lanes, one per CPU (each qemu is one host
# thread; SASTRACE_LANES overrides), split so that the busiest lane has the
# least work (below). Each lane is a subshell writing a log
# (so that a lane that dies cannot take the run with it); with one lane
# its log is shown as it grows, with more a lane's log is printed when all
# lanes are done. The ok / not ok lines of each log are counted then.
read -r -a series_list <<<"${SASTRACE_KERNELS:-5.10 6.1 6.12 7.3 6.1-rt 7.3-rt arm64-6.1 arm64-7.3 debug debug-rt}"
# A kernel series on which no test runs was not tested: a failure.
for series in "${series_list[@]}"; do
	if [[ " $known_series " != *" $series "* ]]; then
		not_ok "SASTRACE_KERNELS: $series" "unknown kernel series (known: $known_series)"
		continue
	fi
	for t in "${tests[@]}"; do
		runs_on "$t" "$series" && continue 2
	done
	not_ok "series $series" "no integration test runs on it (tests/integration/tests.list${SASTRACE_TESTS:+, SASTRACE_TESTS})"
done
# A test asked for by name that none of these kernels runs is a mistake too.
if [[ -n ${SASTRACE_TESTS:-} ]]; then
	for t in "${tests[@]}"; do
		for series in "${series_list[@]}"; do
			runs_on "$t" "$series" && continue 2
		done
		not_ok "SASTRACE_TESTS: $t" "runs only on${series_of[$t]% }, not on SASTRACE_KERNELS=${series_list[*]}"
	done
fi
# The debug kernels' first builds (~6 minutes each on 2 CPUs) come first, on
# their own: built while another lane boots VMs, they would starve their
# tests.
for series in debug debug-rt; do
	if [[ " ${series_list[*]} " == *" $series "* ]]; then
		step "build the $series kernel (cached)" "$repo/tests/kunit/kernel.sh" "$series" || true
	fi
done
nlanes=${SASTRACE_LANES:-$(nproc)}
((nlanes > ${#series_list[@]})) && nlanes=${#series_list[@]}
((nlanes >= 1)) || nlanes=1
lane_series=() lane_work=()
# What a series cost the last time it ran here ($SASTRACE_CACHE/timings/,
# written below), else a guess: the debug kernel's KUnit + KASAN boots
# weigh most, arm64 (emulated from a foreign ISA) more than x86, and 6.1
# also boots the Debian system of the service test (its DKMS build in the
# guest: about 7 minutes more).
timings=${SASTRACE_CACHE:-/var/cache/sastrace}/timings
series_cost() {
	local c
	c=$(cat "$timings/$1" 2>/dev/null || true)
	if [[ $c =~ ^[0-9]+$ ]]; then
		echo "$c"
	else
		case $1 in
		debug | debug-rt) echo 600 ;;
		6.1) echo 630 ;;
		arm64-*) echo 300 ;;
		*) echo 210 ;;
		esac
	fi
}
if ((nlanes == 1)); then
	lane_series[0]="${series_list[*]}"
else
	# The split whose busiest lane has the least work: every split tried
	# when there are few (2 lanes, 10 series: 1024), else longest first,
	# each to the lane with the least work so far. Within a lane, longest
	# first.
	mapfile -t split < <(for series in "${series_list[@]}"; do
		echo "$(series_cost "$series") $series"
	done | python3 -c '
import itertools, sys
n = int(sys.argv[1])
jobs = sorted(((int(c), s) for c, s in (l.split() for l in sys.stdin)),
              key=lambda j: (-j[0], j[1]))
def lanes_of(assign):
    lanes = [[] for _ in range(n)]
    for job, lane in zip(jobs, assign):
        lanes[lane].append(job)
    return lanes
def worst(lanes):
    return max(sum(c for c, _ in lane) for lane in lanes)
if n ** len(jobs) <= 200000:
    # The first job in lane 0: the rest are the same splits renumbered.
    best = min((lanes_of((0,) + a) for a in
                itertools.product(range(n), repeat=len(jobs) - 1)), key=worst)
else:
    best, work = [[] for _ in range(n)], [0] * n
    for c, s in jobs:
        i = work.index(min(work))
        best[i].append((c, s))
        work[i] += c
for lane in best:
    print(sum(c for c, _ in lane), *(s for _, s in lane))
' "$nlanes")
	for ((i = 0; i < nlanes; i++)); do
		read -r work names <<<"${split[i]}"
		lane_work[i]=$work
		lane_series[i]="${names:+$names }"
	done
fi
pids=()
for ((i = 0; i < nlanes; i++)); do
	((nlanes == 1)) || echo "# lane $i: ${lane_series[i]}(~${lane_work[i]}s)"
	# (made here, not by the lane: the tail below may open it first)
	: >"$out/lane-$i.log"
	(
		for series in ${lane_series[i]}; do
			run_series "$series"
		done
	) >"$out/lane-$i.log" 2>&1 &
	pids[i]=$!
done
# The work after the lanes (fuzz, checkpatch, the packages' test) needs
# nothing they make: it starts as soon as the first lane is done, on the
# CPU that lane leaves idle while the others finish (with one lane: after
# it). Its results are printed after the lanes', as before.
# Every parser of the reader under libFuzzer (ASan+UBSan), 5 s a target,
# one at a time, on one CPU; checkpatch, then the Debian packages (make
# deb: built into a temporary directory, linted, their files and versions
# checked; no qemu, no DKMS build), mostly one process at a time too,
# meanwhile.
start_tail() {
	counted_bg "fuzz" env SASTRACE_FUZZ_OUT="$out/fuzz" bash "$repo/tests/fuzz/run.sh" 5
	fuzz_pid=$counted_pid
	(
		rc=0
		"$lib/build-module.sh" checkpatch >"$out/logs/checkpatch.log" 2>&1 || rc=$?
		echo "$rc" >"$out/logs/checkpatch.log.rc"
		rc=0
		bash "$lib/deb-test.sh" >"$out/logs/deb_packages.log" 2>&1 || rc=$?
		echo "$rc" >"$out/logs/deb_packages.log.rc"
	) &
	tail_pid=$!
}
if ((nlanes == 1)); then
	tail -n +1 -f --pid="${pids[0]}" "$out/lane-0.log"
else
	wait -n "${pids[@]}" || true
fi
start_tail
for ((i = 0; i < nlanes; i++)); do
	rc=0
	wait "${pids[i]}" || rc=$?
	((nlanes == 1)) || cat "$out/lane-$i.log"
	tally <"$out/lane-$i.log"
	((rc == 0)) || not_ok "lane $i (${lane_series[i]% })" "exited $rc"
done
# Each series' cost, for the next run's lanes (when it ran all of its
# tests) and for the reader.
mkdir -p "$timings" 2>/dev/null || true
for series in "${series_list[@]}"; do
	[[ -f $out/$series/seconds ]] || continue
	echo "# series $series: $(cat "$out/$series/seconds")s"
	[[ -n ${SASTRACE_TESTS:-} ]] ||
		cp "$out/$series/seconds" "$timings/$series" 2>/dev/null || true
done
# Every expected test of every series must have had its verdict, even
# when its series failed early (no kernel, no module) or its lane died.
for series in "${series_list[@]}"; do
	for t in "${tests[@]}"; do
		runs_on "$t" "$series" || continue
		[[ -f $out/$series/ran/$t ]] || not_ok "$t ($series)" "did not run"
	done
done
# The work started after the first lane (start_tail): checkpatch, the
# packages, the fuzzers, in that order.
wait "$tail_pid" || true
step_result "checkpatch" "$out/logs/checkpatch.log" \
	"$(cat "$out/logs/checkpatch.log.rc" 2>/dev/null || echo 1)" || true
[[ -f $out/logs/deb_packages.log ]] ||
	echo "check.sh: deb packages did not run" >"$out/logs/deb_packages.log"
counted_log "deb packages" "$out/logs/deb_packages.log" \
	"$(cat "$out/logs/deb_packages.log.rc" 2>/dev/null || echo 1)"
counted_wait "fuzz" "$fuzz_pid"

# The README's supported-kernels table, from this run's results: written
# there by a run of every series and test only (a targeted run's partial
# counts would replace it), printed by every run.
if python3 "$lib/supported-kernels.py" "$out" "${series_list[@]}" >"$out/supported-kernels.md"; then
	if [[ -z ${SASTRACE_KERNELS:-}${SASTRACE_TESTS:-} ]]; then
		python3 "$lib/supported-kernels.py" --readme "$repo/README.md" "$out/supported-kernels.md" ||
			not_ok "supported-kernels table" "README.md could not be updated"
	fi
	sed 's/^/# /' "$out/supported-kernels.md"
else
	not_ok "supported-kernels table" "tests/lib/supported-kernels.py failed"
fi

echo "# $(($(date +%s) - start))s; logs in $out"
summary

#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The reader's parsers under libFuzzer, with ASan and UBSan:
#
#   tests/fuzz/run.sh [SECONDS_PER_TARGET]      (default 5; `make fuzz`: 60)
#
# Builds every target (tests/fuzz/fuzz_*.c, linked with the userspace/ and
# module/format*.c sources they test, compiled here with clang and the
# sanitizers) into build/fuzz/, copies the committed seeds
# (tests/fuzz/corpus/<target>/, which also keep inputs that once crashed)
# to build/fuzz/corpus/<target>/, and runs each target for the budget.
# Prints `ok - fuzz TARGET: N execs (X/s), corpus C` or
# `not ok - fuzz TARGET: why` per target, `N passed, N failed` last; exits
# non-zero on a crash, a broken invariant, a build failure or a missing
# clang/libFuzzer. Installs nothing (Debian: clang, libclang-rt-dev,
# libelf-dev, libkmod-dev). A crashing input is kept in
# build/fuzz/artifacts/<target>/; reproduce it with
# `build/fuzz/fuzz_<target> FILE`.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
secs=${1:-${FUZZ_SECONDS:-5}}
out=${SASTRACE_FUZZ_OUT:-$repo/build/fuzz}
CC=${FUZZ_CC:-clang}
targets=(records stats altstacks uprobe_param elfsym elfsyms cli journal_fields prometheus mountinfo)

[[ $secs =~ ^[1-9][0-9]*$ ]] || { echo "usage: $0 [SECONDS_PER_TARGET]" >&2; exit 2; }

passed=0 failed=0
res() {	# res OK NAME [WHY]
	if [[ $1 == 1 ]]; then
		passed=$((passed + 1)); echo "ok - $2"
	else
		failed=$((failed + 1)); echo "not ok - $2: $3"
	fi
}
finish() {
	echo "$passed passed, $failed failed"
	[[ $failed == 0 ]]
	exit
}
fail_all() {	# fail_all WHY: no target can run
	local t
	for t in "${targets[@]}"; do
		res 0 "fuzz $t" "$1"
	done
	finish
}

# What each target links, besides its own fuzz_<target>.c.
declare -A srcs=(
	[records]="userspace/records.c userspace/json.c module/format.c module/format_out.c"
	[stats]="userspace/stats.c userspace/paths.c"
	[altstacks]="userspace/altstacks.c userspace/debugfs_lines.c userspace/json.c module/format.c module/format_out.c userspace/paths.c"
	[uprobe_param]="userspace/kmod_ops.c userspace/elfsym.c userspace/paths.c"
	[elfsym]="userspace/elfsym.c"
	[elfsyms]="userspace/elfsym.c"
	[cli]=""	# fuzz_cli.c includes userspace/main.c
	[journal_fields]="userspace/journal_fields.c"
	[prometheus]="userspace/prometheus.c"
	[mountinfo]="userspace/mountinfo.c"
)
declare -A libs=([uprobe_param]="-lkmod -lelf" [elfsym]="-lelf" [elfsyms]="-lelf")
# Longest input: records holds over a ring read's 64 records.
declare -A maxlen=([records]=20000 [stats]=4096 [altstacks]=2048
		   [uprobe_param]=1024 [elfsym]=8192 [elfsyms]=8192 [cli]=512
		   [journal_fields]=4096 [prometheus]=4096 [mountinfo]=4096)

mkdir -p "$out"
out=$(cd "$out" && pwd)
san="-fsanitize=address,undefined -fno-sanitize-recover=all"
cflags="-g -O1 -fno-omit-frame-pointer -std=gnu11 -Wall -Wextra -I$repo/module -I$repo/userspace -I$here"

# The toolchain: clang that links a libFuzzer program.
if ! command -v "$CC" >/dev/null; then
	fail_all "no $CC (apt-get install clang)"
fi
printf '#include <stddef.h>\n#include <stdint.h>\nint LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { return d && n; }\n' \
	>"$out/probe.c"
if ! "$CC" -fsanitize=fuzzer,address,undefined -o "$out/probe" "$out/probe.c" \
	>"$out/probe.log" 2>&1; then
	fail_all "$CC cannot link -fsanitize=fuzzer (apt-get install libclang-rt-dev): $(head -n1 "$out/probe.log")"
fi

# The ELF seed: a tiny shared object with a sigaltstack function.
if ! "$CC" -shared -nostdlib -fPIC -O1 -Wl,-z,noseparate-code \
	-Wl,-z,max-page-size=16 -Wl,--build-id=none -o "$out/seed.so" \
	"$here/seed_elf.c" >"$out/seed.log" 2>&1; then
	fail_all "the seed ELF does not build: $(head -n1 "$out/seed.log")"
fi
# elfsyms' other seed: the same with a build-id and a .gnu_debuglink (built,
# not committed: the source package holds no prebuilt binaries).
if ! "$CC" -shared -nostdlib -fPIC -O1 -Wl,-z,noseparate-code \
	-Wl,-z,max-page-size=16 -Wl,--build-id=sha1 -o "$out/seed-dbg.so" \
	"$here/seed_elf.c" >>"$out/seed.log" 2>&1 ||
   ! echo debug >"$out/seed.debug" ||
   ! objcopy --add-gnu-debuglink="$out/seed.debug" "$out/seed-dbg.so" \
	>>"$out/seed.log" 2>&1; then
	fail_all "the debuglink seed ELF does not build: $(tail -n1 "$out/seed.log")"
fi

# Objects are built once per run (a few seconds), one per source.
mkdir -p "$out/obj"
declare -A built=()
build_obj() {	# build_obj SRC -> prints the object
	local src=$1 obj
	obj=$out/obj/$(echo "$src" | tr '/' '_' | sed 's/\.c$/.o/')
	if [[ -z ${built[$src]:-} ]]; then
		# shellcheck disable=SC2086
		"$CC" $cflags $san -fsanitize=fuzzer-no-link -c -o "$obj" \
			"$repo/$src" >>"$out/build.log" 2>&1 || return 1
		built[$src]=1
	fi
	echo "$obj"
}
: >"$out/build.log"
declare -A ok_build=()
stub=tests/fuzz/msg_stub.c
for t in "${targets[@]}"; do
	objs=() bad=
	for s in "tests/fuzz/fuzz_$t.c" $stub ${srcs[$t]}; do
		o=$(build_obj "$s") || { bad=$s; break; }
		objs+=("$o")
	done
	if [[ -z $bad ]]; then
		# shellcheck disable=SC2086
		"$CC" $san -fsanitize=fuzzer -o "$out/fuzz_$t" "${objs[@]}" \
			${libs[$t]:-} >>"$out/build.log" 2>&1 || bad="link"
	fi
	if [[ -n $bad ]]; then
		res 0 "fuzz $t" "does not build ($bad): $(grep -m1 -E 'error|undefined' "$out/build.log")"
	else
		ok_build[$t]=1
	fi
done

run_target() {	# run_target TARGET
	local t=$1 work=$out/corpus/$1 art=$out/artifacts/$1 log=$out/$1.log
	local rc execs rate corpus why dict=()
	rm -rf "$work" "$art" "$out/tmp/$t"
	mkdir -p "$work" "$art" "$out/tmp/$t"
	# The committed seeds are copied: the run never writes into tests/.
	if ! compgen -G "$here/corpus/$t/*" >/dev/null; then
		res 0 "fuzz $t" "no seeds in tests/fuzz/corpus/$t"
		return
	fi
	cp "$here/corpus/$t/"* "$work/"
	case $t in
	elfsym) cp "$out/seed.so" "$work/seed.so" ;;
	elfsyms) cp "$out/seed.so" "$out/seed-dbg.so" "$work/" ;;
	esac
	[[ -f $here/$t.dict ]] && dict=(-dict="$here/$t.dict")
	SASTRACE_FUZZ_ELF=$out/seed.so SASTRACE_FUZZ_TMP=$out/tmp/$t \
	ASAN_OPTIONS=abort_on_error=0:detect_leaks=1:allocator_may_return_null=1 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		timeout -k 10 $((secs + 120)) "$out/fuzz_$t" -max_total_time="$secs" \
		-timeout=10 -rss_limit_mb=2048 -max_len="${maxlen[$t]}" \
		-print_final_stats=1 -artifact_prefix="$art/" "${dict[@]}" \
		"$work" >"$log" 2>&1
	rc=$?
	corpus=$(find "$work" -type f | wc -l)
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n1)
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n1)
	if [[ $rc == 0 && -n $execs ]]; then
		res 1 "fuzz $t: $execs execs ($rate/s), corpus $corpus"
		return
	fi
	why=$(grep -m1 -E '^FUZZ INVARIANT:|^SUMMARY: |ERROR: libFuzzer|runtime error:|==ERROR:' "$log")
	[[ -n $why ]] || why="exit status $rc, no final stats"
	if [[ $rc == 124 || $rc == 137 ]]; then
		why="hung past the budget (exit $rc)"
	fi
	local input
	input=$(find "$art" -type f | head -n1)
	res 0 "fuzz $t" "$why${input:+ (input: $input)}; log: $log"
}

for t in "${targets[@]}"; do
	[[ -n ${ok_build[$t]:-} ]] && run_target "$t"
done
finish

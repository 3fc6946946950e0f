#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Build and lint sastrace.ko out of the source tree, failing on any warning.
#
#   build-module.sh build KDIR OUTDIR    copy Kbuild + dkms.conf + module/ to OUTDIR/src,
#                                        make modules W=1 -> OUTDIR/src/sastrace.ko
#   build-module.sh sparse KDIR OUTDIR   sparse (C=2) over OUTDIR/src; fails on
#                                        any sparse warning about our files
#   build-module.sh checkpatch           checkpatch.pl --strict on module/ and
#                                        the benchmark's empty_kprobe module
#
# The copy keeps parallel builds for several kernels apart and the tree clean.
# SASTRACE_MODULE_SRC: take Kbuild + sources from another dir (harness tests).
# The kernel's build environment, as tests/lib/kernels.sh fetch prints it:
#   CHROOT_NAME    build in that chroot (tests/lib/chroot.sh) with its
#                  compiler; the kernel's root and OUTDIR are bind-mounted
#                  at their own paths. Empty: the host's compiler.
#   ARCH           Debian's (amd64, arm64): arm64 cross-builds with
#   CROSS_COMPILE  (e.g. aarch64-linux-gnu-).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
src_root=${SASTRACE_MODULE_SRC:-$repo}
JOBS=${SASTRACE_JOBS:-$(nproc)}

die() { echo "build-module.sh: $*" >&2; exit 1; }

# kmake KDIR OUTDIR MAKE-ARGS...: make -C KDIR with the kernel's compiler
# and architecture (see above).
kmake() {
	local kdir=$1 out=$2 root
	# ARCH and CROSS_COMPILE are Debian's names here: make gets the
	# kernel's on its command line, never these from the environment.
	local -a cmd=(env -u ARCH -u CROSS_COMPILE make -C "$kdir")
	shift 2
	case ${ARCH:-amd64} in
	amd64 | x86 | x86_64) ;;
	arm64) cmd+=(ARCH=arm64 "CROSS_COMPILE=${CROSS_COMPILE:-aarch64-linux-gnu-}") ;;
	*) die "unknown ARCH '$ARCH'" ;;
	esac
	cmd+=("$@")
	if [[ -z ${CHROOT_NAME:-} ]]; then
		timeout 900 "${cmd[@]}"
		return
	fi
	# Debian's headers: KDIR is ROOT/usr/src/linux-headers-KVER, beside
	# the -common headers and ROOT/usr/lib/linux-kbuild-*.
	root=${kdir%/usr/src/*}
	[[ $root != "$kdir" ]] || die "KDIR $kdir is not under a usr/src/ of a kernel root"
	timeout 900 "$here/chroot.sh" run "$CHROOT_NAME" --bind "$root" --bind "$out" -- "${cmd[@]}"
}

copy_src() {
	local dst=$1/src
	rm -rf "$dst"
	mkdir -p "$dst"
	cp -a "$src_root/Kbuild" "$dst/"
	# dkms.conf: the one home of the version (Kbuild's MODULE_VERSION).
	[[ -f $src_root/dkms.conf ]] && cp -a "$src_root/dkms.conf" "$dst/"
	[[ -d $src_root/module ]] && cp -a "$src_root/module" "$dst/"
	# Drop objects a stray in-tree build may have left.
	find "$dst" \( -name '*.o' -o -name '*.ko' -o -name '.*.cmd' -o \
		-name '*.mod' -o -name '*.mod.c' \) -delete
}

build() {
	local kdir=$1 out=$2 log
	[[ -d $kdir ]] || die "no KDIR $kdir"
	copy_src "$out"
	log=$out/build.log
	if ! kmake "$kdir" "$out" M="$out/src" -j"$JOBS" modules W=1 >"$log" 2>&1; then
		grep -E 'error|Error' "$log" | head -n 20 >&2 || true
		die "make modules failed (log: $log)"
	fi
	if grep -qE 'warning:|WARNING:' "$log"; then
		grep -E -A 3 'warning:|WARNING:' "$log" >&2
		die "compiler/modpost warnings (log: $log)"
	fi
	[[ -f $out/src/sastrace.ko ]] || die "no sastrace.ko after the build"
	echo "$out/src/sastrace.ko"
}

run_sparse() {
	local kdir=$1 out=$2 log
	[[ -f $out/src/Kbuild ]] || copy_src "$out"
	log=$out/sparse.log
	# C=2: check every file, whether or not it needs recompiling.
	if ! kmake "$kdir" "$out" M="$out/src" -j"$JOBS" modules C=2 CHECK=sparse \
		>"$log" 2>&1; then
		tail -n 20 "$log" >&2
		die "make C=2 failed (log: $log)"
	fi
	# Only diagnostics located in our sources count, not the kernel
	# headers': ours are named below OUTDIR/src, or relative to it (6.13+
	# kbuild builds M= modules from their own directory); the kernel's
	# by absolute path.
	if grep -E "^($out/src/|[^/])[^:]*:[0-9]+:[0-9]+: (warning|error):" "$log" >&2; then
		die "sparse warnings (log: $log)"
	fi
}

run_checkpatch() {
	local cp files
	cp=$("$here/kernels.sh" checkpatch)
	shopt -s nullglob
	files=("$src_root"/module/*.c "$src_root"/module/*.h "$src_root"/module/uapi/*.h
	       "$src_root"/tests/bench/empty_kprobe/*.c)
	[[ ${#files[@]} -gt 0 ]] || die "no module sources to check"
	# Run from the tree so reported paths are short and relative.
	# LINUX_VERSION_CODE: an out-of-tree module builds for many kernels;
	# module/compat_version.h is the one place that reads it.
	if ! (cd "$src_root" && timeout 300 perl "$cp" --strict --no-tree \
		--ignore LINUX_VERSION_CODE \
		--no-summary --terse --show-types -f "${files[@]#"$src_root"/}") >&2; then
		die "checkpatch found problems"
	fi
}

case ${1:-} in
build) [[ $# -eq 3 ]] || die "usage: $0 build KDIR OUTDIR"
	build "$(realpath -m "$2")" "$(realpath -m "$3")" ;;
sparse) [[ $# -eq 3 ]] || die "usage: $0 sparse KDIR OUTDIR"
	run_sparse "$(realpath -m "$2")" "$(realpath -m "$3")" ;;
checkpatch) run_checkpatch ;;
*) die "usage: $0 build|sparse KDIR OUTDIR | checkpatch" ;;
esac

#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Build chroots: the compiler each Debian kernel was built with, from the
# kernel's own suite, for the kernels bookworm's gcc-12 did not build
# (5.10: bullseye's gcc-10; 7.x: trixie's gcc-14, native and aarch64 cross).
#
#   chroot.sh path NAME                    create it when missing (cached),
#                                          print its directory
#   chroot.sh run NAME [--bind DIR]... -- CMD [ARG...]
#                                          run CMD in it, with /proc mounted
#                                          and each DIR bind-mounted at the
#                                          same path, so that paths in build
#                                          logs are the host's
#
# NAME: bullseye or trixie. A chroot is made by mmdebstrap (minbase) as
# $SASTRACE_CACHE/chroots/NAME-<hash of its package list>/, atomically
# (built in a temporary directory, then renamed); an old one of the same
# NAME is removed then. `run` needs root: it uses a private mount namespace
# (unshare -m), so nothing stays mounted when CMD ends, however it ends.
# objtool needs /proc (read_stack_limit) in the chroot.
set -euo pipefail

CACHE=${SASTRACE_CACHE:-/var/cache/sastrace}
MIRROR=${SASTRACE_DEBIAN_MIRROR:-http://deb.debian.org/debian}

die() { echo "chroot.sh: $*" >&2; exit 1; }

# Every chroot: make, the module tools (kmod for modpost's friends, pahole
# for BTF), sparse (the C=2 lint) and dkms (the DKMS build test).
COMMON=make,kmod,dwarves,sparse,libc6-dev,bc,dkms,ca-certificates
packages_of() {
	case $1 in
	bullseye) echo "$COMMON,gcc-10,libelf1,libssl1.1" ;;
	trixie) echo "$COMMON,gcc-14,libelf1t64,libssl3t64,gcc-14-aarch64-linux-gnu,binutils-aarch64-linux-gnu" ;;
	*) die "unknown chroot '$1' (want bullseye or trixie)" ;;
	esac
}

chroot_path() {
	local name=$1 pkgs hash dest tmp old
	pkgs=$(packages_of "$name")
	hash=$(echo "$name $pkgs $MIRROR" | sha256sum | cut -c1-12)
	dest=$CACHE/chroots/$name-$hash
	mkdir -p "$CACHE/chroots"
	exec 9>"$CACHE/chroots/.lock-$name"
	flock 9
	if [[ ! -f $dest/.complete ]]; then
		[[ $(id -u) -eq 0 ]] || die "creating the $name chroot needs root"
		command -v mmdebstrap >/dev/null || die "no mmdebstrap (tests/lib/deps.sh installs it)"
		tmp=$CACHE/chroots/.tmp.$name-$hash
		rm -rf "$tmp"
		echo "chroot.sh: mmdebstrap $name ($pkgs)" >&2
		# --skip=check/empty: the target directory exists (mktemp) but is empty.
		if ! timeout 1200 mmdebstrap --variant=minbase --include="$pkgs" \
			--aptopt='Acquire::Retries "3"' \
			--dpkgopt='path-exclude=/usr/share/doc/*' \
			--dpkgopt='path-exclude=/usr/share/man/*' \
			--dpkgopt='path-exclude=/usr/share/locale/*' \
			"$name" "$tmp" "$MIRROR" >&2; then
			rm -rf "$tmp"
			die "mmdebstrap $name failed"
		fi
		touch "$tmp/.complete"
		for old in "$CACHE/chroots/$name"-*; do
			[[ -e $old && $old != "$dest" ]] && rm -rf "$old"
		done
		rm -rf "$dest"
		mv "$tmp" "$dest"
	fi
	flock -u 9
	echo "$dest"
}

run() {
	local name=$1 dir binds=() b
	shift
	while [[ $# -gt 0 && $1 != -- ]]; do
		[[ $1 == --bind && $# -ge 2 ]] || die "usage: chroot.sh run NAME [--bind DIR]... -- CMD"
		b=$(realpath -e "$2") || die "no directory $2"
		binds+=("$b")
		shift 2
	done
	[[ ${1:-} == -- && $# -ge 2 ]] || die "usage: chroot.sh run NAME [--bind DIR]... -- CMD"
	shift
	dir=$(chroot_path "$name")
	[[ $(id -u) -eq 0 ]] || die "running in the $name chroot needs root"
	# In the child: mount, then chroot and exec; the namespace (and its
	# mounts) goes away with the last process in it.
	# shellcheck disable=SC2016
	unshare -m --propagation private -- bash -euc '
		dir=$1; shift
		mount -t proc proc "$dir/proc"
		while [[ $1 != -- ]]; do
			mkdir -p "$dir$1"
			mount --bind "$1" "$dir$1"
			shift
		done
		shift
		exec chroot "$dir" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
			HOME=/root LC_ALL=C.UTF-8 "$@"
	' chroot-run "$dir" "${binds[@]}" -- "$@"
}

case ${1:-} in
path) [[ $# -eq 2 ]] || die "usage: $0 path NAME"; chroot_path "$2" ;;
run) [[ $# -ge 4 ]] || die "usage: $0 run NAME [--bind DIR]... -- CMD"; shift; run "$@" ;;
*) die "usage: $0 path NAME | run NAME [--bind DIR]... -- CMD" ;;
esac

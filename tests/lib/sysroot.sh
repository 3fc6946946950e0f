#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Target-architecture userspace for cross-built tests: Debian bookworm
# packages of another architecture, unpacked (never installed) into a cached
# sysroot.
#
#   sysroot.sh ARCH        (Debian's: arm64) print the sysroot's path
#
# The sysroot holds busybox-static (bin/busybox: the guest's shell and
# applets, see tests/lib/initramfs.sh) and what the reader links against:
# libkmod, libelf and libsystemd (--journal) with their -dev packages and
# the libraries they need (libkmod2 needs libcrypto.so.3: libssl3).
# Debian ships no static libkmod (libkmod-dev has only libkmod.so), so the
# reader is a dynamic binary for every architecture; initramfs.sh copies its
# libraries into the image from the sysroot and from the cross compiler's
# libc (/usr/<triplet>/lib). The test programs are static. strace (with
# libunwind8, which it links) runs in the guest: the sigaction test compares
# the records with what Debian's strace prints of the same calls.
#
# Packages come through tests/lib/kernels.sh's private apt configuration
# (`kernels.sh download`), pinned to bookworm (the host's release: its cross
# compiler builds against the same glibc). Cache:
# $SASTRACE_CACHE/sysroot/<arch>-bookworm-<hash of the package list>/,
# populated atomically (unpacked into a temporary dir, then renamed); a
# change of the package list makes a new one. Absolute symlinks inside are
# made relative to the sysroot, so that the linker follows them there.
set -euo pipefail

CACHE=${SASTRACE_CACHE:-/var/cache/sastrace}
here=$(cd "$(dirname "$0")" && pwd)

die() { echo "sysroot.sh: $*" >&2; exit 1; }

[[ $# -eq 1 ]] || die "usage: $0 ARCH"
arch=$1
case $arch in
arm64) ;;
amd64) die "amd64 is the host's architecture: no sysroot needed" ;;
*) die "unknown architecture '$arch' (want arm64)" ;;
esac

SUITE=bookworm
PKGS=(busybox-static
      libkmod-dev libkmod2
      libelf-dev libelf1
      zlib1g-dev zlib1g
      libzstd-dev libzstd1
      liblzma-dev liblzma5
      libssl3
      libsystemd-dev libsystemd0 libcap2 libgcrypt20 libgpg-error0 liblz4-1
      strace libunwind8)

key=$(printf '%s\n' "$arch" "$SUITE" "${PKGS[@]}" | sha256sum | cut -c1-12)
dest=$CACHE/sysroot/$arch-$SUITE-$key

if [[ ! -f $dest/.complete ]]; then
	mkdir -p "$CACHE/sysroot"
	tmp=$(mktemp -d "$CACHE/sysroot/.tmp.$arch.XXXXXX")
	# shellcheck disable=SC2064
	trap "rm -rf '$tmp'" EXIT
	mkdir "$tmp/debs" "$tmp/root"
	# As root, apt drops to _apt to download.
	chmod 0777 "$tmp/debs"
	echo "sysroot.sh: downloading ${PKGS[*]} ($arch, $SUITE)" >&2
	"$here/kernels.sh" download "$tmp/debs" "${PKGS[@]/%/:$arch/$SUITE}" ||
		die "download failed"
	for deb in "$tmp"/debs/*.deb; do
		dpkg-deb -x "$deb" "$tmp/root"
	done
	# Each package's name=version, for the record.
	for deb in "$tmp"/debs/*.deb; do
		dpkg-deb -f "$deb" Package Version Architecture | paste -sd' '
	done >"$tmp/packages"
	rm -rf "$tmp/debs"
	while IFS= read -r -d '' link; do
		target=$(readlink "$link")
		[[ $target == /* ]] || continue
		ln -sfn "$(realpath -m --relative-to="$(dirname "$link")" "$tmp/root$target")" "$link"
	done < <(find "$tmp/root" -type l -print0)
	[[ -x $tmp/root/bin/busybox ]] || die "no bin/busybox in busybox-static:$arch"
	touch "$tmp/.complete"
	chmod 0755 "$tmp"
	rm -rf "$dest"
	mv "$tmp" "$dest"
	trap - EXIT
fi
echo "$dest/root"

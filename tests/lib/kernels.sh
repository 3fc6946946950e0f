#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Debian test kernels: resolve, download and unpack a bootable vmlinuz and the
# matching build headers into a cache outside the repository.
#
#   kernels.sh resolve SERIES      print the kernel release (e.g. 6.1.0-56-amd64)
#   kernels.sh fetch   SERIES      download + unpack (cached), then print
#                                  KVER=... PKGVER=... VMLINUZ=... KDIR=... ROOT=...
#                                  for eval
#   kernels.sh checkpatch          unpack checkpatch.pl from linux-source-6.1
#                                  (cached), print its path
#   kernels.sh source              download linux-source-6.1's tarball
#                                  (cached), print its path
#
# SERIES: 6.1 (bookworm and its security updates), 6.12 (bookworm-backports),
# and their PREEMPT_RT flavours 6.1-rt and 6.12-rt; each is found through the
# dependency of its flavour's meta package (linux-headers-amd64,
# linux-headers-rt-amd64). Override with SASTRACE_KVER_6_1, SASTRACE_KVER_6_12,
# SASTRACE_KVER_6_1_rt, SASTRACE_KVER_6_12_rt (a kernel release such as
# 6.1.0-56-amd64). Images and headers are fetched with `apt-get download` and
# unpacked with dpkg-deb, never installed. Cache: $SASTRACE_CACHE
# (default /var/cache/sastrace); each kernel lives in
# $SASTRACE_CACHE/kernels/<kver>_<pkgver>/root/, populated atomically (unpacked
# into a temporary dir, then renamed).
set -euo pipefail

CACHE=${SASTRACE_CACHE:-/var/cache/sastrace}
APT_TIMEOUT=${SASTRACE_APT_TIMEOUT:-1200}

die() { echo "kernels.sh: $*" >&2; exit 1; }

# suite_of SERIES: the apt target release holding that series' meta package.
suite_of() {
	case $1 in
	6.1 | 6.1-rt) echo "" ;;
	6.12 | 6.12-rt) echo "bookworm-backports" ;;
	*) die "unknown kernel series '$1' (want 6.1, 6.12, 6.1-rt or 6.12-rt)" ;;
	esac
}

# flavour_of SERIES: Debian's kernel flavour (the release's suffix).
flavour_of() {
	case $1 in
	*-rt) echo "rt-amd64" ;;
	*) echo "amd64" ;;
	esac
}

# resolve SERIES: the kernel release, e.g. 6.1.0-56-amd64.
resolve() {
	local series=$1 var suite flavour pkg kver
	var="SASTRACE_KVER_${series//[.-]/_}"
	if [[ -n ${!var:-} ]]; then
		echo "${!var}"
		return
	fi
	suite=$(suite_of "$series")
	flavour=$(flavour_of "$series")
	pkg=linux-headers-$flavour${suite:+/$suite}
	kver=$(apt-cache depends "$pkg" 2>/dev/null |
		sed -n 's/^ *Depends: linux-headers-\(.*\)$/\1/p' | head -n1)
	[[ -n $kver ]] || die "cannot resolve $pkg (apt-get update? backports suite?)"
	case $kver in
	"${series%-rt}".*-"$flavour") ;;
	*) die "$pkg points to $kver, not a $series kernel" ;;
	esac
	echo "$kver"
}

# pkgver KVER: the version of linux-headers-KVER that apt would pick (the
# image, headers-common and kbuild are pinned to that same version).
pkgver() {
	local v
	v=$(apt-cache policy "linux-headers-$1" 2>/dev/null |
		sed -n 's/^ *Candidate: //p')
	[[ -n $v && $v != "(none)" ]] || die "no linux-headers-$1 in apt metadata"
	echo "$v"
}

# dep_pkg KVER VER REGEX: the package matching REGEX that linux-headers-KVER
# (at VER) depends on: its linux-kbuild-* or its linux-headers-*-common.
dep_pkg() {
	local p
	p=$(apt-cache show "linux-headers-$1=$2" 2>/dev/null |
		sed -n 's/^Depends: //p' | head -n1 | tr ',' '\n' |
		sed -n "s/^ *\($3\).*/\1/p" | head -n1)
	[[ -n $p ]] || die "linux-headers-$1 has no dependency matching $3"
	echo "$p"
}

# download DIR PKG=VER...: apt-get download into DIR.
download() {
	local dir=$1 opts=()
	shift
	# As root, apt drops to _apt, which may not write into the cache.
	[[ $(id -u) -ne 0 ]] || opts=(-o APT::Sandbox::User=root)
	(cd "$dir" && timeout "$APT_TIMEOUT" apt-get download -q "${opts[@]}" "$@" >&2) ||
		die "apt-get download $* failed"
}

# fix_symlinks ROOT: make absolute symlinks below ROOT relative to ROOT.
fix_symlinks() {
	local root=$1 link target rel
	while IFS= read -r -d '' link; do
		target=$(readlink "$link")
		[[ $target == /* ]] || continue
		rel=$(realpath -m --relative-to="$(dirname "$link")" "$root$target")
		ln -sfn "$rel" "$link"
	done < <(find "$root" -type l -print0)
}

fetch() {
	local series=$1 kver ver kb common dest tmp deb
	kver=$(resolve "$series")
	ver=$(pkgver "$kver")
	dest=$CACHE/kernels/${kver}_$ver
	if [[ ! -f $dest/.complete ]]; then
		mkdir -p "$CACHE/kernels"
		tmp=$(mktemp -d "$CACHE/kernels/.tmp.$kver.XXXXXX")
		# shellcheck disable=SC2064
		trap "rm -rf '$tmp'" EXIT
		mkdir "$tmp/debs" "$tmp/root"
		chmod 0777 "$tmp/debs"
		kb=$(dep_pkg "$kver" "$ver" 'linux-kbuild-[^ ]*')
		common=$(dep_pkg "$kver" "$ver" 'linux-headers-[^ ]*-common[-a-z]*')
		echo "kernels.sh: downloading $kver ($ver)" >&2
		download "$tmp/debs" "linux-image-$kver-unsigned=$ver" \
			"linux-headers-$kver=$ver" "$common=$ver" "$kb=$ver"
		for deb in "$tmp"/debs/linux-headers-*.deb "$tmp"/debs/linux-kbuild-*.deb; do
			dpkg-deb -x "$deb" "$tmp/root"
		done
		# Only /boot of the image: the kernel, its config and System.map.
		dpkg-deb --fsys-tarfile "$tmp"/debs/linux-image-*.deb |
			tar -x -C "$tmp/root" ./boot
		rm -rf "$tmp/debs"
		fix_symlinks "$tmp/root"
		# Debian's per-flavour Makefile includes the -common one by absolute
		# path; make -C chdirs into KDIR, so a relative include works anywhere.
		sed -i 's|^include /usr/src/|include ../|' \
			"$tmp/root/usr/src/linux-headers-$kver/Makefile"
		[[ -f $tmp/root/boot/vmlinuz-$kver ]] || die "no vmlinuz-$kver in the image"
		[[ -f $tmp/root/usr/src/linux-headers-$kver/Makefile ]] ||
			die "no headers for $kver"
		[[ -e $tmp/root/usr/src/linux-headers-$kver/scripts/basic/fixdep ]] ||
			die "headers for $kver: scripts/ does not resolve (kbuild package?)"
		touch "$tmp/.complete"
		chmod 0755 "$tmp"
		rm -rf "$dest"
		mv "$tmp" "$dest"
		trap - EXIT
	fi
	echo "KVER=$kver"
	echo "PKGVER=$ver"
	echo "ROOT=$dest/root"
	echo "VMLINUZ=$dest/root/boot/vmlinuz-$kver"
	echo "KDIR=$dest/root/usr/src/linux-headers-$kver"
}

# source: Debian's linux-source-6.1 tarball (the kernel the project
# supports), cached as $CACHE/linux-source/<version>/linux-source-6.1.tar.xz;
# prints its path. Used for checkpatch and for the KUnit test kernel.
source_tarball() {
	local ver dest tmp
	ver=$(apt-cache policy linux-source-6.1 | sed -n 's/^ *Candidate: //p')
	[[ -n $ver && $ver != "(none)" ]] || die "no linux-source-6.1 in apt metadata"
	dest=$CACHE/linux-source/$ver
	if [[ ! -f $dest/.complete ]]; then
		mkdir -p "$CACHE/linux-source"
		tmp=$(mktemp -d "$CACHE/linux-source/.tmp.XXXXXX")
		# shellcheck disable=SC2064
		trap "rm -rf '$tmp'" EXIT
		chmod 0777 "$tmp"
		echo "kernels.sh: downloading linux-source-6.1 ($ver)" >&2
		download "$tmp" "linux-source-6.1=$ver"
		dpkg-deb --fsys-tarfile "$tmp"/linux-source-6.1_*.deb |
			tar -xO ./usr/src/linux-source-6.1.tar.xz >"$tmp/linux-source-6.1.tar.xz"
		rm -f "$tmp"/linux-source-6.1_*.deb
		touch "$tmp/.complete"
		chmod 0755 "$tmp"
		rm -rf "$dest"
		mv "$tmp" "$dest"
		trap - EXIT
	fi
	echo "$dest/linux-source-6.1.tar.xz"
}

# checkpatch: scripts/checkpatch.pl and its data files from linux-source-6.1.
checkpatch() {
	local tarball dest tmp
	tarball=$(source_tarball)
	dest=$(dirname "$tarball")/checkpatch
	if [[ ! -f $dest/.complete ]]; then
		tmp=$(mktemp -d "$dest.XXXXXX")
		# shellcheck disable=SC2064
		trap "rm -rf '$tmp'" EXIT
		tar -xJf "$tarball" -C "$tmp" linux-source-6.1/scripts/checkpatch.pl \
			linux-source-6.1/scripts/spelling.txt \
			linux-source-6.1/scripts/const_structs.checkpatch
		mv "$tmp/linux-source-6.1/scripts" "$tmp/scripts"
		rmdir "$tmp/linux-source-6.1"
		touch "$tmp/.complete"
		chmod 0755 "$tmp"
		rm -rf "$dest"
		mv "$tmp" "$dest"
		trap - EXIT
	fi
	echo "$dest/scripts/checkpatch.pl"
}

case ${1:-} in
resolve) [[ $# -eq 2 ]] || die "usage: $0 resolve SERIES"; resolve "$2" ;;
fetch) [[ $# -eq 2 ]] || die "usage: $0 fetch SERIES"; fetch "$2" ;;
checkpatch) checkpatch ;;
source) source_tarball ;;
*) die "usage: $0 resolve|fetch SERIES | checkpatch | source" ;;
esac

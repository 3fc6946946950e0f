#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Debian test kernels: resolve, download and unpack a bootable kernel and the
# matching build headers into a cache outside the repository.
#
#   kernels.sh series              print every SERIES this script knows
#   kernels.sh resolve SERIES      print the kernel release (e.g. 6.1.0-56-amd64)
#   kernels.sh fetch   SERIES      download + unpack (cached), then print
#                                  KVER=... PKGVER=... VMLINUZ=... KDIR=...
#                                  ROOT=... ARCH=... SUITE=... CHROOT=...
#                                  CROSS_COMPILE=... for eval
#   kernels.sh checkpatch          unpack checkpatch.pl from linux-source-6.1
#                                  (cached), print its path
#   kernels.sh source [6.1|6.12]   download linux-source-V's tarball (default 6.1)
#                                  (cached), print its path
#   kernels.sh download DIR PKG... `apt-get download` PKG... (e.g.
#                                  libelf-dev:arm64/bookworm) into DIR through
#                                  the private apt (tests/lib/sysroot.sh)
#
# SERIES (each found through the dependency of its flavour's meta package,
# linux-headers-FLAVOUR, in its suite):
#   5.10       bullseye-security      amd64     built with gcc-10 (chroot)
#   6.1        bookworm(-security)    amd64     gcc-12 (host)
#   6.12       bookworm-backports     amd64     gcc-12 (host)
#   7.3        trixie-backports       amd64     gcc-14 (chroot); the newest
#              7.x there, whatever its minor version
#   6.1-rt, 6.12-rt, 7.3-rt           the rt-amd64 (PREEMPT_RT) flavours
#   arm64-6.1  bookworm(-security)    arm64     host aarch64-linux-gnu-gcc-12
#   arm64-7.3  trixie-backports       arm64     aarch64-linux-gnu-gcc-14 (chroot)
# Pin one with SASTRACE_KVER_<series, '.' and '-' as '_'> (a kernel release
# such as 6.1.0-56-amd64). Images and headers are fetched with `apt-get
# download` and unpacked with dpkg-deb, never installed. bookworm's suites
# come from the host's apt; the others from a private apt configuration
# ($SASTRACE_CACHE/apt: sources, lists, archives of its own, refreshed when
# older than a day), so that /etc/apt never sees another suite. CHROOT, when
# set, is the build chroot of the kernel's own suite (tests/lib/chroot.sh);
# ARCH and CROSS_COMPILE are make's. Cache: $SASTRACE_CACHE (default
# /var/cache/sastrace); each kernel lives in
# $SASTRACE_CACHE/kernels/<kver>_<pkgver>/root/, populated atomically
# (unpacked into a temporary dir, then renamed).
set -euo pipefail

CACHE=${SASTRACE_CACHE:-/var/cache/sastrace}
APT_TIMEOUT=${SASTRACE_APT_TIMEOUT:-1200}
KNOWN_SERIES="5.10 6.1 6.12 7.3 6.1-rt 6.12-rt 7.3-rt arm64-6.1 arm64-7.3"

die() { echo "kernels.sh: $*" >&2; exit 1; }

# series_info SERIES: set SUITE (apt target release, "" for the default),
# PRIVATE (1: the private apt), ARCH (Debian's), FLAVOUR, PREFIX (what the
# release must start with), LAYOUT (boot: linux-image-*-unsigned with
# /boot/vmlinuz-KVER; modules: linux-binary-* with
# /usr/lib/modules/KVER/vmlinuz, Debian 7.x's packaging), CHROOT_NAME
# (tests/lib/chroot.sh's, or ""), CROSS (CROSS_COMPILE).
series_info() {
	local s=$1 base
	PRIVATE= ARCH=amd64 CROSS= CHROOT_NAME= LAYOUT=boot
	base=${s#arm64-}
	if [[ $base != "$s" ]]; then
		ARCH=arm64 CROSS=aarch64-linux-gnu- PRIVATE=1
	fi
	FLAVOUR=$ARCH
	if [[ $base == *-rt ]]; then
		FLAVOUR=rt-$ARCH
		base=${base%-rt}
	fi
	[[ $ARCH == amd64 || $s != *-rt ]] || die "unknown kernel series '$s'"
	case $base in
	5.10) SUITE=bullseye-security PRIVATE=1 CHROOT_NAME=bullseye PREFIX=5.10. ;;
	6.1) SUITE=${PRIVATE:+bookworm-security} PREFIX=6.1. ;;
	6.12) SUITE=bookworm-backports PREFIX=6.12. ;;
	7.3) SUITE=trixie-backports PRIVATE=1 CHROOT_NAME=trixie PREFIX=7.
		LAYOUT=modules ;;
	*) die "unknown kernel series '$s' (want one of: $KNOWN_SERIES)" ;;
	esac
	[[ " $KNOWN_SERIES " == *" $s "* ]] || die "unknown kernel series '$s' (want one of: $KNOWN_SERIES)"
}

# The private apt: every suite sastrace tests, for amd64 and arm64.
PAPT=$CACHE/apt
papt_opts() {
	APT_OPTS=(-o "Dir::Etc::sourcelist=$PAPT/sources.list"
		  -o Dir::Etc::sourceparts=/nonexistent
		  -o "Dir::Etc::preferencesparts=/nonexistent"
		  -o "Dir::State::Lists=$PAPT/lists" -o "Dir::Cache=$PAPT/cache"
		  -o "Dir::State::status=$PAPT/status"
		  -o APT::Architectures::=amd64 -o APT::Architectures::=arm64
		  -o Debug::NoLocking=1)
}
papt_update() {
	local line=http://deb.debian.org/debian s
	mkdir -p "$PAPT"/{lists/partial,cache/archives/partial}
	exec 8>"$PAPT/.lock"
	flock 8
	if [[ -f $PAPT/.updated && -n $(find "$PAPT/.updated" -mmin -1440) ]]; then
		flock -u 8
		return
	fi
	: >"$PAPT/status"
	{
		for s in bullseye bookworm trixie trixie-backports bookworm-backports; do
			echo "deb [arch=amd64,arm64 signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $line $s main"
		done
		for s in bullseye-security bookworm-security; do
			echo "deb [arch=amd64,arm64 signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $line-security $s main"
		done
	} >"$PAPT/sources.list"
	echo "kernels.sh: apt-get update (private: $PAPT)" >&2
	timeout "$APT_TIMEOUT" apt-get "${APT_OPTS[@]}" -o APT::Sandbox::User=root \
		update -q >&2 || die "apt-get update of the private apt failed"
	touch "$PAPT/.updated"
	flock -u 8
}
# apt_setup SERIES: series_info, then APT_OPTS for apt-cache/apt-get.
apt_setup() {
	series_info "$1"
	APT_OPTS=()
	if [[ -n $PRIVATE ]]; then
		papt_opts
		papt_update
	fi
}
acache() { apt-cache "${APT_OPTS[@]}" "$@"; }

# resolve SERIES: the kernel release, e.g. 6.1.0-56-amd64.
resolve() {
	local series=$1 var pkg kver
	var="SASTRACE_KVER_${series//[.-]/_}"
	apt_setup "$series"
	if [[ -n ${!var:-} ]]; then
		echo "${!var}"
		return
	fi
	pkg=linux-headers-$FLAVOUR
	[[ $ARCH == amd64 ]] || pkg+=":$ARCH"
	pkg+=${SUITE:+/$SUITE}
	kver=$(acache depends "$pkg" 2>/dev/null |
		sed -n 's/^ *Depends: linux-headers-\([^:]*\)\(:[a-z0-9]*\)\{0,1\}$/\1/p' | head -n1)
	[[ -n $kver ]] || die "cannot resolve $pkg (apt-get update? backports suite?)"
	case $kver in
	"$PREFIX"*-"$FLAVOUR") ;;
	*) die "$pkg points to $kver, not a $series kernel" ;;
	esac
	echo "$kver"
}

# q PKG: PKG qualified with the series' architecture, when not the host's.
q() { if [[ $ARCH == amd64 ]]; then echo "$1"; else echo "$1:$ARCH"; fi; }

# pkgver KVER: the version of linux-headers-KVER that apt would pick (the
# image, headers-common and kbuild are pinned to that same version).
pkgver() {
	local v
	v=$(acache policy "$(q "linux-headers-$1")" 2>/dev/null |
		sed -n 's/^ *Candidate: //p')
	[[ -n $v && $v != "(none)" ]] || die "no linux-headers-$1 in apt metadata"
	echo "$v"
}

# dep_pkg KVER VER REGEX: the package matching REGEX that linux-headers-KVER
# (at VER) depends on: its linux-kbuild-* or its linux-headers-*-common.
dep_pkg() {
	local p
	p=$(acache show "$(q "linux-headers-$1")=$2" 2>/dev/null |
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
	(cd "$dir" && timeout "$APT_TIMEOUT" apt-get "${APT_OPTS[@]}" download -q \
		"${opts[@]}" "$@" >&2) || die "apt-get download $* failed"
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

# vmlinuz_of KVER: the kernel's path inside a kernel's root, per LAYOUT.
vmlinuz_of() {
	if [[ $LAYOUT == modules ]]; then
		echo "usr/lib/modules/$1/vmlinuz"
	else
		echo "boot/vmlinuz-$1"
	fi
}

# relocate_makefile MAKEFILE: Debian's per-flavour Makefile names
# /usr/src/ by absolute path: the -common one it includes, and (7.x) its own
# directory as KBUILD_OUTPUT. make -C chdirs into KDIR, so paths relative
# to it work wherever the cache is. Idempotent: also fixes caches unpacked
# before a rule was added here.
relocate_makefile() {
	grep -qE '^(include /usr/src/|KBUILD_OUTPUT=/usr/src/)' "$1" || return 0
	sed -i -e 's|^include /usr/src/|include ../|' \
		-e 's|^KBUILD_OUTPUT=/usr/src/linux-headers-.*$|KBUILD_OUTPUT=$(CURDIR)|' "$1"
}

fetch() {
	local series=$1 kver ver kb common dest tmp deb image vmlinuz
	kver=$(resolve "$series")
	apt_setup "$series"
	ver=$(pkgver "$kver")
	vmlinuz=$(vmlinuz_of "$kver")
	dest=$CACHE/kernels/${kver}_$ver
	if [[ ! -f $dest/.complete ]]; then
		mkdir -p "$CACHE/kernels"
		tmp=$(mktemp -d "$CACHE/kernels/.tmp.$kver.XXXXXX")
		# shellcheck disable=SC2064
		trap "rm -rf '$tmp'" EXIT
		mkdir "$tmp/debs" "$tmp/root"
		chmod 0777 "$tmp/debs"
		# The host tools (scripts/, tools/) are the host's architecture.
		kb=$(dep_pkg "$kver" "$ver" 'linux-kbuild-[^ ]*')
		common=$(dep_pkg "$kver" "$ver" 'linux-headers-[^ ]*-common[-a-z]*')
		if [[ $LAYOUT == modules ]]; then
			image=linux-binary-$kver
		else
			image=linux-image-$kver-unsigned
		fi
		echo "kernels.sh: downloading $kver ($ver)" >&2
		download "$tmp/debs" "$(q "$image")=$ver" \
			"$(q "linux-headers-$kver")=$ver" "$common=$ver" "$kb=$ver"
		for deb in "$tmp"/debs/linux-headers-*.deb "$tmp"/debs/linux-kbuild-*.deb; do
			dpkg-deb -x "$deb" "$tmp/root"
		done
		# Only the kernel of the image (with /boot's config and System.map).
		dpkg-deb --fsys-tarfile "$tmp"/debs/"${image%%-"$kver"*}"-*.deb |
			tar -x -C "$tmp/root" --wildcards "./${vmlinuz%/*}/*"
		rm -rf "$tmp/debs"
		fix_symlinks "$tmp/root"
		[[ -f $tmp/root/$vmlinuz ]] || die "no $vmlinuz in $image"
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
	relocate_makefile "$dest/root/usr/src/linux-headers-$kver/Makefile"
	echo "KVER=$kver"
	echo "PKGVER=$ver"
	echo "SUITE=${SUITE:-bookworm}"
	echo "ARCH=$ARCH"
	echo "ROOT=$dest/root"
	echo "VMLINUZ=$dest/root/$vmlinuz"
	echo "KDIR=$dest/root/usr/src/linux-headers-$kver"
	echo "CHROOT_NAME=$CHROOT_NAME"
	echo "CROSS_COMPILE=$CROSS"
}

# source [V]: Debian's linux-source-V tarball (V: 6.1, the default, or
# 6.12; both are in bookworm), cached as
# $CACHE/linux-source/<package version>/linux-source-V.tar.xz; prints its
# path. 6.1: checkpatch and the KUnit/debug kernel; 6.12: the PREEMPT_RT
# debug kernel (PREEMPT_RT is in mainline from 6.12).
source_tarball() {
	local v=${1:-6.1} ver dest tmp
	[[ $v == 6.1 || $v == 6.12 ]] || die "source: no linux-source-$v (want 6.1 or 6.12)"
	ver=$(apt-cache policy "linux-source-$v" | sed -n 's/^ *Candidate: //p')
	[[ -n $ver && $ver != "(none)" ]] || die "no linux-source-$v in apt metadata"
	dest=$CACHE/linux-source/$ver
	if [[ ! -f $dest/.complete ]]; then
		mkdir -p "$CACHE/linux-source"
		tmp=$(mktemp -d "$CACHE/linux-source/.tmp.XXXXXX")
		# shellcheck disable=SC2064
		trap "rm -rf '$tmp'" EXIT
		chmod 0777 "$tmp"
		echo "kernels.sh: downloading linux-source-$v ($ver)" >&2
		download "$tmp" "linux-source-$v=$ver"
		dpkg-deb --fsys-tarfile "$tmp/linux-source-${v}_"*.deb |
			tar -xO "./usr/src/linux-source-$v.tar.xz" >"$tmp/linux-source-$v.tar.xz"
		rm -f "$tmp/linux-source-${v}_"*.deb
		touch "$tmp/.complete"
		chmod 0755 "$tmp"
		rm -rf "$dest"
		mv "$tmp" "$dest"
		trap - EXIT
	fi
	echo "$dest/linux-source-$v.tar.xz"
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

# download_pkgs DIR PKG...: any packages, any architecture of the private
# apt (qualify them: NAME:ARCH/SUITE), downloaded into DIR; nothing unpacked.
download_pkgs() {
	local dir=$1
	shift
	[[ -d $dir ]] || die "no directory $dir"
	papt_opts
	papt_update
	download "$dir" "$@"
}

case ${1:-} in
series) echo "$KNOWN_SERIES" ;;
resolve) [[ $# -eq 2 ]] || die "usage: $0 resolve SERIES"; resolve "$2" ;;
fetch) [[ $# -eq 2 ]] || die "usage: $0 fetch SERIES"; fetch "$2" ;;
checkpatch) checkpatch ;;
source) [[ $# -le 2 ]] || die "usage: $0 source [6.1|6.12]"; source_tarball "${2:-}" ;;
download) [[ $# -ge 3 ]] || die "usage: $0 download DIR PKG..."; download_pkgs "$2" "${@:3}" ;;
*) die "usage: $0 series | resolve|fetch SERIES | checkpatch | source [V] | download DIR PKG..." ;;
esac

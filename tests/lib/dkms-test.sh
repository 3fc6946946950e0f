#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# DKMS packaging test: add a copy of the tree, build and install sastrace for
# each given kernel's (extracted, not installed) headers, check the .ko
# landed, then remove everything DKMS and this script created.
#
#   dkms-test.sh KVER=KDIR [KVER=KDIR ...]
#
# ARCH (Debian's: amd64 or arm64) and CROSS_COMPILE in the environment
# cross-build: dkms hands its environment on to make. Run it in a build
# chroot (tests/lib/chroot.sh) for a kernel built by another suite's gcc.
#
# dkms wants /lib/modules/KVER/build: where /lib/modules/KVER does not exist
# it is created (marked with .sastrace-dkms-test) with build -> KDIR, and
# removed afterwards. A run that died earlier is cleaned up first, so the
# script is idempotent. Needs root (it writes /usr/src, /var/lib/dkms).
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
MARK=.sastrace-dkms-test
die() { echo "dkms-test.sh: $*" >&2; exit 1; }

[[ $# -ge 1 ]] || die "usage: $0 KVER=KDIR..."
case ${ARCH:-amd64} in
amd64 | x86 | x86_64) unset ARCH CROSS_COMPILE ;;
arm64) export ARCH CROSS_COMPILE=${CROSS_COMPILE:-aarch64-linux-gnu-} ;;
*) die "unknown ARCH '$ARCH'" ;;
esac
[[ $(id -u) -eq 0 ]] || die "needs root"
command -v dkms >/dev/null || die "dkms is not installed"

conf=$repo/dkms.conf
[[ -f $conf ]] || die "no dkms.conf at the top of the tree"
name=$(sed -n 's/^PACKAGE_NAME="\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' "$conf")
ver=$(sed -n 's/^PACKAGE_VERSION="\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' "$conf")
[[ -n $name && -n $ver ]] || die "dkms.conf lacks PACKAGE_NAME/PACKAGE_VERSION"
src=/usr/src/$name-$ver
statef=/var/lib/dkms/.sastrace-dkms-test-created
# The sastrace-dkms package (make deb) uses the same /usr/src/$name-$ver
# and DKMS tree, which this test removes: never behind dpkg's back.
if dpkg-query -W -f='${Status}\n' "$name-dkms" 2>/dev/null | grep -q ' installed$'; then
	die "the $name-dkms package is installed here: this test would remove its $src and DKMS tree (apt purge $name-dkms first)"
fi

cleanup() {
	local d
	if [[ -d /var/lib/dkms/$name ]]; then
		timeout 300 dkms remove "$name/$ver" --all >/dev/null 2>&1 || true
		rm -rf "/var/lib/dkms/$name"
	fi
	rm -rf "$src"
	for d in /lib/modules/*/; do
		[[ -f $d/$MARK ]] && rm -rf "$d"
	done
	# Keys dkms generated for signing during our run (not pre-existing ones).
	if [[ -f $statef ]]; then
		while IFS= read -r f; do
			if [[ -d $f ]]; then rmdir "$f" 2>/dev/null || true; else rm -f "$f"; fi
		done <"$statef"
		rm -f "$statef"
	fi
	return 0
}

cleanup	# what a run that died may have left
mkdir -p /var/lib/dkms
: >"$statef"
for f in /var/lib/dkms/mok.key /var/lib/dkms/mok.pub; do
	[[ -e $f ]] || echo "$f" >>"$statef"
done
[[ -d /lib/modules ]] || echo /lib/modules >>"$statef"
trap cleanup EXIT

# The source dkms builds from: Kbuild, module/, Makefile, dkms.conf.
mkdir -p "$src"
cp -a "$repo/Kbuild" "$repo/Makefile" "$repo/dkms.conf" "$repo/module" "$src/"
find "$src" \( -name '*.o' -o -name '*.ko' -o -name '.*.cmd' \) -delete

timeout 120 dkms add "$name/$ver" || die "dkms add failed"

fail=0
for kv in "$@"; do
	kver=${kv%%=*} kdir=${kv#*=}
	[[ -d $kdir ]] || die "no headers dir $kdir"
	if [[ ! -e /lib/modules/$kver ]]; then
		mkdir -p "/lib/modules/$kver"
		touch "/lib/modules/$kver/$MARK"
		ln -s "$kdir" "/lib/modules/$kver/build"
	fi
	echo "== dkms build $kver"
	# --no-prepare-kernel: dkms 2.x (bullseye) would otherwise run `make
	# oldconfig` in KDIR, deleting the cached headers' autoconf.h.
	if ! timeout 900 dkms build "$name/$ver" -k "$kver" --kernelsourcedir "$kdir" \
		--no-prepare-kernel; then
		tail -n 30 "/var/lib/dkms/$name/$ver/build/make.log" 2>/dev/null
		echo "dkms build failed for $kver"
		fail=1
		continue
	fi
	echo "== dkms install $kver"
	if ! timeout 300 dkms install "$name/$ver" -k "$kver" --kernelsourcedir "$kdir" --force \
		--no-prepare-kernel; then
		echo "dkms install failed for $kver"
		fail=1
		continue
	fi
	# Debian's dkms installs to updates/dkms/, whatever DEST_MODULE_LOCATION says.
	ko=$(find "/lib/modules/$kver/" -path "/lib/modules/$kver/build" -prune -o \
		-name "$name.ko*" -print -quit)
	if [[ -z $ko ]]; then
		echo "no $name.ko under /lib/modules/$kver after dkms install"
		fail=1
		continue
	fi
	echo "installed: $ko"
	modinfo -F vermagic "$ko" | grep -q "^$kver " ||
		{ echo "$ko: wrong vermagic $(modinfo -F vermagic "$ko")"; fail=1; }
	timeout 120 dkms status "$name/$ver" -k "$kver"
done

echo "== dkms remove --all"
timeout 300 dkms remove "$name/$ver" --all || { echo "dkms remove failed"; fail=1; }
for kv in "$@"; do
	kver=${kv%%=*}
	if find "/lib/modules/$kver" -name "$name.ko*" 2>/dev/null | grep -q .; then
		echo "$name.ko still under /lib/modules/$kver after dkms remove"
		fail=1
	fi
done
[[ $fail -eq 0 ]] || die "DKMS test failed"
echo "DKMS test passed for: ${*%%=*}"

#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Build a newc cpio initramfs around busybox-static, without root.
#
#   initramfs.sh OUT.cpio[.gz] INIT [SRC:DEST ...]
#
# OUT.cpio.gz is gzip'd; OUT.cpio is not, which boots faster under TCG:
# the guest's kernel copies it instead of inflating it in emulated code
# (Debian's 6.1: 2 s instead of 10 s for the benchmark's 220 MB).
# INIT becomes /init. Each SRC (file or directory) is copied to DEST inside
# the image; every dynamically linked ELF among them gets its shared
# libraries and ELF interpreter copied in (see below). The image has
# /bin/busybox with all its applets as symlinks, /dev /proc /sys /tmp
# /root, and /etc/passwd + /etc/group with root and
# nobody (65534), so tests can drop privileges (`su -s /bin/sh nobody -c`).
#
# The guest's architecture: $SASTRACE_VM_ARCH (Debian's name, as for
# tests/lib/vm.sh): amd64 (default, the host's) or arm64.
#   amd64: busybox is the host's /bin/busybox ($SASTRACE_BUSYBOX), whose
#          `--list-full` gives the applet links; a dynamic ELF gets what
#          `ldd` lists.
#   arm64: busybox is Debian's arm64 busybox-static from the cached sysroot
#          (tests/lib/sysroot.sh; or $SASTRACE_BUSYBOX). It cannot run on
#          the host, so the image holds /bin/busybox and /bin/sh only and
#          /init must run `/bin/busybox --install -s` first (as
#          tests/lib/guest/init.sh does). A dynamic ELF gets its ELF
#          interpreter (at its PT_INTERP path) and its DT_NEEDED libraries,
#          recursively, into /lib/aarch64-linux-gnu/, found in the sysroot
#          and in the cross compiler's libc (/usr/aarch64-linux-gnu/lib);
#          one not found there is an error.
# Every executable ELF copied in must be for the guest's architecture (or
# its 32-bit compat one, static): anything else is an error, and so is a
# busybox that yields no applets.
set -euo pipefail

die() { echo "initramfs.sh: $*" >&2; exit 1; }

[[ $# -ge 2 ]] || die "usage: $0 OUT.cpio[.gz] INIT [SRC:DEST ...]"
out=$1 init=$2
shift 2
[[ -f $init ]] || die "no init script $init"

here=$(cd "$(dirname "$0")" && pwd)
arch=${SASTRACE_VM_ARCH:-amd64}
# machine: readelf's Machine of the guest's programs; compat: of the 32-bit
# ones its kernel runs too.
case $arch in
amd64) machine='Advanced Micro Devices X86-64' compat='Intel 80386' native=1 ;;
arm64) machine=AArch64 compat=ARM native='' triplet=aarch64-linux-gnu
	interp=/lib/ld-linux-aarch64.so.1 ;;
*) die "unknown SASTRACE_VM_ARCH '$arch' (want amd64 or arm64)" ;;
esac
libdirs=()
if [[ -n $native ]]; then
	BUSYBOX=${SASTRACE_BUSYBOX:-/bin/busybox}
	[[ -x $BUSYBOX ]] || die "no $BUSYBOX (install busybox-static)"
else
	sysroot=$("$here/sysroot.sh" "$arch") || die "no $arch sysroot (tests/lib/sysroot.sh $arch)"
	BUSYBOX=${SASTRACE_BUSYBOX:-$sysroot/bin/busybox}
	[[ -f $BUSYBOX ]] || die "no $BUSYBOX"
	libdirs=("$sysroot/lib/$triplet" "$sysroot/usr/lib/$triplet" "/usr/$triplet/lib")
fi

# elf_machine FILE: readelf's Machine of an ELF file, "" for any other file.
elf_machine() {
	[[ $(head -c 4 "$1" | od -An -c | tr -d ' ') == '177ELF' ]] || return 0
	readelf -h "$1" 2>/dev/null | sed -n 's/^ *Machine: *//p'
}
is_dynamic() { readelf -l "$1" 2>/dev/null | grep -q 'program interpreter'; }

[[ $(elf_machine "$BUSYBOX") == "$machine" ]] ||
	die "$BUSYBOX is not an ELF for $arch ($(elf_machine "$BUSYBOX"))"
if is_dynamic "$BUSYBOX"; then
	die "$BUSYBOX is dynamically linked: install busybox-static"
fi

stage=$(mktemp -d "${TMPDIR:-/tmp}/sastrace-initramfs.XXXXXX")
trap 'rm -rf "$stage"' EXIT
chmod 0755 "$stage"

mkdir -p "$stage"/{bin,sbin,usr/bin,usr/sbin,etc,dev,proc,sys,tmp,root,run,lib,lib64}
chmod 1777 "$stage/tmp"
cp "$BUSYBOX" "$stage/bin/busybox"
ln -s busybox "$stage/bin/sh"
if [[ -n $native ]]; then
	applets=$("$BUSYBOX" --list-full) || die "$BUSYBOX --list-full failed"
	n=0
	while IFS= read -r applet; do
		[[ -n $applet && $applet != bin/busybox ]] || continue
		n=$((n + 1))
		[[ -e $stage/$applet ]] && continue
		mkdir -p "$stage/$(dirname "$applet")"
		ln -s /bin/busybox "$stage/$applet"
	done <<<"$applets"
	[[ $n -gt 100 ]] || die "$BUSYBOX --list-full gave $n applets: not a full busybox"
else
	# Linked in the guest by /init (`busybox --install -s`). Its applets
	# cannot be listed here; that it has the ones /init needs shows in
	# the boot (vm.sh fails a boot without SASTRACE-VM-DONE).
	grep -qa -- '--install' "$BUSYBOX" ||
		die "$BUSYBOX has no --install (needed to link its applets in the guest)"
	grep -q -- '--install' "$init" ||
		die "$init does not run busybox --install: a $arch image would have no applets"
fi

cat >"$stage/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/bin/sh
EOF
cat >"$stage/etc/group" <<'EOF'
root:x:0:
nogroup:x:65534:
EOF
install -m 0755 "$init" "$stage/init"

# copy_libs ELF: the libraries and interpreter a dynamic ELF needs.
copy_libs() {
	local lib
	is_dynamic "$1" || return 0
	while IFS= read -r lib; do
		[[ -e $stage$lib ]] && continue
		mkdir -p "$stage$(dirname "$lib")"
		cp -L "$lib" "$stage$lib"
	done < <(ldd "$1" | sed -n -e 's/.*=> \(\/[^ ]*\) .*/\1/p' \
				  -e 's/^[[:space:]]*\(\/[^ ]*\) .*/\1/p')
}

# find_lib NAME: NAME in the target's library dirs.
find_lib() {
	local d
	for d in "${libdirs[@]}"; do
		[[ -f $d/$1 ]] && { echo "$d/$1"; return 0; }
	done
	return 1
}

# copy_foreign_libs ELF: a foreign dynamic ELF's interpreter and (recursively)
# its DT_NEEDED libraries, from the target's library dirs (no ldd: it runs
# the host's loader).
copy_foreign_libs() {
	local want lib src
	want=$(readelf -l "$1" | sed -n 's/.*\[Requesting program interpreter: \(.*\)\]$/\1/p')
	if [[ -n $want && $want != "$interp" ]]; then
		die "$1: ELF interpreter $want, want $interp"
	fi
	if [[ -n $want && ! -e $stage$interp ]]; then
		src=$(find_lib "${interp##*/}") || die "no ${interp##*/} in ${libdirs[*]}"
		mkdir -p "$stage${interp%/*}"
		cp -L "$src" "$stage$interp"
	fi
	while IFS= read -r lib; do
		[[ $lib != "${interp##*/}" ]] || continue
		[[ -e $stage/lib/$triplet/$lib ]] && continue
		src=$(find_lib "$lib") ||
			die "$1 needs $lib, not found in ${libdirs[*]}"
		mkdir -p "$stage/lib/$triplet"
		cp -L "$src" "$stage/lib/$triplet/$lib"
		copy_foreign_libs "$stage/lib/$triplet/$lib"
	done < <(readelf -d "$1" | sed -n 's/.*(NEEDED).*\[\(.*\)\]$/\1/p')
}

# check_elf FILE: an executable FILE that is an ELF must be the guest's;
# give a dynamic one its libraries.
check_elf() {
	local m
	m=$(elf_machine "$1")
	[[ -n $m ]] || return 0
	if [[ $m == "$compat" ]]; then
		is_dynamic "$1" && die "$1: a dynamic $m ELF (no 32-bit libraries in a $arch image; link it static)"
		return 0
	fi
	[[ $m == "$machine" ]] || die "$1: an ELF for $m, not for $arch"
	if [[ -n $native ]]; then
		copy_libs "$1"
	elif is_dynamic "$1"; then
		copy_foreign_libs "$1"
	fi
}

for spec in "$@"; do
	src=${spec%%:*} dest=${spec#*:}
	[[ $spec == *:* && -n $src && $dest == /* ]] || die "bad spec '$spec' (want SRC:/DEST)"
	[[ -e $src ]] || die "no such file: $src"
	mkdir -p "$stage$(dirname "$dest")"
	cp -a "$src" "$stage$dest"
	while IFS= read -r -d '' f; do
		check_elf "$f"
	done < <(find "$src" -type f -perm -u+x -print0)
done

mkdir -p "$(dirname "$out")"
(cd "$stage" && find . -print0 | LC_ALL=C sort -z |
	cpio --null -o -H newc -R 0:0 --quiet) |
	if [[ $out == *.gz ]]; then gzip -1; else cat; fi >"$out.tmp"
mv "$out.tmp" "$out"

#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Build a gzip'd newc cpio initramfs around busybox-static, without root.
#
#   initramfs.sh OUT.cpio.gz INIT [SRC:DEST ...]
#
# INIT becomes /init. Each SRC (file or directory) is copied to DEST inside
# the image; every dynamically linked ELF among them gets the shared libraries
# `ldd` lists (and the ELF interpreter) copied to the same paths. The image
# has /bin/busybox with all its applets as symlinks, /dev /proc /sys /tmp
# /root, and /etc/passwd + /etc/group with root and
# nobody (65534), so tests can drop privileges (`su -s /bin/sh nobody -c`).
set -euo pipefail

die() { echo "initramfs.sh: $*" >&2; exit 1; }

[[ $# -ge 2 ]] || die "usage: $0 OUT.cpio.gz INIT [SRC:DEST ...]"
out=$1 init=$2
shift 2
[[ -f $init ]] || die "no init script $init"

BUSYBOX=${SASTRACE_BUSYBOX:-/bin/busybox}
[[ -x $BUSYBOX ]] || die "no $BUSYBOX (install busybox-static)"
if readelf -l "$BUSYBOX" 2>/dev/null | grep -q 'program interpreter'; then
	die "$BUSYBOX is dynamically linked: install busybox-static"
fi

stage=$(mktemp -d "${TMPDIR:-/tmp}/sastrace-initramfs.XXXXXX")
trap 'rm -rf "$stage"' EXIT
chmod 0755 "$stage"

mkdir -p "$stage"/{bin,sbin,usr/bin,usr/sbin,etc,dev,proc,sys,tmp,root,run,lib,lib64}
chmod 1777 "$stage/tmp"
cp "$BUSYBOX" "$stage/bin/busybox"
while IFS= read -r applet; do
	[[ -n $applet && $applet != bin/busybox ]] || continue
	[[ -e $stage/$applet ]] && continue
	mkdir -p "$stage/$(dirname "$applet")"
	ln -s /bin/busybox "$stage/$applet"
done < <("$BUSYBOX" --list-full)

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
	readelf -l "$1" 2>/dev/null | grep -q 'program interpreter' || return 0
	while IFS= read -r lib; do
		[[ -e $stage$lib ]] && continue
		mkdir -p "$stage$(dirname "$lib")"
		cp -L "$lib" "$stage$lib"
	done < <(ldd "$1" | sed -n -e 's/.*=> \(\/[^ ]*\) .*/\1/p' \
				  -e 's/^[[:space:]]*\(\/[^ ]*\) .*/\1/p')
}

for spec in "$@"; do
	src=${spec%%:*} dest=${spec#*:}
	[[ $spec == *:* && -n $src && $dest == /* ]] || die "bad spec '$spec' (want SRC:/DEST)"
	[[ -e $src ]] || die "no such file: $src"
	mkdir -p "$stage$(dirname "$dest")"
	cp -a "$src" "$stage$dest"
	while IFS= read -r -d '' f; do
		copy_libs "$f"
	done < <(find "$src" -type f -perm -u+x -print0)
done

mkdir -p "$(dirname "$out")"
(cd "$stage" && find . -print0 | LC_ALL=C sort -z |
	cpio --null -o -H newc -R 0:0 --quiet) | gzip -1 >"$out.tmp"
mv "$out.tmp" "$out"

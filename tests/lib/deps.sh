#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Install the Debian packages the tests need (only the missing ones), and make
# sure apt knows bookworm-backports, where the 6.12 kernel comes from.
# Idempotent; takes well under a second when everything is there.
#
#   deps.sh            install what is missing (root), or list it and exit 1
#   SASTRACE_SKIP_DEPS=1 deps.sh    do nothing
set -euo pipefail

[[ -z ${SASTRACE_SKIP_DEPS:-} ]] || exit 0

# dwarves: pahole, which the 6.12 headers' kbuild needs for module BTF.
# seabios/ipxe-qemu come with qemu-system-x86; libc6-dev for static test
# programs (gcc's recommends are not installed). qemu-system-arm (it has
# qemu-system-aarch64), gcc-aarch64-linux-gnu, libc6-dev-arm64-cross: the
# arm64 series' guests and their cross-built programs (the guests' arm64
# userspace itself comes from tests/lib/sysroot.sh, never from the host's apt).
# libc6-dev-x32: the x32 test's static gcc -mx32 program. build-essential,
# dpkg-dev, debhelper, dh-dkms, bash-completion (debian/control's
# Build-Depends) and lintian: make deb and tests/lib/deb-test.sh.
# lib32gcc-12-dev, libx32gcc-12-dev: the ia32 and x32 libgcc for the static
# -m32 (small32, ia32off, sacases32) and -mx32 (x32) workloads; gcc-multilib
# would conflict with the cross compilers.
# libsystemd-dev: the reader's --journal (sd_journal_sendv()).
# strace (copied into the amd64 guests; arm64's comes from the sysroot) and
# golang-go (a static Go program): the sigaction test. qemu-utils (qemu-img:
# the qcow2 overlay on the cached Debian image; mke2fs -d makes the image,
# mmdebstrap its root, tests/lib/debian-image.sh): the service test.
PKGS=(qemu-system-x86 busybox-static cpio gzip xz-utils zstd kmod libkmod-dev
      libelf-dev gcc libc6-dev make sparse dkms python3 bc flex bison perl
      dwarves pkg-config openssl bpftrace clang libclang-rt-14-dev
      qemu-system-arm gcc-aarch64-linux-gnu libc6-dev-arm64-cross
      libc6-dev-x32 gcc-arm-linux-gnueabihf libc6-dev-armhf-cross mmdebstrap
      build-essential dpkg-dev debhelper dh-dkms bash-completion lintian
      libsystemd-dev strace golang-go qemu-utils e2fsprogs lib32gcc-12-dev
      libx32gcc-12-dev)

SOURCES=/etc/apt/sources.list.d/bookworm-backports.sources

has_backports() {
	grep -rqsE '(^|[[:space:]])bookworm-backports([[:space:]]|$)' \
		/etc/apt/sources.list /etc/apt/sources.list.d/
}

missing=()
for p in "${PKGS[@]}"; do
	st=$(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null || true)
	[[ $st == ii* ]] || missing+=("$p")
done

need_backports=
has_backports || need_backports=1

# apt lists: empty after a fresh install, so `apt-cache` would find nothing.
need_update=
if [[ -n $need_backports || ${#missing[@]} -gt 0 ]] ||
   ! compgen -G '/var/lib/apt/lists/*bookworm-backports*Packages*' >/dev/null; then
	need_update=1
fi

if [[ -z $need_update ]]; then
	exit 0
fi

if [[ $(id -u) -ne 0 ]]; then
	echo "deps.sh: not root, cannot install. Missing:" >&2
	[[ ${#missing[@]} -eq 0 ]] || echo "  packages: ${missing[*]}" >&2
	[[ -z $need_backports ]] || echo "  apt source: $SOURCES (bookworm-backports)" >&2
	echo "  (or the apt lists need an 'apt-get update')" >&2
	exit 1
fi

if [[ -n $need_backports ]]; then
	cat >"$SOURCES" <<'EOF'
Types: deb
URIs: http://deb.debian.org/debian
Suites: bookworm-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
fi

export DEBIAN_FRONTEND=noninteractive
echo "deps.sh: apt-get update" >&2
timeout 600 apt-get update -q >&2
if [[ ${#missing[@]} -gt 0 ]]; then
	echo "deps.sh: installing ${missing[*]}" >&2
	timeout 1800 apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
fi

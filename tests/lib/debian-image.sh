#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# A bootable Debian bookworm system for the service test (tests/service/):
# systemd as PID 1, dkms, the headers of the 6.1 kernel that the 6.1 series
# boots (tests/lib/kernels.sh), that kernel's own package (its modules and
# the initrd that initramfs-tools makes from them), prometheus-node-exporter
# and curl: what a user of the packages would have.
#
#   debian-image.sh path      create it when missing (cached, ~5 minutes),
#                             print its directory, which holds:
#                               disk.img     raw ext4 image of / (mke2fs -d:
#                                            no loop mount; boot it through
#                                            a qcow2 overlay, never write it)
#                               vmlinuz      the kernel (the 6.1 series')
#                               initrd.img   the guest's own initramfs-tools one
#                               kver         its release
#
# The guest runs /dev/vdb's tar archive: sastrace-vmtest.service (below)
# extracts it to /var/tmp/vmtest and runs its vm.sh (cwd there, as root),
# output to the results port (ttyS1) between "=== BEGIN NAME" and
# "=== END NAME rc=N" lines (NAME: the archive's file `name`), then `dmesg`
# to ttyS2, SASTRACE-VM-DONE, and a forced reboot (file systems unmounted
# first) that ends qemu (-no-reboot): the ports of tests/lib/vm.sh.
#
# Cache: $SASTRACE_CACHE/debian-image/<kver>-<hash>/, the hash of the
# package list, the kernel's version, the mirrors, this script and the
# runner (the recipe); made in a temporary directory, then renamed; an older one is
# removed then. Needs root (mmdebstrap's root mode) and the network, on
# the first run only.
set -euo pipefail

CACHE=${SASTRACE_CACHE:-/var/cache/sastrace}
MIRROR=${SASTRACE_DEBIAN_MIRROR:-http://deb.debian.org/debian}
SECURITY=${SASTRACE_DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}
lib=$(cd "$(dirname "$0")" && pwd)

die() { echo "debian-image.sh: $*" >&2; exit 1; }

# The packages: systemd (PID 1; udev for its devices; what a test does not
# need is masked below, for a shorter boot), the kernel and its
# headers at the 6.1 series' version, dkms (gcc, make...), node_exporter,
# curl; procps for kill/pgrep; libkmod2, libelf1, libsystemd0: the reader's
# (the guest has no network: `apt install ./*.deb` must find every
# dependency there).
packages_of() {
	echo "systemd,systemd-sysv,udev,dbus,procps,kmod,dkms,linux-image-$1-unsigned=$2,linux-headers-$1=$2,prometheus-node-exporter,curl,libkmod2,libelf1,libsystemd0"
}

image_path() {
	local kenv kver pkgver vmlinuz pkgs hash dest tmp old root size
	[[ $(id -u) -eq 0 ]] || die "needs root"
	kenv=$("$lib/kernels.sh" fetch 6.1) || die "tests/lib/kernels.sh fetch 6.1 failed"
	kver=$(sed -n 's/^KVER=//p' <<<"$kenv")
	pkgver=$(sed -n 's/^PKGVER=//p' <<<"$kenv")
	vmlinuz=$(sed -n 's/^VMLINUZ=//p' <<<"$kenv")
	pkgs=$(packages_of "$kver" "$pkgver")
	hash=$( { echo "$pkgs $MIRROR $SECURITY"; cat "$0" "$lib/debian-image-runner.sh"; } | sha256sum | cut -c1-12)
	dest=$CACHE/debian-image/$kver-$hash
	mkdir -p "$CACHE/debian-image"
	exec 9>"$CACHE/debian-image/.lock"
	flock 9
	if [[ ! -f $dest/.complete ]]; then
		command -v mmdebstrap >/dev/null || die "no mmdebstrap (tests/lib/deps.sh installs it)"
		tmp=$CACHE/debian-image/.tmp.$kver-$hash
		rm -rf "$tmp"
		mkdir -p "$tmp"
		root=$tmp/root
		echo "debian-image.sh: mmdebstrap bookworm ($pkgs)" >&2
		# Small: no docs, man pages, locales; of the kernel's modules,
		# none of the hardware a qemu guest does not have (the initrd and
		# the DKMS build need none of them).
		if ! timeout 1800 mmdebstrap --variant=minbase --include="$pkgs" \
			--aptopt='Acquire::Retries "3"' \
			--aptopt='APT::Install-Recommends "false"' \
			--dpkgopt='path-exclude=/usr/share/doc/*' \
			--dpkgopt='path-include=/usr/share/doc/*/copyright' \
			--dpkgopt='path-exclude=/usr/share/man/*' \
			--dpkgopt='path-exclude=/usr/share/locale/*' \
			--dpkgopt='path-exclude=/lib/modules/*/kernel/drivers/gpu/*' \
			--dpkgopt='path-exclude=/lib/modules/*/kernel/drivers/net/wireless/*' \
			--dpkgopt='path-exclude=/lib/modules/*/kernel/drivers/net/ethernet/*' \
			--dpkgopt='path-exclude=/lib/modules/*/kernel/drivers/media/*' \
			--dpkgopt='path-exclude=/lib/modules/*/kernel/drivers/infiniband/*' \
			--dpkgopt='path-exclude=/lib/modules/*/kernel/drivers/staging/*' \
			--dpkgopt='path-exclude=/lib/modules/*/kernel/drivers/iio/*' \
			--dpkgopt='path-exclude=/lib/modules/*/kernel/drivers/bluetooth/*' \
			--dpkgopt='path-exclude=/lib/modules/*/kernel/sound/*' \
			--dpkgopt='path-exclude=/lib/modules/*/kernel/net/wireless/*' \
			--dpkgopt='path-exclude=/lib/modules/*/kernel/net/mac80211/*' \
			--customize-hook='echo svc >"$1/etc/hostname"' \
			--customize-hook='echo "/dev/vda / ext4 rw,errors=remount-ro 0 1" >"$1/etc/fstab"' \
			--customize-hook="cp '$lib/debian-image-runner.sh' \"\$1/usr/local/sbin/sastrace-vmtest\"" \
			--customize-hook='chmod 0755 "$1/usr/local/sbin/sastrace-vmtest"' \
			--customize-hook='printf "%s\n" "[Unit]" "Description=the sastrace test run of /dev/vdb" "After=multi-user.target" "[Service]" "Type=simple" "ExecStart=/usr/local/sbin/sastrace-vmtest" "[Install]" "WantedBy=multi-user.target" >"$1/etc/systemd/system/sastrace-vmtest.service"' \
			--customize-hook='chroot "$1" systemctl enable sastrace-vmtest.service' \
			--customize-hook='chroot "$1" systemctl mask getty@tty1.service serial-getty@ttyS0.service apt-daily.timer apt-daily-upgrade.timer e2scrub_all.timer e2scrub_reap.service fstrim.timer dpkg-db-backup.timer systemd-timesyncd.service systemd-logind.service systemd-update-utmp.service systemd-update-utmp-runlevel.service' \
			--customize-hook='rm -f "$1"/var/cache/apt/*.bin "$1"/var/lib/apt/lists/*_Packages' \
			bookworm "$root" \
			"deb $MIRROR bookworm main" "deb $MIRROR bookworm-updates main" \
			"deb $SECURITY bookworm-security main" >"$tmp/mmdebstrap.log" 2>&1; then
			tail -n 30 "$tmp/mmdebstrap.log" >&2
			rm -rf "$tmp"
			die "mmdebstrap failed"
		fi
		[[ -f $root/boot/initrd.img-$kver ]] || die "no /boot/initrd.img-$kver in the image"
		cmp -s "$root/boot/vmlinuz-$kver" "$vmlinuz" ||
			die "the image's vmlinuz-$kver is not the 6.1 series' ($vmlinuz)"
		cp "$root/boot/initrd.img-$kver" "$tmp/initrd.img"
		cp "$vmlinuz" "$tmp/vmlinuz"
		echo "$kver" >"$tmp/kver"
		# Room for the DKMS build, the journal, apt's unpacking.
		size=$(( $(du -sm "$root" | cut -f1) + 512 ))
		mke2fs -q -t ext4 -L root -d "$root" "$tmp/disk.img" "${size}M" ||
			die "mke2fs -d failed"
		rm -rf "$root"
		touch "$tmp/.complete"
		for old in "$CACHE/debian-image"/*; do
			[[ -e $old && $old != "$dest" ]] && rm -rf "$old"
		done
		rm -rf "$dest"
		mv "$tmp" "$dest"
	fi
	flock -u 9
	echo "$dest"
}

case ${1:-} in
path) image_path ;;
*) die "usage: $0 path" ;;
esac

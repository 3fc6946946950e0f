#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The service test's first boot (tests/lib/debian-image.sh's system, TCG
# with a thread per vCPU: no kprobe is armed here): install the packages
# `make check` built, as a user would, with no network. DKMS builds the
# module for the running kernel in their postinst. The check asserts
# every line; the exit status is apt's.
# vm-timeout: 600
sec() { echo "=== $1"; echo "# uptime $(cut -d' ' -f1 /proc/uptime)"; }
# Plain output: stdout is a serial port, a terminal.
export DPKG_COLORS=never SYSTEMD_COLORS=0 SYSTEMD_PAGER='' TERM=dumb

sec kernel
uname -r
sec install
export DEBIAN_FRONTEND=noninteractive
# (no network, and no package lists: every dependency is in the image)
apt-get install -y -q ./sastrace-dkms_*.deb ./sastrace_*.deb >/tmp/apt.log 2>&1
rc=$?
echo "apt rc=$rc"
[ $rc -eq 0 ] || tail -n 40 /tmp/apt.log
sec packages
dpkg-query -W -f '${Package} ${Version} ${db:Status-Abbrev}\n' sastrace sastrace-dkms
sec dkms-status
# (less dkms 3.0.10's own "echo: write error: Broken pipe", now and then)
dkms status 2>&1 | grep -v 'echo: write error: Broken pipe'
sec modinfo
modinfo -F version sastrace
modinfo -n sastrace
sec unit
systemctl is-enabled sastrace
systemctl is-active sastrace
sec loaded
test -d /sys/module/sastrace; echo "loaded rc=$?"
exit $rc

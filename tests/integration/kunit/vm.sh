#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Runs inside the test VM (the KUnit/debug kernels, in their shared boot):
# the KUnit suites (tests/kunit/) run when their module is loaded; their
# KTAP goes to the kernel log, printed here whole for ./check
# (tests/kunit/ktap.py judges it, as `make kunit` does). The guest's /init
# started this test with an empty kernel log. Exit status: the rmmod's.
insmod ./sastrace_kunit.ko
echo "insmod rc=$?"
echo "=== ktap"
dmesg
rmmod sastrace_kunit
rc=$?
echo "rmmod rc=$rc"
exit $rc

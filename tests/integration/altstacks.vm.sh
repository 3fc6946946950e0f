#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Runs inside the test VM: threads with known alternate stacks, then the
# altstacks file while they wait. altstacks.check.py asserts the lines and
# the exit statuses printed. Exit status: the final rmmod's.
D=/sys/kernel/debug/sastrace
insmod "$KO" || exit 1
stat -c '%a %n' $D/altstacks
"$BIN"/altstacks > /tmp/alt.out &
apid=$!
i=0
while ! grep -q '^ready$' /tmp/alt.out 2>/dev/null && [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i+1))
done
cat /tmp/alt.out
echo "=== altstacks"
cat $D/altstacks
echo "=== end"
echo "=== reader"
"$BIN"/sastrace altstacks
echo "rc=$?"
echo "=== end"
echo "=== reader-json"
"$BIN"/sastrace altstacks --json
echo "rc=$?"
echo "=== end"
kill $apid
wait $apid 2>/dev/null
echo "=== after-exit"
cat $D/altstacks
echo "=== end"
rmmod sastrace
rc=$?
echo "rmmod rc=$rc"
exit $rc

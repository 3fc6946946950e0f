# SPDX-License-Identifier: GPL-2.0
# Guest side of the smoke test: load, run the workload, dump events, unload.
# Exit status: the rmmod's.
. "$VMLIB"
st_load || { echo "insmod failed"; exit 1; }
./smoke-sas
echo "smoke-sas rc=$?"
echo "--- events"
st_events
echo "--- unload"
st_unload
rc=$?
echo "unload rc=$rc"
exit $rc

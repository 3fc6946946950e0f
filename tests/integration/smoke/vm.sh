# SPDX-License-Identifier: GPL-2.0
# Guest side of the smoke test: load, run the workload, dump events, unload.
. "$VMLIB"
st_load || { echo "insmod failed"; exit 1; }
./smoke-sas
echo "--- events"
st_events 3
echo "--- unload"
st_unload && echo "unloaded"

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# vm-cpu: max
# The small test (../small.vm.sh, copied here by build) on qemu's "max" CPU
# model, whose signal frame is another size than the default model's
# (x86-64: qemu64 has no XSAVE, max has AVX; arm64: cortex-a57 has no SVE,
# max has SVE and SME): the threshold follows the machine, not a constant.
# A boot of its own, with this one short test.
exec sh ./small.vm.sh

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The lockdown test booted in lockdown=confidentiality from the start: the
# unsigned module is refused, the signed one loads and traces exact records
# (cases, signal deliveries, altstacks) while the kernel's own kprobe_events
# and trace are refused. The script is ../lockdown/vm.sh (copied here as
# lockdown.sh by build); its check is ../lockdown/check.
# vm-append: lockdown=confidentiality
LOCKDOWN_BOOT=confidentiality exec sh ./lockdown.sh

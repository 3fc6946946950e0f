/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A fault taken in a kprobe handler counted as a miss.
 *
 * Before v5.14 (commit 2e38eb04c95e "kprobes: Do not increment probe miss
 * count in the fault handler"), every page fault taken while a kprobe's
 * handler runs (a nofault read of user memory that is not mapped or not
 * present) increments the running kprobe's nmissed, in the arch's
 * kprobe_fault_handler(), although no hit was missed: Debian's 5.10 counts
 * two "missed" calls for every sigaltstack() given an unmapped ss. On x86
 * a kretprobe's return handler runs with its kprobe current too
 * (trampoline_handler()), so faults there count as well.
 *
 * The syscall hooks take a mark of their probe's nmissed before their
 * user reads and add what grew meanwhile to a count that stats subtracts.
 * A real miss of the same probe on another CPU inside that window would
 * be subtracted too: an undercount of that one, on these old kernels only.
 * And a stats read while a handler is between its fault and its count
 * shows one miss too many, gone at the next read: `missed` is exact only
 * between calls, and can step back by what such a read showed.
 * From 5.14 the mark is 0 and nothing grows.
 */
#ifndef SASTRACE_COMPAT_KPROBE_MISSED_H
#define SASTRACE_COMPAT_KPROBE_MISSED_H

#include <linux/compiler.h>
#include <linux/kprobes.h>
#include "compat_version.h"

/* Whether this kernel counts a handler's faults in nmissed. */
static inline bool sas_kprobe_faults_count_missed(void)
{
	return !SAS_KVER_AT_LEAST(5, 14);
}

/**
 * sas_kprobe_missed_mark() - @kp's nmissed before a handler's user reads
 * @kp: the probe whose handler is running (a kretprobe's kp, for both of
 *      its handlers)
 *
 * Context: @kp's handler; does not sleep.
 * Return: the mark for sas_kprobe_missed_since(); 0 from 5.14.
 */
static inline unsigned long sas_kprobe_missed_mark(const struct kprobe *kp)
{
	return sas_kprobe_faults_count_missed() ? READ_ONCE(kp->nmissed) : 0;
}

/**
 * sas_kprobe_missed_since() - misses @kp's nmissed gained since a mark
 * @kp:   as given to sas_kprobe_missed_mark()
 * @mark: what it returned
 *
 * Context: @kp's handler, after its user reads; does not sleep.
 * Return: the faults the kernel counted as misses meanwhile; 0 from 5.14.
 */
static inline unsigned long sas_kprobe_missed_since(const struct kprobe *kp,
						    unsigned long mark)
{
	return sas_kprobe_faults_count_missed() ?
	       READ_ONCE(kp->nmissed) - mark : 0;
}

#endif /* SASTRACE_COMPAT_KPROBE_MISSED_H */

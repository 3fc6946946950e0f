/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reading the kernel's own copy of a signal action (struct k_sigaction),
 * what do_sigaction() gets from every entry point that installs one.
 *
 * - sa_restorer: struct sigaction (include/linux/signal_types.h) has it
 *   only #ifdef __ARCH_HAS_SA_RESTORER, which an architecture's uapi
 *   <asm/signal.h> defines (x86) or asm-generic/signal.h defines when the
 *   architecture has SA_RESTORER (arm64, all the kernels sastrace
 *   supports, 5.10 to 7.x). Both x86-64 and arm64 have it; the check stays
 *   for an architecture that does not.
 * - sa_mask: a sigset_t of _NSIG (64) bits, one unsigned long on 64-bit
 *   kernels, two 32-bit words on 32-bit ones (_NSIG_BPW 32).
 */
#ifndef SASTRACE_COMPAT_SIGACTION_H
#define SASTRACE_COMPAT_SIGACTION_H

#include <linux/signal.h>
#include <linux/signal_types.h>
#include "uapi/sastrace_record.h"

/**
 * sas_sigact_restorer() - an action's sa_restorer, where the kernel has one
 * @sa:       the action
 * @restorer: set to sa_restorer (0 where there is none)
 *
 * Return: SASTRACE_AF_RESTORER when this kernel's struct sigaction has
 * sa_restorer, else 0.
 */
static inline u32 sas_sigact_restorer(const struct sigaction *sa,
				      u64 *restorer)
{
#ifdef __ARCH_HAS_SA_RESTORER
	*restorer = (unsigned long)sa->sa_restorer;
	return SASTRACE_AF_RESTORER;
#else
	*restorer = 0;
	return 0;
#endif
}

/**
 * sas_sigset_first64() - signals 1 to 64 of a sigset_t, bit N - 1 for N
 * @set: the set
 *
 * Return: the bits.
 */
static inline u64 sas_sigset_first64(const sigset_t *set)
{
#if _NSIG_BPW == 64
	return set->sig[0];
#else
	return set->sig[0] | ((u64)set->sig[1] << 32);
#endif
}

#endif /* SASTRACE_COMPAT_SIGACTION_H */

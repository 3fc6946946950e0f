/* SPDX-License-Identifier: GPL-2.0 */
/*
 * x86: the size of the user xstate image a signal frame carries (without
 * the FP_XSTATE_MAGIC2 word), which get_sigframe() reserves below the
 * frame (see compat_sigframe.h).
 *
 * v5.16 (commit 87d0e5be0fac "x86/fpu: Provide struct fpstate") made it
 * the task's fpstate->user_size. Before, it was fpu_user_xstate_size,
 * which is not exported: with XSAVE it is the standard-format size of the
 * features enabled in XCR0, CPUID(0xd, 0).EBX (v5.10's init_xstate_size()
 * reads it there), without XSAVE the legacy FXSAVE or FSAVE image.
 * v6.16 (x86/fpu, "Remove struct fpu from thread_struct") moved struct
 * fpu out of thread_struct, to just after the task_struct; its accessor
 * x86_task_fpu() is a function, not exported, with CONFIG_X86_DEBUG_FPU
 * (set by Debian's 7.x kernels), so its non-debug definition is used.
 */
#ifndef SASTRACE_COMPAT_FPU_H
#define SASTRACE_COMPAT_FPU_H

#include <linux/sched.h>
#include <asm/cpufeature.h>
#include <asm/fpu/types.h>
#include <asm/processor.h>
#include "compat_version.h"

/**
 * sas_user_xstate_size() - bytes of the current task's signal-frame xstate
 *
 * Return: the xstate image's size, before the XSAVE magic word.
 */
static inline unsigned long sas_user_xstate_size(void)
{
#if SAS_KVER_AT_LEAST(6, 16)
	const struct fpu *fpu = (const void *)current + sizeof(*current);

	return fpu->fpstate->user_size;
#elif SAS_KVER_AT_LEAST(5, 16)
	return current->thread.fpu.fpstate->user_size;
#else
	/* XCR0 is set once at boot: one CPUID (a VM exit under a hypervisor). */
	static unsigned int xsave_size;
	unsigned int eax, ebx, ecx, edx;

	if (boot_cpu_has(X86_FEATURE_XSAVE)) {
		if (!READ_ONCE(xsave_size)) {
			cpuid_count(XSTATE_CPUID, 0, &eax, &ebx, &ecx, &edx);
			WRITE_ONCE(xsave_size, ebx);
		}
		return READ_ONCE(xsave_size);
	}
	return boot_cpu_has(X86_FEATURE_FXSR) ? sizeof(struct fxregs_state) :
						sizeof(struct fregs_state);
#endif
}

#endif /* SASTRACE_COMPAT_FPU_H */

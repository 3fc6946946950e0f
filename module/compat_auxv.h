/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The signal frame size a process was told at exec: AT_MINSIGSTKSZ (51) in
 * its auxiliary vector, which the kernel keeps in mm->saved_auxv.
 *
 * - arm64 gives it since v4.18 ("arm64: signal: Report
 *   signal frame size to userspace via auxv"): the frame with the task's
 *   FP/SIMD, SVE/SME state at the boot's vector lengths.
 * - x86 since v5.14 ("x86/elf: Support a new ELF aux
 *   vector AT_MINSIGSTKSZ"): get_sigframe_size(), the largest 64-bit frame
 *   with this CPU's xstate; 32-bit and x32 processes get the same value.
 *   Before (Debian's 5.10) there is none: sas_auxv_minsigstksz_known() is
 *   false and sastrace flags nothing.
 *
 * A 32-bit process's auxv (ia32, x32, AArch32: compat_binfmt_elf) is saved
 * as 32-bit words, a 64-bit one's as unsigned longs: which one is told by
 * the task's 32-bit address space flag (x86: TIF_ADDR32, set for ia32 and
 * x32 alike; arm64: TIF_32BIT).
 */
#ifndef SASTRACE_COMPAT_AUXV_H
#define SASTRACE_COMPAT_AUXV_H

#include <linux/mm_types.h>
#include <linux/sched.h>
#include <linux/thread_info.h>
#include "compat_version.h"

#define SAS_AT_MINSIGSTKSZ	51

/**
 * sas_auxv_minsigstksz_known() - whether this kernel gives AT_MINSIGSTKSZ
 *
 * Return: true on arm64 and on x86 from 5.14.
 */
static inline bool sas_auxv_minsigstksz_known(void)
{
	return IS_ENABLED(CONFIG_ARM64) || SAS_KVER_AT_LEAST(5, 14);
}

/* Whether @t's auxv was saved by compat_binfmt_elf (32-bit words). */
static inline bool sas_task_auxv32(struct task_struct *t)
{
#if defined(CONFIG_X86_64) && defined(CONFIG_COMPAT)
	return test_tsk_thread_flag(t, TIF_ADDR32);
#elif defined(CONFIG_ARM64) && defined(CONFIG_COMPAT)
	return test_tsk_thread_flag(t, TIF_32BIT);
#else
	return false;
#endif
}

/**
 * sas_mm_minsigstksz() - AT_MINSIGSTKSZ of an address space
 * @mm:     the address space, kept alive by the caller (current's own, or
 *          under task_lock() of a task using it)
 * @auxv32: its auxv is made of 32-bit words (sas_task_auxv32())
 *
 * Reads mm->saved_auxv word by word (plain kernel memory: no fault, no
 * lock); an exec writing it meanwhile can only make the answer 0.
 *
 * Context: any; does not sleep.
 * Return: the value, or 0 when the kernel gives none (or it is 0).
 */
static inline u32 sas_mm_minsigstksz(struct mm_struct *mm, bool auxv32)
{
	const unsigned long *v = mm->saved_auxv;
	const u32 *w = (const u32 *)mm->saved_auxv;
	unsigned int i, n = ARRAY_SIZE(mm->saved_auxv);
	unsigned long type, val;

	if (!sas_auxv_minsigstksz_known())
		return 0;
	if (auxv32)
		n *= sizeof(unsigned long) / sizeof(u32);
	for (i = 0; i + 1 < n; i += 2) {
		type = auxv32 ? READ_ONCE(w[i]) : READ_ONCE(v[i]);
		val = auxv32 ? READ_ONCE(w[i + 1]) : READ_ONCE(v[i + 1]);
		if (type == 0)	/* AT_NULL */
			break;
		if (type == SAS_AT_MINSIGSTKSZ)
			return val > U32_MAX ? U32_MAX : (u32)val;
	}
	return 0;
}

#endif /* SASTRACE_COMPAT_AUXV_H */

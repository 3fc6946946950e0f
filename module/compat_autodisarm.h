/* SPDX-License-Identifier: GPL-2.0 */
/*
 * When SS_AUTODISARM disarms the alternate stack, seen from the signal
 * hook (a kprobe on signal_setup_done(), right after a frame was built).
 *
 * v5.14 (commit "x86: signal: don't do sas_ss_reset() until we are
 * certain that sigframe won't be abandoned") moved the disarming from
 * __save_altstack() to signal_delivered(), after the hook: since then the
 * task's sas_ss_* still hold the stack the frame was placed by. Before it
 * (Debian's 5.10), __save_altstack() disarms the stack while it writes the
 * frame's uc_stack, before the hook: the hook finds no stack, but the
 * frame's uc_stack holds the stack as it was, SS_AUTODISARM included.
 * That saved copy is read back here (nofault; the kernel has just written
 * it), so that the record is the same on every kernel: a deliver on that
 * stack. It is user memory: another thread of the task can rewrite it
 * before it is read, so it is read only where the kernel gives nothing
 * better (before v5.14), only when the task has no stack left after a
 * successful setup, and used only when it says SS_AUTODISARM. Frames
 * without a ucontext (x86's 32-bit frames without SA_SIGINFO) never
 * disarm the stack; arm64's AArch32 frames are not read. A setup that
 * fails after the disarming (a fault writing the rest of the frame) is
 * not seen as meant for the alternate stack there: a known gap of 5.10.
 */
#ifndef SASTRACE_COMPAT_AUTODISARM_H
#define SASTRACE_COMPAT_AUTODISARM_H

#include <linux/compat.h>
#include <linux/signal.h>
#include <linux/uaccess.h>
#include "compat_sigframe.h"
#include "compat_version.h"

#if !SAS_KVER_AT_LEAST(5, 14)
/* A saved stack_t at @addr, native (@compat false) or compat_stack_t. */
static inline bool sas_read_saved_ss(unsigned long addr, bool compat,
				     unsigned long *base, size_t *size,
				     unsigned int *flags)
{
	unsigned long b;
	size_t sz;
	unsigned int fl;

	if (!compat) {
		stack_t ss;

		if (copy_from_user_nofault(&ss, (const void __user *)addr, sizeof(ss)))
			return false;
		b = (unsigned long)ss.ss_sp;
		sz = ss.ss_size;
		fl = ss.ss_flags;
	} else {
#ifdef CONFIG_COMPAT
		compat_stack_t ss;

		if (copy_from_user_nofault(&ss, (const void __user *)addr, sizeof(ss)))
			return false;
		b = ss.ss_sp;
		sz = ss.ss_size;
		fl = ss.ss_flags;
#else
		return false;
#endif
	}
	if (!sz || !(fl & SS_AUTODISARM))
		return false;
	*base = b;
	*size = sz;
	*flags = fl;
	return true;
}

/**
 * sas_saved_autodisarm_stack() - the disarmed stack a new frame saved
 * @ksig:  the signal whose frame was just built
 * @frame: the frame's address (the handler's stack pointer)
 * @base:  set to the saved stack's base, when it returns true
 * @size:  set to its size
 * @flags: set to its flags (SS_AUTODISARM among them)
 *
 * Context: any (nofault reads). Call it only for a frame built while the
 * task had no alternate stack set.
 * Return: true when the frame saved an SS_AUTODISARM stack (the kernel
 * disarmed it while building this frame); @base, @size, @flags are then
 * that stack. false otherwise, with them untouched.
 */
static inline bool sas_saved_autodisarm_stack(const struct ksignal *ksig,
					      unsigned long frame,
					      unsigned long *base,
					      size_t *size,
					      unsigned int *flags)
{
	unsigned long off;
	bool compat = false;

#if defined(CONFIG_X86_64)
	off = offsetof(struct rt_sigframe, uc.uc_stack);
#ifdef CONFIG_X86_X32_ABI
	if (ksig->ka.sa.sa_flags & SA_X32_ABI) {
		off = offsetof(struct rt_sigframe_x32, uc.uc_stack);
		compat = true;
	}
#endif
#ifdef CONFIG_IA32_EMULATION
	if (ksig->ka.sa.sa_flags & SA_IA32_ABI) {
		if (!(ksig->ka.sa.sa_flags & SA_SIGINFO))
			return false;
		off = offsetof(struct rt_sigframe_ia32, uc.uc_stack);
		compat = true;
	}
#endif
#elif defined(CONFIG_ARM64)
	if (is_compat_task())
		return false;
	off = offsetof(struct sas_a64_rt_sigframe, uc.uc_stack);
#else
	return false;
#endif
	return sas_read_saved_ss(frame + off, compat, base, size, flags);
}
#else
/* v5.14+: the task still has the stack when the hook runs: nothing to read. */
static inline bool sas_saved_autodisarm_stack(const struct ksignal *ksig,
					      unsigned long frame,
					      unsigned long *base,
					      size_t *size,
					      unsigned int *flags)
{
	return false;
}
#endif

#endif /* SASTRACE_COMPAT_AUTODISARM_H */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Where each architecture's get_sigframe() puts a signal frame, so that the
 * signal hook can tell a frame that did not fit on the alternate stack
 * (overflow) from one that would have fitted but could not be written
 * (frame_fault), and what the kernel left in the task's registers once it
 * tried. The hook (signal_hooks.c) sees only this interface:
 *
 *   sas_sigframe_geom()       the frame's layout; returns the stack pointer
 *                             to judge: the new frame after a successful
 *                             setup, else the interrupted sp
 *   sas_sigframe_place()      where a frame goes below a start address
 *   sas_sigframe_fits()       whether a frame at that address lies on the
 *                             alternate stack
 *   sas_sigframe_unplaced()   a failed setup that placed no frame
 *   sas_sigframe_written_anyway()  after a successful setup: the
 *                             interrupted sp, when this architecture
 *                             writes a frame that does not fit (arm64)
 *   sas_sigframe_interrupted_sp()  the sp an overflow record reports
 *
 * x86-64 (arch/x86/kernel/signal.c, arch/x86/kernel/fpu/signal.c), below a
 * start address (the interrupted sp, or the top of the alternate stack):
 *   1. the xstate block: round_down(start - xstate_sigframe_size, 64),
 *      xstate_sigframe_size = fpstate->user_size (+ FP_XSTATE_MAGIC2_SIZE
 *      with XSAVE); 32-bit frames then add a struct fregs_state (FXSR);
 *   2. the frame struct below it, aligned as its ABI wants: 64-bit
 *      round_down(sp, 16) - 8, 32-bit ((sp + 4) & -16) - 4.
 * The 128-byte red zone is kept below the interrupted sp for 64-bit and
 * x32 frames. Which frame a handler gets is decided by SA_IA32_ABI or
 * SA_X32_ABI (how its sigaction was installed), not by the mode the task
 * is in. 64-bit and x32 frames need SA_RESTORER: without it the setup
 * fails before any frame is placed.
 *
 * Frames the kernel writes without checking that they fit:
 * - v6.2 (commit "x86/signal: Merge get_sigframe()") merged the 32-bit
 *   frames' own get_sigframe() (arch/x86/ia32/ia32_signal.c: no red zone,
 *   no overflow check) into the 64-bit one: from then on a 32-bit frame
 *   that does not fit is refused ("overflowed sigaltstack") like a 64-bit
 *   one. The placement is the same on both sides of that change. Before
 *   it, a 32-bit frame that does not fit is written below the alternate
 *   stack when that memory is writable, and the setup succeeds.
 * - v5.14 (commit "x86/signal: Detect and prevent an alternate signal
 *   stack overflow") refuses a 64-bit or x32 frame *entering* the
 *   alternate stack that is larger than it (AVX-512 or AMX state on a
 *   MINSIGSTKSZ stack); before, only a nested one was refused.
 * A successful setup of such a frame below the stack it was meant for is
 * an overflow (record ret 0), as on arm64: the interrupted sp is read back
 * from the frame the kernel just wrote (its sigcontext's sp), which
 * another thread of the same program could rewrite first. The xstate
 * size: compat_fpu.h.
 *
 * arm64 (arch/arm64/kernel/signal.c, signal32.c): see the arm64 part below.
 */
#ifndef SASTRACE_COMPAT_SIGFRAME_H
#define SASTRACE_COMPAT_SIGFRAME_H

#include <linux/compat.h>
#include <linux/ptrace.h>
#include <linux/sched.h>
#include <linux/signal.h>
#include <linux/sizes.h>
#include <linux/uaccess.h>
#include <asm/cpufeature.h>
#include <asm/sigcontext.h>

#include "compat_version.h"

#if defined(CONFIG_X86_64)

#include <asm/fpu/types.h>
#include <asm/sigframe.h>
#include "compat_fpu.h"

/**
 * struct sas_sigframe_geom - how a handler's frame is laid out (x86-64)
 * @redzone: bytes kept free below the interrupted sp (nested frames)
 * @xstate:  bytes of the xstate block (64-byte aligned below its start)
 * @extra:   bytes between the xstate block and the frame struct
 * @frame:   bytes of the frame struct
 * @ia32:    32-bit alignment of the frame
 * @restorer_missing: the setup fails before placing a frame (a 64-bit or
 *           x32 handler without SA_RESTORER): not the alternate stack's doing
 * @isp:     after a successful setup of a frame this kernel does not check
 *           (see above), the interrupted sp saved in it
 * @isp_known: @isp was read
 */
struct sas_sigframe_geom {
	unsigned int redzone;
	unsigned long xstate;
	unsigned long extra;
	unsigned long frame;
	unsigned long isp;
	bool ia32;
	bool restorer_missing;
	bool isp_known;
};

/*
 * Whether this kernel writes the frame of @g without checking that it
 * fits the alternate stack it was meant for (see above): 32-bit frames
 * before v6.2, 64-bit and x32 frames entering the stack before v5.14 (a
 * nested one was checked: it never succeeds below the stack).
 */
static inline bool sas_sigframe_unchecked(const struct sas_sigframe_geom *g)
{
	return g->ia32 ? !SAS_KVER_AT_LEAST(6, 2) : !SAS_KVER_AT_LEAST(5, 14);
}

/*
 * The interrupted sp saved in the frame at @frame (the sigcontext's sp of
 * the frame @g describes), read without faulting: 0 or -EFAULT.
 */
static inline int sas_x86_saved_sp(const struct ksignal *ksig,
				   const struct sas_sigframe_geom *g,
				   unsigned long frame, unsigned long *isp)
{
	unsigned long off = offsetof(struct rt_sigframe, uc.uc_mcontext.sp);
	u64 sp64;
	u32 sp32;

#ifdef CONFIG_X86_X32_ABI
	if (ksig->ka.sa.sa_flags & SA_X32_ABI)
		off = offsetof(struct rt_sigframe_x32, uc.uc_mcontext.sp);
#endif
#ifdef CONFIG_IA32_EMULATION
	if (g->ia32) {
		off = ksig->ka.sa.sa_flags & SA_SIGINFO ?
		      offsetof(struct rt_sigframe_ia32, uc.uc_mcontext.sp) :
		      offsetof(struct sigframe_ia32, sc.sp);
		if (copy_from_user_nofault(&sp32,
					   (const void __user *)(frame + off),
					   sizeof(sp32)))
			return -EFAULT;
		*isp = sp32;
		return 0;
	}
#endif
	if (copy_from_user_nofault(&sp64, (const void __user *)(frame + off),
				   sizeof(sp64)))
		return -EFAULT;
	*isp = sp64;
	return 0;
}

/**
 * sas_sigframe_geom() - the current task's frame layout for @ksig
 * @failed: signal_setup_done()'s failed argument
 * @ksig:   the signal being delivered
 * @uregs:  the task's user registers after the setup
 * @g:      filled in
 *
 * Return: the user sp: the new frame after a successful setup, else the
 * interrupted sp (x86 moves sp only once the whole frame is written).
 */
static inline unsigned long sas_sigframe_geom(int failed,
					      const struct ksignal *ksig,
					      struct pt_regs *uregs,
					      struct sas_sigframe_geom *g)
{
	unsigned long xstate = sas_user_xstate_size();
	bool ia32 = false;

	if (boot_cpu_has(X86_FEATURE_XSAVE))
		xstate += FP_XSTATE_MAGIC2_SIZE;
#ifdef CONFIG_IA32_EMULATION
	ia32 = ksig->ka.sa.sa_flags & SA_IA32_ABI;
#endif
	g->xstate = xstate;
	g->ia32 = ia32;
	g->redzone = ia32 ? 0 : 128;
	g->restorer_missing = !ia32 && !(ksig->ka.sa.sa_flags & SA_RESTORER);
	g->extra = 0;
	g->frame = sizeof(struct rt_sigframe);
#ifdef CONFIG_X86_X32_ABI
	if (ksig->ka.sa.sa_flags & SA_X32_ABI)
		g->frame = sizeof(struct rt_sigframe_x32);
#endif
#ifdef CONFIG_IA32_EMULATION
	if (ia32) {
		if (boot_cpu_has(X86_FEATURE_FXSR))
			g->extra = sizeof(struct fregs_state);
		g->frame = ksig->ka.sa.sa_flags & SA_SIGINFO ?
			   sizeof(struct rt_sigframe_ia32) :
			   sizeof(struct sigframe_ia32);
	}
#endif
	g->isp_known = false;
	if (!failed && sas_sigframe_unchecked(g))
		g->isp_known = !sas_x86_saved_sp(ksig, g,
						 user_stack_pointer(uregs),
						 &g->isp);
	return user_stack_pointer(uregs);
}

/**
 * sas_sigframe_place() - the frame address get_sigframe() picks
 * @start: where the frame goes below (interrupted sp less the red zone, or
 *         the top of the alternate stack)
 * @g:     the layout
 *
 * Return: the frame's address, i.e. the handler's initial stack pointer.
 */
static inline unsigned long sas_sigframe_place(unsigned long start,
					       const struct sas_sigframe_geom *g)
{
	unsigned long sp = round_down(start - g->xstate, 64) - g->extra;

	sp -= g->frame;
	return g->ia32 ? ((sp + 4) & -16UL) - 4 : round_down(sp, 16) - 8;
}

/**
 * sas_sigframe_fits() - whether a frame at @frame is on the alternate stack
 * @frame: the frame (the handler's initial sp)
 * @base:  the alternate stack's base (sas_ss_sp)
 * @size:  its size, 0 for none
 *
 * x86 judges by __on_sig_stack(): the stack grows down from base + size.
 */
static inline bool sas_sigframe_fits(unsigned long frame, unsigned long base,
				     size_t size)
{
	return size && frame > base && frame - base <= size;
}

/* A failed setup that placed no frame (not the alternate stack's doing). */
static inline bool sas_sigframe_unplaced(const struct sas_sigframe_geom *g)
{
	return g->restorer_missing;
}

/*
 * x86 refuses a frame that does not fit ("overflowed sigaltstack"): a
 * successful setup wrote one below the stack only where this kernel does
 * not check (sas_sigframe_unchecked()); the interrupted sp, when read.
 */
static inline bool sas_sigframe_written_anyway(const struct sas_sigframe_geom *g,
					       unsigned long *isp)
{
	*isp = g->isp;
	return g->isp_known;
}

/*
 * A failed setup left sp where the task was interrupted; a frame written
 * below the stack saved it.
 */
static inline unsigned long
sas_sigframe_interrupted_sp(const struct sas_sigframe_geom *g,
			    unsigned long sp)
{
	return g->isp_known ? g->isp : sp;
}

#elif defined(CONFIG_ARM64)

#include <asm/fpsimd.h>
#include <asm/processor.h>
#include <asm/ucontext.h>
#ifdef CONFIG_COMPAT
#include <asm/signal32.h>
#endif

/*
 * arm64 (arch/arm64/kernel/signal.c). get_sigframe(), below
 * start = sigsp(interrupted sp, ksig) (the interrupted sp, or the top of
 * the alternate stack for an SA_ONSTACK handler not already on it):
 *   1. a frame record {fp, lr}: next_frame = round_down(start - 16, 16);
 *   2. the frame: sigframe = round_down(next_frame, 16) - sigframe_size(),
 *      sigframe_size() = round_up(max(layout size, sizeof(rt_sigframe)), 16)
 *      where the layout (setup_sigframe_layout()) is the fixed part of
 *      struct rt_sigframe up to uc_mcontext.__reserved plus one record per
 *      piece of state the task has (fpsimd, esr, SVE/streaming SVE, ZA,
 *      and on newer kernels TPIDR2, ZT, FPMR, POE, GCS), each rounded to
 *      16 bytes; records that do not fit __reserved move to an
 *      extra_context area behind it. No red zone.
 * Unlike x86 it never checks that the frame fits the alternate stack: a
 * frame that does not is written below ss_sp (into whatever is mapped
 * there); only a fault while writing it fails the setup. sastrace reports
 * such a frame as "overflow" all the same, with ret 0 when the kernel
 * wrote it (the handler then runs on memory below the alternate stack)
 * and -EFAULT when writing it faulted (SIGSEGV).
 *
 * After a successful setup, setup_return() has set sp to the frame, x0 to
 * the signal, pc to the handler, and for SA_SIGINFO x1 = &frame->info
 * (the frame itself) and x2 = &frame->uc. The frame's size is then not
 * recomputed: the frame is where sp is, and the interrupted sp is read
 * back from the frame (uc.uc_mcontext.sp, which setup_sigframe() wrote).
 * Only a failed setup needs the layout mirrored (sas_a64_sigframe_size()).
 * Up to v6.1 at least, setup_rt_frame() copies the siginfo after
 * setup_return(), so a setup that failed there has already moved sp to
 * the frame: recognised by pc = handler, x0 = the signal, x1 = sp; newer
 * kernels (setup_return() last, "We must not fail from this point
 * onwards") leave the registers alone on failure. One case cannot be told
 * apart: a failed setup for a task interrupted exactly at the first
 * instruction of the same SA_SIGINFO handler, just entered for the same
 * signal; it is judged as if that frame were the new one.
 *
 * AArch32 tasks (signal32.c, compat_get_sigframe()): the frame is struct
 * compat_sigframe or compat_rt_sigframe (SA_SIGINFO) at
 * (start - size) & ~7 in 32-bit arithmetic; compat_setup_return() runs
 * only when everything was written, so a failed setup leaves the
 * registers alone.
 *
 * What changed setup_sigframe_layout() (only the endpoints, Debian's 6.1
 * and 7.3, have been compiled against; the versions in between follow
 * the upstream history as read, not built):
 *   v6.3  "arm64/signal: Include TPIDR2 in the signal context" (with SME)
 *   v6.3  "arm64/sme: Implement signal handling for ZT" (SME2, ZA on)
 *   v6.7  "arm64/signal: Don't assume that TIF_SVE means we saved SVE
 *         state" (fp_type == FP_STATE_SVE instead of TIF_SVE)
 *   v6.9  "arm64/signal: Add FPMR signal handling"
 *   v6.12 "arm64: add POE signal support"
 *   v6.13 "arm64/signal: Set up and restore the GCS context for signal
 *         handlers" (and pushing to the GCS can fail the setup)
 */

/* signal.c's struct rt_sigframe (kernel-private, the same since v3.7). */
struct sas_a64_rt_sigframe {
	struct siginfo info;
	struct ucontext uc;
};

/* signal.c's struct frame_record: {fp, lr}, above the frame. */
#define SAS_A64_FRAME_RECORD	16
#define SAS_A64_SIGFRAME_MAXSZ	SZ_256K
#define SAS_A64_TERMINATOR	round_up(sizeof(struct _aarch64_ctx), 16)
#define SAS_A64_EXTRA		round_up(sizeof(struct extra_context), 16)

/**
 * struct sas_sigframe_geom - how a handler's frame is laid out (arm64)
 * @redzone: bytes kept free below the interrupted sp: none on arm64
 * @frame:   bytes of the frame below its record (native: sigframe_size()),
 *           or of the AArch32 frame
 * @compat:  an AArch32 frame: 8-byte alignment, 32-bit addresses
 * @too_big: the layout exceeds SIGFRAME_MAXSZ: the setup fails before
 *           placing a frame (not the alternate stack's doing)
 * @made:    the kernel built the frame, at @made_at
 * @made_at: the frame (the handler's initial sp)
 * @isp_known: @isp is known
 * @isp:     the interrupted sp (read back from a built frame)
 */
struct sas_sigframe_geom {
	unsigned int redzone;
	unsigned long frame;
	bool compat;
	bool too_big;
	bool made;
	unsigned long made_at;
	bool isp_known;
	unsigned long isp;
};

static inline bool sas_a64_sve_saved(void)
{
#if SAS_KVER_AT_LEAST(6, 7)
	return current->thread.fp_type == FP_STATE_SVE;
#else
	return test_thread_flag(TIF_SVE);
#endif
}

/* The records setup_sigframe_layout(user, false) allocates, padded. */
static inline unsigned long sas_a64_records(void)
{
	struct thread_struct *t = &current->thread;
	unsigned long n = 0;
	unsigned int vq;

	if (system_supports_fpsimd())
		n += round_up(sizeof(struct fpsimd_context), 16);
	if (t->fault_code)
		n += round_up(sizeof(struct esr_context), 16);
#if defined(CONFIG_ARM64_GCS) && SAS_KVER_AT_LEAST(6, 13)
	if (system_supports_gcs() && t->gcspr_el0)
		n += round_up(sizeof(struct gcs_context), 16);
#endif
	if (system_supports_sve() || system_supports_sme()) {
		vq = 0;
		if (sas_a64_sve_saved() || thread_sm_enabled(t))
			vq = sve_vq_from_vl(thread_get_cur_vl(t));
		n += round_up(SVE_SIG_CONTEXT_SIZE(vq), 16);
	}
#if SAS_KVER_AT_LEAST(6, 3)
	if (system_supports_sme())
		n += round_up(sizeof(struct tpidr2_context), 16);
#endif
	if (system_supports_sme()) {
		vq = 0;
		if (thread_za_enabled(t))
			vq = sve_vq_from_vl(thread_get_sme_vl(t));
		n += round_up(ZA_SIG_CONTEXT_SIZE(vq), 16);
	}
#if SAS_KVER_AT_LEAST(6, 3)
	if (system_supports_sme2() && thread_za_enabled(t))
		n += round_up(ZT_SIG_CONTEXT_SIZE(1), 16);
#endif
#if SAS_KVER_AT_LEAST(6, 9)
	if (system_supports_fpmr())
		n += round_up(sizeof(struct fpmr_context), 16);
#endif
#if SAS_KVER_AT_LEAST(6, 12)
	if (system_supports_poe())
		n += round_up(sizeof(struct poe_context), 16);
#endif
	return n;
}

/*
 * sigframe_size() of the current task's layout, as init_user_layout(),
 * __sigframe_alloc() and sigframe_alloc_end() compute it: the records go
 * into __reserved (less room for an extra_context and a terminator) while
 * they fit; once one does not, an extra_context and a terminator are
 * added and the rest follows behind. Then the end terminator. Sets
 * @too_big when the layout exceeds SIGFRAME_MAXSZ (the setup fails).
 */
static inline unsigned long sas_a64_sigframe_size(bool *too_big)
{
	const struct sas_a64_rt_sigframe *f = NULL;
	unsigned long fixed = offsetof(struct sas_a64_rt_sigframe,
				       uc.uc_mcontext.__reserved);
	unsigned long room = sizeof(f->uc.uc_mcontext.__reserved) -
			     SAS_A64_TERMINATOR - SAS_A64_EXTRA;
	unsigned long n = sas_a64_records();
	unsigned long size = fixed + n;

	if (n > room)
		size += SAS_A64_EXTRA + SAS_A64_TERMINATOR;
	size += SAS_A64_TERMINATOR;
	*too_big = size > SAS_A64_SIGFRAME_MAXSZ;
	return round_up(max_t(unsigned long, size,
			      sizeof(struct sas_a64_rt_sigframe)), 16);
}

/*
 * A failed native setup that still moved sp to the frame (see above):
 * setup_return() ran, and the siginfo copy behind it failed.
 */
static inline bool sas_a64_built_then_failed(const struct ksignal *ksig,
					     struct pt_regs *uregs,
					     unsigned long sp)
{
	return (ksig->ka.sa.sa_flags & SA_SIGINFO) &&
	       instruction_pointer(uregs) ==
			(unsigned long)ksig->ka.sa.sa_handler &&
	       regs_get_kernel_argument(uregs, 0) == (unsigned long)ksig->sig &&
	       regs_get_kernel_argument(uregs, 1) == sp;
}

/* The interrupted sp, as the kernel saved it in the frame at @frame. */
static inline int sas_a64_saved_sp(bool compat, const struct ksignal *ksig,
				   unsigned long frame, unsigned long *isp)
{
	const void __user *at;
	u64 sp64;
#ifdef CONFIG_COMPAT
	u32 sp32;

	if (compat) {
		if (ksig->ka.sa.sa_flags & SA_SIGINFO)
			frame += offsetof(struct compat_rt_sigframe,
					  sig.uc.uc_mcontext.arm_sp);
		else
			frame += offsetof(struct compat_sigframe,
					  uc.uc_mcontext.arm_sp);
		at = (const void __user *)frame;
		if (copy_from_user_nofault(&sp32, at, sizeof(sp32)))
			return -EFAULT;
		*isp = sp32;
		return 0;
	}
#endif
	at = (const void __user *)(frame +
		offsetof(struct sas_a64_rt_sigframe, uc.uc_mcontext.sp));
	if (copy_from_user_nofault(&sp64, at, sizeof(sp64)))
		return -EFAULT;
	*isp = sp64;
	return 0;
}

/* The size of the frame compat_get_sigframe() is asked to place. */
static inline unsigned long sas_a64_compat_frame(const struct ksignal *ksig)
{
#ifdef CONFIG_COMPAT
	if (ksig->ka.sa.sa_flags & SA_SIGINFO)
		return sizeof(struct compat_rt_sigframe);
	return sizeof(struct compat_sigframe);
#else
	return 0;
#endif
}

/**
 * sas_sigframe_geom() - the current task's frame layout for @ksig, and
 * what the setup did
 * @failed: signal_setup_done()'s failed argument
 * @ksig:   the signal being delivered
 * @uregs:  the task's user registers after the setup
 * @g:      filled in
 *
 * Return: the user sp: the new frame after a successful setup, else the
 * interrupted sp (read back from the frame when the setup had already
 * moved sp to it).
 */
static inline unsigned long sas_sigframe_geom(int failed,
					      const struct ksignal *ksig,
					      struct pt_regs *uregs,
					      struct sas_sigframe_geom *g)
{
	unsigned long sp = user_stack_pointer(uregs);

	memset(g, 0, sizeof(*g));
	g->compat = is_compat_task();
	g->made = !failed ||
		  (!g->compat && sas_a64_built_then_failed(ksig, uregs, sp));
	if (g->made) {
		g->made_at = sp;
		g->isp_known = !sas_a64_saved_sp(g->compat, ksig, sp, &g->isp);
		if (!failed)
			return sp;
		return g->isp_known ? g->isp : sp;
	}
	g->isp = sp;
	g->isp_known = true;
	if (g->compat)
		g->frame = sas_a64_compat_frame(ksig);
	else
		g->frame = sas_a64_sigframe_size(&g->too_big);
	return sp;
}

/**
 * sas_sigframe_place() - the frame address get_sigframe() picks
 * @start: where the frame goes below (the interrupted sp, or the top of
 *         the alternate stack)
 * @g:     the layout
 *
 * Return: the frame's address, i.e. the handler's initial stack pointer;
 * the frame the kernel built when it did.
 */
static inline unsigned long sas_sigframe_place(unsigned long start,
					       const struct sas_sigframe_geom *g)
{
	if (g->made)
		return g->made_at;
	if (g->compat)
		return ((u32)start - (u32)g->frame) & ~7U;
	return round_down(start - SAS_A64_FRAME_RECORD, 16) - g->frame;
}

/**
 * sas_sigframe_fits() - whether a frame at @frame is on the alternate stack
 * @frame: the frame (the handler's initial sp)
 * @base:  the alternate stack's base (sas_ss_sp)
 * @size:  its size, 0 for none
 *
 * Everything of an arm64 frame lies between it and the start it was
 * placed below: on the stack when the frame is at or above its base.
 */
static inline bool sas_sigframe_fits(unsigned long frame, unsigned long base,
				     size_t size)
{
	return frame >= base && frame - base < size;
}

/* A failed setup that placed no frame, or whose start is not known. */
static inline bool sas_sigframe_unplaced(const struct sas_sigframe_geom *g)
{
	return g->too_big || !g->isp_known;
}

/* arm64 writes a frame that does not fit below the alternate stack. */
static inline bool sas_sigframe_written_anyway(const struct sas_sigframe_geom *g,
					       unsigned long *isp)
{
	*isp = g->isp;
	return g->isp_known;
}

/* The interrupted sp, where known. */
static inline unsigned long
sas_sigframe_interrupted_sp(const struct sas_sigframe_geom *g,
			    unsigned long sp)
{
	return g->isp_known ? g->isp : sp;
}

#else
#error "sastrace: the signal hook knows x86-64's and arm64's signal frames only"
#endif

#endif /* SASTRACE_COMPAT_SIGFRAME_H */

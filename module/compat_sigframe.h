/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Where the kernel's get_sigframe() puts a signal frame, so that the signal
 * hook can tell a frame that did not fit on the alternate stack (overflow)
 * from one that would have fitted but could not be written (frame_fault).
 *
 * x86 (arch/x86/kernel/signal.c, arch/x86/kernel/fpu/signal.c), below a
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
 * v6.2 (commit "x86/signal: Merge get_sigframe()") merged the 32-bit
 * frames' own get_sigframe() (arch/x86/ia32/ia32_signal.c: no red zone, no
 * overflow check) into the 64-bit one: from then on a 32-bit frame that
 * does not fit is refused ("overflowed sigaltstack") like a 64-bit one.
 * The placement is the same on both sides of that change. Before it, a
 * 32-bit frame that does not fit is written below the alternate stack
 * when that memory is writable: the setup succeeds, and sastrace does not
 * report it (a known gap). The xstate size: compat_fpu.h.
 */
#ifndef SASTRACE_COMPAT_SIGFRAME_H
#define SASTRACE_COMPAT_SIGFRAME_H

#include <linux/sched.h>
#include <linux/signal.h>
#include <asm/cpufeature.h>
#include <asm/fpu/types.h>
#include <asm/sigcontext.h>
#include <asm/sigframe.h>
#include "compat_fpu.h"

#if !defined(CONFIG_X86_64)
#error "sastrace: the signal hook knows x86-64's signal frames only"
#endif

/**
 * struct sas_sigframe_geom - how a handler's frame is laid out
 * @redzone: bytes kept free below the interrupted sp (nested frames)
 * @xstate:  bytes of the xstate block (64-byte aligned below its start)
 * @extra:   bytes between the xstate block and the frame struct
 * @frame:   bytes of the frame struct
 * @ia32:    32-bit alignment of the frame
 * @restorer_missing: the setup fails before placing a frame (a 64-bit or
 *           x32 handler without SA_RESTORER): not the alternate stack's doing
 */
struct sas_sigframe_geom {
	unsigned int redzone;
	unsigned long xstate;
	unsigned long extra;
	unsigned long frame;
	bool ia32;
	bool restorer_missing;
};

/**
 * sas_sigframe_geom() - the current task's frame layout for @ksig
 * @ksig: the signal being delivered
 * @g:    filled in
 */
static inline void sas_sigframe_geom(const struct ksignal *ksig,
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

#endif /* SASTRACE_COMPAT_SIGFRAME_H */

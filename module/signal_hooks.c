// SPDX-License-Identifier: GPL-2.0
/*
 * The signal hook: a kprobe on signal_setup_done(), which signal delivery
 * calls right after it tried to build a handler's frame on the user stack.
 * At that point the task's user registers hold the new frame (or, when
 * setup failed, the interrupted stack pointer) and its sas_ss_* are still
 * those the frame was placed by: SS_AUTODISARM clears them only later, in
 * signal_delivered(). Records are emitted for:
 *
 * - deliver: the frame is on the alternate stack;
 * - overflow: the frame was meant for the alternate stack and did not fit
 *   (x86: get_sigframe()'s "overflowed sigaltstack", the task gets
 *   SIGSEGV; arm64 does not check: the frame is written below the stack,
 *   or the write faults and the task gets SIGSEGV);
 * - frame_fault: the frame was meant for the alternate stack and would
 *   have fitted, but could not be written (the stack is unmapped or
 *   read-only, or saving the FPU state failed); SIGSEGV too;
 * - onstack_unavailable: the handler asked for SA_ONSTACK but no alternate
 *   stack is set (or SS_AUTODISARM has disarmed it), so the frame is on the
 *   normal stack.
 *
 * Every record names the handler's file and offset, and identifies the
 * file, as a call record names its caller (sastrace_find_caller()).
 *
 * Signals without SA_ONSTACK on the normal stack produce nothing. The hook
 * only observes: the task's signal delivery is unchanged.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kprobes.h>
#include <linux/percpu.h>
#include <linux/ptrace.h>
#include <linux/sched.h>
#include <linux/sched/task_stack.h>
#include <linux/signal.h>
#include "compat_autodisarm.h"
#include "compat_sigframe.h"
#include "format.h"
#include "sastrace.h"

static DEFINE_PER_CPU(local_t, signal_counts[SASTRACE_SIG_EVENTS]);
static DEFINE_PER_CPU(local_t, signal_handler_unknown);
static bool signal_registered;

/* As __on_sig_stack(): the stack grows down from base + size. */
static bool in_altstack(unsigned long sp, unsigned long base, size_t size)
{
	return size && sp > base && sp - base <= size;
}

/*
 * Whether get_sigframe() meant the frame for the alternate stack, from
 * where the task was interrupted (@sp): nested on it (armed, sp on it) or
 * entering it (SA_ONSTACK, and not nested once the red zone is kept).
 * Fills @headroom (the bytes that were available: below sp and its red
 * zone when nested, the whole stack when entering) and @start (where the
 * frame goes below).
 */
static bool meant_for_altstack(unsigned long sa_flags, unsigned long sp,
			       const struct sas_sigframe_geom *g,
			       unsigned long base, size_t size,
			       unsigned int ss_flags, s64 *headroom,
			       unsigned long *start)
{
	bool armed = !(ss_flags & SASTRACE_SS_AUTODISARM);
	unsigned long below = sp - g->redzone;
	bool nested, entering;

	nested = armed && in_altstack(sp, base, size);
	entering = (sa_flags & SA_ONSTACK) && size &&
		   !(armed && in_altstack(below, base, size));
	/*
	 * As get_sigframe(): entering wins over nested (an sp on the stack
	 * whose red zone reaches below its base starts again at the top).
	 */
	if (entering) {
		*headroom = size;
		*start = base + size;
	} else if (nested) {
		*headroom = (s64)below - (s64)base;
		*start = below;
	} else {
		return false;
	}
	return true;
}

/*
 * Which record, if any, this frame setup makes; fills @headroom. Mirrors
 * the architecture's get_sigframe() through compat_sigframe.h. @sp is the
 * new frame after a successful setup, else the interrupted sp; @g is the
 * frame's layout: a failed setup whose frame would have landed on the
 * alternate stack did not fail for lack of room (frame_fault). On an
 * architecture that writes a frame that does not fit (arm64), a
 * successful setup whose frame is below the stack it was meant for is an
 * overflow too.
 */
static unsigned int classify(int failed, unsigned long sa_flags,
			     unsigned long sp,
			     const struct sas_sigframe_geom *g,
			     unsigned long base, size_t size,
			     unsigned int ss_flags, s64 *headroom)
{
	unsigned long start, isp;

	if (!failed) {
		/* sp is the new frame. */
		if (sas_sigframe_fits(sp, base, size)) {
			*headroom = sp - base;
			return SASTRACE_SIG_DELIVER;
		}
		if (sas_sigframe_written_anyway(g, &isp) &&
		    meant_for_altstack(sa_flags, isp, g, base, size, ss_flags,
				       headroom, &start))
			return SASTRACE_SIG_OVERFLOW;
		if ((sa_flags & SA_ONSTACK) && !size) {
			*headroom = 0;
			return SASTRACE_SIG_ONSTACK_UNAVAILABLE;
		}
		return 0;
	}
	/* sp is where the task was interrupted. */
	if (sas_sigframe_unplaced(g))
		return 0;
	if (!meant_for_altstack(sa_flags, sp, g, base, size, ss_flags,
				headroom, &start))
		return 0;
	if (sas_sigframe_fits(sas_sigframe_place(start, g), base, size))
		return SASTRACE_SIG_FRAME_FAULT;
	return SASTRACE_SIG_OVERFLOW;
}

/* signal_setup_done(int failed, struct ksignal *ksig, int stepping) */
static int setup_done_pre(struct kprobe *kp, struct pt_regs *regs)
{
	const struct ksignal *ksig =
		(const struct ksignal *)regs_get_kernel_argument(regs, 1);
	int failed = (int)regs_get_kernel_argument(regs, 0);
	struct pt_regs *uregs = task_pt_regs(current);
	unsigned long base = READ_ONCE(current->sas_ss_sp);
	size_t size = READ_ONCE(current->sas_ss_size);
	unsigned int ss_flags = READ_ONCE(current->sas_ss_flags);
	struct sastrace_ring_slot slot;
	struct sas_sigframe_geom g;
	struct sastrace_signal *r;
	unsigned int event;
	s64 headroom = 0;
	unsigned long sp;

	if (!user_mode(uregs))
		return 0;
	sp = sas_sigframe_geom(failed, ksig, uregs, &g);
	/* An SS_AUTODISARM stack the kernel disarmed early (before 5.14). */
	if (!failed && !size)
		sas_saved_autodisarm_stack(ksig, sp, &base, &size, &ss_flags);
	event = classify(failed, ksig->ka.sa.sa_flags, sp, &g, base, size,
			 ss_flags, &headroom);
	if (!event)
		return 0;
	/* overflow and frame_fault report where the task was interrupted. */
	if (!sastrace_sig_event_made_frame(event))
		sp = sas_sigframe_interrupted_sp(&g, sp);
	local_inc(this_cpu_ptr(&signal_counts[event - 1]));
	if (!sastrace_ring_reserve(&sastrace_ring, &slot))
		return 0;
	r = sastrace_record_begin(slot.data, SASTRACE_KIND_SIGNAL,
				  SASTRACE_HOOK_SIGNAL, sizeof(*r));
	/*
	 * x86 passes failed as 1, arm64 any non-zero value; every frame
	 * setup failure is -EFAULT. An overflow with ret 0 is a frame the
	 * kernel wrote below the alternate stack (arm64).
	 */
	r->ret = failed ? -EFAULT : 0;
	if (size) {
		r->altstack.sp = base;
		r->altstack.size = size;
		r->altstack.flags = ss_flags;
		r->altstack.state = SASTRACE_ARG_VALUE;
	}
	r->event = event;
	r->signo = ksig->sig;
	r->handler = (unsigned long)ksig->ka.sa.sa_handler;
	r->sp = sp;
	r->headroom = headroom;
	if (event == SASTRACE_SIG_DELIVER)
		r->frame_size = base + size - sp;
	/*
	 * The handler's file, as a call's caller is found (in the slot: a
	 * full ring costs no lookup); none for SIG_DFL and SIG_IGN, which
	 * set up no frame anyway. A handler whose file is not known is
	 * counted, as an unknown caller is.
	 */
	if (r->handler > 1 &&
	    !sastrace_find_caller(r->handler, &r->handler_off,
				  r->handler_file, sizeof(r->handler_file),
				  &r->handler_id))
		local_inc(this_cpu_ptr(&signal_handler_unknown));
	sastrace_ring_commit(&sastrace_ring, &slot);
	return 0;
}

static struct kprobe setup_done_probe = {
	.symbol_name = "signal_setup_done",
	.pre_handler = setup_done_pre,
};

/*
 * signal_attach() - attach to signal frame setup
 *
 * Optional: a kernel where signal_setup_done() does not exist or cannot be
 * probed still traces sigaltstack calls; `stats` then shows signal_hook 0.
 *
 * Return: 0, or another error of register_kprobe() (such as -ENOMEM).
 */
static int signal_attach(void)
{
	int ret = register_kprobe(&setup_done_probe);

	signal_registered = !ret;
	if (sastrace_hook_unavailable(ret)) {
		pr_info("no signal hook (%s: %d): signal records are off\n",
			setup_done_probe.symbol_name, ret);
		return 0;
	}
	return ret;
}

/* Detach; the handler has finished on return. */
static void signal_detach(void)
{
	if (signal_registered)
		unregister_kprobe(&setup_done_probe);
	signal_registered = false;
}

/*
 * Signal records by kind and those whose handler's file is not known added
 * to st; signal_hook set (cpu -1 only).
 */
static void signal_stats(int cpu, struct sastrace_hook_stats *st)
{
	int c, i;

	for_each_possible_cpu(c) {
		if (cpu >= 0 && c != cpu)
			continue;
		for (i = 0; i < ARRAY_SIZE(st->signal); i++)
			st->signal[i] +=
				local_read(per_cpu_ptr(&signal_counts[i], c));
		st->handler_unknown +=
			local_read(per_cpu_ptr(&signal_handler_unknown, c));
	}
	if (cpu < 0)
		st->signal_hook += signal_registered;
}

const struct sastrace_hook_ops sastrace_signal_hook_ops = {
	.name = "signal hook",
	.attach = signal_attach,
	.detach = signal_detach,
	.stats = signal_stats,
};

// SPDX-License-Identifier: GPL-2.0
/*
 * The sigaction hook: a kretprobe on do_sigaction(), which every call that
 * installs or queries a signal's action goes through (rt_sigaction, its
 * compat form, the old sigaction and signal, native or 32-bit), with the
 * kernel's own copies of the actions: the same on every architecture.
 *
 * int do_sigaction(int sig, struct k_sigaction *act,
 *		    struct k_sigaction *oact)
 *
 * The entry handler copies *act as the caller passed it (do_sigaction()
 * then takes SIGKILL and SIGSTOP out of its mask and unknown bits out of
 * its flags); the return handler reads *oact, which do_sigaction() filled
 * when it succeeded, and emits one record per call. Calls without a new
 * action (act NULL: queries) are skipped at entry. Both only observe.
 *
 * Off unless loaded with sigaction=1: with it, every program that sets a
 * handler up makes records, which the existing consumers of `events` (and
 * their tests) do not expect yet.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kprobes.h>
#include <linux/moduleparam.h>
#include <linux/percpu.h>
#include <linux/ptrace.h>
#include <linux/signal.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include "compat_sigaction.h"
#include "sastrace.h"

/* What the entry handler leaves for the return handler. */
struct sigaction_entry {
	struct sastrace_sigact act;
	unsigned long oact;
	u32 signo;
	u32 aflags;
};

static DEFINE_PER_CPU(local_t, sigaction_count);
static DEFINE_PER_CPU(unsigned long, sigaction_faults);
static bool sigaction_registered;

static bool sigaction_enabled;
module_param_named(sigaction, sigaction_enabled, bool, 0444);
MODULE_PARM_DESC(sigaction,
		 "record calls that install or change a signal's action (default off)");

/* Copy a kernel struct k_sigaction; false (and counted) if that faults. */
static bool read_action(unsigned long addr, struct sastrace_sigact *a,
			u32 *aflags)
{
	struct k_sigaction ka;

	if (copy_from_kernel_nofault(&ka, (const void *)addr, sizeof(ka))) {
		this_cpu_inc(sigaction_faults);
		return false;
	}
	a->handler = (unsigned long)ka.sa.sa_handler;
	a->flags = ka.sa.sa_flags;
	a->mask = sas_sigset_first64(&ka.sa.sa_mask);
	*aflags |= sas_sigact_restorer(&ka.sa, &a->restorer);
	return true;
}

static int sigaction_entry(struct kretprobe_instance *ri,
			   struct pt_regs *regs)
{
	struct sigaction_entry *e = (struct sigaction_entry *)ri->data;
	unsigned long act = regs_get_kernel_argument(regs, 1);

	/* A query (no new action) makes no record: no return handler. */
	if (!act)
		return 1;
	memset(e, 0, sizeof(*e));
	e->signo = (u32)regs_get_kernel_argument(regs, 0);
	e->oact = regs_get_kernel_argument(regs, 2);
	if (!read_action(act, &e->act, &e->aflags))
		return 1;
	if (e->oact)
		e->aflags |= SASTRACE_AF_OLD;
	return 0;
}

static int sigaction_return(struct kretprobe_instance *ri,
			    struct pt_regs *regs)
{
	struct sigaction_entry *e = (struct sigaction_entry *)ri->data;
	/*
	 * do_sigaction() returns an int: the upper half of the return
	 * register is not its sign (x86-64 leaves it zero).
	 */
	long ret = (int)regs_return_value(regs);
	struct sastrace_ring_slot slot;
	struct sastrace_sigaction *r;
	struct sastrace_sigact old = {};
	u32 aflags = e->aflags;

	/* do_sigaction() writes *oact only when it succeeds. */
	if (!ret && e->oact && read_action(e->oact, &old, &aflags))
		aflags |= SASTRACE_AF_OLD_VALUE;
	local_inc(this_cpu_ptr(&sigaction_count));
	if (!sastrace_ring_reserve(&sastrace_ring, &slot))
		return 0;
	r = sastrace_record_begin(slot.data, SASTRACE_KIND_SIGACTION,
				  SASTRACE_HOOK_SIGACTION, sizeof(*r));
	r->act = e->act;
	if (aflags & SASTRACE_AF_OLD_VALUE)
		r->old = old;
	r->ret = ret;
	r->signo = e->signo;
	r->aflags = aflags;
	sastrace_ring_commit(&sastrace_ring, &slot);
	return 0;
}

static struct kretprobe sigaction_probe = {
	.kp.symbol_name = "do_sigaction",
	.entry_handler = sigaction_entry,
	.handler = sigaction_return,
	.data_size = sizeof(struct sigaction_entry),
};

/*
 * sigaction_attach() - attach to do_sigaction()
 *
 * Only with sigaction=1. Optional: a kernel where do_sigaction() cannot be
 * probed still traces sigaltstack calls and signals; `stats` then shows
 * sigaction_hook 0, as it does without sigaction=1.
 *
 * Return: 0, or another error of register_kretprobe() (such as -ENOMEM).
 */
static int sigaction_attach(void)
{
	int ret;

	if (!sigaction_enabled)
		return 0;

	/*
	 * do_sigaction() does not sleep on a mainline kernel: one instance
	 * per CPU, and spares; on PREEMPT_RT its siglock can, and more may
	 * be in flight (what finds none free is counted in missed).
	 */
	sigaction_probe.maxactive = max_t(int, 16, 2 * num_possible_cpus());
	ret = register_kretprobe(&sigaction_probe);
	sigaction_registered = !ret;
	if (sastrace_hook_unavailable(ret)) {
		pr_info("no sigaction hook (%s: %d): sigaction records are off\n",
			sigaction_probe.kp.symbol_name, ret);
		return 0;
	}
	return ret;
}

/* Detach; the handlers have finished on return. */
static void sigaction_detach(void)
{
	if (sigaction_registered)
		unregister_kretprobe(&sigaction_probe);
	sigaction_registered = false;
}

/* Records and faults added to st; missed and sigaction_hook (cpu -1 only). */
static void sigaction_stats(int cpu, struct sastrace_hook_stats *st)
{
	int c;

	for_each_possible_cpu(c) {
		if (cpu >= 0 && c != cpu)
			continue;
		st->sigaction += local_read(per_cpu_ptr(&sigaction_count, c));
		st->faults += READ_ONCE(*per_cpu_ptr(&sigaction_faults, c));
	}
	if (cpu >= 0)
		return;
	if (sigaction_registered)
		st->missed += sigaction_probe.nmissed +
			      sigaction_probe.kp.nmissed;
	st->sigaction_hook += sigaction_registered;
}

const struct sastrace_hook_ops sastrace_sigaction_hook_ops = {
	.name = "sigaction hook",
	.attach = sigaction_attach,
	.detach = sigaction_detach,
	.stats = sigaction_stats,
};

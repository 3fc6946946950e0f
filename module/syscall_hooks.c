// SPDX-License-Identifier: GPL-2.0
/*
 * The syscall hooks: a kretprobe (a kprobe at entry plus a return probe) on
 * the 64-bit and the 32-bit compat sigaltstack entry points. The entry
 * handler reads the stack_t the caller passed; the return handler reads the
 * old stack_t the kernel wrote back and emits one record per completed call.
 * Both only observe: nothing the traced task sees changes.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/compat.h>
#include <linux/kprobes.h>
#include <linux/percpu.h>
#include <linux/ptrace.h>
#include <linux/sched.h>
#include <linux/signal.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include "compat_arch.h"
#include "sastrace.h"

/* What the entry handler leaves for the return handler. */
struct call_entry {
	struct sastrace_stack ss;
	u64 old_ss_addr;
};

static DEFINE_PER_CPU(unsigned long, hook_faults);
static DEFINE_PER_CPU(local_t, hook_toctou);
static DEFINE_PER_CPU(local_t, hook_unverified);

static int entry_common(struct kretprobe_instance *ri, unsigned long ss,
			unsigned long old_ss, bool compat)
{
	struct call_entry *e = (struct call_entry *)ri->data;

	memset(&e->ss, 0, sizeof(e->ss));
	e->ss.addr = ss;
	e->old_ss_addr = old_ss;
	sastrace_read_stack(&e->ss, compat);
	return 0;
}

/* The 64-bit entry (compat_arch.h): native stack_t arguments. */
static int native_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	unsigned long ss, old_ss;

	sas_syscall_args(regs, false, &ss, &old_ss);
	return entry_common(ri, ss, old_ss, false);
}

/* The 32-bit (compat) entry: 32-bit pointers to a 12-byte stack_t. */
static int compat_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	unsigned long ss, old_ss;

	sas_syscall_args(regs, true, &ss, &old_ss);
	return entry_common(ri, ss, old_ss, true);
}

/*
 * What do_sigaltstack() installs for @ss: SS_DISABLE clears sp and size and
 * keeps the flags as given; anything else is stored as given.
 */
static void expected_install(const struct sastrace_stack *ss,
			     struct sastrace_stack *want)
{
	*want = *ss;
	if ((ss->flags & ~SASTRACE_SS_AUTODISARM) == SASTRACE_SS_DISABLE) {
		want->sp = 0;
		want->size = 0;
	}
}

/*
 * After a successful call with a non-NULL ss, compare what the entry
 * handler read (@ss) with what the kernel installed. Both hooks run in the
 * calling task, whose sas_ss_* only it changes (and, between the syscall's
 * return and our return handler, nothing runs that could): a difference
 * means the stack_t changed between our read and the kernel's, i.e. another
 * thread wrote it while the call was in flight. Counted here, before the
 * ring is asked for room, so that a full ring loses no race.
 *
 * Return: SASTRACE_RF_TOCTOU or SASTRACE_RF_UNVERIFIED with @installed
 * filled in, or 0 when what was installed is what was read.
 */
static u16 check_installed(const struct sastrace_stack *ss,
			   struct sastrace_stack *installed)
{
	struct sastrace_stack want;

	installed->addr = ss->addr;
	installed->sp = READ_ONCE(current->sas_ss_sp);
	installed->size = READ_ONCE(current->sas_ss_size);
	installed->flags = READ_ONCE(current->sas_ss_flags);
	installed->state = SASTRACE_ARG_VALUE;
	if (ss->state != SASTRACE_ARG_VALUE) {
		local_inc(this_cpu_ptr(&hook_unverified));
		return SASTRACE_RF_UNVERIFIED;
	}
	expected_install(ss, &want);
	if (want.sp == installed->sp && want.size == installed->size &&
	    want.flags == installed->flags)
		return 0;
	local_inc(this_cpu_ptr(&hook_toctou));
	return SASTRACE_RF_TOCTOU;
}

static void return_common(struct kretprobe_instance *ri, struct pt_regs *regs,
			  unsigned int hook)
{
	struct call_entry *e = (struct call_entry *)ri->data;
	bool compat = hook == SASTRACE_HOOK_COMPAT;
	long ret = regs_return_value(regs);
	struct sastrace_stack installed, ss = e->ss, old_ss;
	struct sastrace_ring_slot slot;
	struct sastrace_record *r;
	u16 rflags = 0;

	/* What was installed is compared with what was read at entry. */
	if (!ret && ss.state != SASTRACE_ARG_NULL)
		rflags |= check_installed(&ss, &installed);
	rflags |= sastrace_args_at_return(&ss, &old_ss, e->old_ss_addr, ret,
					  compat, &hook_faults);

	if (!sastrace_ring_reserve(&sastrace_ring, &slot))
		return;
	r = slot.data;
	sastrace_record_begin(r, hook, ret);
	r->rflags |= rflags;
	r->ss = ss;
	if (rflags & (SASTRACE_RF_TOCTOU | SASTRACE_RF_UNVERIFIED))
		r->installed = installed;
	r->old_ss = old_ss;
	sastrace_ring_commit(&sastrace_ring, &slot);
}

static int native_return(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	return_common(ri, regs, SASTRACE_HOOK_KPROBE);
	return 0;
}

static int compat_return(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	return_common(ri, regs, SASTRACE_HOOK_COMPAT);
	return 0;
}

static struct kretprobe native_probe = {
	.kp.symbol_name = SAS_SYSCALL_SYMBOL,
	.entry_handler = native_entry,
	.handler = native_return,
	.data_size = sizeof(struct call_entry),
};

static struct kretprobe compat_probe = {
	.kp.symbol_name = SAS_COMPAT_SYSCALL_SYMBOL,
	.entry_handler = compat_entry,
	.handler = compat_return,
	.data_size = sizeof(struct call_entry),
};

static bool compat_registered;

/**
 * sastrace_syscall_hooks_register() - attach to both sigaltstack entries
 *
 * The compat hook is optional: a kernel without 32-bit emulation
 * (CONFIG_IA32_EMULATION, arm64's CONFIG_COMPAT) has no such entry point
 * (-ENOENT), and sastrace then traces 64-bit calls only. Any
 * other error (such as -ENOMEM) fails, with neither hook registered.
 *
 * Return: 0, or the error of registering a hook.
 */
int sastrace_syscall_hooks_register(void)
{
	/* Calls that fault pages in may sleep: leave room for many. */
	int maxactive = max_t(int, 64, 8 * num_possible_cpus());
	int ret;

	native_probe.maxactive = maxactive;
	compat_probe.maxactive = maxactive;
	ret = register_kretprobe(&native_probe);
	if (ret)
		return ret;
	ret = register_kretprobe(&compat_probe);
	compat_registered = !ret;
	if (sastrace_hook_unavailable(ret)) {
		pr_info("no 32-bit hook (%s: %d): tracing 64-bit calls only\n",
			compat_probe.kp.symbol_name, ret);
		return 0;
	}
	if (ret)
		unregister_kretprobe(&native_probe);
	return ret;
}

/**
 * sastrace_syscall_hooks_unregister() - detach; handlers have finished on
 * return
 */
void sastrace_syscall_hooks_unregister(void)
{
	if (compat_registered)
		unregister_kretprobe(&compat_probe);
	unregister_kretprobe(&native_probe);
	compat_registered = false;
}

/**
 * sastrace_syscall_hooks_stats() - fault, TOCTOU and miss counters
 * @cpu: a CPU, or -1 for the sum over all CPUs
 * @st:  filled with the counters (the others zeroed); missed is global and
 *       only set for -1
 */
void sastrace_syscall_hooks_stats(int cpu, struct sastrace_hook_stats *st)
{
	int c;

	memset(st, 0, sizeof(*st));
	for_each_possible_cpu(c) {
		if (cpu >= 0 && c != cpu)
			continue;
		st->faults += READ_ONCE(*per_cpu_ptr(&hook_faults, c));
		st->toctou += local_read(per_cpu_ptr(&hook_toctou, c));
		st->toctou_unverified +=
			local_read(per_cpu_ptr(&hook_unverified, c));
	}
	if (cpu >= 0)
		return;
	st->missed = native_probe.nmissed + native_probe.kp.nmissed;
	if (compat_registered)
		st->missed += compat_probe.nmissed + compat_probe.kp.nmissed;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * The syscall hooks: a kretprobe (a kprobe at entry plus a return probe) on
 * the 64-bit, the 32-bit compat and (x86-64) the x32 sigaltstack entry
 * points; x32 calls are recorded as compat ones (12-byte stack_t). The entry
 * handler reads the stack_t the caller passed; the return handler reads the
 * old stack_t the kernel wrote back and emits one record per completed call,
 * with its caller: the user instruction pointer the call returns to (the
 * instruction after the syscall, int $0x80 or svc instruction, from the
 * task's saved user registers) and the file and file offset it falls in.
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
#include "compat_auxv.h"
#include "compat_ia32_emulation.h"
#include "compat_kprobe_missed.h"
#include "sastrace.h"

/* What the entry handler leaves for the return handler. */
struct call_entry {
	struct sastrace_stack ss;
	u64 old_ss_addr;
};

static DEFINE_PER_CPU(unsigned long, hook_faults);
static DEFINE_PER_CPU(local_t, hook_toctou);
static DEFINE_PER_CPU(local_t, hook_unverified);
static DEFINE_PER_CPU(local_t, hook_small);
static DEFINE_PER_CPU(local_t, hook_caller_unknown);
/* Faults the kernel counted in our probes' nmissed (compat_kprobe_missed.h). */
static DEFINE_PER_CPU(unsigned long, hook_fault_missed);

static struct kretprobe native_probe, compat_probe, x32_probe;

static int entry_common(struct kretprobe_instance *ri, struct kretprobe *rp,
			unsigned long ss, unsigned long old_ss, bool compat)
{
	struct call_entry *e = (struct call_entry *)ri->data;
	unsigned long mark = sas_kprobe_missed_mark(&rp->kp);

	memset(&e->ss, 0, sizeof(e->ss));
	e->ss.addr = ss;
	e->old_ss_addr = old_ss;
	sastrace_read_stack(&e->ss, compat);
	this_cpu_add(hook_fault_missed, sas_kprobe_missed_since(&rp->kp, mark));
	return 0;
}

/* The 64-bit entry (compat_arch.h): native stack_t arguments. */
static int native_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	unsigned long ss, old_ss;

	sas_syscall_args(regs, SAS_ABI_NATIVE, &ss, &old_ss);
	return entry_common(ri, &native_probe, ss, old_ss, false);
}

/* The 32-bit (compat) entry: 32-bit pointers to a 12-byte stack_t. */
static int compat_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	unsigned long ss, old_ss;

	sas_syscall_args(regs, SAS_ABI_COMPAT, &ss, &old_ss);
	return entry_common(ri, &compat_probe, ss, old_ss, true);
}

/* The x32 entry: 64-bit argument registers, a 12-byte stack_t. */
static int x32_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	unsigned long ss, old_ss;

	sas_syscall_args(regs, SAS_ABI_X32, &ss, &old_ss);
	return entry_common(ri, &x32_probe, ss, old_ss, true);
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

/*
 * After a successful call with a non-NULL ss: the caller's AT_MINSIGSTKSZ
 * (0 when its kernel gives none), into @min. A stack installed now that is
 * smaller (SS_DISABLE installs none) is counted here, before the ring is
 * asked for room, as a TOCTOU race is.
 *
 * Return: SASTRACE_RF_SMALL, or 0.
 */
static u16 check_small(u32 *min)
{
	size_t size = READ_ONCE(current->sas_ss_size);
	struct mm_struct *mm = current->mm;

	*min = mm ? sas_mm_minsigstksz(mm, sas_task_auxv32(current)) : 0;
	if (!size || size >= *min)
		return 0;
	local_inc(this_cpu_ptr(&hook_small));
	return SASTRACE_RF_SMALL;
}

static void return_common(struct kretprobe_instance *ri, struct pt_regs *regs,
			  struct kretprobe *rp, unsigned int hook)
{
	struct call_entry *e = (struct call_entry *)ri->data;
	bool compat = hook == SASTRACE_HOOK_COMPAT;
	long ret = regs_return_value(regs);
	struct sastrace_stack installed, ss = e->ss, old_ss;
	struct sastrace_ring_slot slot;
	struct sastrace_call *c;
	unsigned long mark = sas_kprobe_missed_mark(&rp->kp);
	u16 rflags = 0;
	u32 min = 0;

	/*
	 * What was installed is compared with what was read at entry, and
	 * its size with the frame the caller's kernel said it needs.
	 */
	if (!ret && ss.state != SASTRACE_ARG_NULL) {
		rflags |= check_installed(&ss, &installed);
		rflags |= check_small(&min);
	}
	rflags |= sastrace_args_at_return(&ss, &old_ss, e->old_ss_addr, ret,
					  compat, &hook_faults);
	this_cpu_add(hook_fault_missed, sas_kprobe_missed_since(&rp->kp, mark));

	if (!sastrace_ring_reserve(&sastrace_ring, &slot))
		return;
	c = sastrace_record_begin(slot.data, SASTRACE_KIND_CALL, hook,
				  sizeof(*c));
	c->rflags = rflags;
	c->min_sigstksz = min;
	c->ret = ret;
	c->ss = ss;
	if (rflags & (SASTRACE_RF_TOCTOU | SASTRACE_RF_UNVERIFIED))
		c->installed = installed;
	c->old_ss = old_ss;
	/*
	 * Where the call returns to in user space: the user registers the
	 * syscall entry saved (task_pt_regs()), as the kernel returns with
	 * them. The file is looked up in the slot itself: a full ring
	 * costs no lookup.
	 */
	c->caller_addr = instruction_pointer(current_pt_regs());
	if (!sastrace_find_caller(c->caller_addr, &c->caller_off,
				  c->caller_file, sizeof(c->caller_file),
				  &c->caller_id))
		local_inc(this_cpu_ptr(&hook_caller_unknown));
	sastrace_ring_commit(&sastrace_ring, &slot);
}

static int native_return(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	return_common(ri, regs, &native_probe, SASTRACE_HOOK_KPROBE);
	return 0;
}

static int compat_return(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	return_common(ri, regs, &compat_probe, SASTRACE_HOOK_COMPAT);
	return 0;
}

/* x32 calls make compat records. */
static int x32_return(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	return_common(ri, regs, &x32_probe, SASTRACE_HOOK_COMPAT);
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

static struct kretprobe x32_probe = {
	.entry_handler = x32_entry,
	.handler = x32_return,
	.data_size = sizeof(struct call_entry),
};

static bool native_registered;
static bool compat_registered;
static bool x32_registered;

/*
 * The compat hook, unless 32-bit emulation is off at boot: then the entry
 * point is there but no call can reach it, and a probe on it would only
 * hold its instances and claim a coverage it does not have.
 */
static int compat_register(void)
{
	int ret;

	if (!sas_ia32_emulation_enabled()) {
		pr_info("no 32-bit hook: 32-bit emulation is disabled (ia32_emulation): tracing native calls only\n");
		return 0;
	}
	ret = register_kretprobe(&compat_probe);
	compat_registered = !ret;
	if (sastrace_hook_unavailable(ret)) {
		pr_info("no 32-bit hook (%s: %d): tracing 64-bit calls only\n",
			compat_probe.kp.symbol_name, ret);
		return 0;
	}
	return ret;
}

/* The x32 hook, on the first entry symbol of compat_arch.h this kernel has. */
static int x32_register(void)
{
	const char *sym;
	unsigned int i;
	int ret = 0;

	for (i = 0; (sym = sas_x32_syscall_symbol(i)); i++) {
		/* A failed try may have left the address it resolved. */
		x32_probe.kp.addr = NULL;
		x32_probe.kp.flags = 0;
		x32_probe.kp.symbol_name = sym;
		ret = register_kretprobe(&x32_probe);
		if (!sastrace_hook_unavailable(ret))
			break;
	}
	if (sym) {
		/* Registered, or an error that fails the load. */
		x32_registered = !ret;
		return ret;
	}
	/* No candidate was there (none at all on arm64): no x32 ABI. */
	if (i)
		pr_info("no x32 hook (%d): not tracing x32 calls\n", ret);
	return 0;
}

/* Detach what is attached; handlers have finished on return. */
static void syscall_detach(void)
{
	if (x32_registered)
		unregister_kretprobe(&x32_probe);
	if (compat_registered)
		unregister_kretprobe(&compat_probe);
	if (native_registered)
		unregister_kretprobe(&native_probe);
	x32_registered = false;
	compat_registered = false;
	native_registered = false;
	/* Last to detach: no caller lookup runs any more, anywhere. */
	sastrace_callers_sync();
}

/*
 * syscall_attach() - attach to the sigaltstack entries
 *
 * The compat and x32 hooks are optional: a kernel without 32-bit
 * emulation (CONFIG_IA32_EMULATION, arm64's CONFIG_COMPAT) or without
 * the x32 ABI (CONFIG_X86_X32_ABI) has no such entry point (-ENOENT),
 * and one booted with 32-bit emulation off (ia32_emulation=, 6.7 on) runs
 * no 32-bit task: sastrace then logs which calls it does not trace.
 * Any other error (such as -ENOMEM) fails, with no hook registered.
 *
 * Return: 0, or the error of registering a hook.
 */
static int syscall_attach(void)
{
	/* Calls that fault pages in may sleep: leave room for many. */
	int maxactive = max_t(int, 64, 8 * num_possible_cpus());
	int ret;

	sastrace_callers_init();
	native_probe.maxactive = maxactive;
	compat_probe.maxactive = maxactive;
	x32_probe.maxactive = maxactive;
	ret = register_kretprobe(&native_probe);
	if (ret)
		return ret;
	native_registered = true;
	ret = compat_register();
	if (!ret)
		ret = x32_register();
	if (ret)
		syscall_detach();
	return ret;
}

/*
 * Fault, TOCTOU, SMALL, unknown-caller and (global: cpu -1 only) miss
 * counters and small_check, added to st.
 */
static void syscall_stats(int cpu, struct sastrace_hook_stats *st)
{
	unsigned long missed = 0, fault_missed = 0;
	int c;

	for_each_possible_cpu(c) {
		if (cpu >= 0 && c != cpu)
			continue;
		st->faults += READ_ONCE(*per_cpu_ptr(&hook_faults, c));
		st->toctou += local_read(per_cpu_ptr(&hook_toctou, c));
		st->toctou_unverified +=
			local_read(per_cpu_ptr(&hook_unverified, c));
		st->small += local_read(per_cpu_ptr(&hook_small, c));
		st->caller_unknown +=
			local_read(per_cpu_ptr(&hook_caller_unknown, c));
		fault_missed += READ_ONCE(*per_cpu_ptr(&hook_fault_missed, c));
	}
	if (cpu >= 0)
		return;
	st->small_check += sas_auxv_minsigstksz_known();
	if (native_registered)
		missed += native_probe.nmissed + native_probe.kp.nmissed;
	if (compat_registered)
		missed += compat_probe.nmissed + compat_probe.kp.nmissed;
	if (x32_registered)
		missed += x32_probe.nmissed + x32_probe.kp.nmissed;
	/* Less the faults the kernel counted there (before 5.14). */
	st->missed += missed > fault_missed ? missed - fault_missed : 0;
}

const struct sastrace_hook_ops sastrace_syscall_hook_ops = {
	.name = "syscall hooks",
	.attach = syscall_attach,
	.detach = syscall_detach,
	.stats = syscall_stats,
};

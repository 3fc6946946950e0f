// SPDX-License-Identifier: GPL-2.0
/*
 * What every hook writes first into a record: the header and who made the
 * call. Shared so that every record kind starts the same way.
 */
#include <linux/percpu.h>
#include <linux/sched.h>
#include <linux/signal.h>
#include <linux/smp.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <linux/uaccess.h>
#include "sastrace.h"

/**
 * sastrace_record_begin() - start a record of the current task's call
 * @r:    the reserved record; every field not set here is zeroed
 * @hook: an enum sastrace_hook
 * @ret:  the call's return value
 *
 * Context: any; preemption disabled (the record lives in this CPU's ring).
 */
void sastrace_record_begin(struct sastrace_record *r, unsigned int hook,
			   long ret)
{
	memset(r, 0, sizeof(*r));
	r->magic = SASTRACE_MAGIC;
	r->version = SASTRACE_VERSION;
	r->size = sizeof(*r);
	r->ts_ns = ktime_get_mono_fast_ns();
	r->cpu = smp_processor_id();
	r->tgid = task_tgid_nr(current);
	r->tid = task_pid_nr(current);
	r->hook = hook;
	r->ret = ret;
	/* No task_lock in probe context: a racy copy of comm is fine. */
	memcpy(r->comm, current->comm, sizeof(r->comm));
	r->comm[sizeof(r->comm) - 1] = '\0';
}

/**
 * sastrace_late_ss_readable() - whether ss may be read again at return
 * @ss:      the call's ss argument (its address)
 * @old_ss:  the call's old_ss argument as the return handler found it
 * @st_size: bytes of the stack_t (native or compat)
 *
 * An ss the entry handler could not read is read again at return. That
 * is only what the caller asked for if the kernel did not write old_ss
 * over it: sigaltstack(&st, &st) is legal, and at return st holds the old
 * stack.
 *
 * Return: false when old_ss was written and overlaps ss.
 */
bool sastrace_late_ss_readable(const struct sastrace_stack *ss,
			       const struct sastrace_stack *old_ss,
			       size_t st_size)
{
	if (old_ss->state == SASTRACE_ARG_NULL ||
	    old_ss->state == SASTRACE_ARG_UNWRITTEN)
		return true;
	return ss->addr + st_size <= old_ss->addr ||
	       old_ss->addr + st_size <= ss->addr;
}

/**
 * sastrace_read_stack() - read a stack_t argument without faulting
 * @s:      @s->addr is the user pointer; filled with the value and state
 * @compat: a 32-bit (12-byte) stack_t instead of the native one
 *
 * No hook may wait for a page fault (see the uprobe hook), so a page that
 * is not present leaves @s unreadable (SASTRACE_ARG_FAULT).
 *
 * Context: any; does not sleep.
 */
void sastrace_read_stack(struct sastrace_stack *s, bool compat)
{
	const void __user *uptr = (const void __user *)(unsigned long)s->addr;

	if (!s->addr) {
		s->state = SASTRACE_ARG_NULL;
		return;
	}
	if (compat) {
		struct { u32 sp; s32 flags; u32 size; } cst;

		BUILD_BUG_ON(sizeof(cst) != SASTRACE_COMPAT_STACK_T_SIZE);
		if (copy_from_user_nofault(&cst, uptr, sizeof(cst)))
			goto fault;
		s->sp = cst.sp;
		s->flags = cst.flags;
		s->size = cst.size;
	} else {
		stack_t st;

		if (copy_from_user_nofault(&st, uptr, sizeof(st)))
			goto fault;
		s->sp = (unsigned long)st.ss_sp;
		s->flags = st.ss_flags;
		s->size = st.ss_size;
	}
	s->state = SASTRACE_ARG_VALUE;
	return;
fault:
	s->state = SASTRACE_ARG_FAULT;
}

/**
 * sastrace_args_at_return() - what a return handler records of ss, old_ss
 * @ss:       ss as read at entry; read again if it was not present then
 * @old_ss:   filled in: not written (a failed call), NULL, read or not
 * @old_addr: the old_ss argument
 * @ret:      the call's return value: 0, or negative on failure
 * @compat:   32-bit stack_t arguments
 * @faults:   the hook's per-CPU count of unreadable arguments, added to
 *            whether or not the ring has room (as every counter is)
 *
 * An ss that was not present at entry has been faulted in by the call
 * (unless it failed with EFAULT), so it is read now, unless the kernel
 * wrote old_ss over it (sastrace_late_ss_readable()).
 *
 * Context: any; does not sleep.
 * Return: SASTRACE_RF_SS_LATE when ss was read now, else 0.
 */
u16 sastrace_args_at_return(struct sastrace_stack *ss,
			    struct sastrace_stack *old_ss, u64 old_addr,
			    long ret, bool compat,
			    unsigned long __percpu *faults)
{
	size_t st_size = compat ? SASTRACE_COMPAT_STACK_T_SIZE :
				  sizeof(stack_t);
	u16 rflags = 0;
	int n;

	memset(old_ss, 0, sizeof(*old_ss));
	old_ss->addr = old_addr;
	if (old_addr && ret)
		old_ss->state = SASTRACE_ARG_UNWRITTEN;
	else
		sastrace_read_stack(old_ss, compat);
	if (ss->state == SASTRACE_ARG_FAULT && ret != -EFAULT &&
	    sastrace_late_ss_readable(ss, old_ss, st_size)) {
		sastrace_read_stack(ss, compat);
		if (ss->state == SASTRACE_ARG_VALUE)
			rflags |= SASTRACE_RF_SS_LATE;
	}
	n = (ss->state == SASTRACE_ARG_FAULT) +
	    (old_ss->state == SASTRACE_ARG_FAULT);
	if (n)
		this_cpu_add(*faults, n);
	return rflags;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * What every hook writes first into a record: the header and who made the
 * call. Shared so that every record kind starts the same way.
 */
#include <linux/sched.h>
#include <linux/smp.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
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

// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/debug/sastrace/altstacks: every user thread that has an
 * alternate signal stack configured right now, one line each:
 *   pid=<tgid> tid=<tid> comm=<comm> ss_sp=<sp> ss_flags=<flags>
 *   ss_size=<size> on_stack=<0|1>[ SMALL min=<N>]
 * ss_flags as sigaltstack(NULL, &old) in that thread would report them;
 * on_stack says whether the thread's user stack pointer (as saved at its
 * last kernel entry) lies on the alternate stack. Nothing else shows this.
 * SMALL marks a stack smaller than the process's AT_MINSIGSTKSZ (N), as
 * in call records; lines of other threads are as they always were.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/ptrace.h>
#include <linux/rcupdate.h>
#include <linux/sched/signal.h>
#include <linux/sched/task_stack.h>
#include <linux/sched/task.h>
#include <linux/seq_file.h>
#include <linux/string.h>
#include "compat_auxv.h"
#include "compat_task_regs.h"
#include "format.h"
#include "sastrace.h"

/*
 * @t's AT_MINSIGSTKSZ, 0 when unknown. task_lock() keeps its mm from being
 * dropped (exit_mm() and exec clear t->mm under it) while it is read.
 */
static u32 task_minsigstksz(struct task_struct *t)
{
	struct mm_struct *mm;
	u32 min = 0;

	if (!sas_auxv_minsigstksz_known())
		return 0;
	task_lock(t);
	mm = t->mm;
	if (mm)
		min = sas_mm_minsigstksz(mm, sas_task_auxv32(t));
	task_unlock(t);
	return min;
}

/* " SMALL min=<N>" after a thread's line, when its stack is smaller. */
static void show_small(struct seq_file *m, size_t size, u32 min)
{
	if (size < min)
		seq_printf(m, " SMALL min=%u", min);
}

/**
 * sastrace_format_task_comm() - a task's comm, escaped as in `events`
 * @buf:  output buffer (4 * SASTRACE_COMM_LEN + 1 bytes is always enough)
 * @size: its size
 * @t:    the task, maybe another one, which may rename itself meanwhile
 *
 * From one copy of the comm: the escaping reads its input more than once,
 * and a rename between two reads could print a NUL inside it.
 */
void sastrace_format_task_comm(char *buf, size_t size,
			       const struct task_struct *t)
{
	char comm[SASTRACE_COMM_LEN];

	memcpy(comm, t->comm, sizeof(comm));
	comm[sizeof(comm) - 1] = '\0';
	sastrace_format_comm(buf, size, comm);
}

static void show_thread(struct seq_file *m, struct task_struct *t,
			const void *stack)
{
	unsigned long sp = READ_ONCE(t->sas_ss_sp);
	size_t size = READ_ONCE(t->sas_ss_size);
	unsigned int stored = READ_ONCE(t->sas_ss_flags);
	char comm[4 * SASTRACE_COMM_LEN + 1], flags[64];
	unsigned long usp;
	bool on, armed;
	u32 f;

	if (!size)
		return;
	/*
	 * What can still be torn: the stack was loaded once and is read
	 * without faulting, so this never touches freed memory, but a thread
	 * running on another CPU may change its registers, its alternate
	 * stack or (exiting) hand its stack back while we look: the line is
	 * a snapshot of values that were each true at some instant, not
	 * necessarily at the same one. A stack that is gone leaves the
	 * thread out.
	 */
	if (sas_task_user_sp(stack, &usp))
		return;
	/* As __on_sig_stack(): the stack grows down from sp + size. */
	on = usp > sp && usp - sp <= size;
	/* As do_sigaltstack() reports it: SS_AUTODISARM hides SS_ONSTACK. */
	armed = !(stored & SASTRACE_SS_AUTODISARM);
	f = (on && armed ? SASTRACE_SS_ONSTACK : 0) |
	    (stored & SASTRACE_SS_AUTODISARM);
	sastrace_format_flags(flags, sizeof(flags), f);
	sastrace_format_task_comm(comm, sizeof(comm), t);
	if (sp)
		seq_printf(m, "pid=%d tid=%d comm=%s ss_sp=%#lx ss_flags=%s ss_size=%zu on_stack=%d",
			   task_tgid_nr(t), task_pid_nr(t), comm, sp, flags,
			   size, on);
	else
		seq_printf(m, "pid=%d tid=%d comm=%s ss_sp=NULL ss_flags=%s ss_size=%zu on_stack=%d",
			   task_tgid_nr(t), task_pid_nr(t), comm, flags, size,
			   on);
	show_small(m, size, task_minsigstksz(t));
	seq_putc(m, '\n');
}

static int altstacks_show(struct seq_file *m, void *v)
{
	struct task_struct *p, *t;
	const void *stack;

	rcu_read_lock();
	for_each_process_thread(p, t) {
		/*
		 * Exiting threads are left out: their stack (and the user
		 * registers saved on it) may be on its way to being freed.
		 * The stack pointer is loaded once (task_pt_regs() would
		 * load it again, maybe NULL or reused by then).
		 */
		stack = READ_ONCE(t->stack);
		if (t->flags & (PF_KTHREAD | PF_EXITING) || t->exit_state ||
		    !stack)
			continue;
		show_thread(m, t, stack);
	}
	rcu_read_unlock();
	return 0;
}
SASTRACE_DEFINE_SHOW_ATTRIBUTE(altstacks);

/**
 * sastrace_altstacks_create() - create the altstacks file
 * @dir: the sastrace debugfs directory
 *
 * Return: the file's dentry, or an ERR_PTR().
 */
struct dentry *sastrace_altstacks_create(struct dentry *dir)
{
	return debugfs_create_file("altstacks", 0400, dir, NULL,
				   &altstacks_fops);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/debug/sastrace/risks: the live system's threads whose
 * process asked for an alternate stack for its fault handlers but which
 * have none, and the processes whose handlers disagree about SA_ONSTACK.
 * Two kinds of line:
 *
 *   pid=<tgid> comm=<comm> risk=mixed_onstack onstack=<signals> plain=<signals>
 *	the process has handlers with SA_ONSTACK (onstack=) and handlers
 *	without it (plain=): a library that installed the plain ones runs
 *	them on the normal stack (Go's runtime aborts on such a handler);
 *   pid=<tgid> tid=<tid> comm=<comm> risk=no_altstack onstack=<signals>
 *	the process has an SA_ONSTACK handler for a synchronous signal
 *	(SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP: raised in the thread that
 *	faulted, and handled there) but this thread has no alternate stack:
 *	its handler runs on the stack that faulted. When that stack
 *	overflowed (SIGSEGV, or SIGBUS), the kernel cannot build the frame
 *	and kills the process instead of running the handler. onstack=
 *	lists those signals.
 *
 * <signals>: the names as the sigaction records print them (SIGSEGV,
 * SIGRTMIN, SIGRT_3), joined by '|', in signal-number order. A handler is
 * an action that is neither SIG_DFL nor SIG_IGN. Signals 32 to 34 are left
 * out of both lists: the C libraries keep them for themselves (glibc's
 * SIGCANCEL and SIGSETXID, whose handlers have SA_ONSTACK and would make
 * every multithreaded program "mixed"; musl's three). A process's line
 * comes before its threads' lines; a process with no SA_ONSTACK handler,
 * or with no live thread (a zombie), has none.
 *
 * Snapshots: each process's handlers are read under its siglock, one
 * moment's set (except during an exec, which resets them without the
 * lock, after it dropped the alternate stack); each thread's stack as
 * altstacks reads it. A thread running a handler on an SS_AUTODISARM
 * stack has no alternate stack until the handler returns, and is listed
 * meanwhile: a second fault there would find none either. Threads that
 * run no user code (io_uring workers, compat_task_flags.h) and exiting
 * ones are left out.
 *
 * The walk holds rcu_read_lock() over every process, as altstacks does:
 * its cost grows with the number of threads on the machine.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/rcupdate.h>
#include <linux/sched/signal.h>
#include <linux/seq_file.h>
#include <linux/signal.h>
#include "compat_task_flags.h"
#include "format.h"
#include "sastrace.h"

/* Bit N - 1 stands for signal N, as in the sigaction records' masks. */
#define SIGBIT(sig)	((u64)1 << ((sig) - 1))
#define SYNC_SIGNALS	(SIGBIT(SIGSEGV) | SIGBIT(SIGBUS) | SIGBIT(SIGILL) | \
			 SIGBIT(SIGFPE) | SIGBIT(SIGTRAP))
/* The C libraries' own signals (glibc: 32, 33; musl: 32 to 34). */
#define LIBC_SIGNALS	(SIGBIT(32) | SIGBIT(33) | SIGBIT(34))

/* What one process's handlers ask for. */
struct handlers {
	u64 onstack;
	u64 plain;
};

/*
 * The process's handlers, read under its siglock so that they are one
 * moment's set: as the kernel's __lock_task_sighand() (not exported), the
 * sighand_struct cannot be freed under RCU (SLAB_TYPESAFE_BY_RCU) but may
 * be reused, so the task must still point at it once it is locked. Called
 * under rcu_read_lock(). Return: false when the process has no sighand
 * (it is being reaped).
 */
static bool read_handlers(struct task_struct *p, struct handlers *h)
{
	struct sighand_struct *sighand;
	unsigned long flags;
	int sig;

	for (;;) {
		sighand = rcu_dereference(p->sighand);
		if (!sighand)
			return false;
		spin_lock_irqsave(&sighand->siglock, flags);
		if (sighand == rcu_access_pointer(p->sighand))
			break;
		spin_unlock_irqrestore(&sighand->siglock, flags);
	}
	h->onstack = 0;
	h->plain = 0;
	for (sig = 1; sig <= _NSIG && sig <= 64; sig++) {
		const struct sigaction *sa = &sighand->action[sig - 1].sa;

		if (sa->sa_handler == SIG_DFL || sa->sa_handler == SIG_IGN ||
		    SIGBIT(sig) & LIBC_SIGNALS)
			continue;
		if (sa->sa_flags & SA_ONSTACK)
			h->onstack |= SIGBIT(sig);
		else
			h->plain |= SIGBIT(sig);
	}
	spin_unlock_irqrestore(&sighand->siglock, flags);
	return true;
}

static void show_signals(struct seq_file *m, u64 set)
{
	struct sastrace_out o;
	const char *sep = "";
	char name[16];
	int sig;

	for (sig = 1; sig <= 64; sig++) {
		if (!(set & SIGBIT(sig)))
			continue;
		sastrace_out_init(&o, name, sizeof(name));
		sastrace_out_signal(&o, sig);
		sastrace_out_end(&o);
		seq_printf(m, "%s%s", sep, name);
		sep = "|";
	}
}

/* A thread that runs user code and is not exiting. */
static bool user_thread(const struct task_struct *t)
{
	return !(READ_ONCE(t->flags) & (SAS_PF_NO_USER_CODE | PF_EXITING)) &&
	       !READ_ONCE(t->exit_state);
}

/* Whether @p has a thread that runs user code: not a zombie, not exiting. */
static bool live_process(struct task_struct *p)
{
	struct task_struct *t;

	for_each_thread(p, t)
		if (user_thread(t))
			return true;
	return false;
}

static int risks_show(struct seq_file *m, void *v)
{
	char comm[4 * SASTRACE_COMM_LEN + 1];
	struct task_struct *p, *t;
	struct handlers h;
	u64 sync;

	rcu_read_lock();
	for_each_process(p) {
		if (READ_ONCE(p->flags) & PF_KTHREAD || !read_handlers(p, &h) ||
		    !h.onstack || !live_process(p))
			continue;
		sastrace_format_task_comm(comm, sizeof(comm), p);
		if (h.plain) {
			seq_printf(m, "pid=%d comm=%s risk=mixed_onstack onstack=",
				   task_tgid_nr(p), comm);
			show_signals(m, h.onstack);
			seq_puts(m, " plain=");
			show_signals(m, h.plain);
			seq_putc(m, '\n');
		}
		sync = h.onstack & SYNC_SIGNALS;
		if (!sync)
			continue;
		for_each_thread(p, t) {
			if (!user_thread(t) || READ_ONCE(t->sas_ss_size))
				continue;
			sastrace_format_task_comm(comm, sizeof(comm), t);
			seq_printf(m, "pid=%d tid=%d comm=%s risk=no_altstack onstack=",
				   task_tgid_nr(t), task_pid_nr(t), comm);
			show_signals(m, sync);
			seq_putc(m, '\n');
		}
	}
	rcu_read_unlock();
	return 0;
}
SASTRACE_DEFINE_SHOW_ATTRIBUTE(risks);

/**
 * sastrace_risks_create() - create the risks file
 * @dir: the sastrace debugfs directory
 *
 * Return: the file's dentry, or an ERR_PTR().
 */
struct dentry *sastrace_risks_create(struct dentry *dir)
{
	return debugfs_create_file("risks", 0400, dir, NULL, &risks_fops);
}

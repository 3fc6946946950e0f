/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the parts of sastrace.ko share: the one ring set every hook writes
 * into, and the entry points of each part.
 */
#ifndef SASTRACE_H
#define SASTRACE_H

#include "ring.h"
#include "uapi/sastrace_record.h"

extern struct sastrace_ring sastrace_ring;

/* Signal record kinds: enum sastrace_sig_event runs 1..SASTRACE_SIG_EVENTS. */
#define SASTRACE_SIG_EVENTS	4

/**
 * struct sastrace_hook_stats - what the hooks count besides records
 * @faults: user memory reads that failed (summed over CPUs, or one CPU's)
 * @missed: probe hits the kprobe layer could not hand us (global only)
 * @uprobes_attached: uprobe targets attached now (global only)
 * @uprobe_lost: uprobe calls not recorded because the table of calls in
 *               flight was full (global only)
 * @toctou: calls whose installed stack differs from the ss read at entry
 * @toctou_unverified: successful calls whose ss could not be read at entry
 * @small: successful calls that installed a stack smaller than the caller's
 *         AT_MINSIGSTKSZ, counted whether or not the ring had room
 * @small_check: 1 when this kernel gives AT_MINSIGSTKSZ, so that @small is
 *               counted at all (global only)
 * @signal: signal records by enum sastrace_sig_event (index event - 1),
 *          counted whether or not the ring had room
 * @signal_hook: 1 when the signal hook is attached (global only)
 * @sigaction: sigaction records, counted whether or not the ring had room
 * @sigaction_hook: 1 when the sigaction hook is attached (global only)
 * @caller_unknown: kprobe and compat records written whose caller's file
 *                  is not known ("?": the mmap lock was busy, or no file is
 *                  mapped at the caller's address)
 * @handler_unknown: signal records written whose handler's file is not
 *                   known (handler_at=?, for the same reasons)
 */
struct sastrace_hook_stats {
	u64 faults;
	u64 missed;
	u64 uprobes_attached;
	u64 uprobe_lost;
	u64 toctou;
	u64 toctou_unverified;
	u64 small;
	u64 small_check;
	u64 signal[SASTRACE_SIG_EVENTS];
	u64 signal_hook;
	u64 sigaction;
	u64 sigaction_hook;
	u64 caller_unknown;
	u64 handler_unknown;
};

/* Bytes of a 32-bit (compat) stack_t: u32 ss_sp, s32 ss_flags, u32 ss_size. */
#define SASTRACE_COMPAT_STACK_T_SIZE	12

void *sastrace_record_begin(void *slot, unsigned int kind, unsigned int hook,
			    size_t payload_size);
struct dentry;
bool sastrace_find_caller(u64 addr, u64 *off, char *file, size_t size,
			  struct sastrace_file_id *id);
bool sastrace_file_dir(const struct dentry *dentry, char *buf, size_t size);
void sastrace_callers_init(void);
void sastrace_callers_sync(void);
bool sastrace_late_ss_readable(const struct sastrace_stack *ss,
			       const struct sastrace_stack *old_ss,
			       size_t st_size);
void sastrace_read_stack(struct sastrace_stack *s, bool compat);
u16 sastrace_args_at_return(struct sastrace_stack *ss,
			    struct sastrace_stack *old_ss, u64 old_addr,
			    long ret, bool compat,
			    unsigned long __percpu *faults);

/*
 * register_kprobe()'s answer for a symbol this kernel lacks (-ENOENT) or
 * cannot probe (-EINVAL): an optional hook then stays off, any other
 * error (such as -ENOMEM) fails the load.
 */
static inline bool sastrace_hook_unavailable(int err)
{
	return err == -ENOENT || err == -EINVAL;
}

/**
 * struct sastrace_hook_ops - one kind of probe sastrace attaches (a hook)
 * @name:   what the log calls it ("load failed at NAME: ERRNO")
 * @attach: attach (init, in sastrace_hooks[] order). 0 also when an
 *          optional probe this kernel lacks stays off: the hook logs
 *          that itself, and says so in its stats.
 * @detach: undo attach; on return none of the hook's handlers runs or
 *          will run. Called at exit and on every failed load, in reverse
 *          order, whether or not attach ran or succeeded.
 * @stats:  add the hook's counters for a CPU (-1: the sum over all CPUs,
 *          plus the global ones) to a zeroed struct sastrace_hook_stats.
 *
 * A new hook is its own file defining one of these, and its entry in
 * sastrace_hooks[] (hooks.c).
 */
struct sastrace_hook_ops {
	const char *name;
	int (*attach)(void);
	void (*detach)(void);
	void (*stats)(int cpu, struct sastrace_hook_stats *st);
};

extern const struct sastrace_hook_ops sastrace_syscall_hook_ops;
extern const struct sastrace_hook_ops sastrace_signal_hook_ops;
extern const struct sastrace_hook_ops sastrace_uprobe_hook_ops;
extern const struct sastrace_hook_ops sastrace_sigaction_hook_ops;

int sastrace_hooks_attach(const char **failed);
void sastrace_hooks_detach(void);
void sastrace_hooks_stats(int cpu, struct sastrace_hook_stats *st);

struct task_struct;
struct dentry *sastrace_altstacks_create(struct dentry *dir);
void sastrace_format_task_comm(char *buf, size_t size,
			       const struct task_struct *t);
struct dentry *sastrace_risks_create(struct dentry *dir);

int sastrace_files_create(void);
void sastrace_files_enable(void);
bool sastrace_files_live(void);
void sastrace_files_remove(void);

/*
 * DEFINE_SHOW_ATTRIBUTE(), with the open refused (-ENODEV) until the load
 * has succeeded (sastrace_files_live()).
 */
#define SASTRACE_DEFINE_SHOW_ATTRIBUTE(__name)				\
static int __name ## _open(struct inode *inode, struct file *file)	\
{									\
	if (!sastrace_files_live())					\
		return -ENODEV;						\
	return single_open(file, __name ## _show, inode->i_private);	\
}									\
									\
static const struct file_operations __name ## _fops = {		\
	.owner		= THIS_MODULE,					\
	.open		= __name ## _open,				\
	.read		= seq_read,					\
	.llseek		= seq_lseek,					\
	.release	= single_release,				\
}

#endif /* SASTRACE_H */

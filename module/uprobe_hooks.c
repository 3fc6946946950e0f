// SPDX-License-Identifier: GPL-2.0
/*
 * The user-space hook: a uprobe and a uretprobe on the sigaltstack()
 * function of one or more ELF files (normally libc.so.6), given as file
 * offsets by the module parameter
 *
 *	uprobes=PATH:OFFSET[,PATH:OFFSET...]	(at most 8, hex 0x... or decimal)
 *
 * which can be changed at runtime through /sys/module/sastrace/parameters/.
 * A new value is parsed, looked up and registered completely before the
 * previous targets are unregistered; any error leaves the previous targets
 * attached and returns -EINVAL with a kernel log line naming the entry.
 *
 * Uprobe handlers run in task context, but inside the uprobe's locks: a
 * handler that waited for a page fault (an ss in a userfaultfd or FUSE
 * page whose server never answers) would block rmmod and every uprobes=
 * change forever. So both handlers read user memory without faulting, as
 * the kprobe path does; an ss that was not present at entry is read again
 * at return (the syscall has faulted it in by then). The entry handler
 * keeps ss, its return address and the file holding that address in a
 * small table keyed by the task: the uretprobes of 6.1 and 6.12 have no
 * per-instance data. One user (uid; a user namespace counts as its
 * owner's) may hold at most a quarter of the table, so that no user's
 * parked threads can make others' calls go unrecorded. The return
 * handler takes the newest entry of its task (so nested calls from a
 * signal handler pair up), reads old_ss and writes one record; preemption
 * is disabled only around the ring write. A call that finds no room, or
 * whose entry was reused after 10 s, is not recorded and is counted
 * (uprobe_lost).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ctype.h>
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/namei.h>
#include <linux/path.h>
#include <linux/percpu.h>
#include <linux/sched.h>
#include <linux/signal.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/user_namespace.h>
#include "compat_arch.h"
#include "compat_uprobe.h"
#include "sastrace.h"

#define MAX_TARGETS	8
#define CALL_SLOTS	256
/* Entries one uid may hold at once. */
#define CALL_SLOTS_PER_UID	(CALL_SLOTS / 4)
/* An entry older than this belongs to a task that never returned. */
#define STALE_JIFFIES	(10 * HZ)

/* One probed location. */
struct target {
	struct sas_uprobe_handle h;
	struct path path;	/* held until after unregistering */
	bool registered;
};

struct target_set {
	unsigned int n;
	struct target *t[MAX_TARGETS];
};

/* What the entry handler leaves for the return handler. */
struct pending_call {
	struct task_struct *task;	/* NULL: free slot */
	struct uprobe_consumer *uc;	/* whose entry handler stashed it */
	pid_t pid;
	kuid_t uid;
	unsigned long stamp;		/* jiffies at entry */
	u64 seq;			/* newest of a task's entries wins */
	struct sastrace_stack ss;
	u64 old_ss_addr;
	u64 caller_addr;
	u64 caller_off;
	char caller_file[SASTRACE_CALLER_FILE_LEN];
	struct sastrace_file_id caller_id;
};

/* Serialises parameter changes, init and exit. */
static DEFINE_MUTEX(targets_lock);
static struct target_set current_set;	/* attached (or pending before init) */
static char *current_value;		/* the accepted parameter text */
static bool attached;			/* init ran: targets are registered */
static bool exiting;			/* exit ran: refuse changes */
static atomic_t nattached = ATOMIC_INIT(0);

static DEFINE_SPINLOCK(calls_lock);
static struct pending_call calls[CALL_SLOTS];
static u64 calls_seq;
static atomic_long_t calls_lost = ATOMIC_LONG_INIT(0);
static DEFINE_PER_CPU(unsigned long, uprobe_faults);

/* ---- the handlers ---- */

/* The caller: the function's return address, and its file + offset. */
static void find_caller(struct pending_call *pc, struct pt_regs *regs)
{
	u64 addr;

	strscpy(pc->caller_file, "?", sizeof(pc->caller_file));
	if (sas_uprobe_caller(regs, &addr))
		return;
	pc->caller_addr = addr;
	/* Never waits for the mmap lock in a traced task's call path. */
	sastrace_find_caller(addr, &pc->caller_off, pc->caller_file,
			     sizeof(pc->caller_file), &pc->caller_id);
}

/*
 * The uid an entry is charged to: the caller's, or for a task in a user
 * namespace the owner of the outermost one under the initial namespace,
 * so that an unprivileged user's many uids (subordinate ids mapped in its
 * namespaces) share one quota.
 */
static kuid_t charged_uid(void)
{
	const struct user_namespace *ns = current_user_ns();

	if (ns == &init_user_ns)
		return current_uid();
	while (ns->parent != &init_user_ns)
		ns = ns->parent;
	return ns->owner;
}

static void stash_call(struct uprobe_consumer *uc, struct pending_call *pc)
{
	struct pending_call *slot = NULL, *oldest = NULL, *own_oldest = NULL;
	unsigned long now = jiffies;
	unsigned int own = 0;
	int i;

	pc->task = current;
	pc->uc = uc;
	pc->pid = task_pid_nr(current);
	pc->uid = charged_uid();
	pc->stamp = now;
	spin_lock(&calls_lock);
	for (i = 0; i < CALL_SLOTS; i++) {
		if (!calls[i].task) {
			if (!slot)
				slot = &calls[i];
			continue;
		}
		if (!oldest || time_before(calls[i].stamp, oldest->stamp))
			oldest = &calls[i];
		if (!uid_eq(calls[i].uid, pc->uid))
			continue;
		own++;
		if (!own_oldest ||
		    time_before(calls[i].stamp, own_oldest->stamp))
			own_oldest = &calls[i];
	}
	if (own >= CALL_SLOTS_PER_UID)
		/* This uid's quota is used: only its own stale entry. */
		slot = own_oldest;
	else if (!slot)
		slot = oldest;
	if (slot && slot->task &&
	    !time_after(now, slot->stamp + STALE_JIFFIES))
		slot = NULL;
	/* A stale entry reused: that call will not be recorded either. */
	if (!slot || slot->task)
		atomic_long_inc(&calls_lost);
	if (slot) {
		pc->seq = ++calls_seq;
		*slot = *pc;
	}
	spin_unlock(&calls_lock);
}

static bool unstash_call(struct uprobe_consumer *uc, struct pending_call *pc)
{
	struct pending_call *best = NULL;
	pid_t pid = task_pid_nr(current);
	int i;

	spin_lock(&calls_lock);
	for (i = 0; i < CALL_SLOTS; i++) {
		if (calls[i].task != current || calls[i].pid != pid ||
		    calls[i].uc != uc)
			continue;
		if (!best || calls[i].seq > best->seq)
			best = &calls[i];
	}
	if (best) {
		*pc = *best;
		best->task = NULL;
	}
	spin_unlock(&calls_lock);
	return best;
}

static int sas_uprobe_entry(struct uprobe_consumer *uc, struct pt_regs *regs)
{
	struct pending_call pc;

	/* A 32-bit task has other argument registers and another stack_t. */
	if (!sas_uprobe_native(regs))
		return 0;
	memset(&pc, 0, sizeof(pc));
	/* At the function's entry: its arguments as the C ABI passes them. */
	pc.ss.addr = regs_get_kernel_argument(regs, 0);
	pc.old_ss_addr = regs_get_kernel_argument(regs, 1);
	sastrace_read_stack(&pc.ss, false);
	find_caller(&pc, regs);
	stash_call(uc, &pc);
	return 0;
}

static int sas_uprobe_return(struct uprobe_consumer *uc, unsigned long func,
			     struct pt_regs *regs)
{
	struct sastrace_ring_slot slot;
	struct sastrace_call *c;
	struct pending_call pc;
	struct sastrace_stack old_ss;
	/* libc's sigaltstack() returns an int: 0 or -1 (errno not read). */
	long ret = (int)regs_return_value(regs);
	u16 rflags;

	if (!unstash_call(uc, &pc))
		return 0;
	rflags = sastrace_args_at_return(&pc.ss, &old_ss, pc.old_ss_addr, ret,
					 false, &uprobe_faults);

	preempt_disable();
	if (!sastrace_ring_reserve(&sastrace_ring, &slot))
		goto out;
	c = sastrace_record_begin(slot.data, SASTRACE_KIND_CALL,
				  SASTRACE_HOOK_UPROBE, sizeof(*c));
	c->rflags = rflags;
	c->ret = ret;
	c->ss = pc.ss;
	c->old_ss = old_ss;
	c->caller_addr = pc.caller_addr;
	c->caller_off = pc.caller_off;
	memcpy(c->caller_file, pc.caller_file, sizeof(c->caller_file));
	c->caller_id = pc.caller_id;
	sastrace_ring_commit(&sastrace_ring, &slot);
out:
	preempt_enable();
	return 0;
}

/* ---- targets ---- */

static void free_target(struct target *t)
{
	path_put(&t->path);
	kfree(t);
}

static void free_set(struct target_set *s)
{
	unsigned int i;

	for (i = 0; i < s->n; i++)
		free_target(s->t[i]);
	s->n = 0;
}

/* Forget the calls in flight through @t: its return handler will not run. */
static void forget_calls(struct target *t)
{
	int i;

	spin_lock(&calls_lock);
	for (i = 0; i < CALL_SLOTS; i++)
		if (calls[i].task && calls[i].uc == &t->h.uc)
			calls[i].task = NULL;
	spin_unlock(&calls_lock);
}

/*
 * Unregister the registered targets of @s and wait for their handlers;
 * then no entry they stashed can be matched by a later consumer that
 * happens to get the same address.
 */
static void detach_set(struct target_set *s)
{
	unsigned int i, n = 0;

	for (i = 0; i < s->n; i++) {
		if (!s->t[i]->registered)
			continue;
		sas_uprobe_unregister_nosync(&s->t[i]->h);
		s->t[i]->registered = false;
		n++;
	}
	if (n)
		sas_uprobe_unregister_sync();
	for (i = 0; i < s->n; i++)
		forget_calls(s->t[i]);
	atomic_sub(n, &nattached);
}

/* Register every target of @s; on failure none stays registered. */
static int attach_set(struct target_set *s)
{
	unsigned int i;
	int ret;

	for (i = 0; i < s->n; i++) {
		ret = sas_uprobe_register(&s->t[i]->h);
		if (ret) {
			if (ret != -ENOMEM)
				pr_err("uprobes: cannot attach to %pd4+%#llx: %d\n",
				       s->t[i]->path.dentry,
				       (unsigned long long)s->t[i]->h.offset,
				       ret);
			detach_set(s);
			return ret;
		}
		s->t[i]->registered = true;
		atomic_inc(&nattached);
	}
	return 0;
}

/*
 * Digits only: kstrtoull() alone would also take a leading '+' and, in
 * base 16, a second "0x".
 */
static int parse_offset(const char *s, unsigned int base,
			unsigned long long *offset)
{
	const char *c;

	if (!*s)
		return -EINVAL;
	for (c = s; *c; c++)
		if (base == 16 ? !isxdigit(*c) : !isdigit(*c))
			return -EINVAL;
	return kstrtoull(s, base, offset);
}

/* One "PATH:OFFSET" entry (NUL-terminated, modified in place). */
static int parse_entry(char *entry, bool lookup, struct target_set *s)
{
	char *colon = strrchr(entry, ':'), *off;
	unsigned long long offset;
	struct target *t;
	struct inode *inode;
	unsigned int i;
	int ret;

	if (s->n >= MAX_TARGETS) {
		pr_err("uprobes: '%s': more than %d targets\n", entry,
		       MAX_TARGETS);
		return -EINVAL;
	}
	if (!colon || colon == entry || entry[0] != '/' || !colon[1]) {
		pr_err("uprobes: '%s': want /PATH:OFFSET\n", entry);
		return -EINVAL;
	}
	off = colon + 1;
	if (off[0] == '0' && (off[1] == 'x' || off[1] == 'X'))
		ret = parse_offset(off + 2, 16, &offset);
	else
		ret = parse_offset(off, 10, &offset);
	if (ret || offset > LLONG_MAX) {
		pr_err("uprobes: '%s': bad offset '%s'\n", entry, off);
		return -EINVAL;
	}
	if (!lookup)
		return 0;

	*colon = '\0';
	t = kzalloc(sizeof(*t), GFP_KERNEL);
	if (!t)
		return -ENOMEM;
	ret = kern_path(entry, LOOKUP_FOLLOW, &t->path);
	if (ret) {
		kfree(t);
		if (ret == -ENOMEM)
			return ret;
		pr_err("uprobes: '%s': cannot look it up: %d\n", entry, ret);
		return -EINVAL;
	}
	inode = d_real_inode(t->path.dentry);
	if (!inode || !S_ISREG(inode->i_mode)) {
		pr_err("uprobes: '%s': not a regular file\n", entry);
		goto bad;
	}
	if (offset >= (unsigned long long)i_size_read(inode)) {
		pr_err("uprobes: '%s': offset %#llx is past the end of the file (%lld bytes)\n",
		       entry, offset, (long long)i_size_read(inode));
		goto bad;
	}
	for (i = 0; i < s->n; i++) {
		if (s->t[i]->h.inode == inode && s->t[i]->h.offset == offset) {
			pr_err("uprobes: '%s': the same location twice\n",
			       entry);
			goto bad;
		}
	}
	sas_uprobe_init(&t->h, inode, offset);
	s->t[s->n++] = t;
	return 0;
bad:
	free_target(t);
	return -EINVAL;
}

/* Parse a parameter value into @s (only syntax unless @lookup). */
static int parse_value(const char *val, bool lookup, struct target_set *s)
{
	char *buf, *p, *entry;
	int ret = 0;

	buf = kstrdup(val, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	p = strim(buf);
	/* An empty value detaches all; a trailing ',' is an empty entry. */
	if (!*p)
		p = NULL;
	while (p) {
		entry = strsep(&p, ",");
		entry = strim(entry);
		if (!*entry) {
			pr_err("uprobes: empty entry in '%s'\n", val);
			ret = -EINVAL;
			break;
		}
		ret = parse_entry(entry, lookup, s);
		if (ret)
			break;
		/* Without lookups nothing is added: count entries anyway. */
		if (!lookup)
			s->n++;
	}
	if (!lookup)
		s->n = 0;
	if (ret)
		free_set(s);
	kfree(buf);
	return ret;
}

static int uprobes_set(const char *val, const struct kernel_param *kp)
{
	struct target_set new = { 0 };
	char *value;
	int ret;

	value = kstrdup(val, GFP_KERNEL);
	if (!value)
		return -ENOMEM;
	strim(value);	/* a trailing newline from echo */
	mutex_lock(&targets_lock);
	if (exiting) {
		ret = -EBUSY;
		goto out;
	}
	/*
	 * Before init (insmod's arguments) only the syntax is checked: the
	 * ring does not exist yet, and a failed load would never release
	 * the paths. Init looks the targets up and attaches them.
	 */
	ret = parse_value(value, attached, &new);
	if (ret)
		goto out;
	if (attached) {
		ret = attach_set(&new);
		if (ret) {
			free_set(&new);
			/* Only running out of memory is not the value's fault. */
			if (ret != -ENOMEM)
				ret = -EINVAL;
			goto out;
		}
		detach_set(&current_set);
		free_set(&current_set);
		current_set = new;
	}
	swap(current_value, value);
out:
	mutex_unlock(&targets_lock);
	kfree(value);
	return ret;
}

static int uprobes_get(char *buffer, const struct kernel_param *kp)
{
	int n;

	mutex_lock(&targets_lock);
	n = scnprintf(buffer, PAGE_SIZE, "%s\n",
		      current_value ? current_value : "");
	mutex_unlock(&targets_lock);
	return n;
}

/*
 * A load that fails after insmod's arguments were parsed but before init
 * ran (or after exit) frees the accepted text here. No lock: the module is
 * being freed (its parameters are gone from sysfs, init and exit are over),
 * and lockdep no longer knows its static mutex as static then.
 */
static void uprobes_free(void *arg)
{
	kfree(current_value);
	current_value = NULL;
}

static const struct kernel_param_ops uprobes_ops = {
	.set = uprobes_set,
	.get = uprobes_get,
	.free = uprobes_free,
};
module_param_cb(uprobes, &uprobes_ops, NULL, 0644);
MODULE_PARM_DESC(uprobes,
		 "libc sigaltstack() locations to probe: PATH:OFFSET[,PATH:OFFSET...] (file offsets, at most 8)");

/*
 * uprobe_attach() - attach the targets given at load time
 *
 * Called once the ring exists. From then on, changes to the parameter take
 * effect at once.
 *
 * Return: 0, or -EINVAL when a target cannot be found or attached.
 */
static int uprobe_attach(void)
{
	int ret = 0;

	mutex_lock(&targets_lock);
	if (current_value && *current_value) {
		ret = parse_value(current_value, true, &current_set);
		if (!ret)
			ret = attach_set(&current_set);
		if (ret) {
			free_set(&current_set);
			if (ret != -ENOMEM)
				ret = -EINVAL;
		}
	}
	attached = !ret;
	exiting = !!ret;
	mutex_unlock(&targets_lock);
	if (!ret && current_set.n)
		pr_info("uprobes: %u target(s) attached\n", current_set.n);
	return ret;
}

/*
 * uprobe_detach() - detach every target
 *
 * On return no handler runs or will run, and parameter writes are refused.
 */
static void uprobe_detach(void)
{
	mutex_lock(&targets_lock);
	detach_set(&current_set);
	free_set(&current_set);
	attached = false;
	exiting = true;
	kfree(current_value);
	current_value = NULL;
	mutex_unlock(&targets_lock);
}

/*
 * Faults added to st; uprobes_attached and uprobe_lost (global) added for
 * cpu -1 only.
 */
static void uprobe_stats(int cpu, struct sastrace_hook_stats *st)
{
	int c;

	if (cpu >= 0) {
		st->faults += READ_ONCE(*per_cpu_ptr(&uprobe_faults, cpu));
		return;
	}
	for_each_possible_cpu(c)
		st->faults += READ_ONCE(*per_cpu_ptr(&uprobe_faults, c));
	st->uprobes_attached += atomic_read(&nattached);
	st->uprobe_lost += atomic_long_read(&calls_lost);
}

const struct sastrace_hook_ops sastrace_uprobe_hook_ops = {
	.name = "uprobes",
	.attach = uprobe_attach,
	.detach = uprobe_detach,
	.stats = uprobe_stats,
};

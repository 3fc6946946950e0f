// SPDX-License-Identifier: GPL-2.0
/*
 * What every hook writes first into a record: the header and who made the
 * call. Shared so that every record kind starts the same way.
 *
 * Records go into fixed-size ring slots, each the size of the largest kind
 * (sastrace_kind_max_size(), 416 bytes today): a slot is claimed with one
 * local cmpxchg of a position, and the consumer finds the next record
 * without reading any length, so the ring stays lock-free and NMI-safe
 * with no wrap-around or padding records. A signal record leaves the end
 * of its slot unused; the raw file hands out each record with its own
 * size all the same (debugfs_files.c).
 */
#include <linux/dcache.h>
#include <linux/fs.h>
#include <linux/irq_work.h>
#include <linux/irqflags.h>
#include <linux/kdev_t.h>
#include <linux/lockdep.h>
#include <linux/mm.h>
#include <linux/mmap_lock.h>
#include <linux/percpu.h>
#include <linux/preempt.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/seqlock.h>
#include <linux/signal.h>
#include <linux/smp.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <linux/uaccess.h>
#include "compat_cgroup.h"
#include "compat_fileid.h"
#include "compat_irq_work.h"
#include "compat_mm.h"
#include "sastrace.h"

/**
 * sastrace_record_begin() - start a record of the current task
 * @slot:         the reserved ring slot (sastrace_ring_slot.data): room for
 *                the header and @payload_size bytes
 * @kind:         an enum sastrace_kind
 * @hook:         an enum sastrace_hook
 * @payload_size: sizeof the kind's payload struct
 *
 * Fills the header (the record's size is the header and @payload_size) and
 * zeroes the payload. Every hook calls this in the traced task's own
 * context (the syscall's kprobe and kretprobe handlers, the uprobe's, the
 * signal-frame and sigaction hooks): the namespace pids and the cgroup id
 * are current's.
 *
 * Context: any; preemption disabled (the record lives in this CPU's ring).
 * Return: the payload, right after the header.
 */
void *sastrace_record_begin(void *slot, unsigned int kind, unsigned int hook,
			    size_t payload_size)
{
	struct sastrace_header *h = slot;

	memset(h, 0, sizeof(*h) + payload_size);
	h->magic = SASTRACE_MAGIC;
	h->version = SASTRACE_VERSION;
	h->size = sizeof(*h) + payload_size;
	h->ts_ns = ktime_get_mono_fast_ns();
	h->kind = kind;
	h->hook = hook;
	h->cpu = smp_processor_id();
	h->tgid = task_tgid_nr(current);
	h->tid = task_pid_nr(current);
	/*
	 * As the task's own pid namespace sees it: current's pids are read
	 * under RCU (__task_pid_nr_ns()), no lock; the task is running, so
	 * they are attached and visible there (never 0).
	 */
	h->ns_tgid = task_tgid_vnr(current);
	h->ns_tid = task_pid_vnr(current);
	h->cgroup_id = sas_current_cgroup_id();
	/* No task_lock in probe context: a racy copy of comm is fine. */
	memcpy(h->comm, current->comm, sizeof(h->comm));
	h->comm[sizeof(h->comm) - 1] = '\0';
	return h + 1;
}

/*
 * A caller lookup made with interrupts disabled holds the mmap lock until
 * an irq_work on its CPU releases it, as the BPF stack map's build-id
 * lookup does (kernel/bpf/stackmap.c): mmap_read_unlock() may wake a
 * writer, which is not done from there.
 */
struct caller_unlock {
	struct irq_work work;
	struct mm_struct *mm;
};

static DEFINE_PER_CPU(struct caller_unlock, caller_unlock);
static bool caller_unlock_ready;

static void caller_unlock_fn(struct irq_work *work)
{
	struct caller_unlock *u = container_of(work, struct caller_unlock,
					       work);

	mmap_read_unlock_non_owner(u->mm);
}

/**
 * sastrace_callers_init() - prepare sastrace_find_caller()'s deferred
 * unlocks; before any hook that looks a caller up is attached
 */
void sastrace_callers_init(void)
{
	int cpu;

	for_each_possible_cpu(cpu)
		init_irq_work(&per_cpu_ptr(&caller_unlock, cpu)->work,
			      caller_unlock_fn);
	WRITE_ONCE(caller_unlock_ready, true);
}

/**
 * sastrace_callers_sync() - wait for the deferred unlocks queued so far;
 * after every hook that looks a caller up is detached, before the module
 * goes
 */
void sastrace_callers_sync(void)
{
	int cpu;

	if (!READ_ONCE(caller_unlock_ready))
		return;
	for_each_possible_cpu(cpu)
		irq_work_sync(&per_cpu_ptr(&caller_unlock, cpu)->work);
}

/*
 * Prepends one dentry's name and a '/' to the path being built backwards
 * in @buf, which starts at @*pos: the name is read under RCU as
 * prepend_name() (fs/d_path.c) reads it, pointer and length separately,
 * stopping at a NUL; a rename in between is caught by the caller's
 * rename_lock check. False when it does not fit (or is empty).
 */
static bool dir_prepend(char *buf, size_t *pos, const struct dentry *d)
{
	/* Pairs with __d_alloc()'s smp_store_release() of a new name. */
	const char *name = smp_load_acquire(&d->d_name.name);
	u32 len = READ_ONCE(d->d_name.len);
	u32 n;

	for (n = 0; n < len && n < *pos && READ_ONCE(name[n]); n++)
		;
	if (!n || n + 1 > *pos)
		return false;
	*pos -= n;
	/*
	 * A rename may change the name meanwhile (its old storage is freed
	 * only after an RCU grace period): the bytes are then discarded by
	 * the caller's rename_lock check, so the race is benign.
	 */
	data_race(memcpy(buf + *pos, name, n));
	buf[--*pos] = '/';
	return true;
}

/**
 * sastrace_file_dir() - the directory a dentry is in, as a path from the
 * root of its own file system, found without waiting for any lock
 * @dentry: a dentry the caller holds a reference to (a mapped file's)
 * @buf:    set to the path ("/" for the file system's root directory,
 *          "/a/b" below it), NUL-terminated, or to "" when not known
 * @size:   the size of @buf
 *
 * d_path() and dentry_path_raw() cannot be used: the first names the file
 * from the process's root (through mounts), and both may wait on
 * rename_lock, which a probe that interrupted its writer would wait on
 * for ever. This walks d_parent under RCU, as they do, inside a
 * rename_lock read section that is only ever checked: when a rename
 * (d_move(), d_exchange()) is under way at the start or has run since,
 * the path may mix the names of before and after, and is not given. It is
 * not given either when the file or a directory above it was deleted
 * (unhashed), when the walk does not end at the file system's root (a
 * disconnected dentry, such as one an NFS server found by handle), or
 * when it does not fit in @size.
 *
 * Context: any; does not sleep, spins on nothing.
 * Return: true when @buf holds the path.
 */
bool sastrace_file_dir(const struct dentry *dentry, char *buf, size_t size)
{
	const struct dentry *root = dentry->d_sb->s_root;
	const struct dentry *d;
	size_t pos = size - 1;
	bool known = false;
	unsigned int seq;

	buf[0] = '\0';
	if (size < 2)
		return false;
	/*
	 * The bare seqcount_t inside rename_lock's seqcount_spinlock_t: on
	 * PREEMPT_RT, raw_read_seqcount() of the seqcount_spinlock_t itself
	 * takes and releases rename_lock.lock (a sleeping lock there) when
	 * it finds a writer in progress, which a probe must never do.
	 */
	seq = raw_read_seqcount(&rename_lock.seqcount.seqcount);
	if (seq & 1)
		return false;
	rcu_read_lock();
	buf[pos] = '\0';
	if (IS_ROOT(dentry) || d_unhashed(dentry))
		goto out;
	/* Each step takes 2 bytes at least: @size bounds the walk. */
	for (d = READ_ONCE(dentry->d_parent); d != root;
	     d = READ_ONCE(d->d_parent)) {
		if (IS_ROOT(d) || d_unhashed(d) || !dir_prepend(buf, &pos, d))
			goto out;
	}
	if (pos == size - 1)
		buf[--pos] = '/';
	known = !read_seqcount_retry(&rename_lock.seqcount.seqcount, seq);
out:
	rcu_read_unlock();
	if (known)
		memmove(buf, buf + pos, size - pos);
	else
		buf[0] = '\0';
	return known;
}

/*
 * The inode's ctime, or 0 when it is not yet a lasting mark of this state
 * of the file: a change stamped in the current clock granule (the coarse
 * clock's tick, or the file system's granularity: a second on some) could
 * be followed by another in the same granule, stamped with the same time,
 * so that a reader could not tell the file had changed. From the next
 * granule on, every change gets a later ctime. current_time() is the
 * time a change would be stamped with now (the coarse clock truncated to
 * the file system's granularity; 6.13's multigrain floor included), read
 * without a lock as the coarse clock is; a ctime at or after it (a fine
 * stamp of 6.13's multigrain file systems, a server's clock ahead) is 0
 * too. 0 never verifies: the reader names no function in such a file.
 *
 * Always 0 on file systems whose ctime this kernel does not stamp from
 * its own clock on every change (foreign_ctime_magic[], their super block
 * magic numbers: ABI, not all in 5.10's <linux/magic.h>): FAT and exFAT
 * set it from the mtime a user gives and keep 2 s; network file systems
 * take the server's, FUSE the daemon's.
 */
static const unsigned long foreign_ctime_magic[] = {
	0x4d44,		/* MSDOS_SUPER_MAGIC: vfat, msdos */
	0x2011bab0,	/* EXFAT_SUPER_MAGIC */
	0x6969,		/* NFS_SUPER_MAGIC: nfs, nfs4 */
	0xff534d42,	/* CIFS_SUPER_MAGIC */
	0xfe534d42,	/* SMB2_SUPER_MAGIC */
	0x01021997,	/* V9FS_MAGIC */
	0x00c36400,	/* CEPH_SUPER_MAGIC */
	0x5346414f,	/* AFS_SUPER_MAGIC */
	0x65735546,	/* FUSE_SUPER_MAGIC */
};

static s64 lasting_ctime_ns(struct inode *inode)
{
	struct timespec64 now = current_time(inode);
	s64 ctime = sas_inode_ctime_ns(inode);
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(foreign_ctime_magic); i++) {
		if (inode->i_sb->s_magic == foreign_ctime_magic[i])
			return 0;
	}
	return ctime < timespec64_to_ns(&now) ? ctime : 0;
}

/*
 * What stat(2) of the file mapped at a vma would show of it (its dev in
 * stat's new_encode_dev() form; its ctime only once lasting), and its
 * directory. The inode is pinned by the vma's file.
 */
static void fill_file_id(const struct file *f, struct sastrace_file_id *id)
{
	struct inode *inode = file_inode(f);

	id->ino = inode->i_ino;
	id->dev = new_encode_dev(inode->i_sb->s_dev);
	id->generation = inode->i_generation;
	id->mtime_ns = sas_inode_mtime_ns(inode);
	id->ctime_ns = lasting_ctime_ns(inode);
	sastrace_file_dir(f->f_path.dentry, id->dir, sizeof(id->dir));
}

/**
 * sastrace_find_caller() - the file and file offset a user address of the
 * current task falls in, found without ever waiting
 * @addr: the address (where a call or a system call returns to, a signal
 *        handler)
 * @off:  set to @addr's offset in the file, when the file is known
 * @file: set to the basename of the file mapped at @addr, NUL-terminated,
 *        or to "?" when it is not known
 * @size: the size of @file
 * @id:   when not NULL, filled with the file's identity
 *        (sastrace_file_id: inode, device, generation, mtime, ctime,
 *        directory)
 *        when the file is known, left as it is (zeroed by the caller)
 *        when not
 *
 * The mapping is looked up under the mmap lock taken with
 * mmap_read_trylock() only: a hook never waits for it. The file is not
 * known when the lock is held for writing (mmap, munmap, mprotect, a page
 * fault's VMA expansion in another thread; on PREEMPT_RT also when a
 * writer waits for it), when no file is mapped at @addr (anonymous
 * memory such as JIT code, the vDSO) and when the task has no mm.
 *
 * The syscall hooks' return handlers run in the traced task with
 * preemption disabled, and with interrupts on, except where the kretprobe
 * return handler runs from a BRK exception, interrupts masked (arm64 7.3;
 * 6.1's returns through a plain call); the signal hook's kprobe handler
 * likewise, on the task's way back to user space. With interrupts on,
 * the trylock and the unlock take only atomic operations and raw
 * spinlocks, on PREEMPT_RT too (rwbase_rt), and never sleep. With
 * interrupts off, the rules of the BPF stack map's build-id lookup
 * (kernel/bpf/stackmap.c): a PREEMPT_RT rw_semaphore may not be trylocked
 * there, so the file is not known; elsewhere the lock is released by an
 * irq_work on this CPU once interrupts are on again (the task, and so its
 * mm, is still there), and while that work is pending another lookup on
 * this CPU does not try.
 *
 * Context: the current task's context, preemption may be disabled.
 * Return: true when @file names the file, false when it is "?".
 */
bool sastrace_find_caller(u64 addr, u64 *off, char *file, size_t size,
			  struct sastrace_file_id *id)
{
	struct mm_struct *mm = current->mm;
	struct caller_unlock *u = NULL;
	struct vm_area_struct *vma;
	const struct dentry *dentry;
	bool known = false;

	strscpy(file, "?", size);
	if (!mm)
		return false;
	if (irqs_disabled()) {
		if (IS_ENABLED(CONFIG_PREEMPT_RT) ||
		    !READ_ONCE(caller_unlock_ready))
			return false;
		u = this_cpu_ptr(&caller_unlock);
		if (sas_irq_work_busy(&u->work))
			return false;
	}
	if (!mmap_read_trylock(mm))
		return false;
	vma = sas_vma_lookup(mm, addr);
	if (vma && vma->vm_file) {
		*off = addr - vma->vm_start +
		       ((u64)vma->vm_pgoff << PAGE_SHIFT);
		/*
		 * What "%pD" prints, at a fraction of vsnprintf()'s cost (this
		 * runs on every call): the name, read under RCU as
		 * dentry_name() does (a rename frees the old one after a grace
		 * period; a name rewritten in place reads torn at worst,
		 * still NUL-terminated).
		 */
		dentry = vma->vm_file->f_path.dentry;
		rcu_read_lock();
		strscpy(file, (const char *)READ_ONCE(dentry->d_name.name),
			size);
		rcu_read_unlock();
		if (id)
			fill_file_id(vma->vm_file, id);
		known = true;
	}
	if (u) {
		u->mm = mm;
		/* Released by another context: lockdep's view, as BPF's. */
		rwsem_release(&mm->mmap_lock.dep_map, _RET_IP_);
		irq_work_queue(&u->work);
	} else {
		mmap_read_unlock(mm);
	}
	return known;
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

// SPDX-License-Identifier: GPL-2.0
/*
 * The read-only debugfs interface under /sys/kernel/debug/sastrace/:
 * `events` (consuming strace-style text, all CPUs merged by time), `stats`
 * (counters), `format` (the record format, field by field) and
 * `per_cpu/cpu<N>/raw` (consuming binary records). No write,
 * ioctl or mmap, so the files keep working under kernel lockdown.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/mutex.h>
#include <linux/poll.h>
#include <linux/sched/signal.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include "compat_uaccess.h"
#include "format.h"
#include "sastrace.h"

static struct dentry *top_dir;
/* Serialises consumers: each ring has one reader at a time. */
static DEFINE_MUTEX(consume_lock);
/*
 * Set once the module's init can no longer fail. Until then every open
 * fails: a file opened during a load that then fails would outlive the
 * module's code (debugfs calls ->release after the files are removed, and
 * a module whose init failed is freed whatever its reference count).
 */
static bool files_live;

/*
 * Per open `events` file: the line being copied out, across reads. @lock
 * serialises read() calls on one open file (threads sharing the fd): the
 * line, its length and the copy offset change together.
 */
struct events_reader {
	struct mutex lock;	/* read() calls on this open file */
	struct sastrace_any rec;
	char line[SASTRACE_LINE_MAX];
	size_t len;
	size_t off;
};

static long cpu_of_file(struct file *file)
{
	return (long)file_inode(file)->i_private;
}

/* Whether a record is ready (@cpu >= 0: in that CPU's ring, else in any). */
static bool record_ready(struct sastrace_ring *ring, long cpu)
{
	if (cpu >= 0)
		return sastrace_ring_peek(ring, cpu);
	return !sastrace_ring_empty(ring);
}

/* Wait until a record is ready (@cpu >= 0: that CPU's ring). */
static int wait_for_record(struct file *file, long cpu)
{
	if (record_ready(&sastrace_ring, cpu))
		return 0;
	if (file->f_flags & O_NONBLOCK)
		return -EAGAIN;
	return sastrace_ring_wait(&sastrace_ring, record_ready, cpu);
}

/* Pop the oldest record over all CPUs into @r; false when none is ready. */
static bool pop_oldest(struct sastrace_any *r)
{
	const struct sastrace_header *best = NULL, *cur;
	int cpu, best_cpu = -1;

	for_each_possible_cpu(cpu) {
		cur = sastrace_ring_peek(&sastrace_ring, cpu);
		if (cur && (!best || cur->ts_ns < best->ts_ns)) {
			best = cur;
			best_cpu = cpu;
		}
	}
	if (!best)
		return false;
	/* The module writes only kinds it knows: each fits a decoder's copy. */
	memcpy(r, best, min_t(size_t, best->size, sizeof(*r)));
	sastrace_ring_consume(&sastrace_ring, best_cpu);
	return true;
}

static int events_open(struct inode *inode, struct file *file)
{
	struct events_reader *er;

	if (!sastrace_files_live())
		return -ENODEV;
	er = kzalloc(sizeof(*er), GFP_KERNEL);
	if (!er)
		return -ENOMEM;
	mutex_init(&er->lock);
	file->private_data = er;
	return stream_open(inode, file);
}

static int events_release(struct inode *inode, struct file *file)
{
	struct events_reader *er = file->private_data;

	mutex_destroy(&er->lock);
	kfree(er);
	return 0;
}

/*
 * Format the oldest record into @er's line. Returns 1 with a line, 0 when
 * none was ready, -ERESTARTSYS on a signal.
 */
static int refill_line(struct events_reader *er)
{
	bool got;

	if (mutex_lock_interruptible(&consume_lock))
		return -ERESTARTSYS;
	got = pop_oldest(&er->rec);
	mutex_unlock(&consume_lock);
	if (!got)
		return 0;
	er->len = sastrace_format_record(er->line, sizeof(er->line),
					 &er->rec.h);
	er->len = min(er->len, sizeof(er->line) - 1);
	er->off = 0;
	return 1;
}

static ssize_t events_read(struct file *file, char __user *ubuf, size_t count,
			   loff_t *ppos)
{
	struct events_reader *er = file->private_data;
	size_t done = 0, n;
	int ret = 0;

	if (mutex_lock_interruptible(&er->lock))
		return -ERESTARTSYS;
	while (done < count) {
		if (er->off == er->len) {
			ret = refill_line(er);
			if (ret < 0)
				break;
			if (!ret) {
				/*
				 * Nothing ready (or another reader took it):
				 * return what we have, or wait, without
				 * holding the line against our fd's other
				 * readers. Never 0 (EOF) on a live stream.
				 */
				if (done)
					break;
				mutex_unlock(&er->lock);
				ret = wait_for_record(file, -1);
				if (ret)
					return ret;
				if (mutex_lock_interruptible(&er->lock))
					return -ERESTARTSYS;
				continue;
			}
		}
		n = min(count - done, er->len - er->off);
		if (copy_to_user(ubuf + done, er->line + er->off, n)) {
			ret = -EFAULT;
			break;
		}
		er->off += n;
		done += n;
	}
	mutex_unlock(&er->lock);
	if (done)
		return done;
	return ret;
}

static __poll_t ring_poll(struct file *file, poll_table *wait, long cpu)
{
	poll_wait(file, &sastrace_ring.wait, wait);
	sastrace_ring_prepare_wait(&sastrace_ring);
	return record_ready(&sastrace_ring, cpu) ? EPOLLIN | EPOLLRDNORM : 0;
}

static __poll_t events_poll(struct file *file, poll_table *wait)
{
	struct events_reader *er = file->private_data;
	/* Always on the wait queue, whatever is returned (epoll). */
	__poll_t ready = ring_poll(file, wait, -1);

	/* A racy look is enough: read() rechecks under the lock. */
	if (data_race(er->off < er->len))
		return EPOLLIN | EPOLLRDNORM;
	return ready;
}

static const struct file_operations events_fops = {
	.owner = THIS_MODULE,
	.open = events_open,
	.read = events_read,
	.poll = events_poll,
	.release = events_release,
};

static int raw_open(struct inode *inode, struct file *file)
{
	if (!sastrace_files_live())
		return -ENODEV;
	return stream_open(inode, file);
}

/*
 * Whole records, each with its own size (header.size: a signal record is
 * shorter than a call record), as many as fit in @count. A read shorter
 * than the largest record (the ring's slot) is refused: every read can
 * then take at least the next record, whatever its kind.
 */
static ssize_t raw_read(struct file *file, char __user *ubuf, size_t count,
			loff_t *ppos)
{
	const struct sastrace_header *r;
	long cpu = cpu_of_file(file);
	bool fault = false;
	ssize_t done = 0;
	size_t rec = 0;
	int ret;

	if (count < sastrace_ring.rec_size)
		return -EINVAL;
	for (;;) {
		ret = wait_for_record(file, cpu);
		if (ret)
			return ret;
		if (mutex_lock_interruptible(&consume_lock))
			return -ERESTARTSYS;
		/*
		 * consume_lock is every reader's: never wait for a page
		 * fault under it (a buffer in a userfaultfd page would stall
		 * them all). Copy without faulting; fault the page in
		 * after unlocking, then try again.
		 */
		for (;;) {
			r = sastrace_ring_peek(&sastrace_ring, cpu);
			if (!r)
				break;
			rec = min_t(size_t, r->size, sastrace_ring.rec_size);
			if (count - done < rec)
				break;
			if (copy_to_user_nofault(ubuf + done, r, rec)) {
				fault = true;
				break;
			}
			sastrace_ring_consume(&sastrace_ring, cpu);
			done += rec;
		}
		mutex_unlock(&consume_lock);
		/* Another reader took what woke us: wait again, never EOF. */
		if (done)
			return done;
		if (fault) {
			if (!sas_fault_in_writeable(ubuf, rec))
				return -EFAULT;
			fault = false;
			if (signal_pending(current))
				return -ERESTARTSYS;
		}
	}
}

static __poll_t raw_poll(struct file *file, poll_table *wait)
{
	return ring_poll(file, wait, cpu_of_file(file));
}

static const struct file_operations raw_fops = {
	.owner = THIS_MODULE,
	.open = raw_open,
	.read = raw_read,
	.poll = raw_poll,
};

static void stats_show_cpu(struct seq_file *m, const char *prefix, int cpu,
			   const struct sastrace_ring_stats *rs)
{
	struct sastrace_hook_stats hs;

	sastrace_hooks_stats(cpu, &hs);
	seq_printf(m, "%sevents %llu\n", prefix, rs->written + rs->dropped);
	seq_printf(m, "%sdropped %llu\n", prefix, rs->dropped);
	seq_printf(m, "%sfaults %llu\n", prefix, hs.faults);
	seq_printf(m, "%stoctou %llu\n", prefix, hs.toctou);
	seq_printf(m, "%stoctou_unverified %llu\n", prefix,
		   hs.toctou_unverified);
	seq_printf(m, "%ssignal_deliver %llu\n", prefix,
		   hs.signal[SASTRACE_SIG_DELIVER - 1]);
	seq_printf(m, "%ssignal_overflow %llu\n", prefix,
		   hs.signal[SASTRACE_SIG_OVERFLOW - 1]);
	seq_printf(m, "%ssignal_onstack_unavailable %llu\n", prefix,
		   hs.signal[SASTRACE_SIG_ONSTACK_UNAVAILABLE - 1]);
	seq_printf(m, "%ssignal_frame_fault %llu\n", prefix,
		   hs.signal[SASTRACE_SIG_FRAME_FAULT - 1]);
	seq_printf(m, "%ssigaction %llu\n", prefix, hs.sigaction);
	seq_printf(m, "%ssmall %llu\n", prefix, hs.small);
	seq_printf(m, "%scaller_unknown %llu\n", prefix, hs.caller_unknown);
	seq_printf(m, "%shandler_unknown %llu\n", prefix, hs.handler_unknown);
	if (cpu < 0) {
		seq_printf(m, "missed %llu\n", hs.missed);
		seq_printf(m, "uprobes_attached %llu\n", hs.uprobes_attached);
		seq_printf(m, "uprobe_lost %llu\n", hs.uprobe_lost);
		seq_printf(m, "signal_hook %llu\n", hs.signal_hook);
		seq_printf(m, "sigaction_hook %llu\n", hs.sigaction_hook);
		seq_printf(m, "small_check %llu\n", hs.small_check);
	}
	seq_printf(m, "%sunread %llu\n", prefix, rs->unread);
}

static int stats_show(struct seq_file *m, void *v)
{
	struct sastrace_ring_stats sum = {}, rs;
	char prefix[24];
	int cpu;

	for_each_possible_cpu(cpu) {
		sastrace_ring_read_stats(&sastrace_ring, cpu, &rs);
		sum.written += rs.written;
		sum.dropped += rs.dropped;
		sum.unread += rs.unread;
	}
	stats_show_cpu(m, "", -1, &sum);
	seq_printf(m, "buffer_records %zu\n",
		   sastrace_ring_capacity(&sastrace_ring));
	for_each_possible_cpu(cpu) {
		sastrace_ring_read_stats(&sastrace_ring, cpu, &rs);
		snprintf(prefix, sizeof(prefix), "cpu%d.", cpu);
		stats_show_cpu(m, prefix, cpu, &rs);
	}
	return 0;
}
SASTRACE_DEFINE_SHOW_ATTRIBUTE(stats);

/* The record format, as sastrace_format_describe() prints it. */
static int format_show(struct seq_file *m, void *v)
{
	int len = sastrace_format_describe(NULL, 0);
	char *buf = kmalloc(len + 1, GFP_KERNEL);

	if (!buf)
		return -ENOMEM;
	sastrace_format_describe(buf, len + 1);
	seq_write(m, buf, len);
	kfree(buf);
	return 0;
}
SASTRACE_DEFINE_SHOW_ATTRIBUTE(format);

/**
 * sastrace_files_live() - whether the files may be opened
 *
 * Every open() of a sastrace file checks this first (see files_live).
 *
 * Return: true once sastrace_files_enable() ran.
 */
bool sastrace_files_live(void)
{
	/* Acquire: pairs with the release in sastrace_files_enable(). */
	return smp_load_acquire(&files_live);
}

/**
 * sastrace_files_enable() - let the files be opened
 *
 * Called last in the module's init, once nothing can fail any more.
 */
void sastrace_files_enable(void)
{
	/* Release: everything init set up is seen by whoever opens. */
	smp_store_release(&files_live, true);
}

/**
 * sastrace_files_create() - create the debugfs tree
 *
 * The files cannot be opened until sastrace_files_enable().
 *
 * Return: 0, -ENODEV when debugfs is unavailable (disabled or locked
 * down), or the error of the first file or directory that could not be
 * created (the tree is removed again).
 */
int sastrace_files_create(void)
{
	struct dentry *percpu, *dir, *d;
	char name[24];
	long cpu;
	int ret;

	top_dir = debugfs_create_dir(KBUILD_MODNAME, NULL);
	if (IS_ERR(top_dir)) {
		ret = PTR_ERR(top_dir) == -ENOMEM ? -ENOMEM : -ENODEV;
		top_dir = NULL;
		return ret;
	}
	d = debugfs_create_file("events", 0400, top_dir, NULL, &events_fops);
	if (IS_ERR(d))
		goto fail;
	d = debugfs_create_file("stats", 0400, top_dir, NULL, &stats_fops);
	if (IS_ERR(d))
		goto fail;
	d = debugfs_create_file("format", 0400, top_dir, NULL, &format_fops);
	if (IS_ERR(d))
		goto fail;
	d = sastrace_altstacks_create(top_dir);
	if (IS_ERR(d))
		goto fail;
	d = sastrace_risks_create(top_dir);
	if (IS_ERR(d))
		goto fail;
	percpu = debugfs_create_dir("per_cpu", top_dir);
	d = percpu;
	if (IS_ERR(d))
		goto fail;
	for_each_possible_cpu(cpu) {
		snprintf(name, sizeof(name), "cpu%ld", cpu);
		dir = debugfs_create_dir(name, percpu);
		d = dir;
		if (IS_ERR(d))
			goto fail;
		d = debugfs_create_file("raw", 0400, dir, (void *)cpu,
					&raw_fops);
		if (IS_ERR(d))
			goto fail;
	}
	return 0;
fail:
	sastrace_files_remove();
	return PTR_ERR(d);
}

/**
 * sastrace_files_remove() - remove the debugfs tree
 *
 * Open files hold a module reference, so no reader can be inside a file
 * operation once the module's exit runs; during a failed init no file
 * could be opened (sastrace_files_live() was false), and debugfs waits
 * for opens in progress before it returns.
 */
void sastrace_files_remove(void)
{
	/* Release: pairs with the acquire in sastrace_files_live(). */
	smp_store_release(&files_live, false);
	debugfs_remove_recursive(top_dir);
	top_dir = NULL;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * The read-only debugfs interface under /sys/kernel/debug/sastrace/:
 * `events` (consuming strace-style text, all CPUs merged by time), `stats`
 * (counters) and `per_cpu/cpu<N>/raw` (consuming binary records). No write,
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
#include "format.h"
#include "sastrace.h"

static struct dentry *top_dir;
/* Serialises consumers: each ring has one reader at a time. */
static DEFINE_MUTEX(consume_lock);

/* Per open `events` file: the line being copied out, across reads. */
struct events_reader {
	char line[SASTRACE_LINE_MAX];
	size_t len;
	size_t off;
};

static long cpu_of_file(struct file *file)
{
	return (long)file_inode(file)->i_private;
}

/* Whether a record is ready (@cpu >= 0: in that CPU's ring, else in any). */
static bool record_ready(int cpu)
{
	if (cpu >= 0)
		return sastrace_ring_peek(&sastrace_ring, cpu);
	return !sastrace_ring_empty(&sastrace_ring);
}

/* Wait until a record is ready (@cpu >= 0: that CPU's ring). */
static int wait_for_record(struct file *file, int cpu)
{
	while (!record_ready(cpu)) {
		if (file->f_flags & O_NONBLOCK)
			return -EAGAIN;
		sastrace_ring_prepare_wait(&sastrace_ring);
		if (wait_event_interruptible(sastrace_ring.wait,
					     record_ready(cpu)))
			return -ERESTARTSYS;
	}
	return 0;
}

/* Pop the oldest record over all CPUs into @r; false when none is ready. */
static bool pop_oldest(struct sastrace_record *r)
{
	const struct sastrace_record *best = NULL, *cur;
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
	*r = *best;
	sastrace_ring_consume(&sastrace_ring, best_cpu);
	return true;
}

static int events_open(struct inode *inode, struct file *file)
{
	struct events_reader *er = kzalloc(sizeof(*er), GFP_KERNEL);

	if (!er)
		return -ENOMEM;
	file->private_data = er;
	return stream_open(inode, file);
}

static int events_release(struct inode *inode, struct file *file)
{
	kfree(file->private_data);
	return 0;
}

static ssize_t events_read(struct file *file, char __user *ubuf, size_t count,
			   loff_t *ppos)
{
	struct events_reader *er = file->private_data;
	struct sastrace_record r;
	size_t done = 0, n;
	bool got;
	int ret;

	while (done < count) {
		if (er->off == er->len) {
			if (!done) {
				ret = wait_for_record(file, -1);
				if (ret)
					return ret;
			}
			mutex_lock(&consume_lock);
			got = pop_oldest(&r);
			mutex_unlock(&consume_lock);
			if (!got)
				break;
			er->len = sastrace_format_record(er->line,
							 sizeof(er->line), &r);
			er->len = min(er->len, sizeof(er->line) - 1);
			er->off = 0;
		}
		n = min(count - done, er->len - er->off);
		if (copy_to_user(ubuf + done, er->line + er->off, n))
			return done ? done : -EFAULT;
		er->off += n;
		done += n;
	}
	return done;
}

static __poll_t ring_poll(struct file *file, poll_table *wait, int cpu)
{
	poll_wait(file, &sastrace_ring.wait, wait);
	sastrace_ring_prepare_wait(&sastrace_ring);
	return record_ready(cpu) ? EPOLLIN | EPOLLRDNORM : 0;
}

static __poll_t events_poll(struct file *file, poll_table *wait)
{
	struct events_reader *er = file->private_data;

	if (er->off < er->len)
		return EPOLLIN | EPOLLRDNORM;
	return ring_poll(file, wait, -1);
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
	return stream_open(inode, file);
}

static ssize_t raw_read(struct file *file, char __user *ubuf, size_t count,
			loff_t *ppos)
{
	size_t rec = sastrace_ring.rec_size, done = 0;
	int cpu = cpu_of_file(file);
	const void *r;
	int ret;

	if (count < rec)
		return -EINVAL;
	ret = wait_for_record(file, cpu);
	if (ret)
		return ret;
	mutex_lock(&consume_lock);
	while (count - done >= rec) {
		r = sastrace_ring_peek(&sastrace_ring, cpu);
		if (!r)
			break;
		if (copy_to_user(ubuf + done, r, rec)) {
			if (!done)
				done = -EFAULT;
			break;
		}
		sastrace_ring_consume(&sastrace_ring, cpu);
		done += rec;
	}
	mutex_unlock(&consume_lock);
	return done;
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

	sastrace_syscall_hooks_stats(cpu, &hs);
	sastrace_uprobe_hooks_stats(cpu, &hs);
	sastrace_signal_hooks_stats(cpu, &hs);
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
	if (cpu < 0) {
		seq_printf(m, "missed %llu\n", hs.missed);
		seq_printf(m, "uprobes_attached %llu\n", hs.uprobes_attached);
		seq_printf(m, "uprobe_lost %llu\n", hs.uprobe_lost);
		seq_printf(m, "signal_hook %llu\n", hs.signal_hook);
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
DEFINE_SHOW_ATTRIBUTE(stats);

/**
 * sastrace_files_create() - create the debugfs tree
 *
 * Return: 0, or -ENODEV when debugfs is unavailable (disabled or locked
 * down), -ENOMEM on allocation failure.
 */
int sastrace_files_create(void)
{
	struct dentry *percpu, *dir;
	char name[24];
	long cpu;

	top_dir = debugfs_create_dir(KBUILD_MODNAME, NULL);
	if (IS_ERR(top_dir)) {
		pr_err("cannot create debugfs directory: %ld\n",
		       PTR_ERR(top_dir));
		return -ENODEV;
	}
	debugfs_create_file("events", 0400, top_dir, NULL, &events_fops);
	debugfs_create_file("stats", 0400, top_dir, NULL, &stats_fops);
	sastrace_altstacks_create(top_dir);
	percpu = debugfs_create_dir("per_cpu", top_dir);
	for_each_possible_cpu(cpu) {
		snprintf(name, sizeof(name), "cpu%ld", cpu);
		dir = debugfs_create_dir(name, percpu);
		debugfs_create_file("raw", 0400, dir, (void *)cpu, &raw_fops);
	}
	return 0;
}

/**
 * sastrace_files_remove() - remove the debugfs tree
 *
 * Open files hold a module reference, so no reader can be inside a file
 * operation once the module's exit runs.
 */
void sastrace_files_remove(void)
{
	debugfs_remove_recursive(top_dir);
	top_dir = NULL;
}

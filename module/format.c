// SPDX-License-Identifier: GPL-2.0
/*
 * strace-style decoding of sastrace records. Shared by sastrace.ko and the
 * userspace reader: keep it free of anything but snprintf.
 */
#ifdef __KERNEL__
#include <linux/kernel.h>
#else
#include <stdio.h>
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif
#include "format.h"

#define SS_KNOWN (SASTRACE_SS_ONSTACK | SASTRACE_SS_DISABLE | \
		  SASTRACE_SS_AUTODISARM)

/* errno names, indexed by number: the generic and x86 Linux errno set. */
static const char * const errno_names[] = {
	[1] = "EPERM", [2] = "ENOENT", [3] = "ESRCH", [4] = "EINTR",
	[5] = "EIO", [6] = "ENXIO", [7] = "E2BIG", [8] = "ENOEXEC",
	[9] = "EBADF", [10] = "ECHILD", [11] = "EAGAIN", [12] = "ENOMEM",
	[13] = "EACCES", [14] = "EFAULT", [15] = "ENOTBLK", [16] = "EBUSY",
	[17] = "EEXIST", [18] = "EXDEV", [19] = "ENODEV", [20] = "ENOTDIR",
	[21] = "EISDIR", [22] = "EINVAL", [23] = "ENFILE", [24] = "EMFILE",
	[25] = "ENOTTY", [26] = "ETXTBSY", [27] = "EFBIG", [28] = "ENOSPC",
	[29] = "ESPIPE", [30] = "EROFS", [31] = "EMLINK", [32] = "EPIPE",
	[33] = "EDOM", [34] = "ERANGE", [35] = "EDEADLK",
	[36] = "ENAMETOOLONG", [37] = "ENOLCK", [38] = "ENOSYS",
	[39] = "ENOTEMPTY", [40] = "ELOOP", [42] = "ENOMSG", [43] = "EIDRM",
	[61] = "ENODATA", [62] = "ETIME", [75] = "EOVERFLOW",
	[95] = "EOPNOTSUPP", [110] = "ETIMEDOUT",
	[512] = "ERESTARTSYS", [513] = "ERESTARTNOINTR",
	[514] = "ERESTARTNOHAND", [516] = "ERESTART_RESTARTBLOCK",
};

/**
 * sastrace_errno_name() - symbolic name of an errno value
 * @err: a positive errno
 *
 * Return: "EINVAL" and the like, or NULL when the number has no known name.
 */
const char *sastrace_errno_name(int err)
{
	if (err <= 0 || err >= (int)ARRAY_SIZE(errno_names))
		return NULL;
	return errno_names[err];
}

/**
 * sastrace_hook_name() - name of a record's hook, as printed in lines
 * @hook: an enum sastrace_hook
 *
 * Return: "kprobe", "compat", "uprobe" or "unknown".
 */
const char *sastrace_hook_name(unsigned int hook)
{
	switch (hook) {
	case SASTRACE_HOOK_KPROBE:
		return "kprobe";
	case SASTRACE_HOOK_COMPAT:
		return "compat";
	case SASTRACE_HOOK_UPROBE:
		return "uprobe";
	}
	return "unknown";
}

/**
 * sastrace_format_flags() - print ss_flags as strace does
 * @buf:   output buffer
 * @size:  its size
 * @flags: the ss_flags value
 *
 * "0", "SS_ONSTACK|SS_AUTODISARM", "SS_DISABLE|0x4" or "0x4 /\* SS_??? *\/".
 *
 * Return: the length of the full text, as snprintf().
 */
int sastrace_format_flags(char *buf, size_t size, __u32 flags)
{
	static const struct { __u32 bit; const char *name; } names[] = {
		{ SASTRACE_SS_ONSTACK, "SS_ONSTACK" },
		{ SASTRACE_SS_DISABLE, "SS_DISABLE" },
		{ SASTRACE_SS_AUTODISARM, "SS_AUTODISARM" },
	};
	__u32 unknown = flags & ~SS_KNOWN;
	size_t i;
	int n = 0;

	if (!flags)
		return snprintf(buf, size, "0");
	if (flags == unknown)
		return snprintf(buf, size, "%#x /* SS_??? */", flags);
	for (i = 0; i < ARRAY_SIZE(names); i++) {
		if (!(flags & names[i].bit))
			continue;
		n += snprintf(buf + n, (size_t)n < size ? size - n : 0, "%s%s",
			      n ? "|" : "", names[i].name);
	}
	if (unknown)
		n += snprintf(buf + n, (size_t)n < size ? size - n : 0, "|%#x",
			      unknown);
	return n;
}

/**
 * sastrace_format_stack() - print one stack_t argument as strace does
 * @buf:  output buffer
 * @size: its size
 * @s:    the decoded argument
 *
 * "NULL", "{ss_sp=0x..., ss_flags=..., ss_size=N}" or the raw pointer in hex
 * when the structure could not be read (or was not written).
 *
 * Return: the length of the full text, as snprintf().
 */
int sastrace_format_stack(char *buf, size_t size,
			  const struct sastrace_stack *s)
{
	char flags[64];
	int n;

	switch (s->state) {
	case SASTRACE_ARG_NULL:
		return snprintf(buf, size, "NULL");
	case SASTRACE_ARG_VALUE:
		sastrace_format_flags(flags, sizeof(flags), s->flags);
		n = s->sp ? snprintf(buf, size, "{ss_sp=%#llx, ",
				     (unsigned long long)s->sp) :
			    snprintf(buf, size, "{ss_sp=NULL, ");
		return n + snprintf(buf + n, (size_t)n < size ? size - n : 0,
				    "ss_flags=%s, ss_size=%llu}", flags,
				    (unsigned long long)s->size);
	}
	return snprintf(buf, size, "%#llx", (unsigned long long)s->addr);
}

/*
 * Print up to @max bytes of @s, escaping as sastrace_format_comm(). Byte by
 * byte rather than an snprintf() per byte: the reader formats every record
 * with this, and it was a fifth of the reader's instructions per record.
 */
static int format_escaped(char *buf, size_t size, const char *s, int max)
{
	static const char hex[] = "0123456789abcdef";
	int i, k, len, n = 0;
	char out[4];

	for (i = 0; i < max && s[i]; i++) {
		unsigned char c = s[i];

		if (c <= ' ' || c >= 0x7f || c == '\\') {
			out[0] = '\\';
			out[1] = 'x';
			out[2] = hex[c >> 4];
			out[3] = hex[c & 0xf];
			len = 4;
		} else {
			out[0] = c;
			len = 1;
		}
		/* As snprintf(): what fits, always NUL-terminated. */
		for (k = 0; k < len; k++, n++)
			if ((size_t)n + 1 < size)
				buf[n] = out[k];
	}
	if (size)
		buf[(size_t)n < size ? (size_t)n : size - 1] = '\0';
	return n;
}

/**
 * sastrace_format_comm() - print a comm so that a line stays one token
 * @buf:  output buffer
 * @size: its size
 * @comm: the task's comm (at most SASTRACE_COMM_LEN bytes, maybe unterminated)
 *
 * Bytes outside printable ASCII, space and backslash are printed as \xNN.
 *
 * Return: the length of the full text, as snprintf().
 */
int sastrace_format_comm(char *buf, size_t size, const char *comm)
{
	return format_escaped(buf, size, comm, SASTRACE_COMM_LEN);
}

/**
 * sastrace_format_caller() - the caller of a uprobe record, one token
 * @buf:  output buffer
 * @size: its size
 * @r:    the record
 *
 * "<file>+0x<off>" with the file's basename escaped as a comm is, or
 * "0x<addr>" when the file is not known.
 *
 * Return: the length of the full text, as snprintf().
 */
int sastrace_format_caller(char *buf, size_t size,
			   const struct sastrace_record *r)
{
	int n;

	if (!r->caller_file[0] ||
	    (r->caller_file[0] == '?' && !r->caller_file[1]))
		return snprintf(buf, size, "0x%llx",
				(unsigned long long)r->caller_addr);
	n = format_escaped(buf, size, r->caller_file, SASTRACE_CALLER_FILE_LEN);
	return n + snprintf(buf + n, (size_t)n < size ? size - n : 0,
			    "+0x%llx", (unsigned long long)r->caller_off);
}

/**
 * sastrace_format_record() - one record as its `events` line
 * @buf:  output buffer, SASTRACE_LINE_MAX bytes are always enough
 * @size: its size
 * @r:    the record
 *
 * "<sec>.<nsec> cpu=<n> pid=<tgid> tid=<tid> comm=<comm> <hook>
 * sigaltstack(<ss>, <old_ss>) = <ret>\n", and for uprobe records
 * " caller=<file>+0x<off>" before the newline. A uprobe record's <ret> is
 * libc's return value (-1 on error), printed without an errno name.
 *
 * Return: the length of the full line, as snprintf().
 */
int sastrace_format_record(char *buf, size_t size,
			   const struct sastrace_record *r)
{
	char comm[4 * SASTRACE_COMM_LEN + 1], ss[160], old_ss[160], ret[40];
	unsigned long long ts = r->ts_ns;
	bool uprobe = r->hook == SASTRACE_HOOK_UPROBE;
	const char *name;
	int n;

	sastrace_format_comm(comm, sizeof(comm), r->comm);
	sastrace_format_stack(ss, sizeof(ss), &r->ss);
	sastrace_format_stack(old_ss, sizeof(old_ss), &r->old_ss);
	/* Only -4095..-1 are errors; anything below has no errno name. */
	name = r->ret < 0 && r->ret >= -4095 && !uprobe ?
	       sastrace_errno_name((int)-r->ret) : NULL;
	if (r->ret >= 0)
		snprintf(ret, sizeof(ret), "%lld", (long long)r->ret);
	else if (name)
		snprintf(ret, sizeof(ret), "%lld %s", (long long)r->ret, name);
	else
		snprintf(ret, sizeof(ret), "%lld", (long long)r->ret);

	n = snprintf(buf, size,
		     "%llu.%09llu cpu=%u pid=%u tid=%u comm=%s %s sigaltstack(%s, %s) = %s",
		     ts / 1000000000ULL, ts % 1000000000ULL, r->cpu, r->tgid,
		     r->tid, comm, sastrace_hook_name(r->hook), ss, old_ss, ret);
	if (uprobe) {
		n += snprintf(buf + n, (size_t)n < size ? size - n : 0,
			      " caller=");
		n += sastrace_format_caller(buf + n,
					    (size_t)n < size ? size - n : 0, r);
	}
	return n + snprintf(buf + n, (size_t)n < size ? size - n : 0, "\n");
}

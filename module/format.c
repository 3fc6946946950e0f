// SPDX-License-Identifier: GPL-2.0
/*
 * strace-style decoding of sastrace records. Shared by sastrace.ko and the
 * userspace reader: keep it free of anything but (v)snprintf.
 */
#ifdef __KERNEL__
#include <linux/kernel.h>
#else
#include <stdarg.h>
#include <stdio.h>
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define __printf(a, b)	/* the module build checks the formats */
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

/* Signal names, indexed by number: x86 Linux. */
static const char * const signal_names[] = {
	[1] = "SIGHUP", [2] = "SIGINT", [3] = "SIGQUIT", [4] = "SIGILL",
	[5] = "SIGTRAP", [6] = "SIGABRT", [7] = "SIGBUS", [8] = "SIGFPE",
	[9] = "SIGKILL", [10] = "SIGUSR1", [11] = "SIGSEGV",
	[12] = "SIGUSR2", [13] = "SIGPIPE", [14] = "SIGALRM",
	[15] = "SIGTERM", [16] = "SIGSTKFLT", [17] = "SIGCHLD",
	[18] = "SIGCONT", [19] = "SIGSTOP", [20] = "SIGTSTP",
	[21] = "SIGTTIN", [22] = "SIGTTOU", [23] = "SIGURG",
	[24] = "SIGXCPU", [25] = "SIGXFSZ", [26] = "SIGVTALRM",
	[27] = "SIGPROF", [28] = "SIGWINCH", [29] = "SIGIO", [30] = "SIGPWR",
	[31] = "SIGSYS",
};

/**
 * sastrace_format_signal() - print a signal number as strace does
 * @buf:   output buffer
 * @size:  its size
 * @signo: the signal number
 *
 * "SIGSEGV", "SIGRTMIN", "SIGRT_3" (SIGRTMIN + 3, the kernel's numbering:
 * SIGRTMIN is 32) or the bare number when it is out of range.
 *
 * Return: the length of the full text, as snprintf().
 */
int sastrace_format_signal(char *buf, size_t size, __u32 signo)
{
	if (signo < ARRAY_SIZE(signal_names) && signal_names[signo])
		return snprintf(buf, size, "%s", signal_names[signo]);
	if (signo == 32)
		return snprintf(buf, size, "SIGRTMIN");
	if (signo > 32 && signo <= 64)
		return snprintf(buf, size, "SIGRT_%u", signo - 32);
	return snprintf(buf, size, "%u", signo);
}

/**
 * sastrace_sig_event_name() - name of a signal record's event
 * @event: an enum sastrace_sig_event
 *
 * Return: "deliver", "overflow", "onstack_unavailable" or "unknown".
 */
const char *sastrace_sig_event_name(unsigned int event)
{
	switch (event) {
	case SASTRACE_SIG_DELIVER:
		return "deliver";
	case SASTRACE_SIG_OVERFLOW:
		return "overflow";
	case SASTRACE_SIG_ONSTACK_UNAVAILABLE:
		return "onstack_unavailable";
	}
	return "unknown";
}

/**
 * sastrace_hook_name() - name of a record's hook, as printed in lines
 * @hook: an enum sastrace_hook
 *
 * Return: "kprobe", "compat", "uprobe", "signal" or "unknown".
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
	case SASTRACE_HOOK_SIGNAL:
		return "signal";
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

/* Print up to @max bytes of @s, escaping as sastrace_format_comm(). */
static int format_escaped(char *buf, size_t size, const char *s, int max)
{
	int i, n = 0;

	for (i = 0; i < max && s[i]; i++) {
		unsigned char c = s[i];
		size_t left = (size_t)n < size ? size - n : 0;

		if (c <= ' ' || c >= 0x7f || c == '\\')
			n += snprintf(buf + n, left, "\\x%02x", c);
		else
			n += snprintf(buf + n, left, "%c", c);
	}
	if (!n && size)
		buf[0] = '\0';
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

/* Append to a line of full length @n being built; the new full length. */
static __printf(4, 5) int append(char *buf, size_t size, int n,
				 const char *fmt, ...)
{
	va_list ap;
	int m;

	va_start(ap, fmt);
	m = vsnprintf(buf + n, (size_t)n < size ? size - n : 0, fmt, ap);
	va_end(ap);
	return n + m;
}

/*
 * "<ts> cpu=<n> pid=<tgid> tid=<tid> comm=<comm> ", the start of every line.
 */
static int format_prefix(char *buf, size_t size,
			 const struct sastrace_record *r)
{
	char comm[4 * SASTRACE_COMM_LEN + 1];
	unsigned long long ts = r->ts_ns;

	sastrace_format_comm(comm, sizeof(comm), r->comm);
	return snprintf(buf, size, "%llu.%09llu cpu=%u pid=%u tid=%u comm=%s ",
			ts / 1000000000ULL, ts % 1000000000ULL, r->cpu,
			r->tgid, r->tid, comm);
}

/* A signal record, after the prefix. */
static int format_signal_record(char *buf, size_t size,
				const struct sastrace_record *r)
{
	char sig[24], alt[160];
	bool overflow = r->sig_event == SASTRACE_SIG_OVERFLOW;
	int n;

	sastrace_format_signal(sig, sizeof(sig), r->signo);
	sastrace_format_stack(alt, sizeof(alt), &r->ss);
	n = snprintf(buf, size, "signal %s %s handler=%#llx %s=%#llx altstack=%s",
		     sastrace_sig_event_name(r->sig_event), sig,
		     (unsigned long long)r->sig_handler,
		     overflow ? "sp" : "frame",
		     (unsigned long long)r->sig_sp, alt);
	if (r->sig_event != SASTRACE_SIG_ONSTACK_UNAVAILABLE)
		n = append(buf, size, n, " headroom=%lld",
			   (long long)r->sig_headroom);
	return n;
}

/**
 * sastrace_format_record() - one record as its `events` line
 * @buf:  output buffer, SASTRACE_LINE_MAX bytes are always enough
 * @size: its size
 * @r:    the record
 *
 * Call records: "<sec>.<nsec> cpu=<n> pid=<tgid> tid=<tid> comm=<comm>
 * <hook> sigaltstack(<ss>, <old_ss>) = <ret>", then " TOCTOU
 * installed=<stack>" when the kernel installed something else than the ss
 * read at entry, or " UNVERIFIED installed=<stack>" when ss could not be
 * read at entry; for uprobe records " caller=<file>+0x<off>". A uprobe
 * record's <ret> is libc's return value (-1 on error), printed without an
 * errno name.
 *
 * Signal records: the same prefix, then "signal <event> <SIG>
 * handler=0x<addr> frame=0x<addr> altstack=<stack> headroom=<bytes>"
 * (overflow: "sp=" for "frame="; onstack_unavailable: no headroom).
 *
 * Every line ends with '\n'.
 *
 * Return: the length of the full line, as snprintf().
 */
int sastrace_format_record(char *buf, size_t size,
			   const struct sastrace_record *r)
{
	char ss[160], old_ss[160], ret[40];
	bool uprobe = r->hook == SASTRACE_HOOK_UPROBE;
	const char *name;
	int n;

	n = format_prefix(buf, size, r);
	if (r->hook == SASTRACE_HOOK_SIGNAL) {
		n += format_signal_record(buf + n,
					  (size_t)n < size ? size - n : 0, r);
		return append(buf, size, n, "\n");
	}
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

	n = append(buf, size, n, "%s sigaltstack(%s, %s) = %s",
		   sastrace_hook_name(r->hook), ss, old_ss, ret);
	if (r->rflags & (SASTRACE_RF_TOCTOU | SASTRACE_RF_UNVERIFIED)) {
		sastrace_format_stack(ss, sizeof(ss), &r->installed);
		n = append(buf, size, n, " %s installed=%s",
			   r->rflags & SASTRACE_RF_TOCTOU ? "TOCTOU" : "UNVERIFIED",
			   ss);
	}
	if (uprobe) {
		n = append(buf, size, n, " caller=");
		n += sastrace_format_caller(buf + n,
					    (size_t)n < size ? size - n : 0, r);
	}
	return append(buf, size, n, "\n");
}

// SPDX-License-Identifier: GPL-2.0
/*
 * strace-style decoding of sastrace records. Shared by sastrace.ko and the
 * userspace reader: keep it free of any library call.
 *
 * Every function prints as snprintf() does (what fits, always terminated,
 * returning the full length), but through the small appenders below rather
 * than snprintf() itself: the reader formats every record it drains, and
 * snprintf()'s format parsing was most of its instructions per record.
 */
#ifdef __KERNEL__
#include <linux/kernel.h>
#else
#include <stddef.h>
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif
#include "format.h"

#define SS_KNOWN (SASTRACE_SS_ONSTACK | SASTRACE_SS_DISABLE | \
		  SASTRACE_SS_AUTODISARM)

/*
 * errno names, indexed by number: the generic Linux errno set, which
 * x86-64 and arm64 both use (neither has an asm/errno.h of its own).
 */
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
 * sastrace_sig_event_name() - name of a signal record's event
 * @event: an enum sastrace_sig_event
 *
 * Return: "deliver", "overflow", "onstack_unavailable", "frame_fault" or
 * "unknown".
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
	case SASTRACE_SIG_FRAME_FAULT:
		return "frame_fault";
	}
	return "unknown";
}

/**
 * sastrace_sig_event_made_frame() - whether a signal record's sig_sp is a
 * frame
 * @event: an enum sastrace_sig_event
 *
 * Return: true when sig_sp is the frame that was set up (printed "frame"),
 * false when no frame was made and it is the interrupted sp ("sp").
 */
bool sastrace_sig_event_made_frame(unsigned int event)
{
	return event != SASTRACE_SIG_OVERFLOW &&
	       event != SASTRACE_SIG_FRAME_FAULT;
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

/* An snprintf()-like output: @n counts every byte, the ones that fit land. */
struct out {
	char *buf;
	size_t size;
	size_t n;
};

static void out_init(struct out *o, char *buf, size_t size)
{
	o->buf = buf;
	o->size = size;
	o->n = 0;
}

/* Terminate like snprintf() and return the full length. */
static int out_end(struct out *o)
{
	if (o->size)
		o->buf[o->n < o->size ? o->n : o->size - 1] = '\0';
	return (int)o->n;
}

static void out_char(struct out *o, char c)
{
	if (o->n + 1 < o->size)
		o->buf[o->n] = c;
	o->n++;
}

static void out_str(struct out *o, const char *s)
{
	while (*s)
		out_char(o, *s++);
}

/* "%llu", or "%0<width>llu" */
static void out_udec(struct out *o, unsigned long long v, int width)
{
	char d[20];
	int i = 0;

	do {
		d[i++] = '0' + v % 10;
		v /= 10;
	} while (v);
	for (; width > i; width--)
		out_char(o, '0');
	while (i)
		out_char(o, d[--i]);
}

/* "%lld" */
static void out_sdec(struct out *o, long long v)
{
	if (v < 0) {
		out_char(o, '-');
		out_udec(o, -(unsigned long long)v, 0);
	} else {
		out_udec(o, v, 0);
	}
}

/* "0x%llx" */
static void out_hex(struct out *o, unsigned long long v)
{
	static const char hex[] = "0123456789abcdef";
	char d[16];
	int i = 0;

	do {
		d[i++] = hex[v & 0xf];
		v >>= 4;
	} while (v);
	out_char(o, '0');
	out_char(o, 'x');
	while (i)
		out_char(o, d[--i]);
}

/* "%#llx": as "0x%llx", but 0 is "0" */
static void out_althex(struct out *o, unsigned long long v)
{
	if (v)
		out_hex(o, v);
	else
		out_char(o, '0');
}

/* Up to @max bytes of @s, escaped as sastrace_format_comm() says. */
static void out_escaped(struct out *o, const char *s, int max)
{
	static const char hex[] = "0123456789abcdef";
	int i;

	for (i = 0; i < max && s[i]; i++) {
		unsigned char c = s[i];

		if (c <= ' ' || c >= 0x7f || c == '\\') {
			out_char(o, '\\');
			out_char(o, 'x');
			out_char(o, hex[c >> 4]);
			out_char(o, hex[c & 0xf]);
		} else {
			out_char(o, c);
		}
	}
}

const struct sastrace_flag_name sastrace_ss_flag_names[SASTRACE_SS_FLAG_NAMES] = {
	{ SASTRACE_SS_ONSTACK, "SS_ONSTACK" },
	{ SASTRACE_SS_DISABLE, "SS_DISABLE" },
	{ SASTRACE_SS_AUTODISARM, "SS_AUTODISARM" },
};

static void out_flags(struct out *o, __u32 flags)
{
	const struct sastrace_flag_name *names = sastrace_ss_flag_names;
	__u32 unknown = flags & ~SS_KNOWN;
	bool first = true;
	size_t i;

	if (!flags) {
		out_char(o, '0');
		return;
	}
	if (flags == unknown) {
		out_althex(o, flags);
		out_str(o, " /* SS_??? */");
		return;
	}
	for (i = 0; i < SASTRACE_SS_FLAG_NAMES; i++) {
		if (!(flags & names[i].bit))
			continue;
		if (!first)
			out_char(o, '|');
		out_str(o, names[i].name);
		first = false;
	}
	if (unknown) {
		out_char(o, '|');
		out_althex(o, unknown);
	}
}

static void out_stack(struct out *o, const struct sastrace_stack *s)
{
	switch (s->state) {
	case SASTRACE_ARG_NULL:
		out_str(o, "NULL");
		return;
	case SASTRACE_ARG_VALUE:
		out_str(o, "{ss_sp=");
		if (s->sp)
			out_althex(o, s->sp);
		else
			out_str(o, "NULL");
		out_str(o, ", ss_flags=");
		out_flags(o, s->flags);
		out_str(o, ", ss_size=");
		out_udec(o, s->size, 0);
		out_char(o, '}');
		return;
	}
	out_althex(o, s->addr);
}

/*
 * Signal names, indexed by number: x86's asm/signal.h and arm64's
 * asm-generic/signal.h give them the same numbers (SIGSTKFLT 16 included).
 */
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

/* "SIGSEGV", "SIGRTMIN", "SIGRT_<n>" or the bare number */
static void out_signal(struct out *o, __u32 signo)
{
	if (signo < ARRAY_SIZE(signal_names) && signal_names[signo]) {
		out_str(o, signal_names[signo]);
	} else if (signo == 32) {
		out_str(o, "SIGRTMIN");
	} else if (signo > 32 && signo <= 64) {
		out_str(o, "SIGRT_");
		out_udec(o, signo - 32, 0);
	} else {
		out_udec(o, signo, 0);
	}
}

static void out_caller(struct out *o, const struct sastrace_record *r)
{
	if (!r->caller_file[0] ||
	    (r->caller_file[0] == '?' && !r->caller_file[1])) {
		out_hex(o, r->caller_addr);
		return;
	}
	out_escaped(o, r->caller_file, SASTRACE_CALLER_FILE_LEN);
	out_char(o, '+');
	out_hex(o, r->caller_off);
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
	struct out o;

	out_init(&o, buf, size);
	out_flags(&o, flags);
	return out_end(&o);
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
	struct out o;

	out_init(&o, buf, size);
	out_stack(&o, s);
	return out_end(&o);
}

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
	struct out o;

	out_init(&o, buf, size);
	out_signal(&o, signo);
	return out_end(&o);
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
	struct out o;

	out_init(&o, buf, size);
	out_escaped(&o, comm, SASTRACE_COMM_LEN);
	return out_end(&o);
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
	struct out o;

	out_init(&o, buf, size);
	out_caller(&o, r);
	return out_end(&o);
}

/* A signal record, after the line's common start. */
static void out_signal_record(struct out *o, const struct sastrace_record *r)
{
	out_str(o, "signal ");
	out_str(o, sastrace_sig_event_name(r->sig_event));
	out_char(o, ' ');
	out_signal(o, r->signo);
	out_str(o, " handler=");
	out_althex(o, r->sig_handler);
	out_str(o, sastrace_sig_event_made_frame(r->sig_event) ? " frame=" :
							       " sp=");
	out_althex(o, r->sig_sp);
	out_str(o, " altstack=");
	out_stack(o, &r->ss);
	if (r->sig_event != SASTRACE_SIG_ONSTACK_UNAVAILABLE) {
		out_str(o, " headroom=");
		out_sdec(o, r->sig_headroom);
	}
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
 * Signal records: the same start, then "signal <event> <SIG>
 * handler=0x<addr> frame=0x<addr> altstack=<stack> headroom=<bytes>"
 * (overflow and frame_fault: "sp=" for "frame="; onstack_unavailable: no
 * headroom).
 *
 * Every line ends with '\n'.
 *
 * Return: the length of the full line, as snprintf().
 */
int sastrace_format_record(char *buf, size_t size,
			   const struct sastrace_record *r)
{
	unsigned long long ts = r->ts_ns;
	bool uprobe = r->hook == SASTRACE_HOOK_UPROBE;
	const char *name;
	struct out o;

	out_init(&o, buf, size);
	out_udec(&o, ts / 1000000000ULL, 0);
	out_char(&o, '.');
	out_udec(&o, ts % 1000000000ULL, 9);
	out_str(&o, " cpu=");
	out_udec(&o, r->cpu, 0);
	out_str(&o, " pid=");
	out_udec(&o, r->tgid, 0);
	out_str(&o, " tid=");
	out_udec(&o, r->tid, 0);
	out_str(&o, " comm=");
	out_escaped(&o, r->comm, SASTRACE_COMM_LEN);
	out_char(&o, ' ');
	if (r->hook == SASTRACE_HOOK_SIGNAL) {
		out_signal_record(&o, r);
		out_char(&o, '\n');
		return out_end(&o);
	}
	out_str(&o, sastrace_hook_name(r->hook));
	out_str(&o, " sigaltstack(");
	out_stack(&o, &r->ss);
	out_str(&o, ", ");
	out_stack(&o, &r->old_ss);
	out_str(&o, ") = ");
	out_sdec(&o, r->ret);
	/* Only -4095..-1 are errors; anything below has no errno name. */
	name = r->ret < 0 && r->ret >= -4095 && !uprobe ?
	       sastrace_errno_name((int)-r->ret) : NULL;
	if (name) {
		out_char(&o, ' ');
		out_str(&o, name);
	}
	if (r->rflags & (SASTRACE_RF_TOCTOU | SASTRACE_RF_UNVERIFIED)) {
		out_str(&o, r->rflags & SASTRACE_RF_TOCTOU ?
			" TOCTOU installed=" : " UNVERIFIED installed=");
		out_stack(&o, &r->installed);
	}
	if (uprobe) {
		out_str(&o, " caller=");
		out_caller(&o, r);
	}
	out_char(&o, '\n');
	return out_end(&o);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * strace-style decoding of sastrace records, and the names and rules every
 * encoder of them shares (the reader's JSON included). Shared by sastrace.ko
 * and the userspace reader: keep it free of any library call.
 *
 * Every function prints as snprintf() does (what fits, always terminated,
 * returning the full length), through the appenders of format_out.h.
 */
#ifdef __KERNEL__
#include <linux/kernel.h>
#else
#include <stddef.h>
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif
#include "format.h"

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
 * sastrace_ret_errno_name() - the errno name a call record's ret stands for
 * @hook: the record's hook (kprobe, compat, uprobe or an unknown one)
 * @ret:  its return value
 *
 * Only -4095..-1 are errors (the kernel's MAX_ERRNO); anything below has no
 * errno name. A uprobe record's ret is what libc returned (-1 on error), not
 * an errno.
 *
 * Return: "EINVAL" and the like, or NULL when ret is no error, an error
 * without a known name, or from a uprobe record.
 */
const char *sastrace_ret_errno_name(unsigned int hook, __s64 ret)
{
	if (ret >= 0 || ret < -4095 || hook == SASTRACE_HOOK_UPROBE)
		return NULL;
	return sastrace_errno_name((int)-ret);
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
 * sastrace_sig_event_has_headroom() - whether a signal record's headroom is
 * printed
 * @event: an enum sastrace_sig_event
 *
 * Return: false for onstack_unavailable (there is no alternate stack to
 * have room on), true otherwise.
 */
bool sastrace_sig_event_has_headroom(unsigned int event)
{
	return event != SASTRACE_SIG_ONSTACK_UNAVAILABLE;
}

/**
 * sastrace_sig_has_frame_size() - whether a signal record's frame_size is
 * printed
 * @s: the record's payload
 *
 * Return: true for a deliver record that holds one (a record of a module
 * older than @frame_size holds 0: a frame always takes bytes), false for
 * the other events, which make no frame on the alternate stack.
 */
bool sastrace_sig_has_frame_size(const struct sastrace_signal *s)
{
	return s->event == SASTRACE_SIG_DELIVER && s->frame_size != 0;
}

/**
 * sastrace_hook_name() - name of a record's hook, as printed in lines
 * @hook: an enum sastrace_hook
 *
 * Return: "kprobe", "compat", "uprobe", "signal", "sigaction" or "unknown".
 */
const char *sastrace_hook_name(unsigned int hook)
{
	switch (hook) {
	case SASTRACE_HOOK_SIGACTION:
		return "sigaction";
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
 * sastrace_out_escaped() - append a string so that it stays one token
 * @o:   the output
 * @s:   the string (maybe unterminated)
 * @max: at most this many bytes of it
 *
 * Bytes up to ' ', from 0x7f, and '\\' as "\\xNN" (sastrace_format_comm()).
 */
void sastrace_out_escaped(struct sastrace_out *o, const char *s, size_t max)
{
	size_t i;

	for (i = 0; i < max && s[i]; i++) {
		unsigned char c = s[i];

		if (c <= ' ' || c >= 0x7f || c == '\\') {
			sastrace_out_char(o, '\\');
			sastrace_out_char(o, 'x');
			sastrace_out_hex_byte(o, c);
		} else {
			sastrace_out_char(o, c);
		}
	}
}

const struct sastrace_flag_name sastrace_ss_flag_names[SASTRACE_SS_FLAG_NAMES] = {
	{ SASTRACE_SS_ONSTACK, "SS_ONSTACK" },
	{ SASTRACE_SS_DISABLE, "SS_DISABLE" },
	{ SASTRACE_SS_AUTODISARM, "SS_AUTODISARM" },
};

/**
 * sastrace_flags_next_name() - walk the named bits of a flags value
 * @names: the named bits, in the order every decoder prints them
 *         (sastrace_ss_flag_names, sastrace_sa_flag_names)
 * @n:     how many
 * @rest:  the bits not walked yet; start with the whole value
 *
 * As sastrace_ss_flags_next_name(), over any table of names.
 *
 * Return: that bit's name, or NULL when *@rest holds no named bit.
 */
const char *sastrace_flags_next_name(const struct sastrace_flag_name *names,
				     size_t n, __u64 *rest)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (*rest & names[i].bit) {
			*rest &= ~(__u64)names[i].bit;
			return names[i].name;
		}
	}
	return NULL;
}

/**
 * sastrace_ss_flags_next_name() - walk the named bits of an ss_flags value
 * @rest: the bits not walked yet; start with the whole value
 *
 * Takes the first bit of sastrace_ss_flag_names[] still set in *@rest out of
 * it. Called until it returns NULL, it gives the names in the order every
 * decoder prints them, and leaves in *@rest the bits that have no name.
 *
 * Return: that bit's name, or NULL when *@rest holds no named bit.
 */
const char *sastrace_ss_flags_next_name(__u32 *rest)
{
	__u64 r = *rest;
	const char *name = sastrace_flags_next_name(sastrace_ss_flag_names,
						    SASTRACE_SS_FLAG_NAMES, &r);

	*rest = r;
	return name;
}

/*
 * A flags value as strace prints it: "0", "A|B|0x100", or
 * "0x100 /\* @unknown *\/" when no bit has a name in @names.
 */
static void out_flag_names(struct sastrace_out *o, __u64 flags,
			   const struct sastrace_flag_name *names, size_t n,
			   const char *unknown)
{
	__u64 rest = flags;
	const char *name = sastrace_flags_next_name(names, n, &rest);
	const char *sep = "";

	if (!flags) {
		sastrace_out_char(o, '0');
		return;
	}
	if (!name) {
		sastrace_out_althex(o, flags);
		sastrace_out_str(o, unknown);
		return;
	}
	for (; name; name = sastrace_flags_next_name(names, n, &rest)) {
		sastrace_out_str(o, sep);
		sastrace_out_str(o, name);
		sep = "|";
	}
	if (rest) {
		sastrace_out_str(o, sep);
		sastrace_out_althex(o, rest);
	}
}

static void out_flags(struct sastrace_out *o, __u32 flags)
{
	out_flag_names(o, flags, sastrace_ss_flag_names,
		       SASTRACE_SS_FLAG_NAMES, " /* SS_??? */");
}

static void out_stack(struct sastrace_out *o, const struct sastrace_stack *s)
{
	switch (s->state) {
	case SASTRACE_ARG_NULL:
		sastrace_out_str(o, "NULL");
		return;
	case SASTRACE_ARG_VALUE:
		sastrace_out_str(o, "{ss_sp=");
		if (s->sp)
			sastrace_out_althex(o, s->sp);
		else
			sastrace_out_str(o, "NULL");
		sastrace_out_str(o, ", ss_flags=");
		out_flags(o, s->flags);
		sastrace_out_str(o, ", ss_size=");
		sastrace_out_udec(o, s->size, 0);
		sastrace_out_char(o, '}');
		return;
	}
	sastrace_out_althex(o, s->addr);
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

/**
 * sastrace_out_signal() - append a signal number as strace names it
 * @o:     the output
 * @signo: the signal number
 *
 * "SIGSEGV", "SIGRTMIN", "SIGRT_3" (SIGRTMIN + 3, the kernel's numbering:
 * SIGRTMIN is 32) or the bare number when it is out of range.
 */
void sastrace_out_signal(struct sastrace_out *o, __u32 signo)
{
	if (signo < ARRAY_SIZE(signal_names) && signal_names[signo]) {
		sastrace_out_str(o, signal_names[signo]);
	} else if (signo == 32) {
		sastrace_out_str(o, "SIGRTMIN");
	} else if (signo > 32 && signo <= 64) {
		sastrace_out_str(o, "SIGRT_");
		sastrace_out_udec(o, signo - 32, 0);
	} else {
		sastrace_out_udec(o, signo, 0);
	}
}

/**
 * sastrace_call_has_caller() - whether a call record names its caller
 * @h: the record's header
 * @c: its payload
 *
 * Uprobe records always do. Kprobe and compat records do since the syscall
 * hooks fill in the caller (a file name, at least "?"); an older module's
 * left it empty, and its records print as they did.
 *
 * Return: true when the record's text has " caller=" and its JSON "caller".
 */
bool sastrace_call_has_caller(const struct sastrace_header *h,
			      const struct sastrace_call *c)
{
	return h->hook == SASTRACE_HOOK_UPROBE || c->caller_file[0];
}

/**
 * sastrace_file_known() - whether a record's file name (a call's
 * caller_file, a signal's handler_file) names a file
 * @file: the field, SASTRACE_CALLER_FILE_LEN bytes
 *
 * Return: false for "" (none looked up) and "?" (not known).
 */
bool sastrace_file_known(const char *file)
{
	return file[0] && !(file[0] == '?' && !file[1]);
}

/* "<file>+0x<off>", the file's basename escaped as a comm is. */
static void out_file_off(struct sastrace_out *o, const char *file, __u64 off)
{
	if (!sastrace_file_known(file)) {
		sastrace_out_char(o, '?');
		return;
	}
	sastrace_out_escaped(o, file, SASTRACE_CALLER_FILE_LEN);
	sastrace_out_char(o, '+');
	sastrace_out_hex(o, off);
}

static void out_caller(struct sastrace_out *o, const struct sastrace_call *c)
{
	if (!sastrace_file_known(c->caller_file)) {
		sastrace_out_hex(o, c->caller_addr);
		return;
	}
	out_file_off(o, c->caller_file, c->caller_off);
}

/**
 * sastrace_sig_has_handler_at() - whether a signal record names its
 * handler's file
 * @s: the record's payload
 *
 * The signal hook looks every handler's file up (a file name, or "?" when
 * it is not known); an older module's records, which had none, print as
 * they did.
 *
 * Return: true when the record's text has " handler_at=" and its JSON
 * "handler_at".
 */
bool sastrace_sig_has_handler_at(const struct sastrace_signal *s)
{
	return s->handler_file[0];
}

/**
 * sastrace_out_symbol_find() - the function at a file offset, when the
 * decoder's options name functions
 * @o:       the output (its @opts)
 * @h:       the record's header
 * @file:    the file's basename in the record
 * @off:     the file offset
 * @id:      the file's identity in the record
 * @name:    set to the function's name
 * @sym_off: set to the offset into it
 *
 * Return: true when there is a name to print.
 */
bool sastrace_out_symbol_find(const struct sastrace_out *o,
			      const struct sastrace_header *h,
			      const char *file, __u64 off,
			      const struct sastrace_file_id *id,
			      const char **name, __u64 *sym_off)
{
	if (!o->opts || !o->opts->symbol || !id->ino || !file[0])
		return false;
	return o->opts->symbol(o->opts->ctx, file, off, id, h->tgid, name,
			       sym_off);
}

/**
 * sastrace_out_symbol() - append " <name+0xN>" (" <name>" at its start)
 * for the function at a file offset, when the decoder's options name it
 * @o:    the output
 * @h:    the record's header
 * @file: the file's basename in the record
 * @off:  the file offset
 * @id:   the file's identity in the record
 *
 * The name is escaped as a comm is, and cut once SASTRACE_SYMBOL_PRINT_MAX
 * bytes of it are printed, with "..." after it, so that a line keeps
 * within SASTRACE_LINE_MAX.
 */
void sastrace_out_symbol(struct sastrace_out *o,
			 const struct sastrace_header *h, const char *file,
			 __u64 off, const struct sastrace_file_id *id)
{
	size_t start;
	const char *name;
	__u64 sym_off;
	int i;

	if (!sastrace_out_symbol_find(o, h, file, off, id, &name, &sym_off))
		return;
	sastrace_out_str(o, " <");
	/* Most names need no escape: then one copy of the whole. */
	for (i = 0; i <= SASTRACE_SYMBOL_PRINT_MAX && name[i] > ' ' &&
	     name[i] < 0x7f && name[i] != '\\'; i++)
		;
	if (i <= SASTRACE_SYMBOL_PRINT_MAX && !name[i]) {
		sastrace_out_str(o, name);
	} else {
		start = o->n;
		for (i = 0; name[i]; i++) {
			if (o->n - start >= SASTRACE_SYMBOL_PRINT_MAX) {
				sastrace_out_str(o, "...");
				break;
			}
			sastrace_out_escaped(o, name + i, 1);
		}
	}
	if (sym_off) {
		sastrace_out_char(o, '+');
		sastrace_out_hex(o, sym_off);
	}
	sastrace_out_char(o, '>');
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
	struct sastrace_out o;

	sastrace_out_init(&o, buf, size);
	out_flags(&o, flags);
	return sastrace_out_end(&o);
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
	struct sastrace_out o;

	sastrace_out_init(&o, buf, size);
	out_stack(&o, s);
	return sastrace_out_end(&o);
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
	struct sastrace_out o;

	sastrace_out_init(&o, buf, size);
	sastrace_out_signal(&o, signo);
	return sastrace_out_end(&o);
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
	struct sastrace_out o;

	sastrace_out_init(&o, buf, size);
	sastrace_out_escaped(&o, comm, SASTRACE_COMM_LEN);
	return sastrace_out_end(&o);
}

/**
 * sastrace_format_caller() - the caller of a call record, one token
 * @buf:  output buffer
 * @size: its size
 * @c:    the record's payload
 *
 * "<file>+0x<off>" with the file's basename escaped as a comm is, or
 * "0x<addr>" when the file is not known.
 *
 * Return: the length of the full text, as snprintf().
 */
int sastrace_format_caller(char *buf, size_t size,
			   const struct sastrace_call *c)
{
	struct sastrace_out o;

	sastrace_out_init(&o, buf, size);
	out_caller(&o, c);
	return sastrace_out_end(&o);
}

/**
 * sastrace_out_timestamp() - append a record's time as "<sec>.<nsec>"
 * @o:     the output
 * @ts_ns: the time in ns; nsec is always 9 digits
 */
void sastrace_out_timestamp(struct sastrace_out *o, __u64 ts_ns)
{
	unsigned long long ts = ts_ns;

	sastrace_out_udec(o, ts / 1000000000ULL, 0);
	sastrace_out_char(o, '.');
	sastrace_out_udec(o, ts % 1000000000ULL, 9);
}

/*
 * A call record after the line's common start: "<hook> sigaltstack(<ss>,
 * <old_ss>) = <ret>[ <ERRNO>][ TOCTOU|UNVERIFIED installed=<stack>]
 * [ SMALL min=<AT_MINSIGSTKSZ>][ caller=<file>+0x<off>|0x<addr>]".
 */
static void call_text(struct sastrace_out *o, const struct sastrace_header *h,
		      const void *payload)
{
	const struct sastrace_call *c = payload;
	const char *name;

	sastrace_out_str(o, sastrace_hook_name(h->hook));
	sastrace_out_str(o, " sigaltstack(");
	out_stack(o, &c->ss);
	sastrace_out_str(o, ", ");
	out_stack(o, &c->old_ss);
	sastrace_out_str(o, ") = ");
	sastrace_out_sdec(o, c->ret);
	name = sastrace_ret_errno_name(h->hook, c->ret);
	if (name) {
		sastrace_out_char(o, ' ');
		sastrace_out_str(o, name);
	}
	if (c->rflags & (SASTRACE_RF_TOCTOU | SASTRACE_RF_UNVERIFIED)) {
		sastrace_out_str(o, c->rflags & SASTRACE_RF_TOCTOU ?
			" TOCTOU installed=" : " UNVERIFIED installed=");
		out_stack(o, &c->installed);
	}
	if ((c->rflags & SASTRACE_RF_SMALL) && c->min_sigstksz) {
		sastrace_out_str(o, " SMALL min=");
		sastrace_out_udec(o, c->min_sigstksz, 0);
	}
	if (sastrace_call_has_caller(h, c)) {
		sastrace_out_str(o, " caller=");
		out_caller(o, c);
		if (sastrace_file_known(c->caller_file))
			sastrace_out_symbol(o, h, c->caller_file,
					    c->caller_off, &c->caller_id);
	}
}

/*
 * A signal record after the line's common start: "signal <event> <SIG>
 * handler=0x<addr> frame|sp=0x<addr> altstack=<stack>[ headroom=<bytes>]
 * [ frame_size=<bytes>][ handler_at=<file>+0x<off>|?]".
 */
static void signal_text(struct sastrace_out *o,
			const struct sastrace_header *h, const void *payload)
{
	const struct sastrace_signal *s = payload;

	sastrace_out_str(o, "signal ");
	sastrace_out_str(o, sastrace_sig_event_name(s->event));
	sastrace_out_char(o, ' ');
	sastrace_out_signal(o, s->signo);
	sastrace_out_str(o, " handler=");
	sastrace_out_althex(o, s->handler);
	sastrace_out_str(o, sastrace_sig_event_made_frame(s->event) ?
			 " frame=" : " sp=");
	sastrace_out_althex(o, s->sp);
	sastrace_out_str(o, " altstack=");
	out_stack(o, &s->altstack);
	if (sastrace_sig_event_has_headroom(s->event)) {
		sastrace_out_str(o, " headroom=");
		sastrace_out_sdec(o, s->headroom);
	}
	if (sastrace_sig_has_frame_size(s)) {
		sastrace_out_str(o, " frame_size=");
		sastrace_out_udec(o, s->frame_size, 0);
	}
	if (sastrace_sig_has_handler_at(s)) {
		sastrace_out_str(o, " handler_at=");
		out_file_off(o, s->handler_file, s->handler_off);
		if (sastrace_file_known(s->handler_file))
			sastrace_out_symbol(o, h, s->handler_file,
					    s->handler_off, &s->handler_id);
	}
}

/*
 * The named sa_flags bits, in strace's order (its xlat/sigact_flags.in):
 * SA_RESTORER first, then SA_ONSTACK, SA_RESTART, ...
 */
const struct sastrace_flag_name sastrace_sa_flag_names[SASTRACE_SA_FLAG_NAMES] = {
	{ SASTRACE_SA_RESTORER, "SA_RESTORER" },
	{ SASTRACE_SA_ONSTACK, "SA_ONSTACK" },
	{ SASTRACE_SA_RESTART, "SA_RESTART" },
	{ SASTRACE_SA_NODEFER, "SA_NODEFER" },
	{ SASTRACE_SA_RESETHAND, "SA_RESETHAND" },
	{ SASTRACE_SA_SIGINFO, "SA_SIGINFO" },
	{ SASTRACE_SA_NOCLDSTOP, "SA_NOCLDSTOP" },
	{ SASTRACE_SA_NOCLDWAIT, "SA_NOCLDWAIT" },
	{ SASTRACE_SA_UNSUPPORTED, "SA_UNSUPPORTED" },
	{ SASTRACE_SA_EXPOSE_TAGBITS, "SA_EXPOSE_TAGBITS" },
};

/**
 * sastrace_sa_flags_next_name() - walk the named bits of an sa_flags value
 * @rest: the bits not walked yet; start with the whole value
 *
 * As sastrace_ss_flags_next_name(), over sastrace_sa_flag_names[].
 *
 * Return: that bit's name, or NULL when *@rest holds no named bit.
 */
const char *sastrace_sa_flags_next_name(__u64 *rest)
{
	return sastrace_flags_next_name(sastrace_sa_flag_names,
					SASTRACE_SA_FLAG_NAMES, rest);
}

/**
 * sastrace_sa_handler_name() - the name of a special sa_handler value
 * @handler: an sa_handler
 *
 * Return: "SIG_DFL" (0), "SIG_IGN" (1), or NULL for a handler's address.
 */
const char *sastrace_sa_handler_name(__u64 handler)
{
	if (handler == 0)
		return "SIG_DFL";
	if (handler == 1)
		return "SIG_IGN";
	return NULL;
}

/* sa_flags as strace prints them: "0", "SA_A|SA_B|0x100", "0x100 /\* SA_??? *\/". */
static void out_sa_flags(struct sastrace_out *o, __u64 flags)
{
	out_flag_names(o, flags, sastrace_sa_flag_names,
		       SASTRACE_SA_FLAG_NAMES, " /* SA_??? */");
}

/**
 * sastrace_out_signal_short() - append a signal number as strace names it
 * in a signal set
 * @o:     the output
 * @signo: the signal number
 *
 * sastrace_out_signal()'s name without "SIG": "SEGV", "RTMIN", "RT_3", or
 * the bare number.
 */
void sastrace_out_signal_short(struct sastrace_out *o, __u32 signo)
{
	if (signo < ARRAY_SIZE(signal_names) && signal_names[signo]) {
		sastrace_out_str(o, signal_names[signo] + 3);
	} else if (signo == 32) {
		sastrace_out_str(o, "RTMIN");
	} else if (signo > 32 && signo <= 64) {
		sastrace_out_str(o, "RT_");
		sastrace_out_udec(o, signo - 32, 0);
	} else {
		sastrace_out_udec(o, signo, 0);
	}
}

static unsigned int popcount64(__u64 v)
{
	unsigned int n = 0;

	for (; v; v &= v - 1)
		n++;
	return n;
}

/*
 * A signal set (signals 1 to 64) as strace prints it: "[]", "[INT TERM]",
 * or, when more than half of the 64 are set, the complement: "~[KILL STOP]".
 */
static void out_sigmask(struct sastrace_out *o, __u64 mask)
{
	const char *sep = "";
	unsigned int i;

	if (popcount64(mask) > 32) {
		sastrace_out_char(o, '~');
		mask = ~mask;
	}
	sastrace_out_char(o, '[');
	for (i = 0; i < 64; i++) {
		if (!(mask & ((__u64)1 << i)))
			continue;
		sastrace_out_str(o, sep);
		sastrace_out_signal_short(o, i + 1);
		sep = " ";
	}
	sastrace_out_char(o, ']');
}

/*
 * One action: "{sa_handler=SIG_DFL|SIG_IGN|0x<addr>, sa_mask=<set>,
 * sa_flags=<flags>[, sa_restorer=0x<addr>]}"; sa_restorer when the kernel
 * has the field and SA_RESTORER is set, as strace.
 */
static void out_sigact(struct sastrace_out *o, const struct sastrace_sigact *a,
		       __u32 aflags)
{
	const char *name = sastrace_sa_handler_name(a->handler);

	sastrace_out_str(o, "{sa_handler=");
	if (name)
		sastrace_out_str(o, name);
	else
		sastrace_out_althex(o, a->handler);
	sastrace_out_str(o, ", sa_mask=");
	out_sigmask(o, a->mask);
	sastrace_out_str(o, ", sa_flags=");
	out_sa_flags(o, a->flags);
	if ((aflags & SASTRACE_AF_RESTORER) &&
	    (a->flags & SASTRACE_SA_RESTORER)) {
		sastrace_out_str(o, ", sa_restorer=");
		if (a->restorer)
			sastrace_out_althex(o, a->restorer);
		else
			sastrace_out_str(o, "NULL");
	}
	sastrace_out_char(o, '}');
}

/*
 * A sigaction record after the line's common start: "sigaction
 * rt_sigaction(<SIG>, <act>, <oact>, 8) = <ret>[ <ERRNO>]", <oact> "NULL"
 * when the call did not ask for it, "?" when it was not written (a failed
 * call).
 */
static void sigaction_text(struct sastrace_out *o,
			   const struct sastrace_header *h,
			   const void *payload)
{
	const struct sastrace_sigaction *a = payload;
	const char *name;

	sastrace_out_str(o, sastrace_hook_name(h->hook));
	sastrace_out_str(o, " rt_sigaction(");
	sastrace_out_signal(o, a->signo);
	sastrace_out_str(o, ", ");
	out_sigact(o, &a->act, a->aflags);
	sastrace_out_str(o, ", ");
	if (!(a->aflags & SASTRACE_AF_OLD))
		sastrace_out_str(o, "NULL");
	else if (a->aflags & SASTRACE_AF_OLD_VALUE)
		out_sigact(o, &a->old, a->aflags);
	else
		sastrace_out_char(o, '?');
	sastrace_out_str(o, ", 8) = ");
	sastrace_out_sdec(o, a->ret);
	name = sastrace_ret_errno_name(h->hook, a->ret);
	if (name) {
		sastrace_out_char(o, ' ');
		sastrace_out_str(o, name);
	}
}

/* JSON is the reader's alone: sastrace.ko builds the table without it. */
#ifdef __KERNEL__
#define KIND_JSON(fn)	NULL
#else
#define KIND_JSON(fn)	fn
#endif

/*
 * A field of struct @_s for the `format` file: @_t is its C type (its size
 * is the type's: the tests check that the fields cover the struct).
 */
#define FIELD(_s, _m, _t, _sgn)						\
	{ .type = #_t, .name = #_m, .offset = offsetof(_s, _m),	\
	  .size = sizeof(_t), .is_signed = (_sgn) }
/* A char array member of @_n bytes. */
#define FIELD_CHARS(_s, _m, _n)						\
	{ .type = "char", .name = #_m, .offset = offsetof(_s, _m),	\
	  .size = (_n), .array = true }

const struct sastrace_field sastrace_header_fields[] = {
	FIELD(struct sastrace_header, magic, __u32, false),
	FIELD(struct sastrace_header, version, __u16, false),
	FIELD(struct sastrace_header, size, __u16, false),
	FIELD(struct sastrace_header, ts_ns, __u64, false),
	FIELD(struct sastrace_header, kind, __u16, false),
	FIELD(struct sastrace_header, hook, __u16, false),
	FIELD(struct sastrace_header, cpu, __u32, false),
	FIELD(struct sastrace_header, tgid, __u32, false),
	FIELD(struct sastrace_header, tid, __u32, false),
	FIELD_CHARS(struct sastrace_header, comm, SASTRACE_COMM_LEN),
	FIELD(struct sastrace_header, cgroup_id, __u64, false),
	FIELD(struct sastrace_header, ns_tgid, __u32, false),
	FIELD(struct sastrace_header, ns_tid, __u32, false),
};

const unsigned int sastrace_nr_header_fields =
	ARRAY_SIZE(sastrace_header_fields);

static const struct sastrace_field call_fields[] = {
	FIELD(struct sastrace_call, rflags, __u32, false),
	FIELD(struct sastrace_call, min_sigstksz, __u32, false),
	FIELD(struct sastrace_call, ret, __s64, true),
	FIELD(struct sastrace_call, ss.addr, __u64, false),
	FIELD(struct sastrace_call, ss.sp, __u64, false),
	FIELD(struct sastrace_call, ss.size, __u64, false),
	FIELD(struct sastrace_call, ss.flags, __u32, false),
	FIELD(struct sastrace_call, ss.state, __u32, false),
	FIELD(struct sastrace_call, old_ss.addr, __u64, false),
	FIELD(struct sastrace_call, old_ss.sp, __u64, false),
	FIELD(struct sastrace_call, old_ss.size, __u64, false),
	FIELD(struct sastrace_call, old_ss.flags, __u32, false),
	FIELD(struct sastrace_call, old_ss.state, __u32, false),
	FIELD(struct sastrace_call, installed.addr, __u64, false),
	FIELD(struct sastrace_call, installed.sp, __u64, false),
	FIELD(struct sastrace_call, installed.size, __u64, false),
	FIELD(struct sastrace_call, installed.flags, __u32, false),
	FIELD(struct sastrace_call, installed.state, __u32, false),
	FIELD(struct sastrace_call, caller_addr, __u64, false),
	FIELD(struct sastrace_call, caller_off, __u64, false),
	FIELD_CHARS(struct sastrace_call, caller_file,
		    SASTRACE_CALLER_FILE_LEN),
	FIELD(struct sastrace_call, caller_id.ino, __u64, false),
	FIELD(struct sastrace_call, caller_id.mtime_ns, __s64, true),
	FIELD(struct sastrace_call, caller_id.dev, __u32, false),
	FIELD(struct sastrace_call, caller_id.generation, __u32, false),
	FIELD_CHARS(struct sastrace_call, caller_id.dir, SASTRACE_FILE_DIR_LEN),
	FIELD(struct sastrace_call, caller_id.ctime_ns, __s64, true),
};

static const struct sastrace_field signal_fields[] = {
	FIELD(struct sastrace_signal, altstack.addr, __u64, false),
	FIELD(struct sastrace_signal, altstack.sp, __u64, false),
	FIELD(struct sastrace_signal, altstack.size, __u64, false),
	FIELD(struct sastrace_signal, altstack.flags, __u32, false),
	FIELD(struct sastrace_signal, altstack.state, __u32, false),
	FIELD(struct sastrace_signal, handler, __u64, false),
	FIELD(struct sastrace_signal, sp, __u64, false),
	FIELD(struct sastrace_signal, headroom, __s64, true),
	FIELD(struct sastrace_signal, ret, __s64, true),
	FIELD(struct sastrace_signal, signo, __u32, false),
	FIELD(struct sastrace_signal, event, __u32, false),
	FIELD(struct sastrace_signal, frame_size, __u64, false),
	FIELD(struct sastrace_signal, handler_off, __u64, false),
	FIELD_CHARS(struct sastrace_signal, handler_file,
		    SASTRACE_CALLER_FILE_LEN),
	FIELD(struct sastrace_signal, handler_id.ino, __u64, false),
	FIELD(struct sastrace_signal, handler_id.mtime_ns, __s64, true),
	FIELD(struct sastrace_signal, handler_id.dev, __u32, false),
	FIELD(struct sastrace_signal, handler_id.generation, __u32, false),
	FIELD_CHARS(struct sastrace_signal, handler_id.dir, SASTRACE_FILE_DIR_LEN),
	FIELD(struct sastrace_signal, handler_id.ctime_ns, __s64, true),
};

static const struct sastrace_field sigaction_fields[] = {
	FIELD(struct sastrace_sigaction, act.handler, __u64, false),
	FIELD(struct sastrace_sigaction, act.flags, __u64, false),
	FIELD(struct sastrace_sigaction, act.mask, __u64, false),
	FIELD(struct sastrace_sigaction, act.restorer, __u64, false),
	FIELD(struct sastrace_sigaction, old.handler, __u64, false),
	FIELD(struct sastrace_sigaction, old.flags, __u64, false),
	FIELD(struct sastrace_sigaction, old.mask, __u64, false),
	FIELD(struct sastrace_sigaction, old.restorer, __u64, false),
	FIELD(struct sastrace_sigaction, ret, __s64, true),
	FIELD(struct sastrace_sigaction, signo, __u32, false),
	FIELD(struct sastrace_sigaction, aflags, __u32, false),
};

/*
 * One entry of sastrace_kinds[]. A payload larger than SASTRACE_PAYLOAD_MAX
 * (what a decoder's copy of a record holds), or not a multiple of 8 bytes,
 * does not build (negative array size).
 */
#define SASTRACE_KIND_DESC(_id, _name, _type, _min, _text, _json, _fields) \
	{								\
		.id = (_id),						\
		.name = (_name),					\
		.min_payload = (_min),					\
		.payload_size = sizeof(_type) +				\
			0 * sizeof(char[sizeof(_type) <=		\
					SASTRACE_PAYLOAD_MAX &&		\
					sizeof(_type) % 8 == 0 ? 1 : -1]), \
		.text = (_text),					\
		.json = KIND_JSON(_json),				\
		.fields = (_fields),					\
		.nr_fields = sizeof(_fields) /				\
			     sizeof(struct sastrace_field),		\
	}

/* Every kind of record, in enum sastrace_kind order. */
const struct sastrace_kind_desc sastrace_kinds[] = {
	SASTRACE_KIND_DESC(SASTRACE_KIND_CALL, "call", struct sastrace_call,
			   SASTRACE_CALL_MIN_SIZE, call_text,
			   sastrace_json_call, call_fields),
	SASTRACE_KIND_DESC(SASTRACE_KIND_SIGNAL, "signal",
			   struct sastrace_signal, SASTRACE_SIGNAL_MIN_SIZE,
			   signal_text, sastrace_json_signal, signal_fields),
	SASTRACE_KIND_DESC(SASTRACE_KIND_SIGACTION, "sigaction",
			   struct sastrace_sigaction,
			   SASTRACE_SIGACTION_MIN_SIZE, sigaction_text,
			   sastrace_json_sigaction, sigaction_fields),
};

const unsigned int sastrace_nr_kinds = ARRAY_SIZE(sastrace_kinds);

/**
 * sastrace_kind_find() - the descriptor of a record kind
 * @id: an enum sastrace_kind (a record's header.kind)
 *
 * Return: its entry of sastrace_kinds[], or NULL for a kind this build does
 * not know (a newer module's).
 */
const struct sastrace_kind_desc *sastrace_kind_find(unsigned int id)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(sastrace_kinds); i++)
		if (sastrace_kinds[i].id == id)
			return &sastrace_kinds[i];
	return NULL;
}

/**
 * sastrace_kind_max_size() - bytes of the largest record of any kind
 *
 * Return: the header and the largest payload of sastrace_kinds[]: the size
 * of a ring slot's record.
 */
size_t sastrace_kind_max_size(void)
{
	size_t i, max = 0;

	for (i = 0; i < ARRAY_SIZE(sastrace_kinds); i++)
		if (sastrace_kinds[i].payload_size > max)
			max = sastrace_kinds[i].payload_size;
	return sizeof(struct sastrace_header) + max;
}

static void out_fields(struct sastrace_out *o,
		       const struct sastrace_field *f, unsigned int n,
		       unsigned int base)
{
	unsigned int i;

	for (i = 0; i < n; i++, f++) {
		sastrace_out_str(o, "\tfield:");
		sastrace_out_str(o, f->type);
		sastrace_out_char(o, ' ');
		sastrace_out_str(o, f->name);
		if (f->array) {
			sastrace_out_char(o, '[');
			sastrace_out_udec(o, f->size, 0);
			sastrace_out_char(o, ']');
		}
		sastrace_out_str(o, ";\toffset:");
		sastrace_out_udec(o, base + f->offset, 0);
		sastrace_out_str(o, ";\tsize:");
		sastrace_out_udec(o, f->size, 0);
		sastrace_out_str(o, ";\tsigned:");
		sastrace_out_char(o, f->is_signed ? '1' : '0');
		sastrace_out_str(o, ";\n");
	}
}

/**
 * sastrace_format_describe() - the record format, as the `format` file
 * @buf:  output buffer
 * @size: its size
 *
 * What a parser needs without a copy of uapi/sastrace_record.h, in the
 * manner of ftrace's events/<system>/<event>/format: the version and the
 * header's fields, then for each kind its name, id, record size (header
 * and payload), least size a reader takes, and its payload's fields, with
 * offsets from the start of the record:
 *
 *   version:5
 *   header_size:64
 *   format:
 *       field:__u32 magic;	offset:0;	size:4;	signed:0;
 *       ...
 *
 *   name:call
 *   ID:1
 *   size:416
 *   min_size:256
 *   format:
 *       field:__u32 rflags;	offset:64;	size:4;	signed:0;
 *       ...
 *
 * Return: the length of the full text, as snprintf().
 */
int sastrace_format_describe(char *buf, size_t size)
{
	unsigned int hdr = sizeof(struct sastrace_header), i;
	struct sastrace_out o;

	sastrace_out_init(&o, buf, size);
	sastrace_out_str(&o, "version:");
	sastrace_out_udec(&o, SASTRACE_VERSION, 0);
	sastrace_out_str(&o, "\nheader_size:");
	sastrace_out_udec(&o, hdr, 0);
	sastrace_out_str(&o, "\nformat:\n");
	out_fields(&o, sastrace_header_fields, sastrace_nr_header_fields, 0);
	for (i = 0; i < ARRAY_SIZE(sastrace_kinds); i++) {
		const struct sastrace_kind_desc *k = &sastrace_kinds[i];

		sastrace_out_str(&o, "\nname:");
		sastrace_out_str(&o, k->name);
		sastrace_out_str(&o, "\nID:");
		sastrace_out_udec(&o, k->id, 0);
		sastrace_out_str(&o, "\nsize:");
		sastrace_out_udec(&o, hdr + k->payload_size, 0);
		sastrace_out_str(&o, "\nmin_size:");
		sastrace_out_udec(&o, hdr + k->min_payload, 0);
		sastrace_out_str(&o, "\nformat:\n");
		out_fields(&o, k->fields, k->nr_fields, hdr);
	}
	return sastrace_out_end(&o);
}

/**
 * sastrace_ns_differs() - is a record's task outside the initial pid
 * namespace?
 * @h: the record's header
 *
 * Return: true when the record has namespace ids (version 5 on; a
 * converted version 4 record has none: 0) and they are not the initial
 * namespace's. A task whose ids happen to be the same in both is taken
 * as in the initial one: nothing to tell then.
 */
bool sastrace_ns_differs(const struct sastrace_header *h)
{
	return h->version >= 5 && h->ns_tgid &&
	       (h->ns_tgid != h->tgid || h->ns_tid != h->tid);
}

/**
 * sastrace_format_record() - one record as its `events` line
 * @buf:  output buffer, SASTRACE_LINE_MAX bytes are always enough
 * @size: its size
 * @h:    the record: its header, then (for a kind sastrace_kind_find()
 *        knows) at least that kind's payload_size bytes of payload
 *
 * Every line starts "<sec>.<nsec> cpu=<n> pid=<tgid> tid=<tid> comm=<comm> "
 * and goes on with the kind's own text:
 *
 * Call records: "<hook> sigaltstack(<ss>, <old_ss>) = <ret>", then " TOCTOU
 * installed=<stack>" when the kernel installed something else than the ss
 * read at entry, or " UNVERIFIED installed=<stack>" when ss could not be
 * read at entry; " SMALL min=<N>" when the stack installed is smaller than
 * the caller's AT_MINSIGSTKSZ (N: never 0 with the flag; a flag without
 * it prints nothing); " caller=<file>+0x<off>" (or " caller=0x<addr>" when
 * the file is not known) for every record that has a caller
 * (sastrace_call_has_caller()). A uprobe
 * record's <ret> is libc's return value (-1 on error), printed without an
 * errno name.
 *
 * Signal records: "signal <event> <SIG> handler=0x<addr> frame=0x<addr>
 * altstack=<stack> headroom=<bytes>" (overflow and frame_fault: "sp=" for
 * "frame="; onstack_unavailable: no headroom), " frame_size=<bytes>" for a
 * deliver record that has it, then " handler_at=<file>+0x<off>" (" handler_at=?"
 * when the file is not known) when the record names the handler's file
 * (sastrace_sig_has_handler_at()).
 *
 * Sigaction records: "sigaction rt_sigaction(<SIG>, {sa_handler=...,
 * sa_mask=[...], sa_flags=...[, sa_restorer=0x...]}, <oact>, 8) = <ret>",
 * as strace prints rt_sigaction (<oact>: NULL, the old action, or "?"
 * when not written).
 *
 * A kind this build does not know: "kind=<N>" (the reader skips those
 * before they get here).
 *
 * Then, for a task outside the initial pid namespace (sastrace_ns_differs()),
 * " nspid=<ns_tgid>", and " nstid=<ns_tid>" when that differs from
 * ns_tgid (a thread other than the main one): the ids its own namespace
 * knows it by. The cgroup is not printed here: its path is the reader's
 * to find (sastrace.ko would need cgroup locks), and the reader appends
 * " cgroup=<path>" after this line's text.
 *
 * Every line ends with '\n'.
 *
 * Return: the length of the full line, as snprintf().
 */
int sastrace_format_record(char *buf, size_t size,
			   const struct sastrace_header *h)
{
	return sastrace_format_record_opts(buf, size, h, NULL);
}

/**
 * sastrace_format_record_opts() - one record as its `events` line, with
 * what the reader adds
 * @buf:  output buffer, SASTRACE_LINE_MAX bytes are always enough
 * @size: its size
 * @h:    the record, as for sastrace_format_record()
 * @opts: the additions (NULL: none, as sastrace_format_record()): with a
 *        symbol callback, " <name+0xN>" after "caller=<file>+0x<off>"
 *        when it names the function there
 *
 * Return: the length of the full line, as snprintf().
 */
int sastrace_format_record_opts(char *buf, size_t size,
				const struct sastrace_header *h,
				const struct sastrace_format_opts *opts)
{
	const struct sastrace_kind_desc *k = sastrace_kind_find(h->kind);
	struct sastrace_out o;

	sastrace_out_init(&o, buf, size);
	o.opts = opts;
	sastrace_out_timestamp(&o, h->ts_ns);
	sastrace_out_str(&o, " cpu=");
	sastrace_out_udec(&o, h->cpu, 0);
	sastrace_out_str(&o, " pid=");
	sastrace_out_udec(&o, h->tgid, 0);
	sastrace_out_str(&o, " tid=");
	sastrace_out_udec(&o, h->tid, 0);
	sastrace_out_str(&o, " comm=");
	sastrace_out_escaped(&o, h->comm, SASTRACE_COMM_LEN);
	sastrace_out_char(&o, ' ');
	if (k) {
		k->text(&o, h, h + 1);
	} else {
		sastrace_out_str(&o, "kind=");
		sastrace_out_udec(&o, h->kind, 0);
	}
	if (sastrace_ns_differs(h)) {
		sastrace_out_str(&o, " nspid=");
		sastrace_out_udec(&o, h->ns_tgid, 0);
		if (h->ns_tid != h->ns_tgid) {
			sastrace_out_str(&o, " nstid=");
			sastrace_out_udec(&o, h->ns_tid, 0);
		}
	}
	sastrace_out_char(&o, '\n');
	return sastrace_out_end(&o);
}

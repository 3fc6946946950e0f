// SPDX-License-Identifier: GPL-2.0
/*
 * JSON encoding of records, for `sastrace --json`: one object per line,
 * keys always in this order, no spaces:
 *
 *   {"ts_ns":N,"ts":"SEC.NSEC","cpu":N,"pid":TGID,"tid":N,"comm":"..",
 *    "hook":"kprobe"|"compat"|"uprobe"|"unknown","ss":STACK,"old_ss":STACK,
 *    "ret":N,"errno":"EINVAL"|null[,"late_ss":true][,"toctou":TOCTOU]
 *    [,"caller":CALLER]}
 *
 * and for signal records (hook "signal"):
 *
 *   {"ts_ns":N,"ts":"SEC.NSEC","cpu":N,"pid":TGID,"tid":N,"comm":"..",
 *    "hook":"signal","event":"deliver"|"overflow"|"onstack_unavailable",
 *    "signo":N,"signal":"SIGSEGV","handler":"0x..","frame"|"sp":"0x..",
 *    "altstack":STACK,"headroom":N|null}
 *
 *   "sp" replaces "frame" in overflow records (no frame was made: it is the
 *   interrupted stack pointer); headroom is null for onstack_unavailable.
 *
 *   TOCTOU: {"status":"mismatch"|"unverified","installed":STACK}
 *   mismatch: the kernel installed something else than the ss read at
 *   entry; unverified: ss could not be read at entry.
 *
 *   CALLER (uprobe records only):
 *          {"file":"libfoo.so","offset":"0x..","addr":"0x.."}
 *   file is the basename of the file the caller's return address falls in
 *   ("?" when unknown), offset the file offset of that address. A uprobe
 *   record's ret is what libc returned (-1 on error) and its errno is null.
 *
 *   STACK: null                                    (NULL pointer)
 *        | {"sp":"0x..","flags":N,"flag_names":[..],"size":N}  (decoded)
 *        | {"addr":"0x..","error":"unreadable"}    (reading it faulted)
 *        | {"addr":"0x..","error":"not_written"}   (old_ss of a failed call)
 *
 * flag_names lists SS_ONSTACK, SS_DISABLE, SS_AUTODISARM as set, then any
 * other bits as one hex string ("0x4"). errno is null for ret >= 0 and for
 * unnamed errors. late_ss appears only when ss was read on return.
 *
 * Every function returns the full length of its text, as snprintf() does,
 * so a short buffer truncates but never overflows. Output is plain ASCII:
 * comm bytes outside printable ASCII are \u00XX escapes, so each line is
 * valid JSON whatever a task names itself.
 */
#include <stdarg.h>
#include <stdio.h>
#include "format.h"
#include "json.h"

/* A buffer being appended to, snprintf-style. */
struct out {
	char *buf;
	size_t size;
	size_t len;	/* full length so far, may exceed size */
};

static void put(struct out *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void put(struct out *o, const char *fmt, ...)
{
	size_t left = o->len < o->size ? o->size - o->len : 0;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(left ? o->buf + o->len : NULL, left, fmt, ap);
	va_end(ap);
	if (n > 0)
		o->len += n;
}

static int done(struct out *o)
{
	if (o->size && o->len == 0)
		o->buf[0] = '\0';
	return (int)o->len;
}

/* A string of at most @max bytes (maybe unterminated), quoted. */
static void put_str(struct out *o, const char *str, int max)
{
	int i;

	put(o, "\"");
	for (i = 0; i < max && str[i]; i++) {
		unsigned char c = str[i];

		if (c == '"' || c == '\\')
			put(o, "\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			put(o, "\\u%04x", c);
		else
			put(o, "%c", c);
	}
	put(o, "\"");
}

static void put_comm(struct out *o, const char *comm)
{
	put_str(o, comm, SASTRACE_COMM_LEN);
}

static void put_flag_names(struct out *o, __u32 flags)
{
	const struct sastrace_flag_name *names = sastrace_ss_flag_names;
	__u32 unknown = flags;
	const char *sep = "";
	size_t i;

	put(o, "[");
	for (i = 0; i < SASTRACE_SS_FLAG_NAMES; i++) {
		if (!(flags & names[i].bit))
			continue;
		put(o, "%s\"%s\"", sep, names[i].name);
		unknown &= ~names[i].bit;
		sep = ",";
	}
	if (unknown)
		put(o, "%s\"%#x\"", sep, unknown);
	put(o, "]");
}

static void put_stack(struct out *o, const struct sastrace_stack *s)
{
	const char *error;

	switch (s->state) {
	case SASTRACE_ARG_NULL:
		put(o, "null");
		return;
	case SASTRACE_ARG_VALUE:
		/* "0x0", not C's "0" from %#x, so sp always parses as hex. */
		put(o, "{\"sp\":\"0x%llx\",\"flags\":%u,\"flag_names\":",
		    (unsigned long long)s->sp, s->flags);
		put_flag_names(o, s->flags);
		put(o, ",\"size\":%llu}", (unsigned long long)s->size);
		return;
	case SASTRACE_ARG_FAULT:
		error = "unreadable";
		break;
	case SASTRACE_ARG_UNWRITTEN:
		error = "not_written";
		break;
	default:
		error = "unknown_state";
		break;
	}
	put(o, "{\"addr\":\"0x%llx\",\"error\":\"%s\"}",
	    (unsigned long long)s->addr, error);
}

/**
 * sastrace_json_comm() - a comm as a JSON string, quotes included
 * @buf:  output buffer
 * @size: its size
 * @comm: the comm (at most SASTRACE_COMM_LEN bytes, maybe unterminated)
 *
 * Return: the length of the full text, as snprintf().
 */
int sastrace_json_comm(char *buf, size_t size, const char *comm)
{
	struct out o = { buf, size, 0 };

	put_comm(&o, comm);
	return done(&o);
}

/**
 * sastrace_json_stack() - one stack_t argument as JSON
 * @buf:  output buffer
 * @size: its size
 * @s:    the argument
 *
 * null; {"sp":"0x..","flags":N,"flag_names":[..],"size":N}; or
 * {"addr":"0x..","error":"unreadable"|"not_written"}.
 *
 * Return: the length of the full text, as snprintf().
 */
int sastrace_json_stack(char *buf, size_t size, const struct sastrace_stack *s)
{
	struct out o = { buf, size, 0 };

	put_stack(&o, s);
	return done(&o);
}

/* The keys of a signal record after "hook". */
static void put_signal(struct out *o, const struct sastrace_record *r)
{
	char sig[24];

	sastrace_format_signal(sig, sizeof(sig), r->signo);
	put(o, ",\"event\":\"%s\",\"signo\":%u,\"signal\":\"%s\",\"handler\":\"0x%llx\",\"%s\":\"0x%llx\",\"altstack\":",
	    sastrace_sig_event_name(r->sig_event), r->signo, sig,
	    (unsigned long long)r->sig_handler,
	    sastrace_sig_event_made_frame(r->sig_event) ? "frame" : "sp",
	    (unsigned long long)r->sig_sp);
	put_stack(o, &r->ss);
	if (r->sig_event == SASTRACE_SIG_ONSTACK_UNAVAILABLE)
		put(o, ",\"headroom\":null}\n");
	else
		put(o, ",\"headroom\":%lld}\n", (long long)r->sig_headroom);
}

/**
 * sastrace_json_record() - one record as a JSON line
 * @buf:  output buffer, SASTRACE_JSON_MAX bytes are always enough
 * @size: its size
 * @r:    the record
 *
 * Keys, in order: ts_ns ts cpu pid tid comm hook ss old_ss ret errno, then
 * late_ss (only when true), toctou (only when flagged), then caller (uprobe
 * records only); signal records: ts_ns ts cpu pid tid comm hook event signo
 * signal handler frame|sp altstack headroom. Ends with '\n'.
 *
 * Return: the length of the full line, as snprintf().
 */
int sastrace_json_record(char *buf, size_t size,
			 const struct sastrace_record *r)
{
	struct out o = { buf, size, 0 };
	unsigned long long ts = r->ts_ns;
	const char *err = NULL;

	put(&o, "{\"ts_ns\":%llu,\"ts\":\"%llu.%09llu\",\"cpu\":%u,\"pid\":%u,\"tid\":%u,\"comm\":",
	    ts, ts / 1000000000ULL, ts % 1000000000ULL, r->cpu, r->tgid,
	    r->tid);
	put_comm(&o, r->comm);
	put(&o, ",\"hook\":\"%s\"", sastrace_hook_name(r->hook));
	if (r->hook == SASTRACE_HOOK_SIGNAL) {
		put_signal(&o, r);
		return done(&o);
	}
	put(&o, ",\"ss\":");
	put_stack(&o, &r->ss);
	put(&o, ",\"old_ss\":");
	put_stack(&o, &r->old_ss);
	put(&o, ",\"ret\":%lld,\"errno\":", (long long)r->ret);
	/* Only -4095..-1 are errors: the kernel's MAX_ERRNO. A uprobe
	 * record's ret is libc's -1, not an errno.
	 */
	if (r->ret < 0 && r->ret >= -4095 && r->hook != SASTRACE_HOOK_UPROBE)
		err = sastrace_errno_name((int)-r->ret);
	if (err)
		put(&o, "\"%s\"", err);
	else
		put(&o, "null");
	if (r->rflags & SASTRACE_RF_SS_LATE)
		put(&o, ",\"late_ss\":true");
	if (r->rflags & (SASTRACE_RF_TOCTOU | SASTRACE_RF_UNVERIFIED)) {
		put(&o, ",\"toctou\":{\"status\":\"%s\",\"installed\":",
		    r->rflags & SASTRACE_RF_TOCTOU ? "mismatch" : "unverified");
		put_stack(&o, &r->installed);
		put(&o, "}");
	}
	if (r->hook == SASTRACE_HOOK_UPROBE) {
		put(&o, ",\"caller\":{\"file\":");
		put_str(&o, r->caller_file[0] ? r->caller_file : "?",
			SASTRACE_CALLER_FILE_LEN);
		put(&o, ",\"offset\":\"0x%llx\",\"addr\":\"0x%llx\"}",
		    (unsigned long long)r->caller_off,
		    (unsigned long long)r->caller_addr);
	}
	put(&o, "}\n");
	return done(&o);
}

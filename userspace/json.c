// SPDX-License-Identifier: GPL-2.0
/*
 * JSON encoding of records, for `sastrace --json`: one object per line,
 * keys always in this order, no spaces:
 *
 *   {"ts_ns":N,"ts":"SEC.NSEC","cpu":N,"pid":TGID,"tid":N,"comm":"..",
 *    "hook":"kprobe"|"compat"|"uprobe"|"unknown","ss":STACK,"old_ss":STACK,
 *    "ret":N,"errno":"EINVAL"|null[,"late_ss":true][,"toctou":TOCTOU]
 *    [,"small":{"min":N}][,"caller":CALLER]}
 *
 * for call records (kind SASTRACE_KIND_CALL), and for signal records
 * (kind SASTRACE_KIND_SIGNAL, hook "signal"):
 *
 *   {"ts_ns":N,"ts":"SEC.NSEC","cpu":N,"pid":TGID,"tid":N,"comm":"..",
 *    "hook":"signal","event":"deliver"|"overflow"|"onstack_unavailable"|
 *    "frame_fault"|"unknown",
 *    "signo":N,"signal":"SIGSEGV","handler":"0x..","frame"|"sp":"0x..",
 *    "altstack":STACK,"headroom":N|null,"frame_size":N|null
 *    [,"handler_at":HANDLER_AT]}
 *
 *   "sp" replaces "frame" in overflow and frame_fault records (no frame was
 *   made: it is the interrupted stack pointer); headroom is null for
 *   onstack_unavailable.
 *
 * for sigaction records (kind SASTRACE_KIND_SIGACTION, hook "sigaction"):
 *
 *   {"ts_ns":N,"ts":"SEC.NSEC","cpu":N,"pid":TGID,"tid":N,"comm":"..",
 *    "hook":"sigaction","signo":N,"signal":"SIGSEGV","act":ACTION,
 *    "old":ACTION|null|{"error":"not_written"},"ret":N,"errno":"EINVAL"|null}
 *
 *   old is null when the call did not ask for the old action, not_written
 *   when it failed.
 *
 *   ACTION: {"handler":"SIG_DFL"|"SIG_IGN"|"0x..","flags":N,
 *            "flag_names":[..],"mask":"0x..","mask_names":["INT",..],
 *            "restorer":"0x.."|null}
 *   flag_names: the SA_* names in strace's order, then other bits as one
 *   "0x.."; mask: signals 1 to 64, bit N-1 for signal N, mask_names in
 *   increasing order, named as in the text's sa_mask (strace's sets:
 *   "INT", "RTMIN", "RT_2"; never complemented); restorer is null where the kernel's struct sigaction
 *   has no sa_restorer.
 *
 *   TOCTOU: {"status":"mismatch"|"unverified","installed":STACK}
 *   mismatch: the kernel installed something else than the ss read at
 *   entry; unverified: ss could not be read at entry.
 *
 *   small (kprobe and compat records): the stack installed is smaller than
 *   min, the caller's AT_MINSIGSTKSZ (the signal frame its kernel said it
 *   needs).
 *
 *   CALLER (uprobe records, and kprobe and compat records of a module that
 *   fills their caller in):
 *          {"file":"libfoo.so","offset":"0x..","addr":"0x.."
 *           [,"symbol":"name","symbol_offset":N]}
 *   addr is where the call returns to in user space: for a uprobe record
 *   the instruction after the call of libc's sigaltstack(), for a kprobe or
 *   compat record the instruction after the syscall, int $0x80 or svc
 *   instruction; file is the basename of the file that address falls in
 *   ("?" when unknown: the mmap lock was busy, or anonymous memory),
 *   offset the file offset of that address (0x0 when unknown); symbol the
 *   function holding that offset and symbol_offset the offset into it
 *   (decimal), when the reader names it (not with --no-symbols; never when
 *   the file cannot be found and verified: symbols.c). A uprobe
 *   record's ret is what libc returned (-1 on error) and its errno is null.
 *   When the module identified the file, the object goes on with FILE_ID.
 *
 *   HANDLER_AT (signal records of a module that looks the handler's file
 *   up): {"file":"prog","offset":"0x..","addr":"0x.."[FILE_ID]}, as CALLER
 *   for the handler's address.
 *
 *   FILE_ID: ,"dev":"MAJ:MIN","ino":N,"generation":N,"mtime_ns":N,"dir":"..",
 *   "ctime_ns":N
 *   what stat(2) showed of the file when the record was made (st_dev,
 *   st_ino, st_mtim and st_ctim in ns; ctime_ns 0 when it was of the
 *   clock tick the record was made in, and from a module before it), its inode generation (FS_IOC_GETVERSION) and the directory it was
 *   in, from the root of its own file system ("" when not known: deleted,
 *   renamed meanwhile, too long).
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
 *
 * The names, and the rules for when each is printed (which ret has an errno
 * name, which flag bits have names, frame or sp, headroom or not), are the
 * text decoder's (module/format.c), and so are the appenders everything is
 * printed through (module/format_out.h) and the table of record kinds
 * (sastrace_kinds[]) that picks each kind's encoder: only the JSON syntax
 * is here.
 */
#include <string.h>
#include "format.h"
#include "json.h"

const char *(*sastrace_cgroup_name)(__u64 id);

/* A cgroup path the reader prints: at most this long (else its id). */
#define CGROUP_PATH_PRINT_MAX	255

/*
 * The path of a record's cgroup, or NULL when unknown (or longer than
 * CGROUP_PATH_PRINT_MAX: its id is printed then).
 */
static const char *cgroup_path(const struct sastrace_header *h)
{
	const char *p;

	if (!h->cgroup_id || !sastrace_cgroup_name)
		return NULL;
	p = sastrace_cgroup_name(h->cgroup_id);
	return p && strlen(p) <= CGROUP_PATH_PRINT_MAX ? p : NULL;
}

/* At most @max bytes of @s (maybe unterminated), escaped for a string. */
static void out_json_chars(struct sastrace_out *o, const char *s, int max)
{
	int i;

	for (i = 0; i < max && s[i]; i++) {
		unsigned char c = s[i];

		if (c == '"' || c == '\\') {
			sastrace_out_char(o, '\\');
			sastrace_out_char(o, c);
		} else if (c < 0x20 || c >= 0x7f) {
			sastrace_out_str(o, "\\u00");
			sastrace_out_hex_byte(o, c);
		} else {
			sastrace_out_char(o, c);
		}
	}
}

/* A string of at most @max bytes of @s (maybe unterminated), quoted. */
static void out_json_str(struct sastrace_out *o, const char *s, int max)
{
	sastrace_out_char(o, '"');
	out_json_chars(o, s, max);
	sastrace_out_char(o, '"');
}

/* A name from format.c's tables, quoted: plain ASCII, nothing to escape. */
static void out_json_name(struct sastrace_out *o, const char *name)
{
	sastrace_out_char(o, '"');
	sastrace_out_str(o, name);
	sastrace_out_char(o, '"');
}

/* "0x.." quoted; 0 is "0x0" (not %#x's "0"), so it always parses as hex. */
static void out_json_hex(struct sastrace_out *o, unsigned long long v)
{
	sastrace_out_char(o, '"');
	sastrace_out_hex(o, v);
	sastrace_out_char(o, '"');
}

/* The named bits in format.c's order, then any other bits as one "0x..". */
/* A flags value's names as a JSON array; bits without a name as hex. */
static void out_json_flag_names(struct sastrace_out *o, __u64 flags,
				const struct sastrace_flag_name *names,
				size_t n)
{
	const char *name, *sep = "";
	__u64 rest = flags;

	sastrace_out_char(o, '[');
	while ((name = sastrace_flags_next_name(names, n, &rest))) {
		sastrace_out_str(o, sep);
		out_json_name(o, name);
		sep = ",";
	}
	if (rest) {
		sastrace_out_str(o, sep);
		out_json_hex(o, rest);
	}
	sastrace_out_char(o, ']');
}

/*
 * ,"symbol":"<name>","symbol_offset":N for the function at a file offset,
 * when the reader names it (sastrace_out_symbol_find()); the name cut as
 * the text cuts it.
 */
static void out_json_symbol(struct sastrace_out *o,
			    const struct sastrace_header *h, const char *file,
			    __u64 off, const struct sastrace_file_id *id)
{
	const char *name;
	__u64 sym_off;
	size_t start;
	int i;

	if (!sastrace_out_symbol_find(o, h, file, off, id, &name, &sym_off))
		return;
	sastrace_out_str(o, ",\"symbol\":\"");
	start = o->n;
	for (i = 0; name[i]; i++) {
		if (o->n - start >= SASTRACE_SYMBOL_PRINT_MAX) {
			sastrace_out_str(o, "...");
			break;
		}
		out_json_chars(o, name + i, 1);
	}
	sastrace_out_str(o, "\",\"symbol_offset\":");
	sastrace_out_udec(o, sym_off, 0);
}

static void out_json_stack(struct sastrace_out *o,
			   const struct sastrace_stack *s)
{
	const char *error;

	switch (s->state) {
	case SASTRACE_ARG_NULL:
		sastrace_out_str(o, "null");
		return;
	case SASTRACE_ARG_VALUE:
		sastrace_out_str(o, "{\"sp\":");
		out_json_hex(o, s->sp);
		sastrace_out_str(o, ",\"flags\":");
		sastrace_out_udec(o, s->flags, 0);
		sastrace_out_str(o, ",\"flag_names\":");
		out_json_flag_names(o, s->flags, sastrace_ss_flag_names,
				    SASTRACE_SS_FLAG_NAMES);
		sastrace_out_str(o, ",\"size\":");
		sastrace_out_udec(o, s->size, 0);
		sastrace_out_char(o, '}');
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
	sastrace_out_str(o, "{\"addr\":");
	out_json_hex(o, s->addr);
	sastrace_out_str(o, ",\"error\":");
	out_json_name(o, error);
	sastrace_out_char(o, '}');
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
	struct sastrace_out o;

	sastrace_out_init(&o, buf, size);
	out_json_str(&o, comm, SASTRACE_COMM_LEN);
	return sastrace_out_end(&o);
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
	struct sastrace_out o;

	sastrace_out_init(&o, buf, size);
	out_json_stack(&o, s);
	return sastrace_out_end(&o);
}

/*
 * ,"dev":"MAJ:MIN","ino":N,"generation":N,"mtime_ns":N,"dir":"..",
 * "ctime_ns":N of a file a record identifies, when it does (ino is not
 * 0). dev is decoded as the kernel's new_decode_dev() and glibc's
 * major()/minor() do.
 */
static void out_json_file_id(struct sastrace_out *o,
			     const struct sastrace_file_id *id)
{
	if (!id->ino)
		return;
	sastrace_out_str(o, ",\"dev\":\"");
	sastrace_out_udec(o, (id->dev & 0xfff00) >> 8, 0);
	sastrace_out_char(o, ':');
	sastrace_out_udec(o, (id->dev & 0xff) | ((id->dev >> 12) & 0xfff00),
			  0);
	sastrace_out_str(o, "\",\"ino\":");
	sastrace_out_udec(o, id->ino, 0);
	sastrace_out_str(o, ",\"generation\":");
	sastrace_out_udec(o, id->generation, 0);
	sastrace_out_str(o, ",\"mtime_ns\":");
	sastrace_out_sdec(o, id->mtime_ns);
	sastrace_out_str(o, ",\"dir\":");
	out_json_str(o, id->dir, SASTRACE_FILE_DIR_LEN);
	sastrace_out_str(o, ",\"ctime_ns\":");
	sastrace_out_sdec(o, id->ctime_ns);
}

/**
 * sastrace_json_signal() - the keys of a signal record after "hook"
 * @o:       the output
 * @h:       the record's header
 * @payload: its struct sastrace_signal
 *
 * SASTRACE_KIND_SIGNAL's JSON encoder (sastrace_kinds[]).
 */
void sastrace_json_signal(struct sastrace_out *o,
			  const struct sastrace_header *h, const void *payload)
{
	const struct sastrace_signal *s = payload;

	sastrace_out_str(o, ",\"event\":");
	out_json_name(o, sastrace_sig_event_name(s->event));
	sastrace_out_str(o, ",\"signo\":");
	sastrace_out_udec(o, s->signo, 0);
	sastrace_out_str(o, ",\"signal\":\"");
	sastrace_out_signal(o, s->signo);
	sastrace_out_str(o, "\",\"handler\":");
	out_json_hex(o, s->handler);
	sastrace_out_str(o, sastrace_sig_event_made_frame(s->event) ?
			 ",\"frame\":" : ",\"sp\":");
	out_json_hex(o, s->sp);
	sastrace_out_str(o, ",\"altstack\":");
	out_json_stack(o, &s->altstack);
	sastrace_out_str(o, ",\"headroom\":");
	if (sastrace_sig_event_has_headroom(s->event))
		sastrace_out_sdec(o, s->headroom);
	else
		sastrace_out_str(o, "null");
	sastrace_out_str(o, ",\"frame_size\":");
	if (sastrace_sig_has_frame_size(s))
		sastrace_out_udec(o, s->frame_size, 0);
	else
		sastrace_out_str(o, "null");
	if (sastrace_sig_has_handler_at(s)) {
		sastrace_out_str(o, ",\"handler_at\":{\"file\":");
		out_json_str(o, s->handler_file, SASTRACE_CALLER_FILE_LEN);
		sastrace_out_str(o, ",\"offset\":");
		out_json_hex(o, s->handler_off);
		sastrace_out_str(o, ",\"addr\":");
		out_json_hex(o, s->handler);
		out_json_file_id(o, &s->handler_id);
		if (sastrace_file_known(s->handler_file))
			out_json_symbol(o, h, s->handler_file, s->handler_off,
					&s->handler_id);
		sastrace_out_char(o, '}');
	}
}

static void out_json_sigact(struct sastrace_out *o,
			    const struct sastrace_sigact *a, __u32 aflags)
{
	const char *name = sastrace_sa_handler_name(a->handler), *sep;
	unsigned int i;

	sastrace_out_str(o, "{\"handler\":");
	if (name)
		out_json_name(o, name);
	else
		out_json_hex(o, a->handler);
	sastrace_out_str(o, ",\"flags\":");
	sastrace_out_udec(o, a->flags, 0);
	sastrace_out_str(o, ",\"flag_names\":");
	out_json_flag_names(o, a->flags, sastrace_sa_flag_names,
			    SASTRACE_SA_FLAG_NAMES);
	sastrace_out_str(o, ",\"mask\":");
	out_json_hex(o, a->mask);
	sastrace_out_str(o, ",\"mask_names\":[");
	sep = "";
	for (i = 0; i < 64; i++) {
		if (!(a->mask & ((__u64)1 << i)))
			continue;
		sastrace_out_str(o, sep);
		sastrace_out_char(o, '"');
		sastrace_out_signal_short(o, i + 1);
		sastrace_out_char(o, '"');
		sep = ",";
	}
	sastrace_out_str(o, "],\"restorer\":");
	if (aflags & SASTRACE_AF_RESTORER)
		out_json_hex(o, a->restorer);
	else
		sastrace_out_str(o, "null");
	sastrace_out_char(o, '}');
}

/**
 * sastrace_json_sigaction() - the keys of a sigaction record after "hook"
 * @o:       the output
 * @h:       the record's header
 * @payload: its struct sastrace_sigaction
 *
 * SASTRACE_KIND_SIGACTION's JSON encoder (sastrace_kinds[]).
 */
void sastrace_json_sigaction(struct sastrace_out *o,
			     const struct sastrace_header *h,
			     const void *payload)
{
	const struct sastrace_sigaction *a = payload;
	const char *err = sastrace_ret_errno_name(h->hook, a->ret);

	sastrace_out_str(o, ",\"signo\":");
	sastrace_out_udec(o, a->signo, 0);
	sastrace_out_str(o, ",\"signal\":\"");
	sastrace_out_signal(o, a->signo);
	sastrace_out_str(o, "\",\"act\":");
	out_json_sigact(o, &a->act, a->aflags);
	sastrace_out_str(o, ",\"old\":");
	if (!(a->aflags & SASTRACE_AF_OLD))
		sastrace_out_str(o, "null");
	else if (a->aflags & SASTRACE_AF_OLD_VALUE)
		out_json_sigact(o, &a->old, a->aflags);
	else
		sastrace_out_str(o, "{\"error\":\"not_written\"}");
	sastrace_out_str(o, ",\"ret\":");
	sastrace_out_sdec(o, a->ret);
	sastrace_out_str(o, ",\"errno\":");
	if (err)
		out_json_name(o, err);
	else
		sastrace_out_str(o, "null");
}

/**
 * sastrace_json_call() - the keys of a call record after "hook"
 * @o:       the output
 * @h:       the record's header
 * @payload: its struct sastrace_call
 *
 * SASTRACE_KIND_CALL's JSON encoder (sastrace_kinds[]).
 */
void sastrace_json_call(struct sastrace_out *o,
			const struct sastrace_header *h, const void *payload)
{
	const struct sastrace_call *c = payload;
	const char *err = sastrace_ret_errno_name(h->hook, c->ret);

	sastrace_out_str(o, ",\"ss\":");
	out_json_stack(o, &c->ss);
	sastrace_out_str(o, ",\"old_ss\":");
	out_json_stack(o, &c->old_ss);
	sastrace_out_str(o, ",\"ret\":");
	sastrace_out_sdec(o, c->ret);
	sastrace_out_str(o, ",\"errno\":");
	if (err)
		out_json_name(o, err);
	else
		sastrace_out_str(o, "null");
	if (c->rflags & SASTRACE_RF_SS_LATE)
		sastrace_out_str(o, ",\"late_ss\":true");
	if (c->rflags & (SASTRACE_RF_TOCTOU | SASTRACE_RF_UNVERIFIED)) {
		sastrace_out_str(o, ",\"toctou\":{\"status\":");
		out_json_name(o, c->rflags & SASTRACE_RF_TOCTOU ?
			      "mismatch" : "unverified");
		sastrace_out_str(o, ",\"installed\":");
		out_json_stack(o, &c->installed);
		sastrace_out_char(o, '}');
	}
	if ((c->rflags & SASTRACE_RF_SMALL) && c->min_sigstksz) {
		sastrace_out_str(o, ",\"small\":{\"min\":");
		sastrace_out_udec(o, c->min_sigstksz, 0);
		sastrace_out_char(o, '}');
	}
	if (sastrace_call_has_caller(h, c)) {
		sastrace_out_str(o, ",\"caller\":{\"file\":");
		out_json_str(o, c->caller_file[0] ? c->caller_file : "?",
			     SASTRACE_CALLER_FILE_LEN);
		sastrace_out_str(o, ",\"offset\":");
		out_json_hex(o, c->caller_off);
		sastrace_out_str(o, ",\"addr\":");
		out_json_hex(o, c->caller_addr);
		out_json_file_id(o, &c->caller_id);
		if (sastrace_file_known(c->caller_file))
			out_json_symbol(o, h, c->caller_file, c->caller_off,
					&c->caller_id);
		sastrace_out_char(o, '}');
	}
}

/**
 * sastrace_json_record() - one record as a JSON line
 * @buf:  output buffer, SASTRACE_JSON_MAX bytes are always enough
 * @size: its size
 * @h:    the record: its header, then (for a kind sastrace_kind_find()
 *        knows) at least that kind's payload_size bytes of payload
 *
 * Keys, in order: ts_ns ts cpu pid tid comm hook, then the kind's own
 * (its sastrace_kinds[] entry's JSON encoder): for call records ss old_ss
 * ret errno, then late_ss (only when true), toctou (only when flagged),
 * small (only when flagged), then caller (sastrace_call_has_caller()); for
 * signal records event signo signal handler frame|sp altstack headroom
 * frame_size, then handler_at (sastrace_sig_has_handler_at()); for
 * sigaction records signo signal
 * act old ret errno; for a kind this build does not know,
 * "kind":N. Ends with '\n'.
 *
 * Return: the length of the full line, as snprintf().
 */
int sastrace_json_record(char *buf, size_t size,
			 const struct sastrace_header *h)
{
	return sastrace_json_record_opts(buf, size, h, NULL);
}

/**
 * sastrace_json_record_opts() - one record as a JSON line, with what the
 * reader adds
 * @buf:  output buffer, SASTRACE_JSON_MAX bytes are always enough
 * @size: its size
 * @h:    the record, as for sastrace_json_record()
 * @opts: the additions (NULL: none): with a symbol callback, "symbol" and
 *        "symbol_offset" in the caller object when it names the function
 *
 * Return: the length of the full line, as snprintf().
 */
int sastrace_json_record_opts(char *buf, size_t size,
			      const struct sastrace_header *h,
			      const struct sastrace_format_opts *opts)
{
	const struct sastrace_kind_desc *k = sastrace_kind_find(h->kind);
	struct sastrace_out o;

	sastrace_out_init(&o, buf, size);
	o.opts = opts;
	sastrace_out_str(&o, "{\"ts_ns\":");
	sastrace_out_udec(&o, h->ts_ns, 0);
	sastrace_out_str(&o, ",\"ts\":\"");
	sastrace_out_timestamp(&o, h->ts_ns);
	sastrace_out_str(&o, "\",\"cpu\":");
	sastrace_out_udec(&o, h->cpu, 0);
	sastrace_out_str(&o, ",\"pid\":");
	sastrace_out_udec(&o, h->tgid, 0);
	sastrace_out_str(&o, ",\"tid\":");
	sastrace_out_udec(&o, h->tid, 0);
	sastrace_out_str(&o, ",\"comm\":");
	out_json_str(&o, h->comm, SASTRACE_COMM_LEN);
	sastrace_out_str(&o, ",\"hook\":");
	out_json_name(&o, sastrace_hook_name(h->hook));
	if (k) {
		k->json(&o, h, h + 1);
	} else {
		sastrace_out_str(&o, ",\"kind\":");
		sastrace_out_udec(&o, h->kind, 0);
	}
	if (h->version >= 5) {
		const char *path = cgroup_path(h);

		sastrace_out_str(&o, ",\"cgroup\":");
		if (path)
			out_json_str(&o, path, CGROUP_PATH_PRINT_MAX);
		else
			sastrace_out_str(&o, "null");
		sastrace_out_str(&o, ",\"cgroup_id\":");
		sastrace_out_udec(&o, h->cgroup_id, 0);
		sastrace_out_str(&o, ",\"ns_pid\":");
		sastrace_out_udec(&o, h->ns_tgid, 0);
		sastrace_out_str(&o, ",\"ns_tid\":");
		sastrace_out_udec(&o, h->ns_tid, 0);
	}
	sastrace_out_str(&o, "}\n");
	return sastrace_out_end(&o);
}

/**
 * sastrace_text_record() - one record as the reader's text line
 * @buf:  output buffer, SASTRACE_TEXT_MAX bytes are always enough
 * @size: its size
 * @h:    as for sastrace_format_record()
 *
 * The `events` line (sastrace_format_record(): the module prints the
 * same), then, for a task outside the root cgroup, " cgroup=<path>": what
 * only the reader can tell (the kernel cannot look a path up without
 * cgroup locks). <path> is the cgroup's in the cgroup2 mount
 * (sastrace_cgroup_name), escaped as a comm is; its id in decimal when it
 * cannot be found. Nothing when the path is "/" (the mount's root), when
 * the id is 0 (unknown: no CONFIG_CGROUPS, or a version 4 record) or 1 (the
 * root cgroup's id) and not found: a task in the root cgroup gets the
 * `events` line exactly.
 *
 * Return: the length of the full line, as snprintf().
 */
int sastrace_text_record(char *buf, size_t size,
			 const struct sastrace_header *h)
{
	return sastrace_text_record_opts(buf, size, h, NULL);
}

/**
 * sastrace_text_record_opts() - one record as the reader's text line, with
 * what the reader adds
 * @buf:  output buffer, SASTRACE_TEXT_MAX bytes are always enough
 * @size: its size
 * @h:    as for sastrace_format_record()
 * @opts: as for sastrace_format_record_opts() (NULL: none): with a symbol
 *        callback, " <name+0xN>" after caller= and handler_at=
 *
 * Return: the length of the full line, as snprintf().
 */
int sastrace_text_record_opts(char *buf, size_t size,
			      const struct sastrace_header *h,
			      const struct sastrace_format_opts *opts)
{
	struct sastrace_out o;
	const char *path;
	int n;

	n = sastrace_format_record_opts(buf, size, h, opts);
	if (h->version < 5 || h->cgroup_id == 0)
		return n;
	path = cgroup_path(h);
	if (path ? !strcmp(path, "/") : h->cgroup_id == 1)
		return n;
	/* Continue over the '\n' (the appenders store what fits). */
	sastrace_out_init(&o, buf, size);
	o.n = (size_t)n - 1;
	sastrace_out_str(&o, " cgroup=");
	if (path)
		sastrace_out_escaped(&o, path, CGROUP_PATH_PRINT_MAX);
	else
		sastrace_out_udec(&o, h->cgroup_id, 0);
	sastrace_out_char(&o, '\n');
	return sastrace_out_end(&o);
}

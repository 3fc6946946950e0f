/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one decoder of sastrace records: strace-style text, compiled into
 * both the module (for the `events` file) and the reader, so their output
 * cannot drift apart. It also holds what every encoder of records shares
 * (the reader's JSON, userspace/json.c, included): the table of record
 * kinds (struct sastrace_kind_desc), the flag, errno, signal, hook and
 * event names, and the rules for when each is printed. Both print through
 * the appenders of format_out.h. Plain C: nothing from the environment.
 */
#ifndef SASTRACE_FORMAT_H
#define SASTRACE_FORMAT_H

#ifdef __KERNEL__
#include <linux/types.h>
#else
#include <stdbool.h>
#include <stddef.h>
#endif
#include "uapi/sastrace_record.h"
#include "format_out.h"

/**
 * struct sastrace_flag_name - an ss_flags bit and its name
 * @bit:  SASTRACE_SS_ONSTACK, SASTRACE_SS_DISABLE or SASTRACE_SS_AUTODISARM
 * @name: "SS_ONSTACK" and so on
 */
struct sastrace_flag_name {
	__u32 bit;
	const char *name;
};

#define SASTRACE_SS_FLAG_NAMES	3
/* The named ss_flags bits, in the order every decoder prints them. */
extern const struct sastrace_flag_name
	sastrace_ss_flag_names[SASTRACE_SS_FLAG_NAMES];

#define SASTRACE_SA_FLAG_NAMES	10
/* The named sa_flags bits, in the order every decoder prints them. */
extern const struct sastrace_flag_name
	sastrace_sa_flag_names[SASTRACE_SA_FLAG_NAMES];

/*
 * Longest line sastrace_format_record() can produce, '\n' and NUL included
 * (the widest, a sigaction line with " nspid= nstid=", is 1049 bytes).
 */
#define SASTRACE_LINE_MAX	1152

/*
 * The largest payload any kind may have (checked by SASTRACE_KIND_DESC()
 * at build time): what a decoder's copy of a record (struct sastrace_any)
 * has room for.
 */
#define SASTRACE_PAYLOAD_MAX	384

/**
 * struct sastrace_any - a record of any kind this build knows, as the
 * decoders hold a copy of it
 * @h:       the header
 * @payload: the payload: the kind's struct, zero beyond what the record had
 */
struct sastrace_any {
	struct sastrace_header h;
	__u64 payload[SASTRACE_PAYLOAD_MAX / 8];
};

/* Bytes of a symbol name printed (escaped) at most; a longer one ends "...". */
#define SASTRACE_SYMBOL_PRINT_MAX	128

/**
 * struct sastrace_format_opts - what a reader adds to the records it
 * decodes (sastrace.ko decodes with none)
 * @symbol: name the function at file offset @off of the file a record
 *          names (@file: its basename, at most SASTRACE_CALLER_FILE_LEN
 *          bytes, maybe unterminated; @id: its identity; @tgid: the
 *          process that had it mapped): set *@name (NUL-terminated, valid
 *          until the next call) and *@sym_off, the offset into the
 *          function, and return true; false for no name. NULL: no names.
 * @ctx:    passed to @symbol
 */
struct sastrace_format_opts {
	bool (*symbol)(void *ctx, const char *file, __u64 off,
		       const struct sastrace_file_id *id, __u32 tgid,
		       const char **name, __u64 *sym_off);
	void *ctx;
};

/**
 * struct sastrace_field - one field of the header or of a payload, as the
 * `format` file describes it
 * @type:      its C type in uapi/sastrace_record.h ("__u64", "char")
 * @name:      its name ("ss.addr" for a member of a nested struct)
 * @offset:    its offset in the header or the payload
 * @size:      its size in bytes
 * @is_signed: whether it is a signed integer
 * @array:     a char array: printed as "char name[size]"
 */
struct sastrace_field {
	const char *type;
	const char *name;
	__u16 offset;
	__u16 size;
	bool is_signed;
	bool array;
};

/**
 * struct sastrace_kind_desc - everything the decoders know of one kind
 * @id:           an enum sastrace_kind
 * @name:         what the kind is called ("call", "signal")
 * @min_payload:  the least payload a reader takes: the kind's first version
 *                (SASTRACE_*_MIN_SIZE); a shorter one is refused
 * @payload_size: sizeof the kind's payload struct in this build; a longer
 *                payload (a newer module's) is read up to this, a shorter
 *                one (an older module's) is zero-filled up to it
 * @text:         append the record's `events` text after the line's common
 *                start ("<sec>.<nsec> cpu= pid= tid= comm= "), without '\n'
 * @json:         append the record's JSON keys after the common ones (up to
 *                "hook"), without the closing brace; userspace only (NULL in
 *                sastrace.ko, which prints no JSON)
 * @fields:       the payload's fields, in order, for the `format` file
 * @nr_fields:    how many
 *
 * @text and @json get the header and a payload of at least @payload_size
 * bytes. Every decoder (the module's `events`, the reader's text and JSON,
 * the tests) finds a kind through sastrace_kind_find(): a new kind is its
 * payload struct and id in uapi/sastrace_record.h, and one entry in
 * sastrace_kinds[] (format.c) with its encoders.
 */
struct sastrace_kind_desc {
	__u16 id;
	const char *name;
	__u16 min_payload;
	__u16 payload_size;
	void (*text)(struct sastrace_out *o, const struct sastrace_header *h,
		     const void *payload);
	void (*json)(struct sastrace_out *o, const struct sastrace_header *h,
		     const void *payload);
	const struct sastrace_field *fields;
	unsigned int nr_fields;
};

/* The kinds this build knows, one entry each. */
extern const struct sastrace_kind_desc sastrace_kinds[];
extern const unsigned int sastrace_nr_kinds;
/* The header's fields, in order, for the `format` file. */
extern const struct sastrace_field sastrace_header_fields[];
extern const unsigned int sastrace_nr_header_fields;

const struct sastrace_kind_desc *sastrace_kind_find(unsigned int id);
size_t sastrace_kind_max_size(void);

const char *sastrace_flags_next_name(const struct sastrace_flag_name *names,
				     size_t n, __u64 *rest);
const char *sastrace_ss_flags_next_name(__u32 *rest);
const char *sastrace_sa_flags_next_name(__u64 *rest);
const char *sastrace_sa_handler_name(__u64 handler);
void sastrace_out_signal_short(struct sastrace_out *o, __u32 signo);
const char *sastrace_errno_name(int err);
const char *sastrace_ret_errno_name(unsigned int hook, __s64 ret);
const char *sastrace_hook_name(unsigned int hook);
const char *sastrace_sig_event_name(unsigned int event);
bool sastrace_sig_event_made_frame(unsigned int event);
bool sastrace_sig_event_has_headroom(unsigned int event);
bool sastrace_sig_has_frame_size(const struct sastrace_signal *s);
bool sastrace_sig_has_handler_at(const struct sastrace_signal *s);
bool sastrace_file_known(const char *file);
void sastrace_out_timestamp(struct sastrace_out *o, __u64 ts_ns);
void sastrace_out_escaped(struct sastrace_out *o, const char *s, size_t max);
void sastrace_out_signal(struct sastrace_out *o, __u32 signo);
int sastrace_format_signal(char *buf, size_t size, __u32 signo);
int sastrace_format_flags(char *buf, size_t size, __u32 flags);
int sastrace_format_stack(char *buf, size_t size,
			  const struct sastrace_stack *s);
int sastrace_format_comm(char *buf, size_t size, const char *comm);
bool sastrace_call_has_caller(const struct sastrace_header *h,
			      const struct sastrace_call *c);
int sastrace_format_caller(char *buf, size_t size,
			   const struct sastrace_call *c);
bool sastrace_ns_differs(const struct sastrace_header *h);
int sastrace_format_record(char *buf, size_t size,
			   const struct sastrace_header *h);
int sastrace_format_record_opts(char *buf, size_t size,
				const struct sastrace_header *h,
				const struct sastrace_format_opts *opts);
bool sastrace_out_symbol_find(const struct sastrace_out *o,
			      const struct sastrace_header *h,
			      const char *file, __u64 off,
			      const struct sastrace_file_id *id,
			      const char **name, __u64 *sym_off);
void sastrace_out_symbol(struct sastrace_out *o,
			 const struct sastrace_header *h, const char *file,
			 __u64 off, const struct sastrace_file_id *id);
int sastrace_format_describe(char *buf, size_t size);

#ifndef __KERNEL__
/* Each kind's JSON encoder (userspace/json.c), for sastrace_kinds[]. */
void sastrace_json_call(struct sastrace_out *o,
			const struct sastrace_header *h, const void *payload);
void sastrace_json_signal(struct sastrace_out *o,
			  const struct sastrace_header *h,
			  const void *payload);
void sastrace_json_sigaction(struct sastrace_out *o,
			     const struct sastrace_header *h,
			     const void *payload);
#endif

#endif /* SASTRACE_FORMAT_H */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one decoder of sastrace records: strace-style text, compiled into
 * both the module (for the `events` file) and the reader, so their output
 * cannot drift apart. It also holds what every encoder of records shares
 * (the reader's JSON, userspace/json.c, included): the flag, errno, signal,
 * hook and event names, and the rules for when each is printed. Both print
 * through the appenders of format_out.h. Plain C: nothing from the
 * environment.
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

/* Longest line sastrace_format_record() can produce, '\n' and NUL included. */
#define SASTRACE_LINE_MAX	1024

const char *sastrace_ss_flags_next_name(__u32 *rest);
const char *sastrace_errno_name(int err);
const char *sastrace_ret_errno_name(const struct sastrace_record *r);
const char *sastrace_hook_name(unsigned int hook);
const char *sastrace_sig_event_name(unsigned int event);
bool sastrace_sig_event_made_frame(unsigned int event);
bool sastrace_sig_event_has_headroom(unsigned int event);
void sastrace_out_timestamp(struct sastrace_out *o, __u64 ts_ns);
void sastrace_out_signal(struct sastrace_out *o, __u32 signo);
int sastrace_format_signal(char *buf, size_t size, __u32 signo);
int sastrace_format_flags(char *buf, size_t size, __u32 flags);
int sastrace_format_stack(char *buf, size_t size,
			  const struct sastrace_stack *s);
int sastrace_format_comm(char *buf, size_t size, const char *comm);
int sastrace_format_caller(char *buf, size_t size,
			   const struct sastrace_record *r);
int sastrace_format_record(char *buf, size_t size,
			   const struct sastrace_record *r);

#endif /* SASTRACE_FORMAT_H */

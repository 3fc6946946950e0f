/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The journal entry of one record: its fields, built from the record's
 * text line and JSON line (the reader's two encoders), with no journal
 * involved, so that the mapping is tested on its own.
 */
#ifndef SASTRACE_JOURNAL_FIELDS_H
#define SASTRACE_JOURNAL_FIELDS_H

#include <stddef.h>
#include <sys/uio.h>

/* Fields of one entry: MESSAGE, PRIORITY, SYSLOG_IDENTIFIER, SASTRACE_*. */
#define SASTRACE_JF_MAX		64
/* Bytes of all "NAME=value" strings of one entry. */
#define SASTRACE_JF_BUF		8192
/* journald's longest field name. */
#define SASTRACE_JF_NAME_MAX	64

/* Syslog priorities (<syslog.h>) the entries get. */
#define SASTRACE_JF_WARNING	4
#define SASTRACE_JF_INFO	6

struct sastrace_jfields {
	struct iovec iov[SASTRACE_JF_MAX];	/* "NAME=value", no NUL */
	int n;
	int priority;
	size_t used;				/* of buf */
	char buf[SASTRACE_JF_BUF];
};

int sastrace_journal_fields(struct sastrace_jfields *f, const char *text,
			    const char *json, char *err, size_t err_size);

#endif /* SASTRACE_JOURNAL_FIELDS_H */

// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz target: the journal field builder (userspace/journal_fields.c): any
 * bytes as a record's JSON line (an exact-size copy, NUL-terminated), with
 * a fixed text line.
 *
 * Oracles: ASan/UBSan; on success, the fields are MESSAGE, PRIORITY,
 * SYSLOG_IDENTIFIER then SASTRACE_* ones, each "NAME=value" inside the
 * buffer with NAME [A-Z0-9_] of at most 64 bytes, and PRIORITY is 4 or 6
 * as the priority says; on failure, a message.
 */
#define _GNU_SOURCE	/* memfd_create() (fuzz.h) */
#include "fuzz.h"
#include "journal_fields.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct sastrace_jfields f;
	char *json = fuzz_strndup(data, size), err[128];
	int i;

	if (sastrace_journal_fields(&f, "text\n", json, err, sizeof(err))) {
		if (!err[0])
			fuzz_fail("refused without a message");
		free(json);
		return 0;
	}
	if (f.n < 3 || f.n > SASTRACE_JF_MAX)
		fuzz_fail("%d fields", f.n);
	if (f.priority != 4 && f.priority != 6)
		fuzz_fail("priority %d", f.priority);
	if (f.iov[1].iov_len != 10 ||
	    memcmp(f.iov[1].iov_base, f.priority == 4 ? "PRIORITY=4" :
		   "PRIORITY=6", 10))
		fuzz_fail("PRIORITY field does not say %d", f.priority);
	for (i = 0; i < f.n; i++) {
		const char *s = f.iov[i].iov_base, *eq;
		size_t len = f.iov[i].iov_len, k;

		if (s < f.buf || s + len > f.buf + f.used)
			fuzz_fail("field %d outside the buffer", i);
		eq = memchr(s, '=', len);
		if (!eq || eq == s || eq - s > SASTRACE_JF_NAME_MAX)
			fuzz_fail("field %d: no NAME=", i);
		for (k = 0; s + k < eq; k++)
			if (!((s[k] >= 'A' && s[k] <= 'Z') ||
			      (s[k] >= '0' && s[k] <= '9') || s[k] == '_'))
				fuzz_fail("field %d: bad name byte 0x%02x", i,
					  (unsigned char)s[k]);
		if (i >= 3 && (len < 9 || memcmp(s, "SASTRACE_", 9)))
			fuzz_fail("field %d is not SASTRACE_*", i);
	}
	free(json);
	return 0;
}

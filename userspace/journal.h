/* SPDX-License-Identifier: GPL-2.0 */
/*
 * `sastrace trace --journal`: each record becomes one journal entry, sent
 * by a thread of its own, so that a journal that does not keep up never
 * holds back the reading of the rings: what does not fit its queue is
 * counted, not waited for.
 */
#ifndef SASTRACE_JOURNAL_H
#define SASTRACE_JOURNAL_H

#include <stdbool.h>

/* Records waiting for the journal: beyond this, they are dropped. */
#define SASTRACE_JOURNAL_QUEUE	1024
/* At exit, how long the queue may take to drain. */
#define SASTRACE_JOURNAL_DRAIN_MS	3000

struct sastrace_journal_counts {
	unsigned long long sent;	/* entries the journal took */
	unsigned long long queue_full;	/* dropped: the queue was full */
	unsigned long long send_failed;	/* sd_journal_sendv() failed */
	unsigned long long unencodable;	/* the fields could not be built */
	unsigned long long unsent;	/* still queued when the drain timed out */
};

int sastrace_journal_start(void);
bool sastrace_journal_put(const char *text, const char *json);
void sastrace_journal_get_counts(struct sastrace_journal_counts *c);
unsigned long long sastrace_journal_lost(const struct sastrace_journal_counts *c);
void sastrace_journal_stop(void);

#endif /* SASTRACE_JOURNAL_H */

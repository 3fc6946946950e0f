// SPDX-License-Identifier: GPL-2.0
/*
 * Sending records to the journal (`sastrace trace --journal`).
 *
 * libsystemd's sd_journal_sendv() writes to a blocking socket (it offers
 * no other): when journald falls behind, the call waits. The trace loop
 * must never wait for it, or the rings fill and the kernel drops records.
 * So the loop only copies each record's two lines into a bounded queue
 * (sastrace_journal_put(), which takes a lock the sender holds for a few
 * instructions only) and a thread of its own builds the fields
 * (journal_fields.c) and sends them. A record that finds the queue full
 * is dropped and counted, as is one the journal refused; the counts are
 * printed at exit and exported with the metrics (prometheus.c).
 */
#define _GNU_SOURCE	/* pthread_timedjoin_np() */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
/* CODE_FILE= and friends would name this file: not the record's source. */
#define SD_JOURNAL_SUPPRESS_LOCATION
#include <systemd/sd-journal.h>
#include "format.h"
#include "journal.h"
#include "journal_fields.h"
#include "json.h"
#include "msg.h"

/* Where sd_journal_sendv() sends; without it, it drops entries silently. */
#define JOURNAL_SOCKET	"/run/systemd/journal/socket"

struct slot {
	char text[SASTRACE_LINE_MAX];
	char json[SASTRACE_JSON_MAX];
};

static struct {
	pthread_mutex_t lock;
	pthread_cond_t more;
	pthread_t thread;
	bool running, stopping;
	struct slot *slots;
	unsigned int head, count;	/* head: next to send */
	struct sastrace_journal_counts counts;
	int last_errno;			/* of sd_journal_sendv() */
	char last_err[128];		/* of the field builder */
} jq = {
	.lock = PTHREAD_MUTEX_INITIALIZER,
	.more = PTHREAD_COND_INITIALIZER,
};

static void *sender(void *arg)
{
	static struct sastrace_jfields f;
	char err[128];
	int built, sent = 0;

	(void)arg;
	for (;;) {
		struct slot *s;

		pthread_mutex_lock(&jq.lock);
		while (!jq.count && !jq.stopping)
			pthread_cond_wait(&jq.more, &jq.lock);
		if (!jq.count) {
			pthread_mutex_unlock(&jq.lock);
			return NULL;
		}
		/* The head slot is the sender's until head moves on. */
		s = &jq.slots[jq.head];
		pthread_mutex_unlock(&jq.lock);

		built = sastrace_journal_fields(&f, s->text, s->json, err,
						sizeof(err));
		if (!built)
			sent = sd_journal_sendv(f.iov, f.n);

		pthread_mutex_lock(&jq.lock);
		if (built) {
			jq.counts.unencodable++;
			memcpy(jq.last_err, err, sizeof(err));
		} else if (sent < 0) {
			jq.counts.send_failed++;
			jq.last_errno = -sent;
		} else {
			jq.counts.sent++;
		}
		jq.head = (jq.head + 1) % SASTRACE_JOURNAL_QUEUE;
		jq.count--;
		pthread_mutex_unlock(&jq.lock);
	}
}

/**
 * sastrace_journal_start() - check for a journal and start the sender
 *
 * Return: 0, or -1 after printing why.
 */
int sastrace_journal_start(void)
{
	sigset_t all, old;
	int err;

	if (access(JOURNAL_SOCKET, W_OK)) {
		sastrace_err("--journal: cannot write to %s: %s (is systemd-journald running?)",
			     JOURNAL_SOCKET, strerror(errno));
		return -1;
	}
	jq.slots = calloc(SASTRACE_JOURNAL_QUEUE, sizeof(*jq.slots));
	if (!jq.slots) {
		sastrace_err("out of memory");
		return -1;
	}
	/* Signals are the trace loop's: the sender takes none. */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	err = pthread_create(&jq.thread, NULL, sender, NULL);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (err) {
		sastrace_err("--journal: cannot start the sending thread: %s",
			     strerror(err));
		free(jq.slots);
		jq.slots = NULL;
		return -1;
	}
	jq.running = true;
	return 0;
}

/**
 * sastrace_journal_put() - queue one record for the journal; never waits
 * @text: its text line
 * @json: its JSON line
 *
 * Return: true when queued, false when dropped (counted: the queue was
 * full or the sender is not running).
 */
bool sastrace_journal_put(const char *text, const char *json)
{
	struct slot *s;
	bool queued = false;

	pthread_mutex_lock(&jq.lock);
	if (jq.running && !jq.stopping && jq.count < SASTRACE_JOURNAL_QUEUE) {
		s = &jq.slots[(jq.head + jq.count) % SASTRACE_JOURNAL_QUEUE];
		snprintf(s->text, sizeof(s->text), "%s", text);
		snprintf(s->json, sizeof(s->json), "%s", json);
		jq.count++;
		queued = true;
		pthread_cond_signal(&jq.more);
	} else {
		jq.counts.queue_full++;
	}
	pthread_mutex_unlock(&jq.lock);
	return queued;
}

/** sastrace_journal_get_counts() - what was sent and lost so far */
void sastrace_journal_get_counts(struct sastrace_journal_counts *c)
{
	pthread_mutex_lock(&jq.lock);
	*c = jq.counts;
	pthread_mutex_unlock(&jq.lock);
}

/** sastrace_journal_lost() - records that did not reach the journal */
unsigned long long sastrace_journal_lost(const struct sastrace_journal_counts *c)
{
	return c->queue_full + c->send_failed + c->unencodable + c->unsent;
}

/**
 * sastrace_journal_stop() - send what is queued (for at most
 * SASTRACE_JOURNAL_DRAIN_MS), stop the sender, print what was lost
 */
void sastrace_journal_stop(void)
{
	struct sastrace_journal_counts c;
	struct timespec deadline;
	bool joined;

	if (!jq.running)
		return;
	pthread_mutex_lock(&jq.lock);
	jq.stopping = true;
	pthread_cond_signal(&jq.more);
	pthread_mutex_unlock(&jq.lock);

	clock_gettime(CLOCK_REALTIME, &deadline);
	deadline.tv_sec += SASTRACE_JOURNAL_DRAIN_MS / 1000;
	deadline.tv_nsec += SASTRACE_JOURNAL_DRAIN_MS % 1000 * 1000000L;
	if (deadline.tv_nsec >= 1000000000L) {
		deadline.tv_sec++;
		deadline.tv_nsec -= 1000000000L;
	}
	joined = !pthread_timedjoin_np(jq.thread, NULL, &deadline);

	pthread_mutex_lock(&jq.lock);
	if (!joined) {
		/* The sender is stuck in the journal: the rest is lost. */
		jq.counts.unsent += jq.count;
		jq.count = 0;
	}
	c = jq.counts;
	pthread_mutex_unlock(&jq.lock);
	jq.running = false;
	if (joined) {
		free(jq.slots);
		jq.slots = NULL;
	}

	if (!sastrace_journal_lost(&c)) {
		sastrace_err("%llu records sent to the journal, none lost",
			     c.sent);
		return;
	}
	sastrace_err("%llu records sent to the journal, %llu lost: %llu the journal did not keep up with (queue full), %llu it refused%s%s, %llu not encodable%s%s, %llu still queued at exit",
		     c.sent, sastrace_journal_lost(&c), c.queue_full,
		     c.send_failed, c.send_failed ? ": " : "",
		     c.send_failed ? strerror(jq.last_errno) : "",
		     c.unencodable, c.unencodable ? ": " : "",
		     c.unencodable ? jq.last_err : "", c.unsent);
}

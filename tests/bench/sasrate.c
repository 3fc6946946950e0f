// SPDX-License-Identifier: GPL-2.0
/*
 * Throughput: `sasrate THREADS RATE SECONDS` makes sigaltstack query calls
 * from THREADS threads for SECONDS seconds, paced so that all threads
 * together aim at RATE calls per second (0: as fast as they can), and
 * prints "calls <total> secs <elapsed> rate <achieved calls/s>".
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static double per_thread_rate, seconds;

struct worker {
	pthread_t th;
	unsigned long calls;
	double secs;
};

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void *produce(void *arg)
{
	struct worker *w = arg;
	unsigned long i = 0, batch, b;
	double t0 = now_s(), t, due;
	struct timespec ts;
	stack_t old;

	/* Check the clock about every millisecond of calls. */
	batch = per_thread_rate > 0 ? per_thread_rate / 1000 + 1 : 64;
	for (;;) {
		for (b = 0; b < batch; b++, i++)
			syscall(SYS_sigaltstack, NULL, &old);
		t = now_s();
		if (t - t0 >= seconds)
			break;
		if (per_thread_rate <= 0)
			continue;
		due = t0 + i / per_thread_rate;
		if (due > t) {
			ts.tv_sec = (time_t)due;
			ts.tv_nsec = (long)((due - ts.tv_sec) * 1e9);
			clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL);
		}
	}
	w->calls = i;
	w->secs = t - t0;
	return NULL;
}

int main(int argc, char **argv)
{
	unsigned long total = 0;
	struct worker *w;
	double secs = 0;
	int i, n;

	if (argc != 4) {
		fprintf(stderr, "usage: sasrate THREADS RATE SECONDS\n");
		return 2;
	}
	n = atoi(argv[1]);
	seconds = atof(argv[3]);
	if (n < 1 || n > 64 || seconds <= 0)
		return 2;
	per_thread_rate = atof(argv[2]) / n;
	w = calloc(n, sizeof(*w));
	if (!w)
		return 2;
	for (i = 0; i < n; i++)
		if (pthread_create(&w[i].th, NULL, produce, &w[i]))
			return 2;
	for (i = 0; i < n; i++) {
		pthread_join(w[i].th, NULL);
		total += w[i].calls;
		if (w[i].secs > secs)
			secs = w[i].secs;
	}
	printf("calls %lu secs %.3f rate %.0f\n", total, secs, total / secs);
	return 0;
}

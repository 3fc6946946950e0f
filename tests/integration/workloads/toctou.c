// SPDX-License-Identifier: GPL-2.0
/*
 * Workloads for sastrace's TOCTOU check (what the kernel installed vs the
 * stack_t the probe read at entry).
 *
 *   toctou race MAXCALLS STATS [MINFLIPS]
 *	Thread A sets its alternate stack from a shared stack_t; thread B, on
 *	the same CPU, real-time, wakes every 10 us and swaps that stack_t
 *	between the values X and Y. When B ran during A's call, A then asks
 *	the kernel what it installed (sigaltstack(NULL, &old)). Every 2000
 *	calls A reads the counter "toctou" from STATS (the sastrace stats
 *	file) and stops 2000 calls after it became non-zero, or after MAXCALLS
 *	set calls, or (MINFLIPS given: a kernel that cannot race) at the first
 *	of those checks with no race and at least MINFLIPS calls during which
 *	B ran. Needs a fully preemptible kernel (preempt=full) for B's
 *	wake-ups to preempt A inside a system call. (Two threads on two CPUs
 *	of a single-threaded emulator almost never hit the window.)
 *   toctou steady CALLS
 *	Two threads each set their own stack_t, alternating between X and Y,
 *	CALLS times in all: nothing races, sastrace must flag nothing.
 *   toctou unverified FILE
 *	Writes X to FILE, maps it without touching it and passes the mapping
 *	to sigaltstack(): the probe cannot read a page that is not mapped yet
 *	(it must not fault), the kernel faults it in: one UNVERIFIED record.
 *
 * Prints "X sp=0x.. flags=N size=N", "Y ...", "calls N" (set calls that
 * returned 0), "bad N" (installed values that are neither X's nor Y's,
 * field by field: must be 0) and, in race mode, "toctou_seen N" and
 * "flipped_during_call N" (set calls during which B ran: the chances).
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#ifndef SS_AUTODISARM
#define SS_AUTODISARM	(1U << 31)	/* not in glibc 2.36's headers */
#endif

#define SIZE_X	65536
#define SIZE_Y	131072

static char stack_x[SIZE_X], stack_y[SIZE_Y];
static volatile stack_t shared;
static volatile int stop;
static volatile unsigned long flips;	/* B's swaps so far */

static void set_x(volatile stack_t *s)
{
	s->ss_sp = stack_x;
	s->ss_flags = 0;
	s->ss_size = SIZE_X;
}

static void set_y(volatile stack_t *s)
{
	s->ss_sp = stack_y;
	s->ss_flags = SS_AUTODISARM;
	s->ss_size = SIZE_Y;
}

/* Is every field of @s one of X's or Y's? (B may tear the struct.) */
static int plausible(const stack_t *s)
{
	return (s->ss_sp == stack_x || s->ss_sp == stack_y) &&
	       (s->ss_flags == 0 || (unsigned int)s->ss_flags == SS_AUTODISARM) &&
	       (s->ss_size == SIZE_X || s->ss_size == SIZE_Y);
}

/*
 * B: a real-time thread on A's CPU that wakes every 10 us and swaps the
 * shared stack_t between X and Y. Each wake-up preempts A wherever A is,
 * inside a system call too (preempt=full), so some land between the
 * probe's read of the stack_t and the kernel's.
 */
static void *flipper(void *arg)
{
	struct sched_param sp = { .sched_priority = 1 };
	struct timespec ts = { 0, 10000 };
	int x = 1;

	(void)arg;
	if (pthread_setschedparam(pthread_self(), SCHED_FIFO, &sp))
		fprintf(stderr, "toctou: flipper is not real-time\n");
	while (!stop) {
		nanosleep(&ts, NULL);
		if (x)
			set_y(&shared);
		else
			set_x(&shared);
		x = !x;
		flips++;
	}
	return NULL;
}

static unsigned long long stat_value(const char *path, const char *name)
{
	unsigned long long v, found = 0;
	char key[64], line[256];
	FILE *f = fopen(path, "re");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%63s %llu", key, &v) == 2 &&
		    !strcmp(key, name)) {
			found = v;
			break;
		}
	fclose(f);
	return found;
}

static int race(unsigned long max, const char *stats, unsigned long minflips)
{
	unsigned long i, ok = 0, bad = 0, until = max, inside = 0, f;
	unsigned long long seen = 0;
	cpu_set_t one;
	pthread_t th;
	stack_t old;

	CPU_ZERO(&one);
	CPU_SET(sched_getcpu(), &one);
	if (sched_setaffinity(0, sizeof(one), &one))
		perror("toctou: sched_setaffinity");
	set_x(&shared);
	/* B inherits the affinity. */
	if (pthread_create(&th, NULL, flipper, NULL))
		return 1;
	for (i = 0; i < until; i++) {
		f = flips;
		if (syscall(SYS_sigaltstack, (const stack_t *)&shared, NULL))
			continue;
		ok++;
		/*
		 * Only when B ran during the call can the kernel have read
		 * something else than the probe: then ask what it installed.
		 */
		if (flips != f) {
			inside++;
			if (syscall(SYS_sigaltstack, NULL, &old) ||
			    !plausible(&old))
				bad++;
		}
		if (i % 2000 == 1999 && !seen) {
			seen = stat_value(stats, "toctou");
			if (seen && i + 2000 < until)
				until = i + 2000;
			else if (!seen && minflips && inside >= minflips)
				break;
		}
	}
	stop = 1;
	pthread_join(th, NULL);
	printf("calls %lu\nbad %lu\ntoctou_seen %llu\nflipped_during_call %lu\n",
	       ok, bad, seen, inside);
	return 0;
}

struct steady_arg {
	unsigned long calls, ok, bad;
};

static void *steady_thread(void *p)
{
	struct steady_arg *a = p;
	unsigned long i;
	stack_t s, old;

	for (i = 0; i < a->calls; i++) {
		if (i & 1)
			set_y(&s);
		else
			set_x(&s);
		if (syscall(SYS_sigaltstack, &s, &old) == 0)
			a->ok++;
		else
			a->bad++;
	}
	return NULL;
}

static int steady(unsigned long calls)
{
	struct steady_arg a[2] = { { .calls = calls / 2 },
				   { .calls = calls - calls / 2 } };
	pthread_t th;

	if (pthread_create(&th, NULL, steady_thread, &a[1]))
		return 1;
	steady_thread(&a[0]);
	pthread_join(th, NULL);
	printf("calls %lu\nbad %lu\n", a[0].ok + a[1].ok, a[0].bad + a[1].bad);
	return 0;
}

static int unverified(const char *path)
{
	stack_t x, *mapped;
	int fd;

	set_x(&x);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || write(fd, &x, sizeof(x)) != sizeof(x)) {
		perror("toctou: write");
		return 1;
	}
	mapped = mmap(NULL, sizeof(x), PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (mapped == MAP_FAILED) {
		perror("toctou: mmap");
		return 1;
	}
	printf("unverified ss=%p rc=%ld\n", (void *)mapped,
	       syscall(SYS_sigaltstack, mapped, NULL));
	return 0;
}

int main(int argc, char **argv)
{
	printf("X sp=%p flags=0 size=%d\nY sp=%p flags=%u size=%d\n",
	       (void *)stack_x, SIZE_X, (void *)stack_y,
	       (unsigned int)SS_AUTODISARM, SIZE_Y);
	if ((argc == 4 || argc == 5) && !strcmp(argv[1], "race"))
		return race(strtoul(argv[2], NULL, 0), argv[3],
			    argc == 5 ? strtoul(argv[4], NULL, 0) : 0);
	if (argc == 3 && !strcmp(argv[1], "steady"))
		return steady(strtoul(argv[2], NULL, 0));
	if (argc == 3 && !strcmp(argv[1], "unverified"))
		return unverified(argv[2]);
	fprintf(stderr, "usage: toctou race MAXCALLS STATS [MINFLIPS] | toctou steady CALLS | toctou unverified FILE\n");
	return 2;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * fitool: one syscall under systematic fault injection, or a file operation
 * whose errno is printed by name. Used by the faultinject and lockdown tests.
 *
 *   fitool load N MODULE.ko [PARAMS]   finit_module(MODULE.ko, PARAMS)
 *   fitool write N PATH TEXT           write(PATH, TEXT), one write()
 *   fitool io PATH [TEXT]              open + read (or write TEXT), no injection
 *
 * load/write: N > 0 writes N to /proc/thread-self/fail-nth right before the
 * one syscall, so that the Nth fault-injection point it passes (a kmalloc,
 * a page allocation, ...) fails; the file is opened before, so the count
 * covers that syscall only. N = 0: no injection. Prints one line
 *
 *   nth=N rc=0|ERRNO_NAME remaining=R
 *
 * R is fail-nth read back at once: 0 when the Nth point was reached (a
 * fault was injected), else how many points short the syscall stayed (it
 * passed N - R of them and nothing was injected). fail-nth is reset to 0
 * afterwards. io prints "open OK|ERRNO_NAME" and "read N|ERRNO_NAME" or
 * "write N|ERRNO_NAME". Exit status: 0 when the line could be printed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static const char *ename(int e)
{
	const char *n = strerrorname_np(e);

	return n ? n : "E?";
}

static int nth_fd = -1;

static void arm(unsigned long n)
{
	char buf[32];
	int len;

	if (!n)
		return;
	len = snprintf(buf, sizeof(buf), "%lu", n);
	if (pwrite(nth_fd, buf, len, 0) != len) {
		fprintf(stderr, "fitool: cannot arm fail-nth: %s\n", strerror(errno));
		exit(2);
	}
}

/* fail-nth as it is now (read at once, before anything else can count). */
static long disarm(unsigned long n)
{
	char buf[32] = "";
	ssize_t len;
	long left;

	if (!n)
		return 0;
	len = pread(nth_fd, buf, sizeof(buf) - 1, 0);
	left = len > 0 ? strtol(buf, NULL, 10) : -1;
	if (pwrite(nth_fd, "0", 1, 0) != 1) {
		fprintf(stderr, "fitool: cannot reset fail-nth: %s\n", strerror(errno));
		exit(2);
	}
	return left;
}

static void open_nth(unsigned long n)
{
	if (!n)
		return;
	nth_fd = open("/proc/thread-self/fail-nth", O_RDWR);
	if (nth_fd < 0) {
		fprintf(stderr, "fitool: /proc/thread-self/fail-nth: %s\n", strerror(errno));
		exit(2);
	}
}

static int report(unsigned long n, long ret, int err, long left)
{
	printf("nth=%lu rc=%s remaining=%ld\n", n, ret ? ename(err) : "0", left);
	return fflush(stdout) ? 2 : 0;
}

int main(int argc, char **argv)
{
	unsigned long n;
	long ret, left;
	int fd, err;

	if (argc >= 3 && !strcmp(argv[1], "io")) {
		char buf[4096];
		ssize_t r;

		fd = open(argv[2], argc > 3 ? O_WRONLY | O_APPEND : O_RDONLY);
		printf("open %s\n", fd < 0 ? ename(errno) : "OK");
		if (fd < 0)
			return 0;
		if (argc > 3)
			r = write(fd, argv[3], strlen(argv[3]));
		else
			r = read(fd, buf, sizeof(buf));
		if (r < 0)
			printf("%s %s\n", argc > 3 ? "write" : "read", ename(errno));
		else
			printf("%s %zd\n", argc > 3 ? "write" : "read", r);
		close(fd);
		return fflush(stdout) ? 2 : 0;
	}
	if (argc < 4 || (strcmp(argv[1], "load") && strcmp(argv[1], "write")) ||
	    (!strcmp(argv[1], "write") && argc != 5)) {
		fprintf(stderr, "usage: fitool load N MODULE.ko [PARAMS] | write N PATH TEXT | io PATH [TEXT]\n");
		return 2;
	}
	n = strtoul(argv[2], NULL, 10);
	fd = open(argv[3], !strcmp(argv[1], "load") ? O_RDONLY | O_CLOEXEC : O_WRONLY);
	if (fd < 0) {
		fprintf(stderr, "fitool: %s: %s\n", argv[3], strerror(errno));
		return 2;
	}
	open_nth(n);
	if (!strcmp(argv[1], "load")) {
		const char *params = argc > 4 ? argv[4] : "";

		arm(n);
		ret = syscall(SYS_finit_module, fd, params, 0);
		err = errno;
		left = disarm(n);
	} else {
		size_t len = strlen(argv[4]);

		arm(n);
		ret = write(fd, argv[4], len);
		err = errno;
		left = disarm(n);
		if (ret == (long)len)
			ret = 0;
		else if (ret >= 0)
			ret = -1, err = EIO;	/* a short write */
	}
	return report(n, ret, err, left);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * `drain FILE`: copy what a consuming sastrace file (events, a CPU's raw)
 * holds now to stdout, and stop when it is empty: reads with O_NONBLOCK
 * until EAGAIN. What `timeout 3 cat FILE` printed, without the fixed wait:
 * the records of a workload that has exited are all in the ring (a probe
 * writes its record before the call it traced returns). Exit status 0,
 * or 1 (with a message) on an error other than EAGAIN.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int write_all(const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(STDOUT_FILENO, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static char buf[65536];
	ssize_t n;
	int fd;

	if (argc != 2) {
		fprintf(stderr, "usage: drain FILE\n");
		return 2;
	}
	fd = open(argv[1], O_RDONLY | O_NONBLOCK);
	if (fd < 0) {
		fprintf(stderr, "drain: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	for (;;) {
		n = read(fd, buf, sizeof(buf));
		if (n > 0) {
			if (write_all(buf, (size_t)n)) {
				fprintf(stderr, "drain: write: %s\n", strerror(errno));
				return 1;
			}
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n == 0 || errno == EAGAIN)
			return 0;
		fprintf(stderr, "drain: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
}

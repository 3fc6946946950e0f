// SPDX-License-Identifier: GPL-2.0
/*
 * Checks the blocking semantics of a consuming sastrace file:
 * `pollcheck FILE` expects the rings to be empty, then prints
 *   nonblock <errno name of an O_NONBLOCK read>  (EAGAIN expected)
 *   poll-empty <poll() result with 200 ms timeout> (0 expected)
 *   poll-ready <revents after one sigaltstack call> (1 = POLLIN expected)
 *   read-ready <bytes read after that call, > 0 expected>
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	char buf[4096];
	struct pollfd p;
	stack_t old;
	ssize_t n;
	int fd;

	if (argc != 2)
		return 2;
	fd = open(argv[1], O_RDONLY | O_NONBLOCK);
	if (fd < 0) {
		perror(argv[1]);
		return 2;
	}
	n = read(fd, buf, sizeof(buf));
	printf("nonblock %s\n", n < 0 && errno == EAGAIN ? "EAGAIN" :
	       n < 0 ? strerror(errno) : "data");
	p = (struct pollfd){ .fd = fd, .events = POLLIN };
	printf("poll-empty %d\n", poll(&p, 1, 200));
	syscall(SYS_sigaltstack, NULL, &old);
	p.revents = 0;
	poll(&p, 1, 5000);
	printf("poll-ready %d\n", p.revents & POLLIN ? 1 : 0);
	n = read(fd, buf, sizeof(buf));
	printf("read-ready %zd\n", n);
	return 0;
}

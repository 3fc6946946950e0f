/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the libFuzzer targets: inputs as files without touching
 * the disk (memfd, opened again through /proc/self/fd/N as the reader opens
 * its files), exact-size copies (so ASan sees a read past the end), a
 * minimal JSON checker (the oracle for every JSON line the reader prints),
 * and an abort() with a message for broken invariants.
 */
#ifndef SASTRACE_FUZZ_H
#define SASTRACE_FUZZ_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/*
 * libFuzzer's start-up hook for a target whose code under test prints:
 * stdout goes to /dev/null, so the fuzzer's own report stays readable.
 */
#define FUZZ_QUIET_STDOUT()						\
int LLVMFuzzerInitialize(int *argc, char ***argv)			\
{									\
	(void)argc;							\
	(void)argv;							\
	if (!freopen("/dev/null", "w", stdout))				\
		abort();						\
	return 0;							\
}

/* An invariant of the code under test does not hold: a finding. */
__attribute__((noreturn, format(printf, 1, 2)))
static inline void fuzz_fail(const char *fmt, ...)
{
	va_list ap;

	fputs("FUZZ INVARIANT: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

/* A file holding @data; its path in @path. Return: the fd (close it). */
static inline int fuzz_file(const uint8_t *data, size_t size, char *path,
			    size_t psize)
{
	int fd = memfd_create("sastrace-fuzz", MFD_CLOEXEC);
	size_t off = 0;

	if (fd < 0) {
		perror("memfd_create");
		abort();
	}
	while (off < size) {
		ssize_t n = write(fd, data + off, size - off);

		if (n <= 0) {
			perror("write memfd");
			abort();
		}
		off += n;
	}
	snprintf(path, psize, "/proc/self/fd/%d", fd);
	return fd;
}

/* A malloc()ed NUL-terminated copy of exactly size + 1 bytes. */
static inline char *fuzz_strndup(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* ---- a strict RFC 8259 checker, enough to judge one JSON value ---- */

static const char *json_value(const char *p, int depth);

static inline const char *json_ws(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	return p;
}

static inline const char *json_string(const char *p)
{
	if (*p++ != '"')
		return NULL;
	for (;;) {
		unsigned char c = *p++;

		if (c == '"')
			return p;
		if (c < 0x20)
			return NULL;	/* control bytes (and NUL) must be escaped */
		if (c == '\\') {
			c = *p++;
			if (c == 'u') {
				for (int i = 0; i < 4; i++, p++)
					if (!((*p >= '0' && *p <= '9') ||
					      (*p >= 'a' && *p <= 'f') ||
					      (*p >= 'A' && *p <= 'F')))
						return NULL;
			} else if (!c || !strchr("\"\\/bfnrt", c)) {
				return NULL;
			}
		}
	}
}

static inline const char *json_number(const char *p)
{
	if (*p == '-')
		p++;
	if (*p == '0')
		p++;
	else if (*p >= '1' && *p <= '9')
		while (*p >= '0' && *p <= '9')
			p++;
	else
		return NULL;
	if (*p == '.') {
		p++;
		if (*p < '0' || *p > '9')
			return NULL;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '+' || *p == '-')
			p++;
		if (*p < '0' || *p > '9')
			return NULL;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	return p;
}

static const char *json_value(const char *p, int depth)
{
	if (depth > 32)
		return NULL;
	p = json_ws(p);
	if (*p == '{' || *p == '[') {
		char close = *p == '{' ? '}' : ']';
		bool obj = *p == '{';

		p = json_ws(p + 1);
		if (*p == close)
			return p + 1;
		for (;;) {
			if (obj) {
				p = json_string(json_ws(p));
				if (!p)
					return NULL;
				p = json_ws(p);
				if (*p++ != ':')
					return NULL;
			}
			p = json_value(p, depth + 1);
			if (!p)
				return NULL;
			p = json_ws(p);
			if (*p == close)
				return p + 1;
			if (*p++ != ',')
				return NULL;
		}
	}
	if (*p == '"')
		return json_string(p);
	if (!strncmp(p, "true", 4))
		return p + 4;
	if (!strncmp(p, "false", 5))
		return p + 5;
	if (!strncmp(p, "null", 4))
		return p + 4;
	return json_number(p);
}

/* Is @s exactly one JSON object and a '\n'? */
static inline bool json_line_ok(const char *s)
{
	const char *p;

	if (*s != '{')
		return false;
	p = json_value(s, 0);
	return p && p[0] == '\n' && !p[1];
}

#endif /* SASTRACE_FUZZ_H */

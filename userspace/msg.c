// SPDX-License-Identifier: GPL-2.0
/*
 * One-line diagnostics on stderr, prefixed with the program name.
 */
#include <stdarg.h>
#include <stdio.h>
#include "msg.h"

/**
 * sastrace_err() - print "sastrace: <message>\n" on stderr
 * @fmt: printf format of the message, without the trailing newline
 */
void sastrace_err(const char *fmt, ...)
{
	va_list ap;

	fputs("sastrace: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

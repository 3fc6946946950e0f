// SPDX-License-Identifier: GPL-2.0
/*
 * userspace/msg.c for the fuzz targets: the message is formatted (so a bad
 * argument still shows up under ASan) and dropped, which keeps libFuzzer's
 * output readable.
 */
#include <stdarg.h>
#include <stdio.h>
#include "msg.h"

void sastrace_err(const char *fmt, ...)
{
	char buf[8192];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
}

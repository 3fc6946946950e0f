/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One-line diagnostics: every error the reader prints goes through here so
 * that all of them start with "sastrace: " and end with a newline.
 */
#ifndef SASTRACE_MSG_H
#define SASTRACE_MSG_H

/* Exit statuses: usage errors are told apart from runtime failures. */
#define SASTRACE_EXIT_FAIL	1
#define SASTRACE_EXIT_USAGE	2

void sastrace_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif /* SASTRACE_MSG_H */

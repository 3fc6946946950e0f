/* SPDX-License-Identifier: GPL-2.0 */
/*
 * `sastrace load` and `sastrace unload`, through libkmod.
 */
#ifndef SASTRACE_KMOD_OPS_H
#define SASTRACE_KMOD_OPS_H

#include <stdbool.h>

/* The module's limit on uprobes= targets. */
#define SASTRACE_MAX_UPROBES	8
/* The module's range of buffer_kb (KiB per CPU). */
#define SASTRACE_BUFFER_KB_MIN	4
#define SASTRACE_BUFFER_KB_MAX	65536

/**
 * struct sastrace_load_opts - what `sastrace load` was asked for
 * @module:    the .ko, or NULL (build tree's, else the installed one)
 * @buffer_kb: the buffer_kb parameter, or 0 for the module's default
 * @sigaction: record calls that install a signal's action (sigaction=1)
 * @libc:      probe the system libc's sigaltstack() if one is found
 * @uprobes:   --uprobe PATH[:SYMBOL] arguments
 * @n_uprobes: how many
 */
struct sastrace_load_opts {
	const char *module;
	unsigned int buffer_kb;
	bool sigaction;
	bool libc;
	const char *uprobes[SASTRACE_MAX_UPROBES];
	int n_uprobes;
};

int sastrace_uprobes_param(const struct sastrace_load_opts *o, char **value);
char *sastrace_module_params(unsigned int buffer_kb, bool sigaction,
			     const char *uprobes);
int sastrace_load(const struct sastrace_load_opts *o);
int sastrace_unload(void);

#endif /* SASTRACE_KMOD_OPS_H */

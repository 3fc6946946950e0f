/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Where the module's files are (debugfs, sysfs) and the checks that turn
 * "file not found" into the reason: not root, debugfs not mounted, module
 * not loaded, kernel without kprobes.
 */
#ifndef SASTRACE_PATHS_H
#define SASTRACE_PATHS_H

#include <stdbool.h>

const char *sastrace_debugfs_root(void);
const char *sastrace_sysfs_module(void);
bool sastrace_locked_down(void);
bool sastrace_module_present(void);

int sastrace_check_root(void);
int sastrace_check_debugfs(void);
int sastrace_check_loaded(void);
int sastrace_check_kprobes(void);
int sastrace_kernel_has_kprobes(const char *kallsyms, const char *kprobes_dir);

#endif /* SASTRACE_PATHS_H */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * `sastrace load` and `sastrace unload`, through libkmod.
 */
#ifndef SASTRACE_KMOD_OPS_H
#define SASTRACE_KMOD_OPS_H

int sastrace_load(const char *module_path, const char *buffer_kb);
int sastrace_unload(void);

#endif /* SASTRACE_KMOD_OPS_H */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * `sastrace altstacks`: the module's debugfs `altstacks` file, as it is or
 * as JSON lines.
 */
#ifndef SASTRACE_ALTSTACKS_H
#define SASTRACE_ALTSTACKS_H

#include <stdbool.h>
#include <stddef.h>

int sastrace_altstacks_path(char *buf, size_t size);
int sastrace_altstack_json(char *buf, size_t size, const char *line);
int sastrace_altstacks_print(const char *path, bool json);

#endif /* SASTRACE_ALTSTACKS_H */

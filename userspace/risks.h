/* SPDX-License-Identifier: GPL-2.0 */
/*
 * `sastrace risks`: the module's debugfs `risks` file (threads a fault
 * would kill although their process asked for an alternate stack, and
 * processes whose handlers mix SA_ONSTACK and not), as it is or as JSON
 * lines.
 */
#ifndef SASTRACE_RISKS_H
#define SASTRACE_RISKS_H

#include <stdbool.h>
#include <stddef.h>

int sastrace_risks_path(char *buf, size_t size);
int sastrace_risk_json(char *buf, size_t size, const char *line);
int sastrace_risks_print(const char *path, bool json);

#endif /* SASTRACE_RISKS_H */

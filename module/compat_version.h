/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel version the module is built for, as the compat_*.h headers
 * test it: SAS_KVER_AT_LEAST(major, minor). Only they use it.
 *
 * v5.12 (commit 88a686728b37 "kbuild: simplify access to the kernel's
 * version") added LINUX_VERSION_MAJOR and LINUX_VERSION_PATCHLEVEL;
 * before that they are derived from LINUX_VERSION_CODE, whose sublevel
 * byte saturates at 255 (5.10.262 is 5.10.255): only major and minor are
 * ever compared.
 */
#ifndef SASTRACE_COMPAT_VERSION_H
#define SASTRACE_COMPAT_VERSION_H

#include <linux/version.h>

#ifndef LINUX_VERSION_MAJOR
#define LINUX_VERSION_MAJOR		(LINUX_VERSION_CODE >> 16)
#define LINUX_VERSION_PATCHLEVEL	((LINUX_VERSION_CODE >> 8) & 0xff)
#endif

#define SAS_KVER	KERNEL_VERSION(LINUX_VERSION_MAJOR, \
				       LINUX_VERSION_PATCHLEVEL, 0)
#define SAS_KVER_OF(major, minor)	KERNEL_VERSION(major, minor, 0)
#define SAS_KVER_AT_LEAST(major, minor)	(SAS_KVER_OF(major, minor) <= SAS_KVER)

#endif /* SASTRACE_COMPAT_VERSION_H */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Faulting a user buffer in outside a lock, so that the copy under the
 * lock can be done without faulting (copy_to_user_nofault()).
 *
 * v5.16 (commit "gup: Turn fault_in_pages_{readable,writeable} into
 * fault_in_{readable,writeable}") renamed fault_in_pages_writeable(), which
 * returned 0 or -EFAULT, to fault_in_writeable(), which returns the bytes
 * it could not fault in.
 */
#ifndef SASTRACE_COMPAT_UACCESS_H
#define SASTRACE_COMPAT_UACCESS_H

#include <linux/pagemap.h>
#include "compat_version.h"

/**
 * sas_fault_in_writeable() - fault in @size bytes of a user buffer
 * @uaddr: the buffer
 * @size:  its length
 *
 * Context: process context, no locks a fault could wait behind.
 * Return: true when all of it is writable now.
 */
static inline bool sas_fault_in_writeable(char __user *uaddr, size_t size)
{
#if SAS_KVER_AT_LEAST(5, 16)
	return !fault_in_writeable(uaddr, size);
#else
	return !fault_in_pages_writeable(uaddr, size);
#endif
}

#endif /* SASTRACE_COMPAT_UACCESS_H */

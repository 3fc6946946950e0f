/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Finding the mapping that holds an address.
 *
 * v5.14 (commit ce6d42f2e4a2 "mm: add vma_lookup()") added vma_lookup(),
 * the VMA containing an address or NULL; before it, find_vma() returns
 * the first VMA ending above the address, which may start above it too.
 */
#ifndef SASTRACE_COMPAT_MM_H
#define SASTRACE_COMPAT_MM_H

#include <linux/mm.h>
#include "compat_version.h"

/**
 * sas_vma_lookup() - the VMA of @mm that contains @addr
 * @mm:   the address space, its mmap lock held (read)
 * @addr: the address
 *
 * Return: the VMA, or NULL when no mapping holds @addr.
 */
static inline struct vm_area_struct *
sas_vma_lookup(struct mm_struct *mm, unsigned long addr)
{
#if SAS_KVER_AT_LEAST(5, 14)
	return vma_lookup(mm, addr);
#else
	struct vm_area_struct *vma = find_vma(mm, addr);

	return vma && vma->vm_start <= addr ? vma : NULL;
#endif
}

#endif /* SASTRACE_COMPAT_MM_H */

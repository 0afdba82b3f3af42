/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dmalab shim: no vmalloc space. vmalloc() is kmalloc() (the allocation is
 * then physically contiguous, which no caller here can tell); vmap() of
 * pages, used only for remapped coherent allocations, is not modelled.
 */
#ifndef _DMALAB_LINUX_VMALLOC_H
#define _DMALAB_LINUX_VMALLOC_H
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/pgtable.h>

struct vm_struct {
	void *addr;
	unsigned long size;
	struct page **pages;
	unsigned int nr_pages;
};
#define VM_MAP		0x4
#define VM_USERMAP	0x8
#define VM_DMA_COHERENT	0x10

#define vmalloc(size)		kmalloc(size, GFP_KERNEL)
#define vzalloc(size)		kzalloc(size, GFP_KERNEL)
#define vfree(p)		kfree(p)
void *vmap(struct page **pages, unsigned int count, unsigned long flags, pgprot_t prot);
void vunmap(const void *addr);
struct vm_struct *find_vm_area(const void *addr);
unsigned long vmalloc_to_pfn(const void *addr);
#endif

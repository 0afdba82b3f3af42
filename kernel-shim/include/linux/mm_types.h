/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dmalab shim: struct page and struct folio of the mock memory map.
 *
 * The memory map (kernel-shim/runtime/mm.c) is a virtually contiguous array
 * of struct page, one for every 4 KiB page frame of the modelled physical
 * memory, so pfn_to_page()/page_to_pfn() are pointer arithmetic as with the
 * kernel's SPARSEMEM_VMEMMAP. The layout is ours; the member names the kernel
 * code touches are the kernel's. A folio overlays its head page and, for the
 * order, the first tail page, as in the kernel.
 */
#ifndef _DMALAB_LINUX_MM_TYPES_H
#define _DMALAB_LINUX_MM_TYPES_H

#include <linux/types.h>
#include <linux/list.h>
#include <linux/pgtable.h>
/* as the kernel's: struct mm_struct has a maple tree */
#include <linux/maple_tree.h>
/* as the kernel's mm_types.h (mm's kref, mmap_lock, completions) */
#include <linux/kref.h>
#include <linux/rwsem.h>
#include <linux/completion.h>

#include <linux/rbtree_types.h>	/* rb_root_cached, as the kernel's mm_types.h */

struct vm_fault;
/* return type of page fault handlers (vfio_pci_core.h names it) */
typedef __bitwise unsigned int vm_fault_t;

typedef unsigned long pgoff_t;

struct address_space;
struct dev_pagemap;
/* user mappings exist only as arguments to the (unimplemented) mmap paths */
struct vm_area_struct {
	unsigned long vm_start, vm_end, vm_pgoff;
	pgprot_t vm_page_prot;
	unsigned long vm_flags;
};
struct mm_struct;

struct page {
	unsigned long flags;
	union {
		struct {			/* page cache, page tables */
			struct list_head lru;
			struct address_space *mapping;
			pgoff_t index;
			unsigned long private;
		};
		struct {			/* tail pages of a compound page */
			unsigned long compound_head;	/* head | 1 */
		};
		struct rcu_head rcu_head;
	};
	union {
		unsigned int page_type;
		int _mapcount;
	};
	int _refcount;
	unsigned long memcg_data;
};

struct folio {
	union {
		struct {
			unsigned long flags;
			struct list_head lru;
			struct address_space *mapping;
			pgoff_t index;
			void *private;
			int _mapcount;
			int _refcount;
			unsigned long memcg_data;
		};
		struct page page;
	};
	union {
		struct {
			unsigned long _flags_1;	/* low byte: the folio's order */
			unsigned long _head_1;
		};
		struct page __page_1;
	};
};

_Static_assert(sizeof(struct folio) == 2 * sizeof(struct page), "folio overlays two pages");

#endif

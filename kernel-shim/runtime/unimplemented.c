// SPDX-License-Identifier: GPL-2.0-only
/*
 * Kernel functions the compiled files reference on paths the harness never
 * drives. Each stops the program with its name if it is ever reached: a
 * silent no-op here could make a test pass that should not.
 */
#include <linux/types.h>
#include <linux/mm.h>
#include <linux/uio.h>
#include <linux/vmalloc.h>
#include <linux/device.h>
#include <linux/dma-map-ops.h>

#define UNIMPLEMENTED(name) dmalab_unimplemented(#name " (user-memory iov_iter)")

/* lib/iov_iter.c: extract_iter_to_sg() on user-backed iterators */
ssize_t iov_iter_extract_pages(struct iov_iter *i, struct page ***pages,
			       size_t maxsize, unsigned int maxpages,
			       iov_iter_extraction_t extraction_flags,
			       size_t *offset0)
{
	UNIMPLEMENTED(iov_iter_extract_pages);
}

void iov_iter_advance(struct iov_iter *i, size_t bytes)
{
	UNIMPLEMENTED(iov_iter_advance);
}

void unpin_user_page(struct page *page)
{
	UNIMPLEMENTED(unpin_user_page);
}

void unpin_user_pages(struct page **pages, unsigned long npages)
{
	UNIMPLEMENTED(unpin_user_pages);
}

/* mm/memory.c: p2pdma's sysfs mmap of P2P memory into a process */
int vm_insert_page(struct vm_area_struct *vma, unsigned long addr, struct page *page)
{
	dmalab_unimplemented("vm_insert_page (user mappings of P2P memory)");
}

struct page *vmalloc_to_page(const void *addr)
{
	dmalab_unimplemented("vmalloc_to_page (no vmalloc space in the model)");
}

/*
 * Remapping for coherent allocations and mmap of DMA memory: the harness
 * maps streaming DMA, it does not allocate coherent buffers through vmap
 * nor map them to user space.
 */
void *vmap(struct page **pages, unsigned int count, unsigned long flags, pgprot_t prot)
{
	dmalab_unimplemented("vmap (no vmalloc space in the model)");
}

void vunmap(const void *addr)
{
	dmalab_unimplemented("vunmap (no vmalloc space in the model)");
}

struct vm_struct *find_vm_area(const void *addr)
{
	dmalab_unimplemented("find_vm_area (no vmalloc space in the model)");
}

unsigned long vmalloc_to_pfn(const void *addr)
{
	dmalab_unimplemented("vmalloc_to_pfn (no vmalloc space in the model)");
}

void *dma_common_pages_remap(struct page **pages, size_t size, pgprot_t prot,
			     const void *caller)
{
	dmalab_unimplemented("dma_common_pages_remap (kernel/dma/remap.c)");
}

void *dma_common_contiguous_remap(struct page *page, size_t size, pgprot_t prot,
				  const void *caller)
{
	dmalab_unimplemented("dma_common_contiguous_remap (kernel/dma/remap.c)");
}

int remap_pfn_range(struct vm_area_struct *vma, unsigned long addr, unsigned long pfn,
		    unsigned long size, pgprot_t prot)
{
	dmalab_unimplemented("remap_pfn_range (dma_mmap_*)");
}

int vm_map_pages(struct vm_area_struct *vma, struct page **pages, unsigned long num)
{
	dmalab_unimplemented("vm_map_pages (dma_mmap_*)");
}

/* device-managed resources: only the dmam_* allocation helpers use them */
void *devres_alloc(dr_release_t release, size_t size, gfp_t gfp)
{
	dmalab_unimplemented("devres_alloc (dmam_* managed DMA allocations)");
}

void devres_free(void *res)
{
	dmalab_unimplemented("devres_free");
}

void devres_add(struct device *dev, void *res)
{
	dmalab_unimplemented("devres_add");
}

int devres_destroy(struct device *dev, dr_release_t release, dr_match_t match, void *data)
{
	dmalab_unimplemented("devres_destroy");
}

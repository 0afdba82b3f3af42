// SPDX-License-Identifier: GPL-2.0-only
/*
 * Kernel functions the compiled files reference on paths the harness never
 * drives. Each stops the program with its name if it is ever reached: a
 * silent no-op here could make a test pass that should not.
 */
#include <linux/types.h>
#include <linux/mm.h>
#include <linux/uio.h>

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

struct page *vmalloc_to_page(const void *addr)
{
	dmalab_unimplemented("vmalloc_to_page (no vmalloc space in the model)");
}

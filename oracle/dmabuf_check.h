/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The dma-buf oracle: what an importer must reach through a scatter list a
 * dma-buf exporter of PCI BAR ranges hands it (dma_buf_phys_vec_to_sgt(),
 * drivers/dma-buf/dma-buf-mapping.c, and exporters built on it such as
 * vfio-pci), from the kernel-doc of that function, the P2P reference model
 * (oracle/p2p_model.h) and the topology; never from the exporter's own
 * bookkeeping. Each check returns false with one line in msg.
 *
 * The contract checked:
 *  - the P2P model decides: not supported: the map is refused (-EINVAL)
 *    and nothing is mapped; peer to peer below a switch: every range at
 *    its bus address (from the host bridge windows), nothing mapped in the
 *    importer's IOMMU; through the host bridge behind a paging IOMMU
 *    domain: one contiguous IOVA range (dma_iova_try_alloc) holding the
 *    ranges in order, every byte translating to its BAR byte; through the
 *    host bridge without one (no IOMMU, identity): dma_map_phys() per
 *    range, refused beyond the importer's DMA mask (MMIO cannot bounce);
 *  - the table has no CPU side: orig_nents == 0, no page, offset or CPU
 *    length in any entry; exactly the entries it holds are used (the last
 *    is the end), each DMA length nonzero and at most the sg entry limit
 *    (UINT_MAX rounded down to PAGE_SIZE), their sum the buffer's size;
 *  - the DMA stream (the entries in order) is the ranges in order: every
 *    byte reaches its BAR byte, by bus address arithmetic or through the
 *    ground-truth checker (check_map_range + check_verify, which walk the
 *    importer's page table); nothing else is mapped (V4);
 *  - the unmap leaves nothing mapped (check_unmap + check_verify).
 */
#ifndef DMALAB_DMABUF_CHECK_H
#define DMALAB_DMABUF_CHECK_H

#include <linux/types.h>
#include <linux/dma-direction.h>
#include "topology/topo_build.h"

struct checker;
struct check_map;
struct sg_table;

/* the sg entry limit of dma-buf tables: UINT_MAX rounded down to a page */
#define DMABUF_MAX_SG_ENT	((u64)(UINT_MAX & ~(u64)(PAGE_SIZE - 1)))

enum dmabuf_route {
	DMABUF_REFUSED,		/* P2P not supported: refused, nothing mapped */
	DMABUF_BUS_ADDR,	/* bus addresses, nothing mapped */
	DMABUF_IOVA,		/* one IOVA range through the importer's IOMMU */
	DMABUF_IOVA_OR_NONE,	/* the same, unless no IOVA space is left: then
				 * dma_map_phys() per range, or -ENOMEM */
	DMABUF_DIRECT,		/* dma_map_phys() per range, CPU addresses */
	DMABUF_UNREACHABLE,	/* direct, beyond the DMA mask: must fail */
	DMABUF_NR_ROUTES,
};
extern const char *const dmabuf_route_name[DMABUF_NR_ROUTES];

/*
 * An exported buffer as the importer must see it: BAR bar of the provider
 * node, ranges[i] = { CPU physical address, length } in order.
 */
struct dmabuf_export {
	const struct topo_system *s;
	int provider, bar;
	const struct phys_vec *ranges;
	size_t nr_ranges;
};

/* The sum of the range lengths (the buffer's size). */
u64 dmabuf_size(const struct dmabuf_export *x);

/* How the client must reach the buffer (above). */
enum dmabuf_route dmabuf_route(const struct dmabuf_export *x, int client);

/*
 * The known kernel bug (oracle/known_bugs.h id) a mapping of x for client
 * shows, or NULL: the P2P ones (p2p_map_known_bug()), and
 * "dmabuf-iova-offset-zero" for more than one range on the IOVA path.
 */
const char *dmabuf_known_bug(const struct dmabuf_export *x, int client);

/*
 * The result of one map of x for client (the device the attachment was
 * made for), sgt as returned (an sg_table or an ERR_PTR): checks it as
 * above, and records what it maps with ck (client registered with it).
 * *mp: the record to hand to dmabuf_check_unmap(), NULL when nothing was
 * mapped. warns: dmalab_warn_count() before the map call; the one WARN
 * of an expected refusal (dma-direct's, for a range beyond the mask) is
 * then forgotten. syncs: dmalab_arch_syncs() before the map call: a
 * mapping of MMIO must have had no cache maintenance (check_syncs()).
 */
bool dmabuf_check_map(struct checker *ck, const struct dmabuf_export *x, int client,
		      const struct sg_table *sgt, enum dma_data_direction dir,
		      unsigned long warns, unsigned long syncs, struct check_map **mp,
		      char *msg, size_t mlen);

/* After the unmap of a mapping dmabuf_check_map() recorded: nothing of it is left. */
bool dmabuf_check_unmap(struct checker *ck, struct check_map *m, char *msg, size_t mlen);

/*
 * After dma_buf_free_sgt() of a table whose entries were sgl (the table's
 * sgl, nents entries, read before the call): the entry array must have
 * been freed. Known bug "dmabuf-free-sgt-leak": dma_buf_phys_vec_to_sgt()
 * sets orig_nents to 0 and dma_buf_free_sgt() frees the table with
 * sg_free_table(), which frees orig_nents entries: none. With tolerate,
 * the array left is freed here (sg_free_table() with the entry count) and
 * the hit counted (known_bug_hit); without, it is reported (and freed).
 */
bool dmabuf_check_freed(struct scatterlist *sgl, unsigned int nents, bool tolerate,
			char *msg, size_t mlen);

/*
 * A map of a revoked buffer (its exporter's memory disabled, or the device
 * closed): refused with -ENODEV, nothing mapped.
 */
bool dmabuf_check_revoked(const struct sg_table *sgt, char *msg, size_t mlen);

/* ---- the VFIO exporter (drivers/vfio/pci/vfio_pci_dmabuf.c) ---- */

struct vfio_device_feature_dma_buf;
struct vfio_region_dma_range;

/*
 * What vfio-pci's VFIO_DEVICE_FEATURE_DMA_BUF must answer for node's
 * function: 1 for a new dma-buf descriptor, 0 for a probe, or -errno; in
 * the order the checks must come:
 *  - the feature protocol (vfio_check_feature()'s kernel-doc): SET is not
 *    supported (-EINVAL), PROBE answers 0, GET is required (-EINVAL), argsz
 *    must hold the header (-EINVAL);
 *  - the header must be readable (-EFAULT: hdr NULL);
 *  - the uAPI: flags must be 0 and there must be ranges (-EINVAL);
 *    region_index names a BAR that has a resource (-ENODEV);
 *  - the ranges must be readable (-EFAULT: ranges NULL), each nonzero and
 *    page aligned in offset and length, their sum must not wrap nor reach
 *    DMA_IOVA_USE_SWIOTLB (-EINVAL);
 *  - the BAR must be a memory BAR of a function that can be a P2P provider
 *    (-EINVAL), each range inside it (start + offset wrapping: -EOVERFLOW;
 *    past its end: -EINVAL);
 *  - the device must still be registered (-ENODEV).
 */
int dmabuf_vfio_expect(const struct topo_system *s, int node, u32 flags, size_t argsz,
		       const struct vfio_device_feature_dma_buf *hdr,
		       const struct vfio_region_dma_range *ranges, bool registered);

/*
 * The export as the importer must see it, from the ioctl's ranges and the
 * topology's BAR (CPU address = BAR start + offset): out[0..nr) and x.
 */
void dmabuf_vfio_export(const struct topo_system *s, int node, unsigned int bar,
			const struct vfio_region_dma_range *ranges, unsigned int nr,
			struct phys_vec *out, struct dmabuf_export *x);

#endif

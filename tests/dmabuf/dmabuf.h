/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The dmabuf suite's shared parts: the topology every case runs on (env.c),
 * a minimal exporter of BAR ranges and a dynamic importer as the dma-buf
 * core sees them, the cases of dma_buf_phys_vec_to_sgt() (phys_vec.c), of
 * the VFIO exporter (vfio.c) and of allocation failures (fail.c).
 */
#ifndef _DMALAB_TESTS_DMABUF_H
#define _DMALAB_TESTS_DMABUF_H

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <linux/dma-buf.h>
#include <linux/dma-buf-mapping.h>
#include <linux/dma-resv.h>
#include <linux/pci.h>

#include "tests/ktest.h"
#include "topology/topology.h"
#include "topology/topo_build.h"
#include "oracle/checker.h"
#include "oracle/dmabuf_check.h"

#define MAX_RANGES	8

/*
 * The topology (env.c has it with the P2P decisions): the provider gpu
 * offers BAR1 (8 GiB, bus address != CPU address) for P2P; importers that
 * reach it by bus address (nic, below the same switch), through the host
 * bridge and an IOMMU (nvme), through the host bridge with none (ssd),
 * with none and a 32-bit mask (old: the BAR is beyond it), and across a
 * host bridge off the P2P whitelist (far: refused).
 */
struct env {
	struct topology topo;
	struct topo_system sys;
	struct checker *ck;
	int gpu, nic, nvme, ssd, old, far;
	/*
	 * Report the scatterlist array dma_buf_free_sgt() leaves (known bug
	 * dmabuf-free-sgt-leak) instead of freeing and counting it.
	 */
	bool strict_free;
};

/* the P2P BAR of the provider */
#define GPU_BAR		1
#define GPU_BAR_SIZE	(8ULL << 30)

bool env_up(struct env *e, int pt_format);
/* every device removed, the topology torn down: nothing left (check_teardown) */
bool env_down(struct env *e);
/* the node named name, or a failed test */
int env_node(struct env *e, const char *name);

/* an exporter of ranges of the gpu's BAR, through dma_buf_phys_vec_to_sgt() */
struct test_export {
	struct dmabuf_export x;		/* the oracle's view */
	struct phys_vec ranges[MAX_RANGES];
	struct p2pdma_provider *provider;
	u64 size;
	struct dma_buf *dmabuf;
};

/* offsets and lengths into the BAR: {off, len} pairs */
struct bar_range {
	u64 off, len;
};

/* dma_buf_export() of the ranges; 0 or -errno */
int test_export(struct env *e, struct test_export *te, const struct bar_range *r,
		unsigned int n);
void test_export_put(struct test_export *te);

/* An importer: a dynamic attachment of one device, revocable unless told. */
struct importer {
	struct env *e;
	const struct dmabuf_export *x;
	int node;
	struct dma_buf_attachment *attach;
	struct sg_table *sgt;
	struct check_map *m;
	enum dma_data_direction dir;
	unsigned int invalidations;
	bool failed;			/* the oracle disagreed: msg */
	char msg[640];
};

/* dma_buf_dynamic_attach(); 0 or -errno (the exporter's refusal) */
int importer_attach(struct importer *im, struct env *e, const struct dmabuf_export *x,
		    struct dma_buf *buf, int node, bool p2p, bool revocable);
/*
 * dma_buf_map_attachment() under the reservation lock, the result checked by
 * the oracle (dmabuf_check_map): 0 when mapped, else the error; im->failed
 * (with im->msg) when the oracle disagrees.
 */
int importer_map(struct importer *im, enum dma_data_direction dir);
/* dma_buf_unmap_attachment() under the lock, the oracle after it */
void importer_unmap(struct importer *im);
/* the same with the reservation lock held (an invalidation) */
void importer_unmap_locked(struct importer *im);
void importer_detach(struct importer *im);

#define KT_EXPECT_ORACLE(im)						\
	do {								\
		if ((im)->failed)					\
			KT_FAIL("%s", (im)->msg);			\
	} while (0)

/* the oracle's verdict on im, reported; false if it disagreed (the test goes on) */
bool importer_ok(const struct importer *im);
/*
 * A map the exporter must refuse because the buffer is revoked: -ENODEV
 * and nothing mapped (dmabuf_check_revoked); 0 if so.
 */
int importer_map_revoked(struct importer *im, enum dma_data_direction dir);

extern const struct kt_params route_params;
extern const struct kt_params leak_params;

bool test_routes(const void *param, const void *arg);
bool test_many_ranges_bus_addr(void);
bool test_many_ranges_direct(void);
bool test_many_ranges_iova(void);
bool test_refused_maps_nothing(void);
bool test_amdv1_mock_granule(void);
bool test_free_sgt_frees_the_table(const void *param, const void *arg);

bool test_feature_validation(void);
bool test_attach_rules(void);
bool test_vfio_map_each_route(void);
bool test_vfio_fd_zero(void);
bool test_vfio_many_ranges_iova(void);
bool test_vfio_revoke(void);
bool test_vfio_cleanup(void);
bool test_vfio_iommufd_map(void);

extern const struct kt_params fail_client_params;
bool test_fail_nth_map(const void *param, const void *arg);
bool test_fail_nth_feature(void);
bool test_fail_nth_attach(void);


#endif

// SPDX-License-Identifier: GPL-2.0-only
/*
 * Allocation failures on every allocation the dma-buf paths make, one at a
 * time (kt_fail_nth()): the 1st, 2nd, ... allocation of a map, of the
 * VFIO feature ioctl, of an attach and map through the VFIO exporter fails
 * until a round needs no failure. What the API promises then: the call
 * fails with -ENOMEM (only when an allocation was failed), nothing is left
 * mapped (the checker: V4 on the importer's domain) and nothing allocated
 * (kt_fail_nth()'s slab count, check_teardown()); a call that succeeds in
 * spite of the failure (dma_iova_try_alloc() falling back to per-range
 * dma_map_phys) must still map what the oracle says.
 */
#include <linux/vfio_pci_core.h>
#include <drivers/vfio/pci/vfio_pci_priv.h>
#include <dmalab/iommu.h>
#include <dmalab/vfio.h>
#include "tests/dmabuf/dmabuf.h"

struct fail_ctx {
	const char *client;
	unsigned int failed;	/* rounds whose call failed */
};

/* a refused call: only for an injected failure, -ENOMEM, nothing mapped */
static bool refused_cleanly(struct env *e, int err, const char *what)
{
	if (!kt_fail_injected())
		KT_FAIL("%s failed with %d without an injected failure", what, err);
	if (err != -ENOMEM)
		KT_FAIL("%s: an allocation failure gave %d, expected -ENOMEM", what, err);
	if (!check_verify(e->ck))
		KT_FAIL("%s failed and left something mapped (reported above)", what);
	return true;
}

/* one round: a map of two ranges (one for the IOVA path) by c->client */
static bool map_body(void *arg, unsigned long nth)
{
	static const struct bar_range r[] = { { 0x200000, 0x10000 }, { 0x1000, 0x3000 } };
	struct fail_ctx *c = arg;
	struct test_export te;
	struct importer im;
	struct env e;
	bool ok = true;
	int client, err;

	dmalab_fail_off();
	if (!env_up(&e, DMALAB_PT_X86_64))
		return false;
	client = env_node(&e, c->client);
	if (test_export(&e, &te, r, client == e.nvme ? 1 : 2) ||
	    importer_attach(&im, &e, &te.x, te.dmabuf, client, true, true))
		KT_FAIL("export or attach failed with no injection");
	dmalab_fail_nth(nth);
	err = importer_map(&im, DMA_BIDIRECTIONAL);
	dmalab_fail_off();
	/*
	 * The oracle disagreed (a refusal where it expects a mapping, or
	 * -ENOMEM where it expects -EINVAL: the dma_buf_dma is allocated
	 * before the map type is asked): an injected failure may excuse it.
	 */
	if (err && im.failed && kt_fail_injected()) {
		im.failed = false;
		ok = refused_cleanly(&e, err, "dma_buf_map_attachment");
		c->failed++;
	}
	importer_detach(&im);
	test_export_put(&te);
	ok = importer_ok(&im) && ok;
	return env_down(&e) && ok;
}

static const char *const clients[] = { "nic", "nvme", "ssd", "old", "far" };

static const char *client_name(const void *param)
{
	return *(const char *const *)param;
}

const struct kt_params fail_client_params = KT_PARAMS(clients, .name = client_name);

/*
 * A test of dma_buf_phys_vec_to_sgt() under each failing allocation, for
 * an importer on each route: its own (the dma_buf_dma, the IOVA state, the
 * sg table) and those of the DMA API below it (IOVA, page tables).
 */
bool test_fail_nth_map(const void *param, const void *arg)
{
	struct fail_ctx c = { .client = *(const char *const *)param };
	long rounds = kt_fail_nth(map_body, &c, 100);

	if (rounds < 0)
		return false;
	/* a route that maps allocates at least the dma_buf_dma and the table */
	if (strcmp(c.client, "far") && strcmp(c.client, "old") && rounds < 2)
		KT_FAIL("%s: only %ld allocations failed", c.client, rounds);
	return true;
}

static struct vfio_pci_core_device fail_vdev;

/* one round: the feature ioctl for two ranges of the gpu's BAR1 */
static bool feature_body(void *arg, unsigned long nth)
{
	union {
		struct vfio_device_feature_dma_buf hdr;
		u8 bytes[sizeof(struct vfio_device_feature_dma_buf) +
			 2 * sizeof(struct vfio_region_dma_range)];
	} req = { .hdr = { .region_index = GPU_BAR, .nr_ranges = 2 } };
	struct fail_ctx *c = arg;
	struct env e;
	bool ok = true;
	int fd;

	dmalab_fail_off();
	if (!env_up(&e, DMALAB_PT_X86_64))
		return false;
	if (dmalab_vfio_pci_init(&fail_vdev, e.sys.pdev[e.gpu]))
		KT_FAIL("dmalab_vfio_pci_init failed with no injection");
	req.hdr.dma_ranges[0] = (struct vfio_region_dma_range){ 0x10000, 0x10000 };
	req.hdr.dma_ranges[1] = (struct vfio_region_dma_range){ 0x100000, 0x200000 };
	dmalab_fail_nth(nth);
	fd = vfio_pci_core_feature_dma_buf(&fail_vdev, VFIO_DEVICE_FEATURE_GET,
					   (void __user *)&req, sizeof(req));
	dmalab_fail_off();
	if (fd < 0) {
		ok = refused_cleanly(&e, fd, "VFIO_DEVICE_FEATURE_DMA_BUF");
		c->failed++;
	} else {
		dmalab_dma_buf_close(fd);
	}
	/* a failed ioctl gives back the registration it took */
	if (refcount_read(&fail_vdev.vdev.refcount) != 1) {
		kt_report(__FILE__, __LINE__, "%u registrations after the ioctl, expected 1",
			  refcount_read(&fail_vdev.vdev.refcount));
		ok = false;
	}
	dmalab_vfio_pci_fini(&fail_vdev);
	return env_down(&e) && ok;
}

/*
 * A test of the VFIO feature ioctl under each failing allocation: the
 * copy of the ranges (memdup_array_user), the exporter's private data and
 * range array, the dma-buf's file and object (the dma-buf core emulated).
 */
bool test_fail_nth_feature(void)
{
	struct fail_ctx c = {};
	long rounds = kt_fail_nth(feature_body, &c, 50);

	if (rounds < 0)
		return false;
	if (rounds < 5)
		KT_FAIL("only %ld allocations failed, expected at least 5", rounds);
	return true;
}

/* one round: attach and map of a VFIO buffer by nvme (the IOVA path) */
static bool attach_body(void *arg, unsigned long nth)
{
	union {
		struct vfio_device_feature_dma_buf hdr;
		u8 bytes[sizeof(struct vfio_device_feature_dma_buf) +
			 sizeof(struct vfio_region_dma_range)];
	} req = { .hdr = { .region_index = GPU_BAR, .nr_ranges = 1 } };
	struct fail_ctx *c = arg;
	struct phys_vec ranges[1];
	struct dmabuf_export x;
	struct dma_buf *buf;
	struct importer im;
	struct env e;
	bool ok = true;
	int fd, err;

	dmalab_fail_off();
	if (!env_up(&e, DMALAB_PT_X86_64))
		return false;
	if (dmalab_vfio_pci_init(&fail_vdev, e.sys.pdev[e.gpu]))
		KT_FAIL("dmalab_vfio_pci_init failed with no injection");
	req.hdr.dma_ranges[0] = (struct vfio_region_dma_range){ 0x200000, 0x200000 };
	fd = vfio_pci_core_feature_dma_buf(&fail_vdev, VFIO_DEVICE_FEATURE_GET,
					   (void __user *)&req, sizeof(req));
	if (fd < 0)
		KT_FAIL("the ioctl failed with no injection: %d", fd);
	buf = dma_buf_get(fd);
	dmabuf_vfio_export(&e.sys, e.gpu, GPU_BAR, req.hdr.dma_ranges, 1, ranges, &x);
	dmalab_fail_nth(nth);
	err = importer_attach(&im, &e, &x, buf, e.nvme, true, true);
	if (!err) {
		err = importer_map(&im, DMA_TO_DEVICE);
		if (err)
			im.failed = false;	/* excused below, or not */
	}
	dmalab_fail_off();
	if (err) {
		ok = refused_cleanly(&e, err, "attach and map");
		c->failed++;
	}
	if (im.attach)
		importer_detach(&im);
	ok = importer_ok(&im) && ok;
	dma_buf_put(buf);
	dmalab_dma_buf_close(fd);
	dmalab_vfio_pci_fini(&fail_vdev);
	return env_down(&e) && ok;
}

/*
 * A test of attach and map through the VFIO exporter under each failing
 * allocation: the attachment, then the map's own and the IOVA path's.
 */
bool test_fail_nth_attach(void)
{
	struct fail_ctx c = {};
	long rounds = kt_fail_nth(attach_body, &c, 100);

	if (rounds < 0)
		return false;
	if (rounds < 3)
		KT_FAIL("only %ld allocations failed, expected at least 3", rounds);
	return true;
}

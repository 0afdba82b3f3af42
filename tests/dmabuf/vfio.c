// SPDX-License-Identifier: GPL-2.0-only
/*
 * The VFIO PCI dma-buf exporter (drivers/vfio/pci/vfio_pci_dmabuf.c)
 * through its own entry points, as vfio-pci and userspace reach them: the
 * VFIO_DEVICE_FEATURE_DMA_BUF ioctl (vfio_pci_core_feature_dma_buf), the
 * dma-buf ops importers reach through the dma-buf core (attach, map,
 * unmap, release), the revoke and un-revoke of a memory-enable write
 * (vfio_pci_dma_buf_move), the close of the device
 * (vfio_pci_dma_buf_cleanup) and iommufd's private interconnect
 * (vfio_pci_dma_buf_iommufd_map). The provider is the gpu of env.c; the
 * answers come from oracle/dmabuf_check.h.
 */
#include <linux/vfio_pci_core.h>
#include <drivers/vfio/pci/vfio_pci_priv.h>
#include <dmalab/iommu.h>
#include <dmalab/vfio.h>
#include "tests/dmabuf/dmabuf.h"

#define K	0x400ULL
#define M	(K * K)
#define G	(M * K)

struct vfio_env {
	struct env e;
	struct vfio_pci_core_device vdev;
	bool closed;
};

static struct vfio_env venv;	/* a vfio_pci_core_device is large */

/* a failed check that lets the test go on (and clean up): false */
#define NOTE(...)	(kt_report(__FILE__, __LINE__, __VA_ARGS__), false)

static bool vfio_up(struct vfio_env *v)
{
	int err;

	memset(v, 0, sizeof(*v));
	if (!env_up(&v->e, DMALAB_PT_X86_64))
		return false;
	err = dmalab_vfio_pci_init(&v->vdev, v->e.sys.pdev[v->e.gpu]);
	if (err)
		KT_FAIL("dmalab_vfio_pci_init: %d", err);
	return true;
}

/* close the device (if the test has not), then the topology */
static bool vfio_down(struct vfio_env *v)
{
	if (!v->closed)
		dmalab_vfio_pci_fini(&v->vdev);
	return env_down(&v->e);
}

/* the ioctl's argument: the header, then its ranges */
union feature_arg {
	struct vfio_device_feature_dma_buf hdr;
	u8 bytes[sizeof(struct vfio_device_feature_dma_buf) +
		 MAX_RANGES * sizeof(struct vfio_region_dma_range)];
};

struct request {
	const char *name;
	u32 flags;
	u32 region, hflags, nr;
	struct vfio_region_dma_range r[MAX_RANGES];
	int argsz_delta;		/* argsz = header + ranges + this */
	bool null_arg;
};

#define GET	VFIO_DEVICE_FEATURE_GET

static const struct request requests[] = {
	{ "probe", GET | VFIO_DEVICE_FEATURE_PROBE, 1, 0, 1, { { 0, 4 * K } } },
	{ "set", VFIO_DEVICE_FEATURE_SET, 1, 0, 1, { { 0, 4 * K } } },
	{ "neither_get_nor_set", 0, 1, 0, 1, { { 0, 4 * K } } },
	{ "argsz_short_of_header", GET, 1, 0, 1, { { 0, 4 * K } }, -32 },
	{ "unreadable_arg", GET, 1, 0, 1, { { 0, 4 * K } }, 0, true },
	{ "flags_not_zero", GET, 1, 1, 1, { { 0, 4 * K } } },
	{ "no_ranges", GET, 1, 0, 0, { { 0, 4 * K } } },
	{ "rom_region", GET, VFIO_PCI_ROM_REGION_INDEX, 0, 1, { { 0, 4 * K } } },
	{ "bar_without_resource", GET, 2, 0, 1, { { 0, 4 * K } } },
	{ "zero_length", GET, 1, 0, 2, { { 0, 4 * K }, { 8 * K, 0 } } },
	{ "offset_off_page", GET, 1, 0, 1, { { 0x800, 4 * K } } },
	{ "length_off_page", GET, 1, 0, 1, { { 0, 4 * K + 0x200 } } },
	{ "lengths_wrap", GET, 1, 0, 2, { { 0, 1ULL << 63 }, { 0, 1ULL << 63 } } },
	{ "length_reaches_swiotlb_flag", GET, 1, 0, 1, { { 0, 1ULL << 63 } } },
	{ "offset_wraps", GET, 1, 0, 1, { { ~0ULL & ~(4 * K - 1), 4 * K } } },
	/* the start fits, its end wraps past 2^64 back below the BAR's end */
	{ "end_wraps_into_the_bar", GET, 1, 0, 1, { { -(1ULL << 40), 1ULL << 40 } } },
	{ "past_the_bar", GET, 1, 0, 1, { { 8 * G - 4 * K, 8 * K } } },
	{ "second_past_the_bar", GET, 1, 0, 2, { { 0, 4 * K }, { 8 * G, 4 * K } } },
	{ "whole_bar", GET, 1, 0, 1, { { 0, 8 * G } } },
	{ "last_page", GET, 1, 0, 1, { { 8 * G - 4 * K, 4 * K } } },
	{ "bar0_32bit", GET, 0, 0, 1, { { 4 * K, 64 * K } } },
	{ "three_ranges", GET, 1, 0, 3, { { 2 * M, 64 * K }, { 0, 4 * K }, { 1 * G, 2 * M } } },
	{ "max_ranges", GET, 1, 0, MAX_RANGES, { { 0, 4 * K }, { 4 * K, 4 * K },
		{ 8 * K, 4 * K }, { 12 * K, 4 * K }, { 64 * K, 4 * K }, { 1 * M, 4 * K },
		{ 1 * G, 4 * K }, { 4 * G, 4 * K } } },
};

static size_t request_argsz(const struct request *q)
{
	return sizeof(struct vfio_device_feature_dma_buf) +
	       q->nr * sizeof(struct vfio_region_dma_range) + q->argsz_delta;
}

/* the ioctl as vfio_pci_core_ioctl_feature() hands it over; an fd, 0 or -errno */
static int request_send(struct vfio_env *v, const struct request *q)
{
	union feature_arg arg = {};
	size_t argsz = request_argsz(q);

	arg.hdr.region_index = q->region;
	arg.hdr.flags = q->hflags;
	arg.hdr.nr_ranges = q->nr;
	memcpy(arg.hdr.dma_ranges, q->r, sizeof(q->r));
	return vfio_pci_core_feature_dma_buf(&v->vdev, q->flags,
					     q->null_arg ? NULL : (void __user *)&arg, argsz);
}

static int request_expect(struct vfio_env *v, const struct request *q, bool registered)
{
	struct vfio_device_feature_dma_buf hdr = {
		.region_index = q->region, .flags = q->hflags, .nr_ranges = q->nr,
	};

	return dmabuf_vfio_expect(&v->e.sys, v->e.gpu, q->flags, request_argsz(q),
				  q->null_arg ? NULL : &hdr, q->r, registered);
}

static bool request_check(struct vfio_env *v, const struct request *q, bool registered,
			  int *fd)
{
	int want = request_expect(v, q, registered);
	int got = request_send(v, q);

	*fd = -1;
	if (got >= 0 && want == 1) {
		*fd = got;
		return true;
	}
	if (got != want)
		KT_FAIL("%s: the ioctl gave %d, expected %s%d", q->name, got,
			want == 1 ? "a descriptor, not " : "", want == 1 ? -1 : want);
	return true;
}

/*
 * A test of the ioctl's validation: every request gets the answer the
 * feature protocol and the uAPI give (oracle/dmabuf_check.h,
 * dmabuf_vfio_expect(): -EINVAL for SET or no GET or a short argsz, 0 for
 * a probe, -EFAULT for an unreadable argument, -EINVAL for flags or no
 * ranges or a range of no bytes, off a page, or lengths that wrap or reach
 * DMA_IOVA_USE_SWIOTLB, -ENODEV for the ROM or a BAR with no resource,
 * -EOVERFLOW for an offset that wraps, -EINVAL past the BAR's end), and a
 * valid one a descriptor; and the same requests of a device no longer
 * registered: -ENODEV where a descriptor would have been.
 */
bool test_feature_validation(void)
{
	struct vfio_env *v = &venv;
	bool ok = true;
	unsigned int i, pass;

	if (!vfio_up(v))
		return false;
	for (pass = 0; ok && pass < 2; pass++) {
		bool registered = pass == 0;

		/* vfio_unregister_group_dev() has dropped the registration */
		if (!registered)
			refcount_set(&v->vdev.vdev.refcount, 0);
		for (i = 0; ok && i < ARRAY_SIZE(requests); i++) {
			int fd;

			ok = request_check(v, &requests[i], registered, &fd);
			if (fd >= 0)
				dmalab_dma_buf_close(fd);
		}
		if (!registered)
			refcount_set(&v->vdev.vdev.refcount, 1);
	}
	return vfio_down(v) && ok;
}

/* a descriptor for request q, its dma_buf (a reference: dma_buf_put it) and the oracle's view */
struct vfio_buf {
	int fd;
	struct dma_buf *dmabuf;
	struct phys_vec ranges[MAX_RANGES];
	struct dmabuf_export x;
};

static bool vfio_export(struct vfio_env *v, const struct request *q, struct vfio_buf *b)
{
	if (!request_check(v, q, true, &b->fd))
		return false;
	if (b->fd < 0)
		KT_FAIL("%s: no descriptor", q->name);
	b->dmabuf = dma_buf_get(b->fd);
	if (IS_ERR(b->dmabuf))
		KT_FAIL("dma_buf_get(%d): %ld", b->fd, PTR_ERR(b->dmabuf));
	dmabuf_vfio_export(&v->e.sys, v->e.gpu, q->region, q->r, q->nr, b->ranges, &b->x);
	return true;
}

static void vfio_unexport(struct vfio_buf *b)
{
	dma_buf_put(b->dmabuf);
	dmalab_dma_buf_close(b->fd);
}

static const struct request *request_named(const char *name)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(requests); i++)
		if (!strcmp(requests[i].name, name))
			return &requests[i];
	return NULL;
}

/*
 * A test of who may attach (vfio_pci_dma_buf_attach): an importer that
 * cannot take P2P memory is refused (-EOPNOTSUPP), so is one that cannot
 * be revoked (no invalidate_mappings: -EOPNOTSUPP), a P2P revocable one is
 * taken; once the device's memory is disabled (revoked) no one is
 * (-ENODEV), and after it is enabled again one is.
 */
bool test_attach_rules(void)
{
	struct vfio_env *v = &venv;
	struct importer a, b, c;
	struct vfio_buf buf;
	bool ok = true;
	int err;

	if (!vfio_up(v))
		return false;
	if (!vfio_export(v, request_named("three_ranges"), &buf))
		return false;
	err = importer_attach(&a, &v->e, &buf.x, buf.dmabuf, v->e.nic, false, true);
	if (err != -EOPNOTSUPP)
		ok = NOTE("no P2P: attach gave %d, expected -EOPNOTSUPP", err);
	err = importer_attach(&a, &v->e, &buf.x, buf.dmabuf, v->e.nic, true, false);
	if (err != -EOPNOTSUPP)
		ok = NOTE("not revocable: attach gave %d, expected -EOPNOTSUPP", err);
	err = importer_attach(&a, &v->e, &buf.x, buf.dmabuf, v->e.nic, true, true);
	if (err)
		ok = NOTE("P2P, revocable: attach gave %d", err);
	dmalab_vfio_pci_set_memory(&v->vdev, false);
	err = importer_attach(&b, &v->e, &buf.x, buf.dmabuf, v->e.ssd, true, true);
	if (err != -ENODEV)
		ok = NOTE("revoked: attach gave %d, expected -ENODEV", err);
	if (!err)
		importer_detach(&b);
	dmalab_vfio_pci_set_memory(&v->vdev, true);
	err = importer_attach(&c, &v->e, &buf.x, buf.dmabuf, v->e.ssd, true, true);
	if (err)
		ok = NOTE("memory enabled again: attach gave %d", err);
	else
		importer_detach(&c);
	if (a.attach)
		importer_detach(&a);
	vfio_unexport(&buf);
	return vfio_down(v) && ok;
}

/* attach client to b, map, let the oracle check, unmap, detach */
static bool map_once(struct vfio_env *v, struct vfio_buf *b, int client,
		     enum dma_data_direction dir)
{
	struct importer im;
	int err;

	err = importer_attach(&im, &v->e, &b->x, b->dmabuf, client, true, true);
	if (err)
		KT_FAIL("%s: attach: %d", v->e.topo.nodes[client].name, err);
	importer_map(&im, dir);
	importer_detach(&im);
	KT_EXPECT_ORACLE(&im);
	return true;
}

/*
 * A test of an export whose descriptor is 0, as a process that closed its
 * stdin (a daemon) gets: VFIO_DEVICE_FEATURE_DMA_BUF must return 0 with the
 * buffer alive behind it, importable (dma_buf_get) and mappable. Bug class:
 * a success test that takes 0 for an error, and drops the reference the
 * descriptor holds (the descriptor then points at a freed dma-buf).
 */
bool test_vfio_fd_zero(void)
{
	struct vfio_env *v = &venv;
	struct vfio_buf b;
	bool ok;

	if (!vfio_up(v))
		return false;
	dmalab_std_fd_set_open(0, false);
	ok = vfio_export(v, request_named("whole_bar"), &b);
	dmalab_std_fd_set_open(0, true);
	if (!ok)
		return false;
	ok = b.fd == 0 || NOTE("the first descriptor with stdin closed is %d, not 0", b.fd);
	ok = map_once(v, &b, v->e.nvme, DMA_TO_DEVICE) && ok;
	vfio_unexport(&b);
	return vfio_down(v) && ok;
}

/*
 * A test of vfio_pci_dma_buf_map/unmap for importers on every route: a
 * buffer of one range (whole BAR, last page, the 32-bit BAR0) and of
 * several (not for the IOVA path: many_ranges_iova), each mapped by each
 * importer as the oracle says (bus address, IOVA, dma_map_phys, refused),
 * nothing left after the unmap.
 */
bool test_vfio_map_each_route(void)
{
	static const char *const single[] = { "whole_bar", "last_page", "bar0_32bit" };
	static const char *const multi[] = { "three_ranges", "max_ranges" };
	struct vfio_env *v = &venv;
	unsigned int i, c;
	bool ok = true;
	int clients[5];

	if (!vfio_up(v))
		return false;
	clients[0] = v->e.nic;
	clients[1] = v->e.nvme;
	clients[2] = v->e.ssd;
	clients[3] = v->e.old;
	clients[4] = v->e.far;
	check_set_sample_budget(v->e.ck, 4096);
	for (i = 0; ok && i < ARRAY_SIZE(single) + ARRAY_SIZE(multi); i++) {
		bool many = i >= ARRAY_SIZE(single);
		const char *name = many ? multi[i - ARRAY_SIZE(single)] : single[i];
		struct vfio_buf b;

		if (!vfio_export(v, request_named(name), &b))
			return false;
		for (c = 0; ok && c < ARRAY_SIZE(clients); c++) {
			if (many && dmabuf_route(&b.x, clients[c]) == DMABUF_IOVA)
				continue;
			ok = map_once(v, &b, clients[c], c & 1 ? DMA_FROM_DEVICE : DMA_TO_DEVICE);
		}
		vfio_unexport(&b);
	}
	return vfio_down(v) && ok;
}

/*
 * The VFIO exporter's buffers of several ranges for an importer behind an
 * IOMMU: dmabuf-iova-offset-zero (phys_vec.c, many_ranges_iova, has the
 * evidence) reached through vfio_pci_dma_buf_map(), as an RDMA NIC behind
 * an IOMMU importing a GPU's BAR slices would.
 */
bool test_vfio_many_ranges_iova(void)
{
	struct vfio_env *v = &venv;
	struct vfio_buf b;
	bool ok;

	if (!vfio_up(v))
		return false;
	if (!vfio_export(v, request_named("three_ranges"), &b))
		return false;
	ok = map_once(v, &b, v->e.nvme, DMA_BIDIRECTIONAL);
	vfio_unexport(&b);
	return vfio_down(v) && ok;
}

/*
 * A test of revocation (vfio_pci_dma_buf_move): two importers map a
 * buffer; disabling the device's memory (a config write) must invalidate
 * both (their invalidate_mappings called once, under the reservation
 * lock: they unmap there, and the oracle finds nothing left mapped), then
 * a map must be refused (-ENODEV); enabling it again lets them map again,
 * each byte where it was.
 */
bool test_vfio_revoke(void)
{
	struct vfio_env *v = &venv;
	struct importer nic, ssd;
	struct vfio_buf b;
	bool ok = true;

	if (!vfio_up(v))
		return false;
	if (!vfio_export(v, request_named("three_ranges"), &b))
		return false;
	if (importer_attach(&nic, &v->e, &b.x, b.dmabuf, v->e.nic, true, true) ||
	    importer_attach(&ssd, &v->e, &b.x, b.dmabuf, v->e.ssd, true, true))
		KT_FAIL("attach failed");
	if (importer_map(&nic, DMA_BIDIRECTIONAL) || importer_map(&ssd, DMA_TO_DEVICE))
		ok = NOTE("map failed");
	dmalab_vfio_pci_set_memory(&v->vdev, false);
	if (nic.invalidations != 1 || ssd.invalidations != 1)
		ok = NOTE("revoke: invalidate_mappings called %u and %u times, expected once each",
			  nic.invalidations, ssd.invalidations);
	if (nic.sgt || ssd.sgt)
		ok = NOTE("revoke: a mapping is still there");
	if (importer_map_revoked(&nic, DMA_BIDIRECTIONAL))
		ok = NOTE("revoked: %s", nic.msg);
	/* a second disable changes nothing: nobody is invalidated again */
	dmalab_vfio_pci_set_memory(&v->vdev, false);
	if (nic.invalidations != 1)
		ok = NOTE("revoking a revoked buffer invalidated again");
	dmalab_vfio_pci_set_memory(&v->vdev, true);
	if (importer_map(&nic, DMA_BIDIRECTIONAL) || importer_map(&ssd, DMA_FROM_DEVICE))
		ok = NOTE("un-revoked: map failed");
	importer_detach(&nic);
	importer_detach(&ssd);
	ok = importer_ok(&nic) && ok;
	ok = importer_ok(&ssd) && ok;
	vfio_unexport(&b);
	return vfio_down(v) && ok;
}

/*
 * A test of closing the device with a buffer still open and mapped
 * (vfio_pci_dma_buf_cleanup): the mapping is revoked (invalidated once,
 * unmapped), the buffer let go of the device (its registration dropped:
 * the device unregisters with none left), later maps are refused
 * (-ENODEV), and the buffer is freed when its last descriptor closes.
 */
bool test_vfio_cleanup(void)
{
	struct vfio_env *v = &venv;
	struct importer nic;
	struct vfio_buf b;
	bool ok = true;

	if (!vfio_up(v))
		return false;
	if (!vfio_export(v, request_named("whole_bar"), &b))
		return false;
	if (importer_attach(&nic, &v->e, &b.x, b.dmabuf, v->e.nic, true, true))
		KT_FAIL("attach failed");
	if (importer_map(&nic, DMA_BIDIRECTIONAL))
		ok = NOTE("map failed");
	if (refcount_read(&v->vdev.vdev.refcount) != 2)
		ok = NOTE("the buffer holds no registration (%u)",
			  refcount_read(&v->vdev.vdev.refcount));
	dmalab_vfio_pci_fini(&v->vdev);	/* WARNs if a registration is left */
	v->closed = true;
	if (nic.invalidations != 1 || nic.sgt)
		ok = NOTE("close: the mapping was not revoked");
	if (importer_map_revoked(&nic, DMA_BIDIRECTIONAL))
		ok = NOTE("after close: %s", nic.msg);
	importer_detach(&nic);
	ok = importer_ok(&nic) && ok;
	vfio_unexport(&b);
	return vfio_down(v) && ok;
}

/*
 * A test of iommufd's private interconnect (vfio_pci_dma_buf_iommufd_map):
 * a buffer of one range gives that range (the BAR's CPU address plus the
 * offset); one of several is refused (-EOPNOTSUPP), so is a buffer of
 * another exporter (-EOPNOTSUPP) and a revoked one (-ENODEV).
 */
bool test_vfio_iommufd_map(void)
{
	static const struct bar_range r = { 0x10000, 64 * K };
	struct vfio_env *v = &venv;
	struct vfio_buf one, three;
	struct importer a, b, c;
	struct test_export te;
	struct phys_vec phys;
	bool ok = true;
	int err;

	if (!vfio_up(v))
		return false;
	if (!vfio_export(v, request_named("last_page"), &one) ||
	    !vfio_export(v, request_named("three_ranges"), &three) || test_export(&v->e, &te, &r, 1))
		KT_FAIL("export failed");
	if (importer_attach(&a, &v->e, &one.x, one.dmabuf, v->e.nvme, true, true) ||
	    importer_attach(&b, &v->e, &three.x, three.dmabuf, v->e.nvme, true, true) ||
	    importer_attach(&c, &v->e, &te.x, te.dmabuf, v->e.nvme, true, true))
		KT_FAIL("attach failed");

	dma_resv_lock(one.dmabuf->resv, NULL);
	err = vfio_pci_dma_buf_iommufd_map(a.attach, &phys);
	dma_resv_unlock(one.dmabuf->resv);
	if (err || phys.paddr != one.ranges[0].paddr || phys.len != one.ranges[0].len)
		ok = NOTE("one range: %d, %#llx+%#llx, expected %#llx+%#llx", err,
			  (unsigned long long)phys.paddr, (unsigned long long)phys.len,
			  (unsigned long long)one.ranges[0].paddr,
			  (unsigned long long)one.ranges[0].len);
	dma_resv_lock(three.dmabuf->resv, NULL);
	err = vfio_pci_dma_buf_iommufd_map(b.attach, &phys);
	dma_resv_unlock(three.dmabuf->resv);
	if (err != -EOPNOTSUPP)
		ok = NOTE("three ranges: %d, expected -EOPNOTSUPP", err);
	dma_resv_lock(te.dmabuf->resv, NULL);
	err = vfio_pci_dma_buf_iommufd_map(c.attach, &phys);
	dma_resv_unlock(te.dmabuf->resv);
	if (err != -EOPNOTSUPP)
		ok = NOTE("another exporter's buffer: %d, expected -EOPNOTSUPP", err);
	dmalab_vfio_pci_set_memory(&v->vdev, false);
	dma_resv_lock(one.dmabuf->resv, NULL);
	err = vfio_pci_dma_buf_iommufd_map(a.attach, &phys);
	dma_resv_unlock(one.dmabuf->resv);
	if (err != -ENODEV)
		ok = NOTE("revoked: %d, expected -ENODEV", err);
	importer_detach(&a);
	importer_detach(&b);
	importer_detach(&c);
	test_export_put(&te);
	vfio_unexport(&one);
	vfio_unexport(&three);
	return vfio_down(v) && ok;
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * The dma-buf core, emulated: drivers/dma-buf/dma-buf.c is not compiled (it
 * is a file system: anon inodes, poll, sync_file, sysfs statistics,
 * debugfs). What its exporters and importers rely on is written here with
 * dma-buf.c's semantics (7.3), each function saying where it departs:
 *  - dma_buf_export: the same argument WARNs and -EINVAL, the file first
 *    then the dma_buf with its embedded reservation object, both kmalloc'd
 *    (failure injection reaches them), the file holds the one reference;
 *  - dma_buf_fd/dma_buf_get: a table of DMALAB_DMA_BUF_FDS descriptors,
 *    the lowest free one first, 0-2 taken by stdin, stdout and stderr
 *    unless dmalab_std_fd_set_open() closes one (-EMFILE when full);
 *    dmalab_dma_buf_close() is close(2);
 *  - attach/detach, map/unmap (locked and _unlocked), invalidate, revocable:
 *    as dma-buf.c, including the pin-on-map of static importers of a
 *    dynamic exporter and the fence wait of static importers (no fence
 *    exists: linux/dma-resv.h), without CONFIG_DMABUF_DEBUG's sg wrapping;
 *  - release on the last fput(): the exporter's release, then the WARN on
 *    attachments left, as dma_buf_release().
 * vmap, mmap, CPU access and the fd iterator are not emulated (not
 * declared here: a caller fails to link).
 */
#include <linux/dma-buf.h>
#include <linux/dma-resv.h>
#include <linux/file.h>
#include <linux/slab.h>
#include <linux/errno.h>
#include <dmalab/runtime.h>

#define DMALAB_DMA_BUF_FDS	64	/* descriptors 0 .. 63 */

static struct file *dma_buf_fds[DMALAB_DMA_BUF_FDS];
/* stdin, stdout, stderr: open unless a test closes one (a daemon's stdin) */
static bool std_fd_open[3] = { true, true, true };

void dmalab_std_fd_set_open(int fd, bool open)
{
	if (fd >= 0 && fd < ARRAY_SIZE(std_fd_open))
		std_fd_open[fd] = open;
}

static bool fd_taken(int fd)
{
	return dma_buf_fds[fd] || (fd < ARRAY_SIZE(std_fd_open) && std_fd_open[fd]);
}

void fput(struct file *file)
{
	long c = atomic_long_fetch_sub(1, &file->f_count);

	if (WARN(c <= 0, "fput: file %p already released\n", file))
		return;
	if (c > 1)
		return;
	if (file->dmalab_release)
		file->dmalab_release(file);
	kfree(file);
}

/* dma_buf_release(): the file's dentry is released with the last reference */
static void dma_buf_file_release(struct file *file)
{
	struct dma_buf *dmabuf = file->private_data;

	if (!dmabuf)
		return;
	BUG_ON(dmabuf->vmapping_counter);
	dmabuf->ops->release(dmabuf);
	if (dmabuf->resv == (struct dma_resv *)&dmabuf[1])
		dma_resv_fini(dmabuf->resv);
	WARN_ON(!list_empty(&dmabuf->attachments));
	kfree(dmabuf->name);
	kfree(dmabuf);
}

struct dma_buf *dma_buf_export(const struct dma_buf_export_info *exp_info)
{
	struct dma_buf *dmabuf;
	struct file *file;
	size_t alloc_size = sizeof(struct dma_buf);

	if (WARN_ON(!exp_info->priv || !exp_info->ops || !exp_info->ops->map_dma_buf ||
		    !exp_info->ops->unmap_dma_buf || !exp_info->ops->release))
		return ERR_PTR(-EINVAL);
	if (WARN_ON(!exp_info->ops->pin != !exp_info->ops->unpin))
		return ERR_PTR(-EINVAL);

	/* dma_buf_getfile() */
	file = kzalloc(sizeof(*file), GFP_KERNEL);
	if (!file)
		return ERR_PTR(-ENOMEM);
	atomic_long_set(&file->f_count, 1);
	file->f_flags = exp_info->flags;
	file->dmalab_release = dma_buf_file_release;

	alloc_size += exp_info->resv ? 1 : sizeof(struct dma_resv);
	dmabuf = kzalloc(alloc_size, GFP_KERNEL);
	if (!dmabuf) {
		fput(file);
		return ERR_PTR(-ENOMEM);
	}
	dmabuf->priv = exp_info->priv;
	dmabuf->ops = exp_info->ops;
	dmabuf->size = exp_info->size;
	dmabuf->exp_name = exp_info->exp_name;
	dmabuf->owner = exp_info->owner;
	spin_lock_init(&dmabuf->name_lock);
	init_waitqueue_head(&dmabuf->poll);
	dmabuf->cb_in.poll = dmabuf->cb_out.poll = &dmabuf->poll;
	INIT_LIST_HEAD(&dmabuf->attachments);
	if (!exp_info->resv) {
		dmabuf->resv = (struct dma_resv *)&dmabuf[1];
		dma_resv_init(dmabuf->resv);
	} else {
		dmabuf->resv = exp_info->resv;
	}
	file->private_data = dmabuf;
	dmabuf->file = file;
	return dmabuf;
}

int dma_buf_fd(struct dma_buf *dmabuf, int flags)
{
	int fd;

	if (!dmabuf || !dmabuf->file)
		return -EINVAL;
	/* the lowest free descriptor, as get_unused_fd_flags() gives */
	for (fd = 0; fd < DMALAB_DMA_BUF_FDS; fd++) {
		if (!fd_taken(fd)) {
			dma_buf_fds[fd] = dmabuf->file;
			return fd;
		}
	}
	return -EMFILE;
}

static struct file **fd_slot(int fd)
{
	if (fd < 0 || fd >= DMALAB_DMA_BUF_FDS || !dma_buf_fds[fd])
		return NULL;
	return &dma_buf_fds[fd];
}

/* a reference on the dma_buf of fd (dma_buf_put() it), or ERR_PTR(-EBADF) */
struct dma_buf *dma_buf_get(int fd)
{
	struct file **slot = fd_slot(fd);

	if (!slot)
		return ERR_PTR(-EBADF);
	get_file(*slot);
	return (*slot)->private_data;
}

int dmalab_dma_buf_close(int fd)
{
	struct file **slot = fd_slot(fd);
	struct file *file;

	if (!slot)
		return -EBADF;
	file = *slot;
	*slot = NULL;
	fput(file);
	return 0;
}

void dma_buf_put(struct dma_buf *dmabuf)
{
	if (WARN_ON(!dmabuf || !dmabuf->file))
		return;
	fput(dmabuf->file);
}

static bool dma_buf_attachment_is_dynamic(struct dma_buf_attachment *attach)
{
	return !!attach->importer_ops;
}

static bool dma_buf_pin_on_map(struct dma_buf_attachment *attach)
{
	return attach->dmabuf->ops->pin && !dma_buf_attachment_is_dynamic(attach);
}

struct dma_buf_attachment *
dma_buf_dynamic_attach(struct dma_buf *dmabuf, struct device *dev,
		       const struct dma_buf_attach_ops *importer_ops, void *importer_priv)
{
	struct dma_buf_attachment *attach;
	int ret;

	if (WARN_ON(!dmabuf || !dev))
		return ERR_PTR(-EINVAL);
	attach = kzalloc(sizeof(*attach), GFP_KERNEL);
	if (!attach)
		return ERR_PTR(-ENOMEM);
	attach->dev = dev;
	attach->dmabuf = dmabuf;
	if (importer_ops)
		attach->peer2peer = importer_ops->allow_peer2peer;
	attach->importer_ops = importer_ops;
	attach->importer_priv = importer_priv;
	if (dmabuf->ops->attach) {
		ret = dmabuf->ops->attach(dmabuf, attach);
		if (ret) {
			kfree(attach);
			return ERR_PTR(ret);
		}
	}
	dma_resv_lock(dmabuf->resv, NULL);
	list_add(&attach->node, &dmabuf->attachments);
	dma_resv_unlock(dmabuf->resv);
	return attach;
}

struct dma_buf_attachment *dma_buf_attach(struct dma_buf *dmabuf, struct device *dev)
{
	return dma_buf_dynamic_attach(dmabuf, dev, NULL, NULL);
}

void dma_buf_detach(struct dma_buf *dmabuf, struct dma_buf_attachment *attach)
{
	if (WARN_ON(!dmabuf || !attach || dmabuf != attach->dmabuf))
		return;
	dma_resv_lock(dmabuf->resv, NULL);
	list_del(&attach->node);
	dma_resv_unlock(dmabuf->resv);
	if (dmabuf->ops->detach)
		dmabuf->ops->detach(dmabuf, attach);
	kfree(attach);
}

struct sg_table *dma_buf_map_attachment(struct dma_buf_attachment *attach,
					enum dma_data_direction direction)
{
	struct sg_table *sg_table;
	long ret;

	if (WARN_ON(!attach || !attach->dmabuf))
		return ERR_PTR(-EINVAL);
	dma_resv_assert_held(attach->dmabuf->resv);

	if (dma_buf_pin_on_map(attach)) {
		ret = attach->dmabuf->ops->pin(attach);
		WARN_ON_ONCE(ret == -EBUSY);
		if (ret)
			return ERR_PTR(ret);
	}
	sg_table = attach->dmabuf->ops->map_dma_buf(attach, direction);
	if (!sg_table)
		sg_table = ERR_PTR(-ENOMEM);
	if (IS_ERR(sg_table))
		goto error_unpin;
	if (!dma_buf_attachment_is_dynamic(attach)) {
		ret = dma_resv_wait_timeout(attach->dmabuf->resv, DMA_RESV_USAGE_KERNEL,
					    true, MAX_SCHEDULE_TIMEOUT);
		if (ret < 0) {
			attach->dmabuf->ops->unmap_dma_buf(attach, sg_table, direction);
			sg_table = ERR_PTR(ret);
			goto error_unpin;
		}
	}
	return sg_table;

error_unpin:
	if (dma_buf_pin_on_map(attach))
		attach->dmabuf->ops->unpin(attach);
	return sg_table;
}

void dma_buf_unmap_attachment(struct dma_buf_attachment *attach, struct sg_table *sg_table,
			      enum dma_data_direction direction)
{
	if (WARN_ON(!attach || !attach->dmabuf || !sg_table))
		return;
	dma_resv_assert_held(attach->dmabuf->resv);
	attach->dmabuf->ops->unmap_dma_buf(attach, sg_table, direction);
	if (dma_buf_pin_on_map(attach))
		attach->dmabuf->ops->unpin(attach);
}

struct sg_table *dma_buf_map_attachment_unlocked(struct dma_buf_attachment *attach,
						 enum dma_data_direction direction)
{
	struct sg_table *sg_table;

	if (WARN_ON(!attach || !attach->dmabuf))
		return ERR_PTR(-EINVAL);
	dma_resv_lock(attach->dmabuf->resv, NULL);
	sg_table = dma_buf_map_attachment(attach, direction);
	dma_resv_unlock(attach->dmabuf->resv);
	return sg_table;
}

void dma_buf_unmap_attachment_unlocked(struct dma_buf_attachment *attach,
				       struct sg_table *sg_table,
				       enum dma_data_direction direction)
{
	if (WARN_ON(!attach || !attach->dmabuf || !sg_table))
		return;
	dma_resv_lock(attach->dmabuf->resv, NULL);
	dma_buf_unmap_attachment(attach, sg_table, direction);
	dma_resv_unlock(attach->dmabuf->resv);
}

void dma_buf_invalidate_mappings(struct dma_buf *dmabuf)
{
	struct dma_buf_attachment *attach;

	dma_resv_assert_held(dmabuf->resv);
	list_for_each_entry(attach, &dmabuf->attachments, node)
		if (attach->importer_ops && attach->importer_ops->invalidate_mappings)
			attach->importer_ops->invalidate_mappings(attach);
}

bool dma_buf_attach_revocable(struct dma_buf_attachment *attach)
{
	return attach->importer_ops && attach->importer_ops->invalidate_mappings;
}

/* pinning: no exporter here has pin/unpin; a caller reaching these is a finding */
int dma_buf_pin(struct dma_buf_attachment *attach)
{
	dmalab_unimplemented("dma_buf_pin");
}

void dma_buf_unpin(struct dma_buf_attachment *attach)
{
	dmalab_unimplemented("dma_buf_unpin");
}

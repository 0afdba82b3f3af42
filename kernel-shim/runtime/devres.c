// SPDX-License-Identifier: GPL-2.0-only
/*
 * Managed device resources: devm_kmalloc() memory and devm actions, kept
 * on the device newest first and released in that order when the harness
 * removes the device, as the driver core does on unbind. The kernel's
 * devres allocations are ordinary kmalloc memory, so the slab's failure
 * injection and leak reports cover them.
 */
#include <linux/device.h>
#include <linux/slab.h>
#include <linux/errno.h>
#include <dmalab/nocov.h>

DMALAB_NOCOV_BEGIN

struct devres_node {
	struct list_head entry;
	void (*action)(void *data);	/* NULL: a devm_kmalloc() block */
	void *data;
	/* devm_kmalloc() memory follows, cache aligned as the kernel's */
	u64 mem[] __aligned(ARCH_KMALLOC_MINALIGN);
};

static struct list_head *devres_list(struct device *dev)
{
	if (!dev->devres_head.next)
		INIT_LIST_HEAD(&dev->devres_head);
	return &dev->devres_head;
}

void *devm_kmalloc(struct device *dev, size_t size, gfp_t gfp)
{
	struct devres_node *dr = kmalloc(sizeof(*dr) + size, gfp);

	if (!dr)
		return NULL;
	dr->action = NULL;
	dr->data = dr->mem;
	list_add(&dr->entry, devres_list(dev));
	return dr->mem;
}

void devm_kfree(struct device *dev, const void *p)
{
	struct devres_node *dr;

	list_for_each_entry(dr, devres_list(dev), entry) {
		if (!dr->action && dr->data == p) {
			list_del(&dr->entry);
			kfree(dr);
			return;
		}
	}
	WARN(1, "devm_kfree: %p is not managed memory of %s", p, dev_name(dev));
}

int devm_add_action(struct device *dev, void (*action)(void *), void *data)
{
	struct devres_node *dr = kmalloc(sizeof(*dr), GFP_KERNEL);

	if (!dr)
		return -ENOMEM;
	dr->action = action;
	dr->data = data;
	list_add(&dr->entry, devres_list(dev));
	return 0;
}

/* take the action off the list; run it too if asked (devm_release_action) */
static void take_action(struct device *dev, void (*action)(void *), void *data, bool run,
			const char *who)
{
	struct devres_node *dr;

	list_for_each_entry(dr, devres_list(dev), entry) {
		if (dr->action == action && dr->data == data) {
			list_del(&dr->entry);
			kfree(dr);
			if (run)
				action(data);
			return;
		}
	}
	WARN(1, "%s: no such action on %s", who, dev_name(dev));
}

void devm_release_action(struct device *dev, void (*action)(void *), void *data)
{
	take_action(dev, action, data, true, __func__);
}

void devm_remove_action(struct device *dev, void (*action)(void *), void *data)
{
	take_action(dev, action, data, false, __func__);
}

void dmalab_devres_release_all(struct device *dev)
{
	struct list_head *head = devres_list(dev);

	while (!list_empty(head)) {
		struct devres_node *dr = list_first_entry(head, struct devres_node, entry);

		list_del(&dr->entry);
		if (dr->action)
			dr->action(dr->data);
		kfree(dr);
	}
}

DMALAB_NOCOV_END

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dmalab shim: struct device, reduced to what the DMA-mapping code reads.
 *
 * The members keep the kernel's names so the tree's code compiles as is;
 * their layout is ours. The dev_*() flag accessors match the kernel's
 * DEV_FLAG_* accessors in behaviour.
 */
#ifndef _DMALAB_LINUX_DEVICE_H
#define _DMALAB_LINUX_DEVICE_H

#include <linux/types.h>
#include <linux/list.h>
#include <linux/spinlock.h>
#include <linux/printk.h>
#include <linux/err.h>
#include <linux/mutex.h>
#include <linux/refcount.h>
#include <linux/uaccess.h>
#include <linux/atomic.h>
#include <linux/timer.h>
#include <linux/workqueue.h>
#include <linux/jump_label.h>
#include <linux/init.h>
#include <linux/percpu.h>
#include <linux/sysfs.h>
#include <linux/sched.h>
#include <linux/gfp.h>

struct device_dma_parameters {
	unsigned int max_segment_size;
	unsigned int min_align_mask;
	unsigned long segment_boundary_mask;
};

enum device_removable {
	DEVICE_REMOVABLE_NOT_SUPPORTED = 0,
	DEVICE_REMOVABLE_UNKNOWN,
	DEVICE_FIXED,
	DEVICE_REMOVABLE,
};

struct bus_type {
	const char *name;
};

struct dma_map_ops;
struct bus_dma_region;
struct io_tlb_mem;
struct iommu_group;
struct dev_iommu;
struct device_driver;
struct attribute_group;
struct device_node;
struct fwnode_handle;
struct pci_dev;
struct module;

struct device {
	struct device		*parent;
	const char		*init_name;
	const struct bus_type	*bus;
	struct device_driver	*driver;
	void			*driver_data;

	const struct dma_map_ops *dma_ops;
	u64			*dma_mask;
	u64			coherent_dma_mask;
	u64			bus_dma_limit;
	const struct bus_dma_region *dma_range_map;
	struct device_dma_parameters *dma_parms;
	struct list_head	dma_pools;
	struct io_tlb_mem	*dma_io_tlb_mem;
	struct list_head	dma_io_tlb_pools;
	spinlock_t		dma_io_tlb_lock;
	bool			dma_uses_io_tlb;
	int			numa_node;
	struct device_node	*of_node;	/* always NULL: no device tree */
	struct fwnode_handle	*fwnode;

	struct iommu_group	*iommu_group;
	struct dev_iommu	*iommu;
	enum device_removable	removable;

	/* DEV_FLAG_* bits of the kernel, as plain booleans */
	bool			flag_dma_iommu;
	bool			flag_dma_skip_sync;
	bool			flag_dma_ops_bypass;
	bool			flag_dma_coherent;

	void			(*release)(struct device *dev);

	struct kobject		kobj;		/* sysfs groups (counted) */
	struct list_head	devres_head;	/* devm_* actions, newest first */
	int			dmalab_refs;	/* get_device() minus put_device() */
};

#define kobj_to_dev(k)		container_of(k, struct device, kobj)

/*
 * references: devices live until the harness removes them, but the
 * references taken are counted, and removal WARNs about any left (a
 * leaked pci_dev_get()); a put without its get WARNs at once
 */
static inline struct device *get_device(struct device *dev)
{
	if (dev)
		__atomic_add_fetch(&dev->dmalab_refs, 1, __ATOMIC_RELAXED);
	return dev;
}

static inline void put_device(struct device *dev)
{
	if (dev)
		WARN(__atomic_sub_fetch(&dev->dmalab_refs, 1, __ATOMIC_RELAXED) < 0,
		     "put_device() without a reference");
}

struct device_attribute {
	struct attribute attr;
	ssize_t (*show)(struct device *dev, struct device_attribute *attr, char *buf);
	ssize_t (*store)(struct device *dev, struct device_attribute *attr,
			 const char *buf, size_t count);
};
#define DEVICE_ATTR_RO(_name) \
	struct device_attribute dev_attr_##_name = { { #_name, 0444 }, _name##_show, NULL }

struct device *bus_find_device_by_name(const struct bus_type *bus, struct device *start,
				       const char *name);

#define __dmalab_dev_flag(name)						\
static inline bool dev_##name(const struct device *dev)		\
{ return dev->flag_##name; }						\
static inline void dev_set_##name(struct device *dev)			\
{ dev->flag_##name = true; }						\
static inline void dev_clear_##name(struct device *dev)		\
{ dev->flag_##name = false; }						\
static inline void dev_assign_##name(struct device *dev, bool v)	\
{ dev->flag_##name = v; }

__dmalab_dev_flag(dma_iommu)
__dmalab_dev_flag(dma_skip_sync)
__dmalab_dev_flag(dma_ops_bypass)
__dmalab_dev_flag(dma_coherent)
#undef __dmalab_dev_flag

static inline const char *dev_name(const struct device *dev)
{
	return dev->init_name ? dev->init_name : "(dmalab device)";
}

static inline int dev_to_node(struct device *dev) { return dev->numa_node; }
static inline void set_dev_node(struct device *dev, int node) { dev->numa_node = node; }
static inline void *dev_get_drvdata(const struct device *dev) { return dev->driver_data; }
static inline void dev_set_drvdata(struct device *dev, void *d) { dev->driver_data = d; }
static inline bool dev_is_removable(struct device *dev)
{
	return dev && dev->removable == DEVICE_REMOVABLE;
}

/*
 * Managed resources (runtime/devres.c): devm_kzalloc() memory and devm
 * actions are real, released newest first when the harness removes the
 * device (dmalab_devres_release_all()). The generic devres_*() calls below
 * are not modelled: only dmam_* allocations use them, and they are not driven.
 */
void *devm_kmalloc(struct device *dev, size_t size, gfp_t gfp);
static inline void *devm_kzalloc(struct device *dev, size_t size, gfp_t gfp)
{
	return devm_kmalloc(dev, size, gfp | __GFP_ZERO);
}
void devm_kfree(struct device *dev, const void *p);
int devm_add_action(struct device *dev, void (*action)(void *), void *data);
/* run and forget one action added earlier */
void devm_release_action(struct device *dev, void (*action)(void *), void *data);
void devm_remove_action(struct device *dev, void (*action)(void *), void *data);
static inline int devm_add_action_or_reset(struct device *dev, void (*action)(void *),
					   void *data)
{
	int ret = devm_add_action(dev, action, data);

	if (ret)
		action(data);
	return ret;
}
void dmalab_devres_release_all(struct device *dev);

typedef void (*dr_release_t)(struct device *dev, void *res);
typedef int (*dr_match_t)(struct device *dev, void *res, void *match_data);
void *devres_alloc(dr_release_t release, size_t size, gfp_t gfp);
void devres_free(void *res);
void devres_add(struct device *dev, void *res);
int devres_destroy(struct device *dev, dr_release_t release, dr_match_t match, void *match_data);

#define dev_printk(level, dev, fmt, ...) \
	printk(level "%s: " fmt, dev_name(dev), ##__VA_ARGS__)
#define dev_emerg(dev, fmt, ...)	dev_printk(KERN_EMERG, dev, fmt, ##__VA_ARGS__)
#define dev_err(dev, fmt, ...)		dev_printk(KERN_ERR, dev, fmt, ##__VA_ARGS__)
#define dev_warn(dev, fmt, ...)		dev_printk(KERN_WARNING, dev, fmt, ##__VA_ARGS__)
#define dev_notice(dev, fmt, ...)	dev_printk(KERN_NOTICE, dev, fmt, ##__VA_ARGS__)
#define dev_info(dev, fmt, ...)		dev_printk(KERN_INFO, dev, fmt, ##__VA_ARGS__)
#define dev_dbg(dev, fmt, ...)		do { if (0) dev_printk(KERN_DEBUG, dev, fmt, ##__VA_ARGS__); } while (0)
#define dev_err_once			dev_err
#define dev_warn_once			dev_warn
#define dev_info_once			dev_info
#define dev_err_ratelimited		dev_err
#define dev_warn_ratelimited		dev_warn
#define dev_WARN(dev, fmt, ...)		WARN(1, "%s: " fmt, dev_name(dev), ##__VA_ARGS__)
#define dev_WARN_ONCE(dev, cond, fmt, ...) \
	WARN_ONCE(cond, "%s: " fmt, dev_name(dev), ##__VA_ARGS__)

#endif

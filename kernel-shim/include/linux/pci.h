/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dmalab shim: the PCI core's data structures and accessors, reduced to
 * what the DMA-mapping and p2pdma code read. Devices sit on buses under
 * host bridges as the kernel links them (bus->self, bus->parent, the bus's
 * device list); each has a 4 KiB config space that the mock fills with the
 * header and the capabilities it models (ACS). runtime/pci.c builds the
 * trees; the PCI topologies (topology/topology.h) drive it.
 */
#ifndef _DMALAB_LINUX_PCI_H
#define _DMALAB_LINUX_PCI_H

#include <linux/types.h>
#include <linux/device.h>
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/ioport.h>
#include <linux/resource_ext.h>
#include <linux/pci_ids.h>
#include <uapi/linux/pci_regs.h>
#include <asm/processor.h>

typedef u64 pci_bus_addr_t;

#define PCI_DEVFN(slot, func)	((((slot) & 0x1f) << 3) | ((func) & 0x07))
#define PCI_SLOT(devfn)		(((devfn) >> 3) & 0x1f)
#define PCI_FUNC(devfn)		((devfn) & 0x07)
#define PCI_DEVID(bus, devfn)	((((u16)(bus)) << 8) | (devfn))
#define PCI_ANY_ID		(~0)
#define PCI_CFG_SPACE_EXP_SIZE	4096

struct pci_bus {
	struct pci_bus		*parent;
	struct pci_dev		*self;		/* bridge device, NULL on a root bus */
	struct device		*bridge;	/* the host bridge's device, root bus */
	struct list_head	devices;	/* struct pci_dev.bus_list */
	unsigned char		number;
	int			domain_nr;
};

struct pci_p2pdma;

struct pci_dev {
	struct list_head	bus_list;	/* on bus->devices */
	struct list_head	global_list;	/* dmalab: every PCI device */
	struct pci_bus		*bus;
	struct pci_bus		*subordinate;	/* a bridge's secondary bus */
	struct device		dev;
	unsigned int		devfn;
	unsigned short		vendor;
	unsigned short		device;
	unsigned int		class;		/* 3 bytes: base class, subclass, prog-if */
	u16			pcie_flags_reg;	/* PCI_EXP_FLAGS of the PCIe capability */
	u16			acs_cap;	/* ACS capability offset, 0: none */
	unsigned int		untrusted:1;	/* behind an external-facing port */
	unsigned int		non_mappable_bars:1;
	unsigned int		dmalab_owned:1;	/* the mock PCI core frees it */
	struct resource		resource[PCI_STD_NUM_BARS];
	struct pci_p2pdma __rcu	*p2pdma;
	u8			*cfg;		/* config space, PCI_CFG_SPACE_EXP_SIZE */
	char			name[16];	/* "SSSS:BB:DD.F" */
};

/* types the PCI core's power and error-recovery API names (pci_driver ops) */
typedef int __bitwise pci_power_t;
typedef unsigned int __bitwise pci_channel_state_t;
typedef unsigned int __bitwise pci_ers_result_t;

/* linux/io.h: an __iomem error pointer (pci_iomap() and friends) */
#define IOMEM_ERR_PTR(err)	(__force void __iomem *)ERR_PTR(err)

struct pci_host_bridge {
	struct device		dev;
	struct pci_bus		*bus;
	struct list_head	windows;	/* struct resource_entry */
	struct list_head	dma_ranges;	/* struct resource_entry */
};

extern const struct bus_type pci_bus_type;

#define to_pci_dev(d)		container_of(d, struct pci_dev, dev)
static inline bool dev_is_pci(const struct device *dev)
{
	return dev->bus == &pci_bus_type;
}

static inline bool pci_is_root_bus(struct pci_bus *pbus)
{
	return !pbus->parent;
}

static inline struct pci_dev *pci_physfn(struct pci_dev *dev)
{
	return dev;	/* no SR-IOV virtual functions */
}

static inline struct pci_dev *pci_upstream_bridge(struct pci_dev *dev)
{
	dev = pci_physfn(dev);
	if (pci_is_root_bus(dev->bus))
		return NULL;
	return dev->bus->self;
}

static inline int pci_pcie_type(const struct pci_dev *dev)
{
	return (dev->pcie_flags_reg & PCI_EXP_FLAGS_TYPE) >> 4;
}

static inline int pci_domain_nr(struct pci_bus *bus)
{
	return bus->domain_nr;
}

static inline u16 pci_dev_id(struct pci_dev *dev)
{
	return PCI_DEVID(dev->bus->number, dev->devfn);
}

static inline const char *pci_name(const struct pci_dev *pdev)
{
	return dev_name(&pdev->dev);
}

#define pci_resource_n(dev, bar)	(&(dev)->resource[(bar)])
#define pci_resource_start(dev, bar)	(pci_resource_n(dev, bar)->start)
#define pci_resource_end(dev, bar)	(pci_resource_n(dev, bar)->end)
#define pci_resource_flags(dev, bar)	(pci_resource_n(dev, bar)->flags)
/* as the kernel's: 0 for an unset resource (end 0), not resource_size()'s 1 */
#define pci_resource_len(dev, bar)					\
	(pci_resource_end((dev), (bar)) ?				\
	 resource_size(pci_resource_n((dev), (bar))) : 0)

/* references: devices live until the harness removes them */
static inline struct pci_dev *pci_dev_get(struct pci_dev *dev)
{
	if (dev)
		get_device(&dev->dev);
	return dev;
}

static inline void pci_dev_put(struct pci_dev *dev)
{
	if (dev)
		put_device(&dev->dev);
}

struct pci_host_bridge *pci_find_host_bridge(struct pci_bus *bus);
pci_bus_addr_t pci_bus_address(struct pci_dev *pdev, int bar);
int pci_read_config_byte(const struct pci_dev *dev, int where, u8 *val);
int pci_read_config_word(const struct pci_dev *dev, int where, u16 *val);
int pci_read_config_dword(const struct pci_dev *dev, int where, u32 *val);
int pci_find_ext_capability(struct pci_dev *dev, int cap);
/* every PCI device, in the order they were added, from after @from */
struct pci_dev *pci_get_device(unsigned int vendor, unsigned int device,
			       struct pci_dev *from);
#define for_each_pci_dev(d) while ((d = pci_get_device(PCI_ANY_ID, PCI_ANY_ID, d)) != NULL)

#define pci_printk(level, pdev, fmt, ...) dev_printk(level, &(pdev)->dev, fmt, ##__VA_ARGS__)
#define pci_err(pdev, fmt, ...)		dev_err(&(pdev)->dev, fmt, ##__VA_ARGS__)
#define pci_warn(pdev, fmt, ...)	dev_warn(&(pdev)->dev, fmt, ##__VA_ARGS__)
#define pci_info(pdev, fmt, ...)	dev_info(&(pdev)->dev, fmt, ##__VA_ARGS__)
#define pci_dbg(pdev, fmt, ...)		dev_dbg(&(pdev)->dev, fmt, ##__VA_ARGS__)
#define pci_info_ratelimited		pci_info
#define pci_warn_ratelimited		pci_warn

/* as the real pci.h ends: PCI drivers get the DMA API with it */
#include <linux/dma-mapping.h>

#endif

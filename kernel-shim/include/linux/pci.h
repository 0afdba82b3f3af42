/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dmalab shim: PCI devices, buses and host bridges, reduced to what the
 * DMA-mapping code reads (the mock PCI topologies build on this).
 */
#ifndef _DMALAB_LINUX_PCI_H
#define _DMALAB_LINUX_PCI_H

#include <linux/types.h>
#include <linux/device.h>
#include <linux/list.h>
#include <linux/resource_ext.h>

typedef u64 pci_bus_addr_t;

struct pci_bus {
	struct pci_bus		*parent;
	struct pci_dev		*self;		/* bridge device, NULL on a root bus */
	struct device		*bridge;	/* the host bridge's device, root bus */
	unsigned char		number;
};

struct pci_dev {
	struct device		dev;
	struct pci_bus		*bus;
	unsigned int		devfn;
	unsigned short		vendor;
	unsigned short		device;
	unsigned int		untrusted:1;	/* behind an external-facing port */
	struct pci_p2pdma	*p2pdma;
};

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

struct pci_host_bridge *pci_find_host_bridge(struct pci_bus *bus);

#endif

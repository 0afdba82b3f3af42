// SPDX-License-Identifier: GPL-2.0-only
/*
 * The mock PCI core: host bridges, buses and functions linked as the kernel
 * links them, each function with a config space the accessors read. Config
 * space, bus and host bridge objects are the hardware's and the PCI core's,
 * not the code under test's: they come from calloc(), outside the slab's
 * accounting and failure injection.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdarg.h>

#include <linux/pci.h>
#include <linux/slab.h>
#include <linux/errno.h>
#include <linux/sysfs.h>
#include <linux/mm.h>
#include <linux/numa.h>
#include <dmalab/machine.h>
#include <dmalab/pci.h>
#include <dmalab/runtime.h>
#include <dmalab/nocov.h>

#include "internal.h"

DMALAB_NOCOV_BEGIN

const struct bus_type pci_bus_type = { .name = "pci" };
struct cpuinfo_x86 boot_cpu_data = { .x86 = 6, .x86_vendor = X86_VENDOR_INTEL };
struct task_struct dmalab_task = { .comm = "dmalab" };

static LIST_HEAD(all_pci_devs);

void dmalab_set_cpu_model(u8 vendor, u8 family)
{
	boot_cpu_data.x86_vendor = vendor;
	boot_cpu_data.x86 = family;
}

static void *zalloc(size_t size)
{
	void *p = calloc(1, size);

	if (!p)
		abort();
	return p;
}

/* ---- host bridges ---- */

struct dmalab_host {
	struct pci_host_bridge host;
	struct pci_bus root;
};

struct pci_host_bridge *pci_find_host_bridge(struct pci_bus *bus)
{
	while (bus->parent)
		bus = bus->parent;
	return container_of(bus->bridge, struct pci_host_bridge, dev);
}

static void host_init(struct pci_host_bridge *host, struct pci_bus *root, int segment,
		      u8 busnr)
{
	INIT_LIST_HEAD(&host->windows);
	INIT_LIST_HEAD(&host->dma_ranges);
	INIT_LIST_HEAD(&root->devices);
	host->bus = root;
	root->bridge = &host->dev;
	root->number = busnr;
	root->domain_nr = segment;
}

struct pci_host_bridge *dmalab_pci_host_bridge_create(int segment, u8 busnr)
{
	struct dmalab_host *h = zalloc(sizeof(*h));

	host_init(&h->host, &h->root, segment, busnr);
	return &h->host;
}

static void add_range(struct list_head *list, const char *name, u64 cpu_start, u64 size,
		      u64 bus_start)
{
	struct resource_entry *e = zalloc(sizeof(*e));

	e->res = &e->__res;
	e->res->name = name;
	e->res->start = cpu_start;
	e->res->end = cpu_start + size - 1;
	e->res->flags = IORESOURCE_MEM;
	e->offset = cpu_start - bus_start;	/* the kernel's: cpu = bus + offset */
	list_add_tail(&e->node, list);
}

int dmalab_pci_host_bridge_add_window(struct pci_host_bridge *host, u64 cpu_start,
				      u64 size, u64 bus_start)
{
	add_range(&host->windows, "PCI Bus", cpu_start, size, bus_start);
	return 0;
}

int dmalab_pci_host_bridge_add_dma_range(struct pci_host_bridge *host, u64 cpu_start,
					 u64 size, u64 bus_start)
{
	add_range(&host->dma_ranges, "dma-ranges", cpu_start, size, bus_start);
	return 0;
}

void dmalab_pci_host_bridge_destroy(struct pci_host_bridge *host)
{
	struct dmalab_host *h = container_of(host, struct dmalab_host, host);
	struct resource_entry *e, *tmp;

	BUG_ON(!list_empty(&h->root.devices));
	list_for_each_entry_safe(e, tmp, &host->windows, node)
		free(e);
	list_for_each_entry_safe(e, tmp, &host->dma_ranges, node)
		free(e);
	free(h);
}

/* the default root bus, for devices made without a placement */
static struct pci_host_bridge default_host;
struct pci_bus dmalab_root_bus;
static struct resource_entry default_window = {
	.res = &default_window.__res,
	.__res = { .name = "PCI Bus 0000:00", .start = DMALAB_HB_WINDOW_START, .end = DMALAB_HB_WINDOW_END,
		   .flags = IORESOURCE_MEM },
};

static int dmalab_pci_boot(void)
{
	host_init(&default_host, &dmalab_root_bus, 0, 0);
	/* one 32-bit MMIO window, as on a PC; dma-iommu keeps IOVAs out of it */
	list_add_tail(&default_window.node, &default_host.windows);
	return 0;
}
core_initcall(dmalab_pci_boot);

/* ---- config space ---- */

#define CAP_EXP		0x40	/* PCIe capability */
#define EXT_CAP_ACS	0x100	/* first extended capability */

static void cfg_w16(struct pci_dev *pdev, int where, u16 v)
{
	memcpy(pdev->cfg + where, &v, 2);
}

static void cfg_w32(struct pci_dev *pdev, int where, u32 v)
{
	memcpy(pdev->cfg + where, &v, 4);
}

static bool cfg_ok(const struct pci_dev *dev, int where, int size)
{
	return dev->cfg && where >= 0 && where + size <= PCI_CFG_SPACE_EXP_SIZE &&
	       !(where & (size - 1));
}

int pci_read_config_byte(const struct pci_dev *dev, int where, u8 *val)
{
	if (!cfg_ok(dev, where, 1)) {
		*val = 0xff;
		return -EINVAL;
	}
	*val = dev->cfg[where];
	return 0;
}

int pci_read_config_word(const struct pci_dev *dev, int where, u16 *val)
{
	if (!cfg_ok(dev, where, 2)) {
		*val = 0xffff;
		return -EINVAL;
	}
	memcpy(val, dev->cfg + where, 2);
	return 0;
}

int pci_read_config_dword(const struct pci_dev *dev, int where, u32 *val)
{
	if (!cfg_ok(dev, where, 4)) {
		*val = ~0U;
		return -EINVAL;
	}
	memcpy(val, dev->cfg + where, 4);
	return 0;
}

int pci_find_ext_capability(struct pci_dev *dev, int cap)
{
	int pos = PCI_CFG_SPACE_SIZE, ttl = 480;
	u32 header;

	while (ttl-- && pos >= PCI_CFG_SPACE_SIZE) {
		if (pci_read_config_dword(dev, pos, &header) || !header)
			return 0;
		if (PCI_EXT_CAP_ID(header) == cap)
			return pos;
		pos = PCI_EXT_CAP_NEXT(header);
	}
	return 0;
}

/* ---- functions ---- */

void dmalab_pci_dev_init(struct pci_dev *pdev, struct pci_bus *bus, unsigned int devfn,
			 u16 vendor, u16 device, int pcie_type)
{
	bool bridge = pcie_type == PCI_EXP_TYPE_ROOT_PORT ||
		      pcie_type == PCI_EXP_TYPE_UPSTREAM ||
		      pcie_type == PCI_EXP_TYPE_DOWNSTREAM;

	pdev->bus = bus;
	pdev->devfn = devfn;
	pdev->vendor = vendor;
	pdev->device = device;
	pdev->dev.bus = &pci_bus_type;
	pdev->cfg = zalloc(PCI_CFG_SPACE_EXP_SIZE);
	cfg_w16(pdev, PCI_VENDOR_ID, vendor);
	cfg_w16(pdev, PCI_DEVICE_ID, device);
	pdev->cfg[PCI_HEADER_TYPE] = bridge ? PCI_HEADER_TYPE_BRIDGE : PCI_HEADER_TYPE_NORMAL;
	cfg_w16(pdev, PCI_STATUS, PCI_STATUS_CAP_LIST);
	pdev->cfg[PCI_CAPABILITY_LIST] = CAP_EXP;
	pdev->cfg[CAP_EXP + PCI_CAP_LIST_ID] = PCI_CAP_ID_EXP;
	pdev->pcie_flags_reg = 2 | (pcie_type << 4)	/* capability version 2 */;
	cfg_w16(pdev, CAP_EXP + PCI_EXP_FLAGS, pdev->pcie_flags_reg);
	snprintf(pdev->name, sizeof(pdev->name), "%04x:%02x:%02x.%d", bus->domain_nr,
		 bus->number, PCI_SLOT(devfn), PCI_FUNC(devfn));
	if (!pdev->dev.init_name)
		pdev->dev.init_name = pdev->name;
	list_add_tail(&pdev->bus_list, &bus->devices);
	list_add_tail(&pdev->global_list, &all_pci_devs);
}

struct pci_dev *dmalab_pci_function_create(struct pci_bus *bus, unsigned int devfn,
					   u16 vendor, u16 device)
{
	struct pci_dev *pdev = zalloc(sizeof(*pdev));

	/* host bridges are not PCIe functions: no meaningful port type */
	dmalab_pci_dev_init(pdev, bus, devfn, vendor, device, PCI_EXP_TYPE_RC_END);
	pdev->dev.numa_node = NUMA_NO_NODE;
	pdev->dmalab_owned = 1;
	return pdev;
}

struct pci_dev *dmalab_pci_bridge_create(struct pci_bus *bus, unsigned int devfn,
					 u16 vendor, u16 device, int pcie_type,
					 u8 secondary)
{
	struct pci_dev *pdev = zalloc(sizeof(*pdev));
	struct pci_bus *sub = zalloc(sizeof(*sub));

	dmalab_pci_dev_init(pdev, bus, devfn, vendor, device, pcie_type);
	pdev->dev.numa_node = NUMA_NO_NODE;
	pdev->dmalab_owned = 1;
	INIT_LIST_HEAD(&sub->devices);
	sub->parent = bus;
	sub->self = pdev;
	sub->number = secondary;
	sub->domain_nr = bus->domain_nr;
	pdev->subordinate = sub;
	pdev->cfg[PCI_SECONDARY_BUS] = secondary;
	pdev->cfg[PCI_PRIMARY_BUS] = bus->number;
	return pdev;
}

void dmalab_pci_set_acs(struct pci_dev *pdev, u16 cap, u16 ctrl)
{
	cfg_w32(pdev, EXT_CAP_ACS, PCI_EXT_CAP_ID_ACS | (1 << 16));	/* v1, last */
	cfg_w16(pdev, EXT_CAP_ACS + PCI_ACS_CAP, cap);
	cfg_w16(pdev, EXT_CAP_ACS + PCI_ACS_CTRL, ctrl);
	/* what pci_acs_init() finds at enumeration */
	pdev->acs_cap = pci_find_ext_capability(pdev, PCI_EXT_CAP_ID_ACS);
}

void dmalab_pci_set_bar(struct pci_dev *pdev, int bar, u64 cpu_start, u64 size,
			unsigned long flags)
{
	struct resource *res = &pdev->resource[bar];
	u32 lo = (u32)cpu_start;

	res->name = pdev->name;
	res->start = cpu_start;
	res->end = cpu_start + size - 1;
	res->flags = flags;
	/* the BAR register holds the bus address; the flags in its low bits */
	if (flags & IORESOURCE_MEM_64)
		lo |= PCI_BASE_ADDRESS_MEM_TYPE_64;
	if (flags & IORESOURCE_PREFETCH)
		lo |= PCI_BASE_ADDRESS_MEM_PREFETCH;
	cfg_w32(pdev, PCI_BASE_ADDRESS_0 + 4 * bar, lo);
}

void dmalab_pci_dev_remove(struct pci_dev *pdev)
{
	dmalab_devres_release_all(&pdev->dev);
	WARN(pdev->dev.kobj.dmalab_groups, "%s: %d sysfs groups left behind",
	     pci_name(pdev), pdev->dev.kobj.dmalab_groups);
	WARN(pdev->dev.dmalab_refs, "%s: removed with %d references taken (pci_dev_get(), "
	     "get_device()) and not put", pci_name(pdev), pdev->dev.dmalab_refs);
	if (pdev->bus_list.next) {
		list_del(&pdev->bus_list);
		list_del(&pdev->global_list);
	}
	free(pdev->cfg);
	pdev->cfg = NULL;
	if (pdev->subordinate) {
		BUG_ON(!list_empty(&pdev->subordinate->devices));
		free(pdev->subordinate);
	}
	if (pdev->dmalab_owned)
		free(pdev);
}

/* pcibios_resource_to_bus(): through the host bridge window holding it */
pci_bus_addr_t pci_bus_address(struct pci_dev *pdev, int bar)
{
	struct pci_host_bridge *host = pci_find_host_bridge(pdev->bus);
	struct resource *res = &pdev->resource[bar];
	struct resource_entry *e;
	u64 offset = 0;

	list_for_each_entry(e, &host->windows, node) {
		if (res->start >= e->res->start && res->end <= e->res->end) {
			offset = e->offset;
			break;
		}
	}
	return res->start - offset;
}

struct pci_dev *pci_get_device(unsigned int vendor, unsigned int device,
			       struct pci_dev *from)
{
	struct list_head *pos = from ? from->global_list.next : all_pci_devs.next;

	for (; pos != &all_pci_devs; pos = pos->next) {
		struct pci_dev *pdev = list_entry(pos, struct pci_dev, global_list);

		if ((vendor == PCI_ANY_ID || pdev->vendor == vendor) &&
		    (device == PCI_ANY_ID || pdev->device == device)) {
			/* "the reference count to the device is incremented" */
			pci_dev_get(pdev);
			pci_dev_put(from);
			return pdev;
		}
	}
	/* "The reference count for @from is always decremented" */
	pci_dev_put(from);
	return NULL;
}

struct device *bus_find_device_by_name(const struct bus_type *bus, struct device *start,
				       const char *name)
{
	struct pci_dev *pdev = start ? to_pci_dev(start) : NULL;

	if (bus != &pci_bus_type)
		return NULL;
	while ((pdev = pci_get_device(PCI_ANY_ID, PCI_ANY_ID, pdev)))
		if (!strcmp(pci_name(pdev), name))
			return &pdev->dev;
	return NULL;
}

int sysfs_emit(char *buf, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = dmalab_vsnprintf(buf, PAGE_SIZE, fmt, ap);
	va_end(ap);
	return n;
}

DMALAB_NOCOV_END

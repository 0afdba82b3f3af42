// SPDX-License-Identifier: GPL-2.0-only
/*
 * Building the mock PCI tree of a topology, in the kernel's enumeration
 * order: each bus's functions in (slot, function) order, depth first, so
 * bus numbers, the bus device lists and the global device list are what
 * the kernel would have after a scan.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <linux/pci.h>
#include <linux/pci-p2pdma.h>
#include <linux/dma-mapping.h>
#include <dmalab/iommu.h>
#include <dmalab/pci.h>

#include "topology/topo_build.h"

static const int pcie_type_of[TOPO_NR_NODE_TYPES] = {
	[TOPO_ROOT_PORT] = PCI_EXP_TYPE_ROOT_PORT,
	[TOPO_SWITCH_UP] = PCI_EXP_TYPE_UPSTREAM,
	[TOPO_SWITCH_DOWN] = PCI_EXP_TYPE_DOWNSTREAM,
	[TOPO_ENDPOINT] = PCI_EXP_TYPE_ENDPOINT,
	[TOPO_RC_ENDPOINT] = PCI_EXP_TYPE_RC_END,
};

/* what a port advertises; the control register is the topology's */
#define ACS_CAP_BITS	(PCI_ACS_SV | PCI_ACS_TB | PCI_ACS_RR | PCI_ACS_CR | \
			 PCI_ACS_UF | PCI_ACS_EC | PCI_ACS_DT)

static int build_endpoint(struct topo_system *s, int i, struct pci_bus *bus,
			  char *err, size_t errlen)
{
	const struct topo_node *n = &s->t->nodes[i];
	struct dmalab_pci_place place = {
		.bus = bus, .devfn = PCI_DEVFN(n->slot, n->fn),
		.vendor = n->vendor, .device = n->device,
		.pcie_type = pcie_type_of[n->type],
	};
	struct dmalab_device_cfg cfg = {
		.dma_mask = DMA_BIT_MASK(n->dma_bits ? n->dma_bits : 64),
		.coherent = n->coherent,
		.untrusted = n->untrusted,
		.pci = &place,
	};
	static const enum dmalab_domain_kind kind[] = {
		[TOPO_IOMMU_DMA] = DMALAB_DOMAIN_DMA,
		[TOPO_IOMMU_DMA_FQ] = DMALAB_DOMAIN_DMA_FQ,
		[TOPO_IOMMU_IDENTITY] = DMALAB_DOMAIN_IDENTITY,
	};
	int ret = 0;

	if (n->iommu != TOPO_IOMMU_NONE) {
		struct dmalab_domain_cfg dcfg = { .format = s->pt_format,
						  .kind = kind[n->iommu] };

		s->domain[i] = dmalab_domain_create(&dcfg, &ret);
		if (!s->domain[i]) {
			snprintf(err, errlen, "%s: IOMMU domain: error %d", n->name, ret);
			return ret;
		}
	}
	s->dev[i] = dmalab_device_create(&cfg, s->domain[i], &ret);
	if (!s->dev[i]) {
		if (ret == -EIO)	/* dma_set_mask_and_coherent() refused the mask */
			snprintf(err, errlen, "%s: a %u-bit DMA mask is not supported here "
				 "(dma_set_mask_and_coherent: -EIO)", n->name, n->dma_bits);
		else
			snprintf(err, errlen, "%s: device: error %d", n->name, ret);
		if (s->domain[i])
			dmalab_domain_destroy(s->domain[i]);
		s->domain[i] = NULL;
		return ret;
	}
	s->pdev[i] = to_pci_dev(s->dev[i]);
	return 0;
}

static int build_node(struct topo_system *s, int i, struct pci_bus *bus, int *next_bus,
		      char *err, size_t errlen);

/* the functions on one bus, in (slot, fn) order */
static int build_bus(struct topo_system *s, int host, int parent, struct pci_bus *bus,
		     int *next_bus, char *err, size_t errlen)
{
	const struct topology *t = s->t;
	unsigned int devfn;
	int i, ret;

	for (devfn = 0; devfn < 256; devfn++) {
		for (i = 0; i < (int)t->nr_nodes; i++) {
			const struct topo_node *n = &t->nodes[i];

			if (n->host != host || n->parent != parent ||
			    PCI_DEVFN(n->slot, n->fn) != devfn)
				continue;
			ret = build_node(s, i, bus, next_bus, err, errlen);
			if (ret)
				return ret;
		}
	}
	return 0;
}

static int build_node(struct topo_system *s, int i, struct pci_bus *bus, int *next_bus,
		      char *err, size_t errlen)
{
	const struct topo_node *n = &s->t->nodes[i];
	int b, ret;

	if (topo_is_endpoint(s->t, i)) {
		ret = build_endpoint(s, i, bus, err, errlen);
		if (ret)
			return ret;
	} else {
		s->pdev[i] = dmalab_pci_bridge_create(bus, PCI_DEVFN(n->slot, n->fn), n->vendor,
						      n->device, pcie_type_of[n->type],
						      (*next_bus)++);
	}
	s->built_order[s->nr_built++] = i;
	if (n->acs_cap)
		dmalab_pci_set_acs(s->pdev[i], ACS_CAP_BITS, n->acs_ctrl);
	for (b = 0; b < TOPO_NR_BARS; b++) {
		const struct topo_bar *bar = &n->bars[b];

		if (!bar->size)
			continue;
		dmalab_pci_set_bar(s->pdev[i], b, bar->cpu_start, bar->size,
				   IORESOURCE_MEM | (bar->mem64 ? IORESOURCE_MEM_64 : 0) |
				   (bar->prefetch ? IORESOURCE_PREFETCH : 0));
	}
	if (s->pdev[i]->subordinate)
		return build_bus(s, n->host, i, s->pdev[i]->subordinate, next_bus, err, errlen);
	return 0;
}

/* what a driver does to offer its BAR memory for P2P */
static int add_providers(struct topo_system *s, char *err, size_t errlen)
{
	const struct topology *t = s->t;
	unsigned int i;
	int b, ret;

	for (i = 0; i < t->nr_nodes; i++) {
		bool any = false;

		for (b = 0; b < TOPO_NR_BARS; b++) {
			const struct topo_bar *bar = &t->nodes[i].bars[b];

			if (!bar->size || !bar->p2p)
				continue;
			ret = pci_p2pdma_add_resource(s->pdev[i], b, bar->p2p_size,
						      bar->p2p_offset);
			if (ret) {
				snprintf(err, errlen, "%s: pci_p2pdma_add_resource(bar %d): error %d",
					 t->nodes[i].name, b, ret);
				return ret;
			}
			s->provider[i][b] = pcim_p2pdma_provider(s->pdev[i], b);
			any = true;
		}
		if (any)
			pci_p2pmem_publish(s->pdev[i], true);
	}
	return 0;
}

int topo_build(const struct topology *t, struct topo_system *s, char *err, size_t errlen)
{
	return topo_build_format(t, s, DMALAB_PT_X86_64, err, errlen);
}

int topo_build_format(const struct topology *t, struct topo_system *s, int pt_format,
		      char *err, size_t errlen)
{
	static const u8 vendor[] = {
		[TOPO_CPU_OTHER] = X86_VENDOR_UNKNOWN,
		[TOPO_CPU_INTEL] = X86_VENDOR_INTEL,
		[TOPO_CPU_AMD] = X86_VENDOR_AMD,
	};
	unsigned int h, w;
	int ret;

	memset(s, 0, sizeof(*s));
	s->t = t;
	s->pt_format = pt_format;
	dmalab_set_cpu_model(vendor[t->cpu_vendor], t->cpu_family);
	for (h = 0; h < t->nr_hosts; h++) {
		const struct topo_host *th = &t->hosts[h];
		int next_bus = th->bus + 1;

		s->host[h] = dmalab_pci_host_bridge_create(th->segment, th->bus);
		for (w = 0; w < th->nr_windows; w++)
			dmalab_pci_host_bridge_add_window(s->host[h], th->windows[w].cpu_start,
							  th->windows[w].size,
							  th->windows[w].bus_start);
		if (th->hb_dev)
			s->hb_dev[h] = dmalab_pci_function_create(s->host[h]->bus,
								  PCI_DEVFN(0, 0), th->vendor,
								  th->device);
		ret = build_bus(s, h, -1, s->host[h]->bus, &next_bus, err, errlen);
		if (ret)
			goto fail;
	}
	ret = add_providers(s, err, errlen);
	if (ret)
		goto fail;
	return 0;
fail:
	topo_teardown(s);
	return ret;
}

void topo_teardown(struct topo_system *s)
{
	const struct topology *t = s->t;
	int k, h;

	if (!t)
		return;
	/* children before parents: the reverse of the enumeration */
	for (k = s->nr_built - 1; k >= 0; k--) {
		int i = s->built_order[k];

		if (s->dev[i])
			dmalab_device_destroy(s->dev[i]);
		else if (s->pdev[i])
			dmalab_pci_dev_remove(s->pdev[i]);
		if (s->domain[i])
			dmalab_domain_destroy(s->domain[i]);
	}
	for (h = TOPO_MAX_HOSTS - 1; h >= 0; h--) {
		if (s->hb_dev[h])
			dmalab_pci_dev_remove(s->hb_dev[h]);
		if (s->host[h])
			dmalab_pci_host_bridge_destroy(s->host[h]);
	}
	memset(s, 0, sizeof(*s));
}

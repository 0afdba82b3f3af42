/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The mock PCI core (kernel-shim/runtime/pci.c): host bridges with MMIO
 * windows, buses, ports and functions with a config space (header, PCIe
 * capability, ACS), BARs. The harness builds PCI trees with it (from a
 * topology: topology/topo_build.c); the kernel code reads them through the
 * accessors of <linux/pci.h>.
 *
 * Devices made by dmalab_device_create() without a placement sit on a
 * default root bus (00:00.0, segment 0) under a host bridge with one 32-bit
 * MMIO window, as before topologies existed.
 */
#ifndef _DMALAB_PCI_H
#define _DMALAB_PCI_H

#include <linux/pci.h>

struct pci_host_bridge *dmalab_pci_host_bridge_create(int segment, u8 busnr);
int dmalab_pci_host_bridge_add_window(struct pci_host_bridge *host, u64 cpu_start,
				      u64 size, u64 bus_start);
/*
 * An inbound window (devicetree dma-ranges, as of_pci_range parsing fills
 * bridge->dma_ranges on arm64 hosts): bus addresses [bus_start, +size) a
 * device's DMA may use, at CPU address cpu_start. Kept in the order added.
 */
int dmalab_pci_host_bridge_add_dma_range(struct pci_host_bridge *host, u64 cpu_start,
					 u64 size, u64 bus_start);
/* after every device on it is removed */
void dmalab_pci_host_bridge_destroy(struct pci_host_bridge *host);

/*
 * Put pdev on bus at devfn with a fresh config space: vendor/device ids, a
 * PCIe capability of the given PCI_EXP_TYPE_*, a bridge header for ports.
 * It is named "SSSS:BB:DD.F" unless it has a name already.
 */
void dmalab_pci_dev_init(struct pci_dev *pdev, struct pci_bus *bus, unsigned int devfn,
			 u16 vendor, u16 device, int pcie_type);
/* a port (root port, switch port) with its secondary bus */
struct pci_dev *dmalab_pci_bridge_create(struct pci_bus *bus, unsigned int devfn,
					 u16 vendor, u16 device, int pcie_type,
					 u8 secondary);
/* a function that does no DMA in the harness (a host bridge at 00.0) */
struct pci_dev *dmalab_pci_function_create(struct pci_bus *bus, unsigned int devfn,
					   u16 vendor, u16 device);
/* an ACS extended capability with these capability and control bits */
void dmalab_pci_set_acs(struct pci_dev *pdev, u16 cap, u16 ctrl);
/* a memory BAR (IORESOURCE_MEM, | IORESOURCE_MEM_64, | IORESOURCE_PREFETCH) */
void dmalab_pci_set_bar(struct pci_dev *pdev, int bar, u64 cpu_start, u64 size,
			unsigned long flags);
/*
 * Release its managed resources (what drivers set up: p2pdma state, device
 * pages) and take it off its bus. A port made by dmalab_pci_bridge_create()
 * is freed with its secondary bus, which must be empty.
 */
void dmalab_pci_dev_remove(struct pci_dev *pdev);

/* The CPU the kernel code sees (cpu_data(0)): X86_VENDOR_*, family. */
void dmalab_set_cpu_model(u8 vendor, u8 family);

extern struct pci_bus dmalab_root_bus;

#endif

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * PCI topologies: host bridges, root ports, switches, endpoints, their ACS
 * settings and BARs, and the DMA side (IOMMU domain, mask) of each device.
 *
 * One structure, two encodings that convert to each other losslessly: a
 * text form people write (docs/topology.md, the .topo files in corpus/topologies/) and a
 * compact binary form fuzzers mutate. Neither knows about the kernel: the
 * mock PCI core (kernel-shim) is built from a struct topology, and the
 * reference model (p2p_model.h) reads it directly.
 *
 * Bus numbers are not written down: they are assigned depth-first, in
 * (slot, function) order, from each host bridge's root bus number, as the
 * kernel enumerates (topo_bus_numbers()).
 */
#ifndef DMALAB_TOPOLOGY_H
#define DMALAB_TOPOLOGY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <dmalab/machine.h>

#define TOPO_MAX_HOSTS		4
#define TOPO_MAX_NODES		48
#define TOPO_MAX_WINDOWS	4	/* MMIO windows per host bridge */
#define TOPO_NR_BARS		6
#define TOPO_NAME_LEN		16	/* names: [A-Za-z0-9_-], 1..15 chars */

/*
 * CPU physical addresses BARs may use: the memory model's MMIO space, above
 * its 64 GiB of RAM. Host bridge windows (and so every BAR) must lie here;
 * their bus addresses may be anything (window offsets).
 */
#define TOPO_MMIO_START		DMALAB_MMIO_START
#define TOPO_MMIO_END		DMALAB_MMIO_END

enum topo_cpu_vendor {
	TOPO_CPU_OTHER,
	TOPO_CPU_INTEL,
	TOPO_CPU_AMD,
};

struct topo_window {
	uint64_t cpu_start;	/* CPU physical address of the window */
	uint64_t size;
	uint64_t bus_start;	/* PCI bus address of cpu_start */
};

struct topo_host {
	char name[TOPO_NAME_LEN];
	uint16_t segment;	/* PCI domain number */
	uint8_t bus;		/* root bus number */
	/*
	 * A host bridge function at 00.0 on the root bus (Intel's usual
	 * layout), with these ids. Without it the first root port is what
	 * identifies the root complex.
	 */
	bool hb_dev;
	uint16_t vendor, device;
	unsigned int nr_windows;
	struct topo_window windows[TOPO_MAX_WINDOWS];
};

enum topo_node_type {
	TOPO_ROOT_PORT,		/* on a root bus; parent: a host bridge */
	TOPO_SWITCH_UP,		/* parent: a root port or switch downstream port */
	TOPO_SWITCH_DOWN,	/* parent: a switch upstream port */
	TOPO_ENDPOINT,		/* parent: a root port or switch downstream port */
	TOPO_RC_ENDPOINT,	/* root complex integrated; parent: a host bridge */
	TOPO_NR_NODE_TYPES,
};

/* ACS control bits: PCI_ACS_* of include/uapi/linux/pci_regs.h */
#define TOPO_ACS_SV	0x0001	/* source validation */
#define TOPO_ACS_TB	0x0002	/* translation blocking */
#define TOPO_ACS_RR	0x0004	/* P2P request redirect */
#define TOPO_ACS_CR	0x0008	/* P2P completion redirect */
#define TOPO_ACS_UF	0x0010	/* upstream forwarding */
#define TOPO_ACS_EC	0x0020	/* P2P egress control */
#define TOPO_ACS_DT	0x0040	/* direct translated P2P */
#define TOPO_ACS_ALL	0x007f

struct topo_bar {
	uint64_t cpu_start;	/* CPU physical address; size 0: no BAR */
	uint64_t size;		/* a power of two, cpu_start aligned to it */
	bool mem64;		/* 64-bit memory BAR (else 32-bit) */
	bool prefetch;
	/* offered as P2P memory: pci_p2pdma_add_resource(bar, p2p_size, p2p_offset) */
	bool p2p;
	uint64_t p2p_offset;
	uint64_t p2p_size;	/* 0: from p2p_offset to the end of the BAR */
};

enum topo_iommu {
	TOPO_IOMMU_DMA,		/* strict DMA domain (the default) */
	TOPO_IOMMU_DMA_FQ,	/* flush-queue DMA domain */
	TOPO_IOMMU_IDENTITY,	/* passthrough */
	TOPO_IOMMU_NONE,	/* no IOMMU: dma-direct */
	TOPO_NR_IOMMU,
};

struct topo_node {
	char name[TOPO_NAME_LEN];
	enum topo_node_type type;
	int8_t host;		/* index into hosts[] (every node has one) */
	int8_t parent;		/* index into nodes[]; -1: on the host's root bus */
	uint8_t slot;		/* device number 0..31 on the parent's bus */
	uint8_t fn;		/* function 0..7 */
	uint16_t vendor, device;
	bool acs_cap;		/* has an ACS extended capability */
	uint16_t acs_ctrl;	/* its control register, TOPO_ACS_* */
	struct topo_bar bars[TOPO_NR_BARS];
	/* DMA properties (endpoints; ignored on ports) */
	enum topo_iommu iommu;
	uint8_t dma_bits;	/* DMA mask width, 24..64 */
	bool coherent;
	bool untrusted;
};

struct topology {
	enum topo_cpu_vendor cpu_vendor;
	uint8_t cpu_family;	/* x86 family, e.g. 0x19 for AMD Zen 3/4 */
	unsigned int nr_hosts, nr_nodes;
	struct topo_host hosts[TOPO_MAX_HOSTS];
	struct topo_node nodes[TOPO_MAX_NODES];
};

/*
 * Errors: every function that can fail writes one line to err (no newline),
 * "line N: ..." for text input, "byte N: ..." or "node NAME: ..." otherwise,
 * and returns a negative errno-style value.
 */

/* Text form: parse (and validate) / print (canonical; parse(print(t)) == t). */
int topo_parse_text(const char *text, size_t len, struct topology *t,
		    char *err, size_t errlen);
int topo_print_text(const struct topology *t, FILE *f);

/*
 * Binary form: encode returns the size (<= TOPO_BIN_MAX), or 0 if it does
 * not fit cap or t cannot be encoded (encode valid topologies only); decode
 * validates, and never reads past len.
 */
#define TOPO_BIN_MAX	8192
size_t topo_encode(const struct topology *t, uint8_t *buf, size_t cap);
int topo_decode(const uint8_t *buf, size_t len, struct topology *t,
		char *err, size_t errlen);
/*
 * How many bytes the binary topology at buf takes, from its header (the
 * records are of fixed size): 0 if buf does not start with the magic and a
 * whole header. What follows those bytes is not the topology's.
 */
size_t topo_binary_size(const uint8_t *buf, size_t len);

/* A file in either form (the binary one starts with its magic). */
int topo_load(const char *path, struct topology *t, char *err, size_t errlen);

/* The semantic checks both parsers run (see docs/topology.md). */
int topo_validate(const struct topology *t, char *err, size_t errlen);

/* Lookups and derived facts. */
int topo_find_node(const struct topology *t, const char *name);	/* -1: none */
/* bus number of each node's own bus (the bus it sits on) and, for ports,
 * of its secondary bus (-1 for endpoints) */
void topo_bus_numbers(const struct topology *t, int bus_of[TOPO_MAX_NODES],
		      int secondary_of[TOPO_MAX_NODES]);
/* "SSSS:BB:DD.F", as the kernel's pci_name() prints it */
void topo_bdf(const struct topology *t, int node, char buf[16]);
/* bus address of a CPU physical address inside one of node's host windows;
 * false if it is in none */
bool topo_cpu_to_bus(const struct topology *t, int node, uint64_t cpu, uint64_t *bus);

const char *topo_node_type_name(enum topo_node_type type);
const char *topo_iommu_name(enum topo_iommu iommu);

#endif

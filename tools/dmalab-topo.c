// SPDX-License-Identifier: GPL-2.0-only
/*
 * dmalab-topo: PCI topologies (docs/topology.md) as trees, and the kernel's
 * peer-to-peer decisions in them.
 *
 *   dmalab-topo FILE              the tree, then for every P2P provider the
 *                                 kernel's map type, distance and DMA address
 *                                 for each endpoint, beside the model's
 *   dmalab-topo -c FILE           validate only (one line on error, exit 1)
 *   dmalab-topo -t FILE [-o OUT]  print the canonical text form
 *   dmalab-topo -b FILE -o OUT    write the binary form (what fuzzers mutate)
 *
 * FILE is either form. The decisions are the compiled p2pdma.c's, asked as
 * a driver would (pci_p2pdma_map_type, pci_p2pdma_distance); the DMA address
 * is what the client would be given for the first byte of the provider's
 * P2P memory (the bus address, or an MMIO mapping through its IOMMU).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/pci.h>
#include <linux/pci-p2pdma.h>
#include <linux/dma-mapping.h>
#include <dmalab/runtime.h>

#include "topology/topology.h"

/* the fuzz engines' kernel command line: inputs replay on the same kernel */
const char *const dmalab_program_cmdline = DMALAB_FUZZ_CMDLINE;
#include "topology/topo_build.h"
#include "oracle/p2p_model.h"
#include "oracle/p2p_check.h"

static const char *type_text(enum topo_node_type type)
{
	static const char *const text[TOPO_NR_NODE_TYPES] = {
		[TOPO_ROOT_PORT] = "root port",
		[TOPO_SWITCH_UP] = "switch upstream port",
		[TOPO_SWITCH_DOWN] = "switch downstream port",
		[TOPO_ENDPOINT] = "endpoint",
		[TOPO_RC_ENDPOINT] = "root complex integrated endpoint",
	};
	return text[type];
}

static void print_acs(const struct topo_node *n)
{
	static const char *const bit[] = { "sv", "tb", "rr", "cr", "uf", "ec", "dt" };
	unsigned int i;
	bool first = true;

	if (!n->acs_cap)
		return;
	printf("  ACS");
	for (i = 0; i < ARRAY_SIZE(bit); i++) {
		if (n->acs_ctrl & (1U << i)) {
			printf("%s%s", first ? " " : ",", bit[i]);
			first = false;
		}
	}
	if (first)
		printf(" (capability, nothing enabled)");
	if (n->acs_ctrl & (TOPO_ACS_RR | TOPO_ACS_CR | TOPO_ACS_EC))
		printf(" -> redirects P2P upstream");
}

static void print_size(u64 size)
{
	static const char unit[] = "KMGT";
	int u = -1;

	while (size >= 1024 && !(size & 1023) && u < 3) {
		size >>= 10;
		u++;
	}
	if (u < 0)
		printf("%llu", (unsigned long long)size);
	else
		printf("%llu%ciB", (unsigned long long)size, unit[u]);
}

static void print_node(const struct topology *t, int i, const char *prefix, bool last)
{
	const struct topo_node *n = &t->nodes[i];
	char bdf[16], sub[256];
	int b, c, nr = 0, k = 0;

	topo_bdf(t, i, bdf);
	printf("%s%s %s  %s  %04x:%04x", prefix, last ? "└─" : "├─", bdf, n->name,
	       n->vendor, n->device);
	printf("  %s", type_text(n->type));
	print_acs(n);
	printf("\n");
	snprintf(sub, sizeof(sub), "%s%s", prefix, last ? "   " : "│  ");
	if (topo_is_endpoint(t, i))
		printf("%s   DMA: iommu %s, %u-bit mask, %scoherent%s\n", sub,
		       topo_iommu_name(n->iommu), n->dma_bits, n->coherent ? "" : "non",
		       n->untrusted ? ", untrusted" : "");
	for (b = 0; b < TOPO_NR_BARS; b++) {
		const struct topo_bar *bar = &n->bars[b];
		uint64_t bus = 0;

		if (!bar->size)
			continue;
		topo_cpu_to_bus(t, i, bar->cpu_start, &bus);
		printf("%s   BAR%d %#llx (", sub, b, (unsigned long long)bar->cpu_start);
		print_size(bar->size);
		printf(") bus %#llx%s%s", (unsigned long long)bus, bar->mem64 ? ", 64-bit" : "",
		       bar->prefetch ? ", prefetchable" : "");
		if (bar->p2p) {
			printf(", P2P memory from +%#llx", (unsigned long long)bar->p2p_offset);
			if (bar->p2p_size) {
				printf(" (");
				print_size(bar->p2p_size);
				printf(")");
			}
		}
		printf("\n");
	}
	for (c = 0; c < (int)t->nr_nodes; c++)
		if (t->nodes[c].parent == i)
			nr++;
	/* children in (slot, function) order, as enumerated */
	for (b = 0; b < 256 && k < nr; b++)
		for (c = 0; c < (int)t->nr_nodes; c++)
			if (t->nodes[c].parent == i &&
			    PCI_DEVFN(t->nodes[c].slot, t->nodes[c].fn) == b)
				print_node(t, c, sub, ++k == nr);
}

static void print_tree(const struct topology *t)
{
	static const char *const cpu[] = { "unknown vendor", "Intel", "AMD" };
	unsigned int h, w;
	int c, d, nr, k;

	printf("CPU: %s, family %#x\n", cpu[t->cpu_vendor], t->cpu_family);
	for (h = 0; h < t->nr_hosts; h++) {
		const struct topo_host *th = &t->hosts[h];

		printf("%s  host bridge, segment %04x, root bus %02x", th->name, th->segment,
		       th->bus);
		if (th->hb_dev)
			printf(", %04x:%04x at 00.0", th->vendor, th->device);
		printf("%s\n", p2p_model_host_routes_p2p(t, h, true) ?
		       "  (routes P2P)" : "  (P2P through it: not known to work)");
		for (w = 0; w < th->nr_windows; w++)
			printf("   window %#llx-%#llx -> bus %#llx\n",
			       (unsigned long long)th->windows[w].cpu_start,
			       (unsigned long long)(th->windows[w].cpu_start + th->windows[w].size - 1),
			       (unsigned long long)th->windows[w].bus_start);
		nr = 0;
		for (c = 0; c < (int)t->nr_nodes; c++)
			if (t->nodes[c].host == (int)h && t->nodes[c].parent < 0)
				nr++;
		k = 0;
		for (d = 0; d < 256; d++)
			for (c = 0; c < (int)t->nr_nodes; c++)
				if (t->nodes[c].host == (int)h && t->nodes[c].parent < 0 &&
				    PCI_DEVFN(t->nodes[c].slot, t->nodes[c].fn) == d)
					print_node(t, c, "", ++k == nr);
	}
}

static void usage(FILE *f)
{
	fprintf(f, "usage: dmalab-topo [-c | -t | -b] FILE [-o OUT]\n"
		"  (no option)  the tree and the kernel's P2P decisions beside the model's\n"
		"  -c           validate only\n"
		"  -t           print the canonical text form\n"
		"  -b           write the binary form to OUT (-o)\n");
}

int main(int argc, char **argv)
{
	static struct topology t;
	static struct topo_system s;
	const char *out = NULL;
	char err[300];
	int opt, mode = 0, disagree;
	FILE *f = stdout;

	while ((opt = getopt(argc, argv, "ctbo:h")) != -1) {
		switch (opt) {
		case 'c': case 't': case 'b':
			mode = opt;
			break;
		case 'o':
			out = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc - 1) {
		usage(stderr);
		return 2;
	}
	if (topo_load(argv[optind], &t, err, sizeof(err))) {
		fprintf(stderr, "dmalab-topo: %s\n", err);
		return 1;
	}
	if (mode == 'c') {
		printf("%s: ok, %u host bridges, %u devices\n", argv[optind], t.nr_hosts, t.nr_nodes);
		return 0;
	}
	if (mode == 't' || mode == 'b') {
		static uint8_t buf[TOPO_BIN_MAX];
		size_t n;

		if (mode == 'b' && !out) {
			fprintf(stderr, "dmalab-topo: -b needs -o OUT\n");
			return 2;
		}
		if (out && !(f = fopen(out, mode == 'b' ? "wb" : "w"))) {
			perror(out);
			return 1;
		}
		if (mode == 't') {
			topo_print_text(&t, f);
		} else {
			n = topo_encode(&t, buf, sizeof(buf));
			if (!n || fwrite(buf, 1, n, f) != n) {
				fprintf(stderr, "dmalab-topo: %s: cannot write\n", out);
				return 1;
			}
		}
		if (f != stdout && fclose(f)) {
			perror(out);
			return 1;
		}
		return 0;
	}
	print_tree(&t);
	if (topo_build(&t, &s, err, sizeof(err))) {
		fprintf(stderr, "dmalab-topo: %s: %s\n", argv[optind], err);
		return 1;
	}
	disagree = p2p_print_decisions(&s, stdout, true);
	topo_teardown(&s);
	if (disagree) {
		printf("\n%d decision(s) differ from the reference model\n", disagree);
		return 1;
	}
	return 0;
}

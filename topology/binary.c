// SPDX-License-Identifier: GPL-2.0-only
/*
 * The binary form of a topology, DMATOPO1 (docs/topology.md, "Binary
 * form"): little-endian fixed-size records that fuzzers mutate. Decoding
 * never reads past its input and ends in topo_validate().
 */
#include <string.h>

#include "topology/internal.h"

/* binary record sizes (docs/topology.md has the field offsets) */
#define BIN_HDR		12
#define BIN_WIN		24
#define BIN_HOST	(25 + TOPO_MAX_WINDOWS * BIN_WIN)
#define BIN_BAR		14
#define BIN_NODE	(28 + TOPO_NR_BARS * BIN_BAR)

_Static_assert(BIN_HDR + TOPO_MAX_HOSTS * BIN_HOST + TOPO_MAX_NODES * BIN_NODE <= TOPO_BIN_MAX,
	       "the largest topology fits TOPO_BIN_MAX");
_Static_assert(TOPO_MAX_NODES <= 127 && TOPO_MAX_HOSTS <= 127, "indices fit an int8_t");

static void put_le(uint8_t *b, unsigned int bytes, uint64_t v)
{
	unsigned int i;

	for (i = 0; i < bytes; i++)
		b[i] = v >> (8 * i);
}

static uint64_t get_le(const uint8_t *b, unsigned int bytes)
{
	uint64_t v = 0;
	unsigned int i;

	for (i = 0; i < bytes; i++)
		v |= (uint64_t)b[i] << (8 * i);
	return v;
}

static bool pages_fit(uint64_t v)
{
	return !(v & (SZ_4K - 1)) && v >> 12 <= UINT32_MAX;
}

static bool encode_node(const struct topology *t, const struct topo_node *n, uint8_t *r)
{
	int b;

	if ((unsigned int)n->type >= TOPO_NR_NODE_TYPES || n->slot > 31 || n->fn > 7 ||
	    strnlen(n->name, TOPO_NAME_LEN) == TOPO_NAME_LEN)
		return false;
	if (on_root_bus(n->type) ? n->host < 0 : n->parent < 0)
		return false;
	memcpy(r, n->name, strlen(n->name));
	r[16] = n->type;
	r[17] = on_root_bus(n->type) ? n->host : n->parent;
	r[18] = n->slot << 3 | n->fn;
	r[19] = n->acs_cap | n->coherent << 1 | n->untrusted << 2;
	put_le(r + 20, 2, n->vendor);
	put_le(r + 22, 2, n->device);
	put_le(r + 24, 2, n->acs_ctrl);
	r[26] = n->iommu;
	r[27] = n->dma_bits;
	for (b = 0; b < TOPO_NR_BARS; b++) {
		const struct topo_bar *bar = &n->bars[b];
		uint8_t *br = r + 28 + b * BIN_BAR;

		if (!bar->size)
			continue;
		if (bar->size & (bar->size - 1) || !pages_fit(bar->cpu_start) ||
		    !pages_fit(bar->p2p_offset) || !pages_fit(bar->p2p_size))
			return false;
		put_le(br, 4, bar->cpu_start >> 12);
		br[4] = __builtin_ctzll(bar->size);
		br[5] = bar->mem64 | bar->prefetch << 1 | bar->p2p << 2;
		put_le(br + 6, 4, bar->p2p_offset >> 12);
		put_le(br + 10, 4, bar->p2p_size >> 12);
	}
	return true;
}

size_t topo_encode(const struct topology *t, uint8_t *buf, size_t cap)
{
	size_t size = BIN_HDR + t->nr_hosts * BIN_HOST + t->nr_nodes * BIN_NODE;
	unsigned int h, w, i;
	uint8_t *r;

	if (t->nr_hosts > TOPO_MAX_HOSTS || t->nr_nodes > TOPO_MAX_NODES || !buf || cap < size)
		return 0;
	memset(buf, 0, size);
	memcpy(buf, MAGIC, MAGIC_LEN);
	buf[8] = t->cpu_vendor;
	buf[9] = t->cpu_family;
	buf[10] = t->nr_hosts;
	buf[11] = t->nr_nodes;
	for (h = 0, r = buf + BIN_HDR; h < t->nr_hosts; h++, r += BIN_HOST) {
		const struct topo_host *host = &t->hosts[h];

		if (host->nr_windows > TOPO_MAX_WINDOWS ||
		    strnlen(host->name, TOPO_NAME_LEN) == TOPO_NAME_LEN)
			return 0;
		memcpy(r, host->name, strlen(host->name));
		put_le(r + 16, 2, host->segment);
		r[18] = host->bus;
		r[19] = host->hb_dev;
		put_le(r + 20, 2, host->vendor);
		put_le(r + 22, 2, host->device);
		r[24] = host->nr_windows;
		for (w = 0; w < host->nr_windows; w++) {
			put_le(r + 25 + w * BIN_WIN, 8, host->windows[w].cpu_start);
			put_le(r + 33 + w * BIN_WIN, 8, host->windows[w].size);
			put_le(r + 41 + w * BIN_WIN, 8, host->windows[w].bus_start);
		}
	}
	for (i = 0; i < t->nr_nodes; i++, r += BIN_NODE)
		if (!encode_node(t, &t->nodes[i], r))
			return 0;
	return size;
}

/* a name field: up to its NUL, which must be there; the bytes after are unused */
static bool decode_name(const uint8_t *r, char name[TOPO_NAME_LEN])
{
	const uint8_t *nul = memchr(r, 0, TOPO_NAME_LEN);

	if (!nul)
		return false;
	memcpy(name, r, nul - r);
	return true;
}

static int decode_node(const uint8_t *r, size_t off, struct topology *t, struct topo_node *n,
		       char *err, size_t errlen)
{
	unsigned int flags = r[19];
	char buf[TOPO_NAME_LEN];
	int b;

	if (!decode_name(r, n->name))
		return errf(err, errlen, "byte %zu: node name is not NUL-terminated", off);
	if (r[16] >= TOPO_NR_NODE_TYPES)
		return errf(err, errlen, "byte %zu: node %s: unknown type %u", off + 16, safe(n->name, buf), r[16]);
	n->type = r[16];
	n->parent = -1;
	if (on_root_bus(n->type) && r[17] >= t->nr_hosts)
		return errf(err, errlen, "byte %zu: node %s: host bridge %u does not exist",
			    off + 17, safe(n->name, buf), r[17]);
	if (!on_root_bus(n->type) && r[17] >= t->nr_nodes)
		return errf(err, errlen, "byte %zu: node %s: parent %u does not exist",
			    off + 17, safe(n->name, buf), r[17]);
	if (on_root_bus(n->type))
		n->host = r[17];
	else
		n->parent = r[17];
	n->slot = r[18] >> 3;
	n->fn = r[18] & 7;
	n->vendor = get_le(r + 20, 2);
	n->device = get_le(r + 22, 2);
	n->acs_cap = flags & 1;
	n->acs_ctrl = n->acs_cap ? get_le(r + 24, 2) & TOPO_ACS_ALL : 0;
	/* DMA properties mean something on endpoints only: the defaults elsewhere */
	n->iommu = TOPO_IOMMU_DMA;
	n->dma_bits = 64;
	n->coherent = true;
	if (is_endpoint(n->type)) {
		if (r[26] >= TOPO_NR_IOMMU)
			return errf(err, errlen, "byte %zu: node %s: unknown iommu mode %u",
				    off + 26, safe(n->name, buf), r[26]);
		n->iommu = r[26];
		n->dma_bits = r[27];
		n->coherent = flags >> 1 & 1;
		n->untrusted = flags >> 2 & 1;
	}
	for (b = 0; b < TOPO_NR_BARS; b++) {
		const uint8_t *br = r + 28 + b * BIN_BAR;
		struct topo_bar *bar = &n->bars[b];

		if (!br[4])
			continue;	/* no BAR: the other bytes are unused */
		if (br[4] > 63)
			return errf(err, errlen, "byte %zu: node %s: bar%d size 2^%u",
				    off + 28 + b * BIN_BAR + 4, safe(n->name, buf), b, br[4]);
		bar->cpu_start = get_le(br, 4) << 12;
		bar->size = 1ULL << br[4];
		bar->mem64 = br[5] & 1;
		bar->prefetch = br[5] >> 1 & 1;
		bar->p2p = br[5] >> 2 & 1;
		if (bar->p2p) {
			bar->p2p_offset = get_le(br + 6, 4) << 12;
			bar->p2p_size = get_le(br + 10, 4) << 12;
		}
	}
	return 0;
}

size_t topo_binary_size(const uint8_t *buf, size_t len)
{
	if (len < BIN_HDR || memcmp(buf, MAGIC, MAGIC_LEN))
		return 0;
	return BIN_HDR + (size_t)buf[10] * BIN_HOST + (size_t)buf[11] * BIN_NODE;
}

int topo_decode(const uint8_t *buf, size_t len, struct topology *t, char *err, size_t errlen)
{
	char name[TOPO_NAME_LEN];
	size_t need, off, i;
	unsigned int w;
	int ret;

	memset(t, 0, sizeof(*t));
	for (i = 0; i < len && i < MAGIC_LEN; i++)
		if (buf[i] != (uint8_t)MAGIC[i])
			return errf(err, errlen, "byte %zu: not a binary topology (no %s magic)", i,
				    MAGIC);
	if (len < BIN_HDR)
		return errf(err, errlen, "byte %zu: truncated header (%d bytes)", len, BIN_HDR);
	if (buf[8] > TOPO_CPU_AMD)
		return errf(err, errlen, "byte 8: unknown CPU vendor %u (0 other, 1 intel, 2 amd)",
			    buf[8]);
	if (buf[10] > TOPO_MAX_HOSTS)
		return errf(err, errlen, "byte 10: %u host bridges, at most %d", buf[10],
			    TOPO_MAX_HOSTS);
	if (buf[11] > TOPO_MAX_NODES)
		return errf(err, errlen, "byte 11: %u nodes, at most %d", buf[11], TOPO_MAX_NODES);
	t->cpu_vendor = buf[8];
	t->cpu_family = buf[9];
	t->nr_hosts = buf[10];
	t->nr_nodes = buf[11];
	need = BIN_HDR + t->nr_hosts * BIN_HOST + t->nr_nodes * BIN_NODE;
	if (len < need) {
		off = BIN_HDR + t->nr_hosts * BIN_HOST;
		if (len < off)
			return errf(err, errlen, "byte %zu: truncated host record %zu of %u (%d bytes)",
				    len, (len - BIN_HDR) / BIN_HOST, t->nr_hosts, BIN_HOST);
		return errf(err, errlen, "byte %zu: truncated node record %zu of %u (%d bytes)",
			    len, (len - off) / BIN_NODE, t->nr_nodes, BIN_NODE);
	}
	if (len > need)
		return errf(err, errlen, "byte %zu: %zu extra bytes after the last record", need,
			    len - need);

	for (i = 0, off = BIN_HDR; i < t->nr_hosts; i++, off += BIN_HOST) {
		const uint8_t *r = buf + off;
		struct topo_host *host = &t->hosts[i];

		if (!decode_name(r, host->name))
			return errf(err, errlen, "byte %zu: host name is not NUL-terminated", off);
		host->segment = get_le(r + 16, 2);
		host->bus = r[18];
		host->hb_dev = r[19] & 1;
		if (host->hb_dev) {
			host->vendor = get_le(r + 20, 2);
			host->device = get_le(r + 22, 2);
		}
		if (r[24] > TOPO_MAX_WINDOWS)
			return errf(err, errlen, "byte %zu: host %s: %u windows, at most %d",
				    off + 24, safe(host->name, name), r[24], TOPO_MAX_WINDOWS);
		host->nr_windows = r[24];
		for (w = 0; w < host->nr_windows; w++) {
			host->windows[w].cpu_start = get_le(r + 25 + w * BIN_WIN, 8);
			host->windows[w].size = get_le(r + 33 + w * BIN_WIN, 8);
			host->windows[w].bus_start = get_le(r + 41 + w * BIN_WIN, 8);
		}
	}
	for (i = 0; i < t->nr_nodes; i++, off += BIN_NODE) {
		ret = decode_node(buf + off, off, t, &t->nodes[i], err, errlen);
		if (ret)
			return ret;
	}
	/*
	 * Nodes below a port take their parent's host bridge. A cycle or a
	 * forward reference leaves host 0 here; topo_validate() says which.
	 */
	for (i = 0; i < t->nr_nodes; i++) {
		struct topo_node *n = &t->nodes[i];
		int cur = i, steps;

		for (steps = 0; steps <= (int)t->nr_nodes && t->nodes[cur].parent >= 0; steps++)
			cur = t->nodes[cur].parent;
		n->host = t->nodes[cur].parent < 0 ? t->nodes[cur].host : 0;
	}
	return topo_validate(t, err, errlen);
}

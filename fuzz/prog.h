/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Fuzz programs: a configuration (IOMMU, device, CPUs) followed by a
 * sequence of operations on the mapping APIs. (Targets whose inputs also
 * carry a PCI topology put it before the program: fuzz/target.h,
 * topo_prog_codec.)
 *
 * Two views of one structure, both described by the tables in prog.c:
 *
 * binary  what the engines mutate. The configuration's bytes, then per op
 *         one opcode byte (taken modulo the number of ops) and its argument
 *         bytes, little-endian. Every byte string decodes: missing bytes
 *         read as zero, each value is reduced into its argument's range,
 *         ops past PROG_MAX_OPS are dropped.
 * text    what people read and write: a "config" line with key=value pairs,
 *         then one op a line ("map_phys range=2 dir=to_device attrs=0").
 *         '#' starts a comment; omitted arguments are 0.
 *
 * Both directions are lossless on programs: text -> program -> text gives
 * back the same text (canonical spelling), and binary -> program -> binary
 * gives back the same bytes whenever the input was canonical (every value
 * already in range); otherwise it gives the canonical bytes of the very
 * same program.
 */
#ifndef _DMALAB_PROG_H
#define _DMALAB_PROG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define PROG_MAX_ARGS	6	/* of an op */
#define PROG_SPEC_ARGS	12	/* of any spec, the configuration's included */
#define PROG_MAX_OPS	256

/* The configuration's fields, in binary order. */
enum prog_cfg_field {
	CFG_FORMAT,		/* page-table format: x86_64 amdv1 amdv1_mock */
	CFG_DOMAIN,		/* strict fq identity none */
	CFG_COHERENT,
	CFG_UNTRUSTED,
	CFG_MASK_BITS,		/* device DMA mask width, 24..64 */
	CFG_MAX_SEG_LOG2,	/* max segment size, 0 = default, 12..32 */
	CFG_BOUNDARY_LOG2,	/* segment boundary, 0 = default, 12..63 */
	CFG_MIN_ALIGN_LOG2,	/* min_align_mask = 2^n - 1, 0 = none */
	CFG_CPUS,		/* CPUs, 1..8 */
	CFG_NR_FIELDS,
};

/* The operations. Each target runs the ones that concern it. */
enum prog_opcode {
	/* the range list: physical ranges of the test buffer */
	OP_RANGE,		/* append pfn order offset len */
	OP_CLEAR,		/* empty the range list */
	/* scatterlist */
	OP_SG_BUILD,		/* sg table from the ranges' pages */
	OP_SG_APPEND,		/* append the ranges to the append table */
	OP_SG_FREE,		/* free both tables */
	OP_SG_NENTS,		/* sg_nents_for_len(len) on the table */
	/* dma-mapping */
	OP_MAP_SG,		/* dma_map_sgtable of the sg table */
	OP_UNMAP_SG,
	OP_MAP_PHYS,		/* dma_map_phys of one range */
	OP_UNMAP_PHYS,		/* a live dma_map_phys mapping, by slot */
	OP_IOVA_ALLOC,		/* dma_iova_try_alloc for the ranges' total */
	OP_IOVA_LINK,		/* dma_iova_link of the next range */
	OP_IOVA_SYNC,
	OP_IOVA_UNLINK,		/* a linked piece, by index */
	OP_IOVA_DESTROY,
	OP_DIFF,		/* the ranges through sg and IOVA paths: same bytes? */
	/* the IOVA allocator itself */
	OP_ALLOC_IOVA,		/* alloc_iova size limit aligned */
	OP_FREE_IOVA,		/* a live iova, by slot */
	OP_RESERVE_IOVA,	/* reserve_iova lo len */
	OP_ALLOC_FAST,		/* alloc_iova_fast size limit */
	OP_FREE_FAST,		/* a live fast iova, by slot */
	/* environment */
	OP_CPU,			/* run on CPU n */
	OP_CPU_DEAD,		/* CPU n goes offline: hotplug callbacks */
	OP_DRAIN,		/* run deferred work and timers */
	OP_FAIL_NTH,		/* fail the nth allocation from now */
	/* PCI peer-to-peer, on the program's topology (topology programs) */
	OP_P2P_CHECK_ALL,	/* every pair: decisions, distance_many, mappings */
	OP_P2P_PAIR,		/* map type and distance of one provider/client pair */
	OP_P2P_MAP,		/* map a range of a provider's P2P BAR for a client */
	/* the block layer's request mapping (block/blk-mq-dma.c) */
	OP_BLK_LIMITS,		/* queue limits for the next requests */
	OP_BLK_BIO,		/* the ranges since the last bio make a bio */
	OP_BLK_MAP,		/* the bios as one request: map, check, unmap */
	/* dma-buf export of BAR ranges (dma-buf-mapping.c, vfio_pci_dmabuf.c) */
	OP_DMABUF_RANGE,	/* append a range (pages of a BAR) to the next export */
	OP_DMABUF_EXPORT,	/* export the ranges: the VFIO ioctl, or a plain exporter */
	OP_DMABUF_ATTACH,	/* an importer attaches to a buffer */
	OP_DMABUF_MAP,		/* an attachment maps the buffer (checked) */
	OP_DMABUF_UNMAP,
	OP_DMABUF_REVOKE,	/* the exporting function's memory off (revoke) or on */
	OP_DMABUF_CLOSE,	/* detach a buffer's importers, close it */
	/* RDMA R/W contexts (drivers/infiniband/core/rw.c) */
	OP_RDMA_QP,		/* the HCA's queue pair from now on */
	OP_RDMA_RW,		/* the ranges as one R/W context: init, check, destroy */
	/* a GPU SVM migration's system pages, as drm_pagemap maps them */
	OP_GPU_ENTRY,		/* append holes, or folios, to the migrate_pfn array */
	OP_GPU_MIGRATE,		/* map the array, check, unmap, check */
	/* TSO payload mapping (net/core/tso.c) */
	OP_TSO_XMIT,		/* the ranges as a GSO skb's frags: map, walk, check, clean up */
	PROG_NR_OPS,
};

struct prog_arg_spec {
	const char *name;
	uint8_t bytes;			/* in the binary form: 1, 2, 4 or 8 */
	uint64_t lo, hi;		/* values are reduced into [lo, hi] */
	const char *const *names;	/* enum spellings, or NULL */
	bool hex;			/* printed in hex */
};

struct prog_op_spec {
	const char *name;
	unsigned int nargs;
	struct prog_arg_spec args[PROG_SPEC_ARGS];
};

struct prog_op {
	uint8_t code;
	uint64_t arg[PROG_MAX_ARGS];
};

struct prog {
	uint64_t cfg[CFG_NR_FIELDS];
	unsigned int nops;
	struct prog_op ops[PROG_MAX_OPS];
};

extern const struct prog_op_spec prog_cfg_spec;
extern const struct prog_op_spec prog_op_specs[PROG_NR_OPS];

/* A default configuration and no ops. */
void prog_init(struct prog *p);
/* Never fails: every byte string is a program. */
void prog_decode(struct prog *p, const uint8_t *data, size_t size);
/* Canonical bytes; returns the size, or 0 if buf is too small. */
size_t prog_encode(const struct prog *p, uint8_t *buf, size_t cap);
size_t prog_max_encoded_size(void);
void prog_print(const struct prog *p, FILE *f);
/* One op, as a line of the text form. */
void prog_print_op(const struct prog_op *op, FILE *f);
/*
 * Parse the text form. On a bad line returns false and writes one line
 * into err: "line N: what is wrong".
 */
bool prog_parse(struct prog *p, const char *text, char *err, size_t errlen);
/* Does this buffer look like the text form? (first non-blank is '#' or "config") */
bool prog_is_text(const uint8_t *data, size_t size);

#endif

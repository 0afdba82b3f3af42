/* SPDX-License-Identifier: GPL-2.0-only */
/* dmalab shim: tracepoints are compiled out. */
#define trace_swiotlb_bounced(...)	do { } while (0)

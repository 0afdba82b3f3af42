// SPDX-License-Identifier: GPL-2.0-only
/*
 * What the checker's self-tests share: the targets they run on, the
 * capture and classification of the checker's reports, the environment of
 * one test, and the ways a test tampers with a state.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <linux/mm.h>
#include <linux/iommu.h>
#include <linux/dma-direct.h>
#include <dmalab/machine.h>

#include "tests/oracle/oracle_test.h"

/* ==== targets ============================================================= */

static const struct target iommu_targets[] = {
	{ "x86_64", true, DMALAB_PT_X86_64 },
	{ "amdv1", true, DMALAB_PT_AMDV1 },
	{ "amdv1_mock", true, DMALAB_PT_AMDV1_MOCK },
};

static const struct target all_targets[] = {
	{ "x86_64", true, DMALAB_PT_X86_64 },
	{ "amdv1", true, DMALAB_PT_AMDV1 },
	{ "amdv1_mock", true, DMALAB_PT_AMDV1_MOCK },
	{ "direct", false },
};

static const struct target mock_targets[] = {
	{ "amdv1_mock", true, DMALAB_PT_AMDV1_MOCK },
};

/* A format the mock cannot build is a shim problem: skip, do not fail. */
static const char *target_skip(const void *param, const struct ktest *t)
{
	const struct target *tg = param;
	static char why[DMALAB_PT_NR_FORMATS][96];
	static bool tried[DMALAB_PT_NR_FORMATS];

	if (!tg->iommu)
		return NULL;
	if (!tried[tg->format]) {
		struct dmalab_domain_cfg dc = { .format = tg->format };
		struct dmalab_domain *d;
		int err = 0;

		tried[tg->format] = true;
		d = dmalab_domain_create(&dc, &err);
		if (d)
			dmalab_domain_destroy(d);
		else
			snprintf(why[tg->format], sizeof(why[0]),
				 "dmalab_domain_create(%s): %d, a shim problem", tg->name, err);
	}
	return why[tg->format][0] ? why[tg->format] : NULL;
}

const struct kt_params iommu_params = KT_PARAMS(iommu_targets, .skip = target_skip);
const struct kt_params all_params = KT_PARAMS(all_targets, .skip = target_skip);
const struct kt_params mock_params = KT_PARAMS(mock_targets, .skip = target_skip);

/* ==== classifying the checker's messages ================================== */

/*
 * The distinctive words of each message of oracle/checker.c, first match
 * wins. None of the messages names its invariant; the words are what a
 * reader of a report has to go by.
 */
static const struct {
	enum inv inv;
	const char *words;
} classes[] = {
	{ INV_TEARDOWN, "teardown:" },
	{ INV_OTHER, "was not verified" },		/* check_syncs() misuse */
	{ INV_OTHER, "check_syncs:" },
	{ INV_SYNCS, "arch_sync_dma_" },
	{ INV_V2, "bounced range not contiguous" },
	{ INV_V2, "leaves the swiotlb pool" },
	{ INV_V2, "differs from the buffer" },
	{ INV_V2, "is not what the buffer held" },
	{ INV_V2, "share swiotlb bytes" },
	{ INV_V2, "whose slots swiotlb has not allocated" },
	{ INV_V3, "in their offset within" },
	{ INV_V4, "but no live mapping covers it" },
	{ INV_V4, "the page table maps" },
	{ INV_V5, "share IOVA" },
	{ INV_V9, "allocated in the domain's IOVA allocator" },
	{ INV_V9, "runs past its IOVA allocation" },
	{ INV_V6, "above the device's limit" },
	{ INV_V6, "outside its IOVA reservation" },
	{ INV_V7, "max segment size" },
	{ INV_V7, "crosses a segment boundary" },
	{ INV_V7, "after mapping" },
	{ INV_V8, "untrusted device reaches" },
	{ INV_V8, "padding of a bounced granule" },
	/* after "swiotlb copy ... differs": V1's own text says "or a swiotlb copy" */
	{ INV_V1, "expected phys" },
	{ INV_MORE, "more problems" },
};

static const char *const inv_names[INV_NR] = {
	[INV_V1] = "V1", [INV_V2] = "V2", [INV_V3] = "V3", [INV_V4] = "V4",
	[INV_V5] = "V5", [INV_V6] = "V6", [INV_V7] = "V7", [INV_V8] = "V8", [INV_V9] = "V9",
	[INV_SYNCS] = "syncs", [INV_TEARDOWN] = "teardown", [INV_MORE] = "more",
	[INV_OTHER] = "other",
};

/* A tag "V1".."V9" standing as a word of its own, or 0. */
static enum inv tag_of(const char *msg)
{
	const char *s;

	for (s = msg; (s = strchr(s, 'V')); s++)
		if (s[1] >= '1' && s[1] <= '9' && !isalnum((unsigned char)s[2]) &&
		    (s == msg || !isalnum((unsigned char)s[-1])))
			return INV_V1 + (s[1] - '1');
	return 0;
}

enum inv ot_classify(const char *msg)
{
	enum inv tag = tag_of(msg), words = INV_OTHER;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(classes); i++)
		if (strstr(msg, classes[i].words)) {
			words = classes[i].inv;
			break;
		}
	if (!tag)
		return words;
	/* a tag wins, but a tag that contradicts the words is a finding */
	if (words >= INV_V1 && words <= INV_V9 && words != tag)
		return INV_OTHER;
	return tag;
}

void env_capture(void *priv, const char *msg)
{
	struct env *e = priv;

	if (e->nr_msgs == MAX_MSGS) {
		e->lost_msgs++;
		return;
	}
	e->msg[e->nr_msgs] = strdup(msg);
	if (!e->msg[e->nr_msgs])
		abort();
	e->nr_msgs++;
}

static void drop_msgs(struct env *e)
{
	while (e->nr_msgs)
		free(e->msg[--e->nr_msgs]);
	e->lost_msgs = 0;
}

static void names(unsigned int set, char *out, size_t len)
{
	size_t n = 0;
	int i;

	out[0] = '\0';
	for (i = 1; i < INV_NR && n < len; i++)
		if (set & (1U << i))
			n += snprintf(out + n, len - n, "%s%s", n ? "|" : "", inv_names[i]);
}

bool ot_check(struct env *e, bool ret, unsigned int need, unsigned int may,
	      const char *word, const char *file, int line)
{
	unsigned int seen = 0, stray = 0, i;
	enum inv cls[MAX_MSGS];
	bool found = false, ok;
	char a[64], b[64];

	for (i = 0; i < e->nr_msgs; i++) {
		unsigned int c;

		cls[i] = ot_classify(e->msg[i]);
		c = 1U << cls[i];

		seen |= c;
		if (!(c & (need | may | INV(MORE))))
			stray |= c;
		if ((c & need) && (!word || strstr(e->msg[i], word)))
			found = true;
	}
	if (!need)
		ok = ret && !e->nr_msgs;
	else
		ok = !ret && found && !stray && !e->lost_msgs;
	if (!ok) {
		names(need, a, sizeof(a));
		names(seen, b, sizeof(b));
		kt_report(file, line, "checker %s (%u messages%s); expected %s%s%s%s%s",
			  ret ? "accepted" : "rejected", e->nr_msgs,
			  e->lost_msgs ? ", more lost" : "",
			  need ? "a report of " : "no report", a,
			  word ? " saying \"" : "", word ? word : "", word ? "\"" : "");
		if (seen)
			kt_diag("  classes reported: %s", b);
	}
	for (i = 0; i < e->nr_msgs; i++)
		if (!ok || need)
			kt_diag("  checker [%s]: %s", inv_names[cls[i]], e->msg[i]);
	drop_msgs(e);
	return ok;
}

int ot_gap(struct env *e, bool ret, unsigned int need, const char *word,
	   const char *file, int line)
{
	if (ret && !e->nr_msgs)
		return 0;
	return ot_check(e, ret, need, 0, word, file, line) ? 1 : -1;
}

/* ==== the environment ===================================================== */

bool env_init(struct env *e, const struct target *t, u64 pgsize_bitmap)
{
	struct dmalab_domain_cfg dc = {
		.format = t->format, .kind = DMALAB_DOMAIN_DMA,
		.pgsize_bitmap = pgsize_bitmap,
	};
	int err = 0;

	memset(e, 0, sizeof(*e));
	e->t = t;
	e->ck = check_create(env_capture, e);
	/*
	 * The cases make the page table wrong on purpose with iommu_map(),
	 * outside any IOVA allocation: V9 has its own case (v9_*), which
	 * turns it back on.
	 */
	check_skip_iova_allocator(e->ck, true);
	e->g = P;
	dmalab_arch_syncs_clear();
	if (!t->iommu)
		return true;
	e->d = dmalab_domain_create(&dc, &err);
	if (!e->d) {
		check_destroy(e->ck);
		KT_FAIL("dmalab_domain_create(%s): %d", t->name, err);
	}
	e->g = env_iommu(e)->pgsize_bitmap & -env_iommu(e)->pgsize_bitmap;
	return true;
}

struct iommu_domain *env_iommu(struct env *e)
{
	return e->d ? dmalab_domain_iommu(e->d) : NULL;
}

phys_addr_t reach(struct env *e, struct device *dev, dma_addr_t a)
{
	return e->d ? iommu_iova_to_phys(env_iommu(e), a) : dma_to_phys(dev, a);
}

struct device *env_dev(struct env *e, const struct dmalab_device_cfg *cfg)
{
	struct device *dev;
	int err = 0;

	if (e->nr_devs == ARRAY_SIZE(e->dev)) {
		kt_report(__FILE__, __LINE__, "too many devices");
		return NULL;
	}
	dev = dmalab_device_create(cfg, e->d, &err);
	if (!dev) {
		kt_report(__FILE__, __LINE__, "dmalab_device_create(%s): %d", cfg->name, err);
		return NULL;
	}
	e->dev[e->nr_devs++] = dev;
	if (!ACCEPT(e, check_add_device(e->ck, dev)))
		return NULL;
	if (check_granule(e->ck, dev) != e->g) {
		kt_report(__FILE__, __LINE__, "checker granule %#lx, domain granule %#lx",
			  check_granule(e->ck, dev), e->g);
		return NULL;
	}
	return dev;
}

bool env_fini(struct env *e)
{
	bool ok = true;

	/* messages no check looked at fail here */
	ok &= ACCEPT(e, true);
	while (e->nr_devs) {
		struct device *dev = e->dev[--e->nr_devs];

		ok &= ACCEPT(e, check_remove_device(e->ck, dev));
		dmalab_device_destroy(dev);
	}
	dmalab_domain_destroy(e->d);
	ok &= ACCEPT(e, check_teardown(e->ck));
	check_destroy(e->ck);
	drop_msgs(e);
	return ok;
}

/* ==== mapping and recording ============================================== */

bool map_phys(struct device *dev, phys_addr_t phys, size_t len,
	      enum dma_data_direction dir, unsigned long attrs, dma_addr_t *dma)
{
	*dma = dma_map_phys(dev, phys, len, dir, attrs);
	if (!dma_mapping_error(dev, *dma))
		return true;
	kt_report(__FILE__, __LINE__, "dma_map_phys(%s, %#llx + %#zx): mapping error",
		  dev_name(dev), (unsigned long long)phys, len);
	return false;
}

struct check_map *record(struct env *e, struct device *dev, enum dma_data_direction dir,
			 unsigned long attrs, dma_addr_t dma, phys_addr_t phys, size_t len)
{
	struct check_map *m = check_map_new(e->ck, dev, dir, attrs);

	if (!m) {
		ACCEPT(e, false);
		return NULL;
	}
	ACCEPT(e, check_map_range(m, dma, phys, len));
	return m;
}

/* Behind an IOMMU an untrusted device bounces, directly a 32-bit mask does. */
struct dmalab_device_cfg bouncing(const struct env *e)
{
	return (struct dmalab_device_cfg){
		.name = "bouncer", .coherent = true, .untrusted = !!e->d,
		.dma_mask = e->d ? 0 : DMA_BIT_MASK(32),
	};
}

/* Map and record [phys, phys + len) on dev; it must have been bounced. */
struct check_map *map_bounced(struct env *e, struct device *dev, phys_addr_t phys, size_t len,
			      enum dma_data_direction dir, dma_addr_t *dma, phys_addr_t *copy)
{
	if (!map_phys(dev, phys, len, dir, 0, dma))
		return NULL;
	*copy = reach(e, dev, *dma);
	if (!dmalab_is_swiotlb_addr(*copy)) {
		kt_report(__FILE__, __LINE__, "%#llx + %#zx was not bounced (dma %#llx reaches "
			  "%#llx)", (unsigned long long)phys, len, (unsigned long long)*dma,
			  (unsigned long long)*copy);
		dma_unmap_phys(dev, *dma, len, dir, 0);
		return NULL;
	}
	return record(e, dev, dir, 0, *dma, phys, len);
}

/* ==== buffers and tampering =============================================== */

void fill(phys_addr_t phys, size_t len, unsigned int seed)
{
	unsigned char *v = phys_to_virt(phys);
	size_t i;

	for (i = 0; i < len; i++)
		v[i] = ((phys + i) * 0x9e3779b97f4a7c15ULL + seed * 0x632be5abULL) >> 56;
}

bool remap(struct env *e, dma_addr_t iova, size_t len, phys_addr_t phys)
{
	struct iommu_domain *dom = env_iommu(e);
	size_t un = iommu_unmap(dom, iova, len);
	int ret;

	if (un != len)
		KT_FAIL("iommu_unmap(%#llx, %#zx) unmapped %#zx: a page table entry sits "
			"across the range's ends", (unsigned long long)iova, len, un);
	ret = iommu_map(dom, iova, phys, len, PROT_RW, GFP_KERNEL);
	if (ret)
		KT_FAIL("iommu_map(%#llx -> %#llx, %#zx): %d", (unsigned long long)iova,
			(unsigned long long)phys, len, ret);
	return true;
}

phys_addr_t spare_swiotlb(phys_addr_t used, size_t len)
{
	phys_addr_t x = (used & ~(phys_addr_t)(SZ_64K - 1)) + SZ_1M;

	if (dmalab_is_swiotlb_addr(x) && dmalab_is_swiotlb_addr(x + len - 1))
		return x;
	x -= 2 * SZ_1M;
	return dmalab_is_swiotlb_addr(x) && dmalab_is_swiotlb_addr(x + len - 1) ? x : 0;
}

phys_addr_t swiotlb_end(phys_addr_t in)
{
	phys_addr_t x = in & PAGE_MASK;

	while (dmalab_is_swiotlb_addr(x))
		x += P;
	return x;
}

/* ==== the classifier itself =============================================== */

/*
 * A test that feeds the classifier messages as the checker prints them,
 * some with a tag. Expect every message in its class, a tag that agrees
 * with the words taken, and a tag that contradicts them flagged (class
 * "other", which no test accepts).
 */
bool test_classifier(void)
{
	static const struct {
		const char *msg;
		enum inv inv;
	} m[] = {
		{ "dev0 map #1 (TO_DEVICE): dma 0x1000 (+0x0 of 0x10 at dma 0x1000): expected "
		  "phys 0x2000 or a swiotlb copy, found 0x3000", INV_V1 },
		{ "dev0 map #1 (TO_DEVICE): swiotlb copy 0x1 of phys 0x2 + 0x3 (dma 0x4) "
		  "differs from the buffer at +0x0: 0x1, buffer 0x2", INV_V2 },
		{ "map #1 and map #2 share swiotlb bytes at 0x1000", INV_V2 },
		{ "domain of dev0: map #1 and map #2 share IOVA [0x1000, 0x2000)", INV_V5 },
		{ "teardown: swiotlb has 1 used slots, 0 before", INV_TEARDOWN },
		{ "map #1 (TO_DEVICE): arch_sync_dma_for_device missed phys 0x1000, which the "
		  "device reaches", INV_SYNCS },
		{ "V6: dev0 map #1: dma 0x1 + 0x2 is above the device's limit 0x3", INV_V6 },
		{ "[V4] domain of dev0: the page table maps 0x1 bytes", INV_V4 },
		{ "V2: dev0 map #1: expected phys 0x1, found 0x2", INV_OTHER },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(m); i++)
		if (ot_classify(m[i].msg) != m[i].inv)
			KT_FAIL("\"%s\": class %s, expected %s", m[i].msg,
				inv_names[ot_classify(m[i].msg)], inv_names[m[i].inv]);
	return true;
}

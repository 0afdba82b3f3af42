// SPDX-License-Identifier: GPL-2.0-only
/*
 * The p2pmem API as a driver with a list of clients uses it (nvmet):
 * pci_p2pdma_distance_many() on lists the examples never give (empty, a
 * client that is no PCI function, several incompatible ones),
 * pci_p2pmem_find_many() among providers at one distance (more than it
 * keeps, too) and with memory not published, and pci_p2pdma_enable_store(), the parser of nvmet's
 * p2pmem configfs attribute.
 */
#include "tests/p2p/p2p.h"

#include <dmalab/pci.h>
#include <dmalab/runtime.h>

/*
 * Two GPUs with published P2P memory and a NIC without any, each on its
 * own downstream port of one switch: both GPUs are 4 links from the NIC.
 */
static const char switch_topology[] =
	"cpu intel family=0x6\n"
	"host hb0 segment=0 bus=0x00 hbdev=8086:2020 window=0x1000000000+1G\n"
	"root-port rp0 host=hb0 at=01.0 id=8086:2030\n"
	"switch-up sw0 parent=rp0 at=00.0 id=10b5:8796\n"
	"switch-down sw0d0 parent=sw0 at=08.0 id=10b5:8796\n"
	"switch-down sw0d1 parent=sw0 at=09.0 id=10b5:8796\n"
	"switch-down sw0d2 parent=sw0 at=0a.0 id=10b5:8796\n"
	"endpoint gpu0 parent=sw0d0 at=00.0 id=10de:2330 bar0=0x1000000000+256M,mem64,pref,p2p\n"
	"endpoint gpu1 parent=sw0d1 at=00.0 id=10de:2330 bar0=0x1010000000+256M,mem64,pref,p2p\n"
	"endpoint nic parent=sw0d2 at=00.0 id=15b3:101d bar0=0x1020000000+32M,mem64,pref\n";

/*
 * Two root ports of a host bridge that routes no P2P (8086:3e30): nothing
 * below rp1 or rp2 may use the GPU's memory below rp0.
 */
static const char no_route_topology[] =
	"cpu intel family=0x6\n"
	"host hb0 segment=0 bus=0x00 hbdev=8086:3e30 window=0x1000000000+1G\n"
	"root-port rp0 host=hb0 at=01.0 id=8086:1901\n"
	"endpoint gpu parent=rp0 at=00.0 id=10de:2330 bar0=0x1000000000+256M,mem64,pref,p2p\n"
	"root-port rp1 host=hb0 at=1b.0 id=8086:a340\n"
	"endpoint nic parent=rp1 at=00.0 id=15b3:101d\n"
	"root-port rp2 host=hb0 at=1c.0 id=8086:a338\n"
	"endpoint nvme parent=rp2 at=00.0 id=144d:a80a\n";

static struct device *dev_of(const char *name)
{
	return sys.dev[topo_find_node(&topo, name)];
}

static struct pci_dev *pdev_of(const char *name)
{
	return sys.pdev[topo_find_node(&topo, name)];
}

/*
 * A test of pci_p2pdma_distance_many() on client lists no example gives:
 * "Returns -1 if any of the clients are not compatible", and a device that
 * is no PCI function (nor below one) is compatible with nothing: expect -1
 * for it, alone or after a compatible client (bug class: a wrong return
 * value for a non-PCI client), and the model's -1 for an empty list, which
 * pci_p2pmem_find_many() then matches with no provider at all. A device
 * below a PCI function (a controller's child device) is that function:
 * the model's distance of the function.
 */
static bool check_odd_client_lists(void)
{
	struct device platform = { .init_name = "dmalab-platform" };
	struct device child = { .init_name = "dmalab-child", .parent = dev_of("nic") };
	int gpu0 = topo_find_node(&topo, "gpu0"), nic = topo_find_node(&topo, "nic");
	struct device *clients[2];
	struct pci_dev *got;

	/* an empty client list (bug class: the empty list treated as compatible) */
	KT_EXPECT_EQ(pci_p2pdma_distance_many(sys.pdev[gpu0], clients, 0, false),
		     p2p_model_distance_many(&topo, gpu0, NULL, 0));
	got = pci_p2pmem_find_many(clients, 0);
	if (got) {
		pci_dev_put(got);
		KT_FAIL("pci_p2pmem_find_many() with no clients gave %s", pci_name(got));
	}

	clients[0] = &platform;
	KT_EXPECT_EQ(pci_p2pdma_distance_many(sys.pdev[gpu0], clients, 1, false), -1);
	KT_EXPECT_EQ(pci_p2pdma_distance(sys.pdev[gpu0], &platform, false), -1);
	clients[0] = dev_of("nic");
	clients[1] = &platform;
	KT_EXPECT_EQ(pci_p2pdma_distance_many(sys.pdev[gpu0], clients, 2, false), -1);
	/* verbose: the same answer, and the device named in a warning */
	dmalab_log_clear();
	KT_EXPECT_EQ(pci_p2pdma_distance_many(sys.pdev[gpu0], clients, 2, true), -1);
	KT_EXPECT(strstr(dmalab_log(), "dmalab-platform: "));
	KT_EXPECT_EQ(platform.dmalab_refs, 0);

	clients[0] = &child;
	KT_EXPECT_EQ(pci_p2pdma_distance_many(sys.pdev[gpu0], clients, 1, false),
		     p2p_model_distance_many(&topo, gpu0, &nic, 1));
	return true;
}

bool test_distance_many_odd_clients(void)
{
	bool ok;

	if (!p2p_build_text(switch_topology))
		return false;
	ok = check_odd_client_lists();
	topo_teardown(&sys);
	return ok;
}

/* Does the kernel log have a line "<name>: ..." that mentions peer-to-peer? */
static bool warned_about(const char *name)
{
	const char *log = dmalab_log(), *at = log;
	size_t len = strlen(name);

	while ((at = strstr(at, name))) {
		const char *eol = strchr(at, '\n');
		const char *p2p = strstr(at, "peer-to-peer");

		if ((at == log || at[-1] == '\n') && !strncmp(at + len, ": ", 2) &&
		    p2p && (!eol || p2p < eol))
			return true;
		at += len;
	}
	return false;
}

/*
 * A test that pci_p2pdma_distance_many(verbose) warns about every client
 * that cannot reach the provider: "@verbose: if true, print warnings for
 * devices when we return -1". Two clients the model says cannot use the
 * GPU's memory: expect -1 and a warning naming each (bug class: the loop
 * stops at the first incompatible client also when verbose).
 */
static bool check_verbose_names_all(void)
{
	int gpu = topo_find_node(&topo, "gpu");
	int idx[2] = { topo_find_node(&topo, "nic"), topo_find_node(&topo, "nvme") };
	struct device *clients[2] = { sys.dev[idx[0]], sys.dev[idx[1]] };
	int i;

	KT_EXPECT_EQ(p2p_model_distance_many(&topo, gpu, idx, 2), -1);
	dmalab_log_clear();
	KT_EXPECT_EQ(pci_p2pdma_distance_many(sys.pdev[gpu], clients, 2, true), -1);
	for (i = 0; i < 2; i++) {
		struct p2p_verdict v;

		p2p_model_verdict(&topo, gpu, idx[i], &v);
		if (v.map == P2P_MAP_NOT_SUPPORTED && !warned_about(dev_name(clients[i])))
			KT_FAIL("no warning about %s (%s) in the log:\n%s", dev_name(clients[i]),
				topo.nodes[idx[i]].name, dmalab_log());
	}
	return true;
}

bool test_distance_many_verbose_every_client(void)
{
	bool ok;

	if (!p2p_build_text(no_route_topology))
		return false;
	ok = check_verbose_names_all();
	topo_teardown(&sys);
	return ok;
}

/*
 * Call pci_p2pmem_find_many() for the client rounds times and count how
 * often each node was chosen (chosen[] by node index); false if it gave
 * nothing or a device outside the topology.
 */
static bool count_choices(int client, int rounds, int chosen[TOPO_MAX_NODES])
{
	struct device *clients[1] = { sys.dev[client] };
	int r, p;

	memset(chosen, 0, sizeof(int) * TOPO_MAX_NODES);
	for (r = 0; r < rounds; r++) {
		struct pci_dev *got = pci_p2pmem_find_many(clients, 1);

		if (!got)
			KT_FAIL("pci_p2pmem_find_many(%s) found nothing", topo.nodes[client].name);
		for (p = 0; p < (int)topo.nr_nodes && sys.pdev[p] != got; p++)
			;
		pci_dev_put(got);
		if (p == (int)topo.nr_nodes)
			KT_FAIL("pci_p2pmem_find_many gave a device outside the topology");
		chosen[p]++;
	}
	return true;
}

#define FIND_ROUNDS	64

/*
 * A test of pci_p2pmem_find_many() among providers at one distance: "If
 * multiple providers are an equal distance away, one will be chosen at
 * random." The NIC has both GPUs at the model's least distance: in 64
 * calls expect each of them chosen (bug class: a tie that keeps only the
 * first or the last provider found; all 64 alike by chance: 2^-63) and no
 * other device. Then gpu1's memory is unpublished (pci_p2pmem_publish(),
 * "Non-published memory is reserved for exclusive use of the device
 * driver"): expect only gpu0 from then on, and pci_p2pdma_enable_store()
 * to refuse gpu1 by name with -ENODEV (bug class: memory found whether or
 * not it is published).
 */
static bool check_ties_and_unpublished(void)
{
	int nic = topo_find_node(&topo, "nic"), p, best = INT_MAX, nr_best = 0;
	int chosen[TOPO_MAX_NODES], dist[TOPO_MAX_NODES];
	struct pci_dev *named = NULL;
	bool on = false;

	for (p = 0; p < (int)topo.nr_nodes; p++) {
		dist[p] = p2p_has_memory(&sys, p) ? p2p_model_distance_many(&topo, p, &nic, 1) : -1;
		if (dist[p] >= 0 && dist[p] < best)
			best = dist[p];
	}
	/* a fixed seed: the same choices every run */
	dmalab_set_random_seed(0x9a11dc0ffee5eedULL);
	if (!count_choices(nic, FIND_ROUNDS, chosen))
		return false;
	for (p = 0; p < (int)topo.nr_nodes; p++) {
		if (dist[p] == best) {
			nr_best++;
			if (!chosen[p])
				KT_FAIL("%s, at the least distance %d, never chosen in %d calls",
					topo.nodes[p].name, best, FIND_ROUNDS);
		} else if (chosen[p]) {
			KT_FAIL("%s chosen at distance %d, the least is %d", topo.nodes[p].name,
				dist[p], best);
		}
	}
	KT_EXPECT_EQ(nr_best, 2);

	pci_p2pmem_publish(pdev_of("gpu1"), false);
	if (!count_choices(nic, FIND_ROUNDS, chosen))
		return false;
	KT_EXPECT_EQ(chosen[topo_find_node(&topo, "gpu0")], FIND_ROUNDS);
	KT_EXPECT_EQ(pci_p2pdma_enable_store(pci_name(pdev_of("gpu1")), &named, &on), -ENODEV);
	KT_EXPECT_EQ(pci_p2pdma_enable_store(pci_name(pdev_of("gpu0")), &named, &on), 0);
	KT_EXPECT(on && named == pdev_of("gpu0"));
	pci_dev_put(named);
	return true;
}

bool test_find_many_ties_and_unpublished(void)
{
	bool ok;

	if (!p2p_build_text(switch_topology))
		return false;
	ok = check_ties_and_unpublished();
	topo_teardown(&sys);
	return ok;
}

/*
 * What pci_p2pdma_enable_store() must make of a value: "The value can
 * select a PCI device (using its full BDF device name) or a boolean (in
 * any format kstrtobool() accepts)"; kstrtobool() (lib/kstrtox.c) takes a
 * first character e/E, y/Y, t/T or 1 and "on" as true, d/D, n/N, f/F or 0
 * and "off" as false. A value that is neither a device nor one of those
 * gets -ENODEV, and so does one that only starts with 0 or 1: "we require
 * 0's and 1's to be exactly one character" (a device name typed without
 * its domain is no boolean).
 */
static const struct {
	const char *value;
	int ret;
	bool use;			/* when ret is 0 */
} store_values[] = {
	{ "1", 0, true },
	{ "1\n", 0, true },		/* as echo writes it */
	{ "0", 0, false },
	{ "0\n", 0, false },
	{ "yes\n", 0, true },
	{ "on", 0, true },
	{ "off\n", 0, false },
	{ "N", 0, false },
	{ "true", 0, true },
	{ "enable", 0, true },
	{ "disable\n", 0, false },
	{ "01:00.0", -ENODEV },		/* a BDF without its domain, not "0" */
	{ "10:00.0", -ENODEV },		/* nor "1" */
	{ "0000:7f:1f.7", -ENODEV },	/* no such device */
	{ "maybe", -ENODEV },
};

/*
 * A test of pci_p2pdma_enable_store() on the values above (bug class: a
 * boolean read from the first character of a device name, or a boolean
 * word refused as a device name), with p2p_dev left alone for a boolean.
 */
static bool check_store_values(void)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(store_values); i++) {
		struct pci_dev *named = NULL;
		bool on = !store_values[i].use;
		int ret = pci_p2pdma_enable_store(store_values[i].value, &named, &on);

		if (ret != store_values[i].ret)
			KT_FAIL("pci_p2pdma_enable_store(\"%s\") = %d, expected %d",
				store_values[i].value, ret, store_values[i].ret);
		if (!ret && on != store_values[i].use)
			KT_FAIL("pci_p2pdma_enable_store(\"%s\") gave use_p2pdma %d",
				store_values[i].value, on);
		KT_EXPECT_NULL(named);
	}
	return true;
}

bool test_enable_store_values(void)
{
	bool ok;

	if (!p2p_build_text(switch_topology))
		return false;
	ok = check_store_values();
	topo_teardown(&sys);
	return ok;
}

/*
 * More providers at one distance than pci_p2pmem_find_many() keeps (a page
 * of pointers: PAGE_SIZE / sizeof(void *)), made with the mock PCI core
 * beside a topology (which holds 48 nodes at most): root complex
 * integrated functions on the root buses of host bridges of their own
 * (segments 1 to 3, each with a host bridge function that routes P2P,
 * 8086:2020), one 64 KiB BAR of P2P memory each, all created before the
 * topology so that the PCI device list gives them first.
 */
#define TIE_HOSTS	3
#define TIE_BAR		SZ_64K
#define TIE_WINDOW	0x1100000000ULL	/* each host's window, 16 MiB apart */
#define TIE_WINDOW_SIZE	(256 * TIE_BAR)

struct ties {
	struct pci_host_bridge *host[TIE_HOSTS];
	struct pci_dev *hb_dev[TIE_HOSTS];
	struct pci_dev **pdev;
	int nr;
};

static void remove_ties(struct ties *t)
{
	int h;

	while (t->nr)
		dmalab_pci_dev_remove(t->pdev[--t->nr]);
	for (h = TIE_HOSTS - 1; h >= 0; h--) {
		if (t->hb_dev[h])
			dmalab_pci_dev_remove(t->hb_dev[h]);
		if (t->host[h])
			dmalab_pci_host_bridge_destroy(t->host[h]);
	}
	free(t->pdev);
	memset(t, 0, sizeof(*t));
}

static bool make_ties(struct ties *t, int nr)
{
	int h, i, ret;

	memset(t, 0, sizeof(*t));
	t->pdev = calloc(nr, sizeof(*t->pdev));
	if (!t->pdev)
		KT_SETUP_FAIL("%d providers: out of memory", nr);
	for (h = 0; h < TIE_HOSTS; h++) {
		u64 win = TIE_WINDOW + h * TIE_WINDOW_SIZE;

		t->host[h] = dmalab_pci_host_bridge_create(h + 1, 0);
		dmalab_pci_host_bridge_add_window(t->host[h], win, TIE_WINDOW_SIZE, win);
		t->hb_dev[h] = dmalab_pci_function_create(t->host[h]->bus, PCI_DEVFN(0, 0),
							  0x8086, 0x2020);
	}
	for (i = 0; i < nr; i++) {
		unsigned int devfn = 1 + i % 255;
		struct pci_dev *pdev;

		h = i / 255;
		pdev = dmalab_pci_function_create(t->host[h]->bus, devfn, 0x10de, 0x2330);
		t->pdev[t->nr++] = pdev;
		dmalab_pci_set_bar(pdev, 0, TIE_WINDOW + h * TIE_WINDOW_SIZE + devfn * TIE_BAR,
				   TIE_BAR, IORESOURCE_MEM | IORESOURCE_MEM_64 | IORESOURCE_PREFETCH);
		ret = pci_p2pdma_add_resource(pdev, 0, 0, 0);
		if (ret) {
			remove_ties(t);
			KT_SETUP_FAIL("pci_p2pdma_add_resource of provider %d: %d", i, ret);
		}
		pci_p2pmem_publish(pdev, true);
	}
	return true;
}

static const char own_memory_topology[] =
	"cpu intel family=0x6\n"
	"host hb0 segment=0 bus=0x00 hbdev=8086:2020 window=0x1000000000+1G\n"
	"root-port rp0 host=hb0 at=01.0 id=8086:2030\n"
	"endpoint nvme parent=rp0 at=00.0 id=144d:a824 bar0=0x1000000000+64M,mem64,pref,p2p\n";

static bool is_tie(const struct ties *t, const struct pci_dev *pdev)
{
	int i;

	for (i = 0; i < t->nr; i++)
		if (t->pdev[i] == pdev)
			return true;
	return false;
}

/*
 * A test of pci_p2pmem_find_many() past the number of providers it keeps
 * at one distance: one more than that many ties (each in the same place,
 * alone on a root bus), then the client's own memory, last in the device
 * list. "If one of the providers is the same as one of the clients, that
 * provider will be used ahead of any other providers that are unrelated":
 * expect the client's own device (bug class: a nearer provider skipped once
 * the list of ties is full; the list of ties written past its end). With
 * its memory unpublished, expect one of the ties.
 */
static bool check_more_ties_than_slots(struct ties *t)
{
	struct device *clients[1] = { sys.dev[topo_find_node(&topo, "nvme")] };
	struct pci_dev *own = sys.pdev[topo_find_node(&topo, "nvme")], *got;

	got = pci_p2pmem_find_many(clients, 1);
	pci_dev_put(got);
	if (got != own)
		KT_FAIL("pci_p2pmem_find_many(nvme) among %d ties gave %s, not its own memory",
			t->nr, got ? pci_name(got) : "nothing");
	pci_p2pmem_publish(own, false);
	got = pci_p2pmem_find_many(clients, 1);
	pci_dev_put(got);
	if (!got || !is_tie(t, got))
		KT_FAIL("pci_p2pmem_find_many(nvme) without its own memory gave %s, not a tie",
			got ? pci_name(got) : "nothing");
	return true;
}

bool test_find_many_more_ties_than_slots(void)
{
	/* one more than the slots of pci_p2pmem_find_many()'s page */
	int nr = PAGE_SIZE / sizeof(void *) + 1;
	struct ties t;
	bool ok;

	if (nr > TIE_HOSTS * 255)
		KT_SKIP("%d ties need more than %d root buses", nr, TIE_HOSTS);
	if (!make_ties(&t, nr))
		return false;
	if (!p2p_build_text(own_memory_topology)) {
		remove_ties(&t);
		return false;
	}
	ok = check_more_ties_than_slots(&t);
	topo_teardown(&sys);
	remove_ties(&t);
	return ok;
}

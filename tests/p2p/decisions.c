// SPDX-License-Identifier: GPL-2.0-only
/*
 * P2P decisions on topologies the examples do not have: the ports the
 * ACS warning names, the map type cache of clients in two PCI segments,
 * and a CPU of another vendor with a Zen-like family number.
 */
#include "tests/p2p/p2p.h"

#include <dmalab/runtime.h>

/* build text, then run check over it and tear it down */
static bool on_topology(const char *text, bool (*check)(void))
{
	bool ok;

	if (!p2p_build_text(text))
		return false;
	ok = check();
	topo_teardown(&sys);
	return ok;
}

static bool redirects(const struct topo_node *n)
{
	return n->acs_cap && (n->acs_ctrl & (TOPO_ACS_RR | TOPO_ACS_CR | TOPO_ACS_EC));
}

static bool is_ancestor(const struct topology *t, int up, int node)
{
	for (; node >= 0; node = t->nodes[node].parent)
		if (node == up)
			return true;
	return false;
}

/*
 * The devices between provider and client whose ACS redirects P2P
 * requests, from the topology: each on the way up from either end to the
 * first device above both (which the topologies below leave without ACS).
 */
static int path_redirectors(const struct topology *t, int provider, int client, int *out)
{
	int n = 0, end, node;

	for (end = 0; end < 2; end++) {
		for (node = end ? client : provider; node >= 0 &&
		     !is_ancestor(t, node, end ? provider : client); node = t->nodes[node].parent)
			if (redirects(&t->nodes[node]))
				out[n++] = node;
	}
	return n;
}

/*
 * A switch whose downstream ports redirect P2P requests on two of three
 * ports; the host bridge (8086:2020) routes what they redirect.
 */
static const char acs_topology[] =
	"cpu intel family=0x6\n"
	"host hb0 segment=0 bus=0x00 hbdev=8086:2020 window=0x1000000000+1G\n"
	"root-port rp0 host=hb0 at=01.0 id=8086:2030\n"
	"switch-up sw0 parent=rp0 at=00.0 id=10b5:8796\n"
	"switch-down sw0d0 parent=sw0 at=08.0 id=10b5:8796 acs=sv,rr,cr,uf\n"
	"switch-down sw0d1 parent=sw0 at=09.0 id=10b5:8796 acs=sv,rr,uf\n"
	"switch-down sw0d2 parent=sw0 at=0a.0 id=10b5:8796 acs=sv,uf\n"
	"endpoint gpu parent=sw0d0 at=00.0 id=10de:2330 bar0=0x1000000000+256M,mem64,pref,p2p\n"
	"endpoint nic parent=sw0d1 at=00.0 id=15b3:101d\n"
	"endpoint nvme parent=sw0d2 at=00.0 id=144d:a80a\n";

#define ACS_PARAM	"pci=disable_acs_redir="

/*
 * The first pci_p2pdma_map_type() of a pair decides verbosely: with ACS
 * redirect on the path it warns, and names the kernel parameter that turns
 * it off, "pci=disable_acs_redir=<pci_dev>[; <pci_dev>]*"
 * (kernel-parameters.txt). Expect exactly the redirecting devices of the
 * path (the topology's), each once, separated by ';': no empty entry and
 * nothing but device names (bug class: the list's final separator left in
 * or overwritten with a byte other than its end).
 */
static bool check_acs_warning(int provider, int client)
{
	int want[TOPO_MAX_NODES], nr_want, found[TOPO_MAX_NODES] = { 0 }, i, nr = 0;
	char msg[512], list[256];
	const char *at;
	size_t len;

	nr_want = path_redirectors(&topo, provider, client, want);
	KT_EXPECT_GT(nr_want, 0);
	dmalab_log_clear();
	if (!p2p_check_decision(&sys, provider, client, msg, sizeof(msg)))
		KT_FAIL("%s", msg);
	at = strstr(dmalab_log(), ACS_PARAM);
	if (!at)
		KT_FAIL("%s -> %s: no \"%s\" in the log:\n%s", topo.nodes[provider].name,
			topo.nodes[client].name, ACS_PARAM, dmalab_log());
	at += strlen(ACS_PARAM);
	len = strcspn(at, "\n");
	KT_EXPECT_LT(len, sizeof(list));
	memcpy(list, at, len);
	list[len] = '\0';
	for (at = list;; at += len + 1) {
		len = strcspn(at, ";");
		for (i = 0; i < nr_want; i++)
			if (strlen(pci_name(sys.pdev[want[i]])) == len &&
			    !strncmp(at, pci_name(sys.pdev[want[i]]), len))
				break;
		if (i == nr_want)
			KT_FAIL("%s -> %s: \"%.*s\" in %s%s is no redirecting device of the path",
				topo.nodes[provider].name, topo.nodes[client].name, (int)len, at,
				ACS_PARAM, list);
		found[i]++;
		nr++;
		if (!at[len])
			break;
	}
	KT_EXPECT_EQ(nr, nr_want);
	for (i = 0; i < nr_want; i++)
		KT_EXPECT_EQ(found[i], 1);
	return true;
}

static bool check_acs_warnings(void)
{
	int gpu = topo_find_node(&topo, "gpu");

	/* a port on each side of the path, then on the provider's only */
	return check_acs_warning(gpu, topo_find_node(&topo, "nic")) &&
	       check_acs_warning(gpu, topo_find_node(&topo, "nvme"));
}

bool test_acs_warning_names_the_path(void)
{
	return on_topology(acs_topology, check_acs_warnings);
}

/*
 * Two PCI segments: the GPU at 0000:81:00.0 (a root bus at 0x80) and the
 * NIC at 0001:01:00.0. The map type cache of a provider is indexed by the
 * client's domain and bus/devfn; with the domain shifted by less than the
 * 16 bits of bus/devfn these two clients share a slot.
 */
static const char two_segment_topology[] =
	"cpu intel family=0x6\n"
	"host hb0 segment=0 bus=0x80 hbdev=8086:2020 window=0x1000000000+512M\n"
	"root-port rp0 host=hb0 at=01.0 id=8086:2030\n"
	"endpoint gpu parent=rp0 at=00.0 id=10de:2330 bar0=0x1000000000+256M,mem64,pref,p2p\n"
	"host hb1 segment=1 bus=0x00 hbdev=8086:2020 window=0x1100000000+512M\n"
	"root-port rp1 host=hb1 at=01.0 id=8086:2030\n"
	"endpoint nic parent=rp1 at=00.0 id=15b3:101d\n";

/*
 * A test of the cached map types of one provider for clients in two
 * segments whose bus numbers differ by 0x80: the GPU's access to its own
 * memory (peer to peer) first, then the NIC's (through both host
 * bridges). Expect the model's answer for each, the second not the
 * first's (bug class: cache entries of two clients that collide).
 */
static bool check_two_segments(void)
{
	int gpu = topo_find_node(&topo, "gpu"), nic = topo_find_node(&topo, "nic");
	char msg[512];

	KT_EXPECT_EQ(pci_domain_nr(sys.pdev[gpu]->bus), 0);
	KT_EXPECT_EQ(pci_domain_nr(sys.pdev[nic]->bus), 1);
	KT_EXPECT_EQ(pci_dev_id(sys.pdev[gpu]), pci_dev_id(sys.pdev[nic]) | 0x8000);
	if (!p2p_check_decision(&sys, gpu, gpu, msg, sizeof(msg)) ||
	    !p2p_check_decision(&sys, gpu, nic, msg, sizeof(msg)) ||
	    !p2p_check_decision(&sys, gpu, gpu, msg, sizeof(msg)))
		KT_FAIL("%s", msg);
	return true;
}

bool test_map_type_cache_two_segments(void)
{
	return on_topology(two_segment_topology, check_two_segments);
}

/*
 * A Hygon Dhyana system: a Zen-derived CPU of family 0x18 whose vendor is
 * not AMD, on a host bridge off the list of those known to route P2P. The
 * CPU rule is AMD's alone ("Any AMD CPU whose family ID is Zen or newer"),
 * so between its root ports nothing may go through the host bridge.
 */
static const char other_vendor_topology[] =
	"cpu other family=0x18\n"
	"host hb0 segment=0 bus=0x00 hbdev=1d94:1450 window=0x1000000000+1G\n"
	"rc-endpoint dummy0 host=hb0 at=01.0 id=1d94:1452\n"
	"root-port rp0 host=hb0 at=01.1 id=1d94:1453\n"
	"endpoint gpu parent=rp0 at=00.0 id=10de:2330 bar0=0x1000000000+256M,mem64,pref,p2p\n"
	"root-port rp1 host=hb0 at=01.2 id=1d94:1453\n"
	"endpoint nvme parent=rp1 at=00.0 id=144d:a80a bar0=0x1010000000+64M,mem64,pref,p2p\n";

/*
 * A test of every decision on that system against the model (bug class:
 * the CPU rule without its vendor check).
 */
static bool check_other_vendor(void)
{
	int gpu = topo_find_node(&topo, "gpu"), nvme = topo_find_node(&topo, "nvme");
	struct p2p_verdict v;
	char msg[512];

	p2p_model_verdict(&topo, gpu, nvme, &v);
	KT_EXPECT_EQ(v.map, P2P_MAP_NOT_SUPPORTED);
	if (!p2p_check_decisions(&sys, msg, sizeof(msg)))
		KT_FAIL("%s", msg);
	return true;
}

bool test_other_vendor_zen_family(void)
{
	return on_topology(other_vendor_topology, check_other_vendor);
}

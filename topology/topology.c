// SPDX-License-Identifier: GPL-2.0-only
/*
 * PCI topologies: the names both forms use, and a file in either form.
 * docs/topology.md is the reference for both forms and for every check
 * made on them; topology/internal.h says which file holds what.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "topology/internal.h"

const char *const topo_type_names[TOPO_NR_NODE_TYPES] = {
	"root-port", "switch-up", "switch-down", "endpoint", "rc-endpoint",
};
const char *const topo_iommu_names[TOPO_NR_IOMMU] = { "dma", "dma-fq", "identity", "none" };

const char *topo_node_type_name(enum topo_node_type type)
{
	return (unsigned int)type < TOPO_NR_NODE_TYPES ? topo_type_names[type] : "unknown";
}

const char *topo_iommu_name(enum topo_iommu iommu)
{
	return (unsigned int)iommu < TOPO_NR_IOMMU ? topo_iommu_names[iommu] : "unknown";
}

int topo_load(const char *path, struct topology *t, char *err, size_t errlen)
{
	enum { MAX_FILE = 1 << 20 };
	char inner[256];
	size_t len = 0;
	uint8_t *buf;
	FILE *f;
	int ret;

	f = fopen(path, "rb");
	if (!f)
		return errf(err, errlen, "%s: %s", path, strerror(errno));
	buf = malloc(MAX_FILE + 1);
	if (!buf) {
		fclose(f);
		return errf(err, errlen, "%s: out of memory", path);
	}
	len = fread(buf, 1, MAX_FILE + 1, f);
	ret = ferror(f);
	fclose(f);
	if (ret)
		ret = errf(err, errlen, "%s: read error", path);
	else if (len > MAX_FILE)
		ret = errf(err, errlen, "%s: larger than 1 MiB, not a topology", path);
	else if (!len)
		ret = errf(err, errlen, "%s: an empty file, not a topology", path);
	else {
		if (len >= MAGIC_LEN && !memcmp(buf, MAGIC, MAGIC_LEN))
			ret = topo_decode(buf, len, t, inner, sizeof(inner));
		else
			ret = topo_parse_text((const char *)buf, len, t, inner, sizeof(inner));
		if (ret)
			errf(err, errlen, "%s: %s", path, inner);
	}
	free(buf);
	return ret;
}

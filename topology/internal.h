/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the files of topology/ share and nobody else uses: the name tables,
 * small predicates on node types, the one-line error helpers, and the
 * validation's error as the text parser needs it (what was wrong, so that
 * it can name the line that declared it).
 *
 *   topology.c  the name tables, topo_load()
 *   validate.c  topo_validate(), topo_check()
 *   text.c      the text form: topo_parse_text(), topo_print_text()
 *   binary.c    the binary form: topo_encode(), topo_decode()
 *   query.c     lookups and derived facts: nodes by name, bus numbers, BDFs,
 *               bus addresses
 */
#ifndef DMALAB_TOPOLOGY_INTERNAL_H
#define DMALAB_TOPOLOGY_INTERNAL_H

#include <errno.h>
#include <stdarg.h>
#include <string.h>

#include "topology/topology.h"

#define SZ_4K		0x1000ULL
#define MAGIC		"DMATOPO1"
#define MAGIC_LEN	8

extern const char *const topo_type_names[TOPO_NR_NODE_TYPES];
extern const char *const topo_iommu_names[TOPO_NR_IOMMU];

static inline bool on_root_bus(enum topo_node_type type)
{
	return type == TOPO_ROOT_PORT || type == TOPO_RC_ENDPOINT;
}

static inline bool is_bridge(enum topo_node_type type)
{
	return type == TOPO_ROOT_PORT || type == TOPO_SWITCH_UP || type == TOPO_SWITCH_DOWN;
}

static inline bool is_endpoint(enum topo_node_type type)
{
	return type == TOPO_ENDPOINT || type == TOPO_RC_ENDPOINT;
}

static inline const char *article(const char *word)
{
	return strchr("aeiou", word[0]) ? "an" : "a";
}

static inline bool name_ok(const char *name)
{
	size_t i;

	for (i = 0; i < TOPO_NAME_LEN && name[i]; i++) {
		char c = name[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '_' || c == '-'))
			return false;
	}
	return i > 0 && i < TOPO_NAME_LEN;
}

/* a name fit for a one-line message, whatever bytes it holds */
static inline const char *safe(const char *name, char buf[TOPO_NAME_LEN])
{
	int i;

	for (i = 0; i < TOPO_NAME_LEN - 1 && name[i]; i++)
		buf[i] = name[i] >= 0x20 && name[i] < 0x7f ? name[i] : '?';
	buf[i] = '\0';
	return buf;
}

static inline int __attribute__((format(printf, 3, 4)))
errf(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err && errlen) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

/*
 * What an error is about: each parser turns it into its own prefix (the
 * text parser into the line that declared the object).
 */
enum subject { SUBJ_TOPOLOGY, SUBJ_CPU, SUBJ_HOST, SUBJ_NODE };

struct verr {
	enum subject subj;
	int idx;
	char msg[224];
};

/* The checks of topo_validate(): 0, or -EINVAL with the first error in e. */
int topo_check(const struct topology *t, struct verr *e);

#endif

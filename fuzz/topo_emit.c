// SPDX-License-Identifier: GPL-2.0-only
/* C reproducers of topology programs (fuzz/topo_emit.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz/c_emit.h"
#include "fuzz/topo_emit.h"
#include <dmalab/nocov.h>

DMALAB_NOCOV_BEGIN

/* One line of the topology as C strings, split at spaces to fit 100 columns. */
static void text_line(FILE *m, const char *p, size_t len)
{
	size_t cut;

	while (len > 80) {
		for (cut = 80; cut > 20 && p[cut - 1] != ' '; cut--)
			;
		if (cut == 20)
			break;
		fprintf(m, "\n\t\"%.*s\"", (int)cut, p);
		p += cut;
		len -= cut;
	}
	fprintf(m, "\n\t\"%.*s\\n\"", (int)len, p);
}

void topo_emit_text(const struct topology *t)
{
	char *text = NULL, *decl = NULL, *p, *nl;
	size_t len = 0, dlen = 0;
	FILE *m;

	m = open_memstream(&text, &len);
	if (!m)
		abort();
	topo_print_text(t, m);
	fclose(m);
	m = open_memstream(&decl, &dlen);
	if (!m)
		abort();
	fprintf(m, "/* the input's topology (docs/topology.md) */\n"
		"static const char topology_text[] =");
	for (p = text; *p; p = nl + 1) {
		nl = strchr(p, '\n');
		if (!nl)
			nl = p + strlen(p);
		/* topology text is [ -~] without quotes or backslashes */
		text_line(m, p, nl - p);
		if (!*nl)
			break;
	}
	fprintf(m, ";");
	fclose(m);
	c_emit_decl("%s", decl);
	free(decl);
	free(text);
}

void topo_emit_build(int format)
{
	c_emit_include("\"topology/topo_build.h\"");
	c_emit_decl("\nstatic struct topology t;\t/* parsed from topology_text */\n"
		    "static struct topo_system s;\t/* built: s.pdev[], s.dev[], s.provider[][] "
		    "by node */\nstatic char err[256];\nstatic int ret;\n");
	C_EMIT("ret = topo_parse_text(topology_text, strlen(topology_text), &t, err, "
	       "sizeof(err));\nassert(ret == 0);\n"
	       "ret = topo_build_format(&t, &s, %s, err, sizeof(err));\n"
	       "if (ret)\n\tfprintf(stderr, \"topo_build: %%s\\n\", err);\nassert(ret == 0);",
	       c_emit_pt_format(format));
}

static const char *const keywords[] = {
	"topology_text", "main", "auto", "break", "case", "char", "const", "continue",
	"default", "do", "double", "else", "enum", "extern", "float", "for", "goto",
	"if", "inline", "int", "long", "register", "restrict", "return", "short",
	"signed", "sizeof", "static", "struct", "switch", "typedef", "union",
	"unsigned", "void", "volatile", "while", "bool", "true", "false", NULL,
};

static void ident_of(const char *name, char buf[24])
{
	snprintf(buf, 24, "%s", name);
	for (unsigned int i = 0; buf[i]; i++)
		if (buf[i] == '-')
			buf[i] = '_';
}

static bool in(const char *name, const char *const *list, bool prefix)
{
	for (; list && *list; list++)
		if (prefix ? !strncmp(name, *list, strlen(*list)) : !strcmp(name, *list))
			return true;
	return false;
}

const char *topo_emit_var(const struct topology *t, int node, const char *const *taken,
			  const char *const *prefixes, char buf[24])
{
	char other[24];

	ident_of(t->nodes[node].name, buf);
	if ((buf[0] >= '0' && buf[0] <= '9') || !strncmp(buf, "node", 4) ||
	    in(buf, keywords, false) || in(buf, taken, false) || in(buf, prefixes, true))
		goto numbered;
	for (int j = 0; j < (int)t->nr_nodes; j++) {
		ident_of(t->nodes[j].name, other);
		if (j != node && !strcmp(buf, other))
			goto numbered;
	}
	return buf;
numbered:
	snprintf(buf, 24, "node%d", node);
	return buf;
}

DMALAB_NOCOV_END

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Fuzz targets: a descriptor per target, the codecs of their inputs, and
 * the one run bracket every target runs in.
 *
 * A target is one file, fuzz/targets/<name>.c, that defines
 * `const struct target target_<c_name>` and one line in the registry,
 * fuzz/targets.def. The descriptor says everything a tool needs to know:
 * how its inputs are coded (codec: binary for the engines, text for
 * people), the longest input worth trying, the timeout, and the run:
 * setup from the input, one op at a time, teardown. target_run() owns the
 * rest: a clean start (dmalab_run_begin), the op loop, kernel WARNs after
 * each op and at teardown, leaks (slab objects left after the teardown,
 * named by their allocation sites), the first finding of the run.
 *
 * Runs are independent: a target builds what it needs from the input and
 * tears it all down, so engines run millions of inputs in one process
 * (persistent mode) without rebuilding anything else.
 */
#ifndef _DMALAB_TARGET_H
#define _DMALAB_TARGET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "fuzz/prog.h"
#include "topology/topology.h"

/* What a finding says: printed, and turned into an abort by the engines. */
struct finding {
	char kind[24];		/* warn, bug, checker, leak, teardown, build */
	char where[200];	/* kernel file:line, or the check that failed */
	char detail[1024];	/* expected vs found */
	int op;			/* index of the op after which it was found, -1: teardown */
};

/* A decoded input: a program, and for topology programs the topology. */
struct fuzz_input {
	struct prog prog;
	const struct topology *topo;	/* NULL unless the codec has one */
	struct topology topo_buf;
};

/* How a target's inputs are coded. */
struct codec {
	const char *name;
	/* bytes as an engine gives them; false (why in err): not an input */
	bool (*decode)(struct fuzz_input *in, const uint8_t *data, size_t size,
		       char *err, size_t errlen);
	/* canonical bytes; 0 if cap is too small */
	size_t (*encode)(const struct fuzz_input *in, uint8_t *buf, size_t cap);
	/* the text form; false with "line N: ..." in err */
	bool (*parse)(struct fuzz_input *in, const char *text, char *err, size_t errlen);
	void (*print)(const struct fuzz_input *in, FILE *f);
	/* does a buffer look like the text form? */
	bool (*is_text)(const uint8_t *data, size_t size);
};

/* A program: a configuration and ops (fuzz/prog.h); every byte string is one. */
extern const struct codec prog_codec;
/*
 * A topology program: a PCI topology (topology/topology.h) followed by a
 * program. Binary: the DMATOPO1 bytes, then the program's bytes. Text: the
 * topology's lines, then the program's from its "config" line on. A
 * topology alone is a topology program without ops.
 */
extern const struct codec topo_prog_codec;

/* Inputs larger than this are refused when read from a file. */
#define FUZZ_INPUT_MAX	(1U << 20)

/*
 * Read an input from a file (or "-") in either form of c: text if the name
 * ends in ".txt" or c->is_text() says so, binary otherwise. False with a
 * one-line "path: what is wrong" in err.
 */
bool codec_load(const struct codec *c, const char *path, struct fuzz_input *in,
		char *err, size_t errlen);
/*
 * codec_load() refuses an empty file and a text file that is not in the
 * text form (what a person names by mistake), unless this is set (a tool's
 * --binary): then such bytes are the binary input they are to an engine.
 */
extern bool codec_load_any_binary;

struct fuzz_run;

struct target {
	const char *name;
	const char *summary;
	const struct codec *codec;
	size_t max_len;		/* longest input worth trying (libFuzzer -max_len) */
	unsigned int timeout;	/* seconds one input may take */
	unsigned int flags;
	size_t state_size;	/* the target's state for one run, zeroed before setup */
	/* once per process, before the first run (process-wide references) */
	void (*init)(void);
	/* build the run from r->in; false: nothing to run (not a finding) */
	bool (*setup)(struct fuzz_run *r);
	/* run one op and check what it did (report with run_finding) */
	void (*op)(struct fuzz_run *r, const struct prog_op *op);
	/* with no ops at all, the program means this (optional) */
	void (*no_ops)(struct fuzz_run *r);
	/* undo everything setup and the ops did, also after a finding */
	void (*teardown)(struct fuzz_run *r);
};

/* The API contracts are off: kernel WARNs are the expected catch, not findings. */
#define TARGET_MISUSE	0x1

/* One run of one input through one target. */
struct fuzz_run {
	const struct target *t;
	const struct fuzz_input *in;
	const struct prog *p;		/* &in->prog */
	void *state;			/* t->state_size bytes */
	struct finding *f;
	int op;				/* the op running, -1 in setup and teardown */
	bool failed;			/* a finding was recorded: later ops do not run */
	bool verbose;
};

/* Record a finding; the first of a run is the one reported. */
void run_finding(struct fuzz_run *r, const char *kind, const char *where,
		 const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* In a verbose run, a line about what the current op did. */
void run_say(struct fuzz_run *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * The environment ops any program may carry: cpu (run on CPU n modulo the
 * CPUs), drain (run the deferred work: timers, the flush queue, the IOVA
 * depot) and fail_nth (fail the nth allocation from now; 0: off). Does
 * op if it is one of them and says so.
 */
bool run_env_op(struct fuzz_run *r, const struct prog_op *op);

/* Run a decoded input. True if clean; false with *f filled in. */
bool target_run(const struct target *t, const struct fuzz_input *in, struct finding *f,
		bool verbose);
/*
 * Decode bytes with t's codec and run them (what the engines call). Bytes
 * that are not an input are no finding: true, nothing run.
 */
bool target_run_bytes(const struct target *t, const uint8_t *data, size_t size,
		      struct finding *f, bool verbose);

/* The registry (fuzz/targets.def): the i-th target, NULL past the last. */
const struct target *target_get(unsigned int i);
const struct target *target_find(const char *name);
/*
 * Which target an input file belongs to: the last folder of its path named
 * exactly as a target (corpus/<target>/..., results/fuzz/<run>/<target>/
 * crash-..., corpus/<target>/regressions/...), or NULL. The file's own
 * name never counts: corpus/rdma/pages-iova belongs to rdma.
 */
const struct target *target_from_path(const char *path);
/*
 * Which files of a corpus folder are inputs: the one rule every tool uses
 * (dmalab-replay --list-inputs prints it for the scripts). Never the
 * README, dictionaries, .options or hidden files. An input may be kept in
 * both forms, NAME (binary) and NAME.txt (text): a replay runs both (the
 * text must still parse to the same program), an engine's seed corpus
 * takes the binary forms only.
 */
enum corpus_use { CORPUS_REPLAY, CORPUS_ENGINE };
bool corpus_is_input(const char *name, enum corpus_use use);

void finding_set(struct finding *f, int op, const char *kind, const char *where,
		 const char *fmt, ...) __attribute__((format(printf, 5, 6)));
void finding_print(const struct finding *f, FILE *out);

#endif

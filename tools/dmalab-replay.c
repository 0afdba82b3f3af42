// SPDX-License-Identifier: GPL-2.0-only
/*
 * dmalab-replay: run fuzz inputs (corpus files, crash files, text programs)
 * through a target without any fuzzing engine, and say what happened. Each
 * input runs in a child process with a timeout, so a sanitizer report or a
 * crash is attributed to its file and the rest still run.
 *
 *   dmalab-replay [--target NAME] [-v] [-q] [--ktap] [--timeout SEC] [--binary] FILE|DIR...
 *
 * A file it cannot run (no target in its path, unreadable, too large,
 * empty, text that is not the target's text form, undecodable) is refused
 * in one line that says why; --binary runs empty and text-like files as
 * the binary inputs they are to an engine. --make: the hints name make's
 * TARGET= (make repro).
 *
 * The target is --target, or the last component of the path that names one
 * (corpus/iova/..., results/fuzz/<run>/dma-map/crash-...). The input's form
 * (program, topology program) is the target's codec (fuzz/target.h).
 * Exit status: 0 no input reproduced a finding, 1 at least one did (a
 * finding, a sanitizer report, a crash or a timeout), 2 bad usage or input.
 *
 * It is also where scripts learn about the targets, from the registry:
 *   --list-targets [--json]   name, codec, max_len, timeout, summary
 *   --list-inputs DIR [--engine]   the inputs of a corpus folder
 *   --options NAME            the libFuzzer .options file of a target
 *   --known-bugs              the known kernel bugs, as Markdown
 *
 * --kunit FILE and --c FILE write a reproducer of one input instead
 * (fuzz/kunit_emit.h, fuzz/c_emit.h).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <dmalab/runtime.h>

#include "fuzz/target.h"
#include "fuzz/c_emit.h"
#include "fuzz/kunit_emit.h"

/* the fuzz engines' kernel command line: inputs replay on the same kernel */
const char *const dmalab_program_cmdline = DMALAB_FUZZ_CMDLINE;

/*
 * No LeakSanitizer scan when this process exits: it only collects file
 * names; each input runs in a child that _exit()s, and what a run leaves
 * of the kernel's memory is the run bracket's leak report (fuzz/run.c).
 * ASAN_OPTIONS still overrides it.
 */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
	return "detect_leaks=0";
}
#include "oracle/known_bugs.h"

enum { RES_OK, RES_FINDING, RES_BAD_INPUT, RES_CRASH, RES_TIMEOUT };

static const struct target *forced;
static unsigned int timeout_sec;	/* 0: the target's own */
static int verbosity = 1;		/* 0 quiet, 1 a line per file, 2 program and ops */
static bool ktap;			/* KTAP: a result line per input (make test) */
static unsigned long counts[5];
static bool from_make;			/* --make: hints name make's TARGET= */
static char **files;			/* the inputs, in order */
static size_t nfiles, cap_files;

/* " a b c": the target names, for one-line messages */
static const char *target_names(void)
{
	static char buf[512];
	const struct target *t;
	size_t n = 0;

	for (unsigned int i = 0; (t = target_get(i)) && n < sizeof(buf); i++)
		n += snprintf(buf + n, sizeof(buf) - n, " %s", t->name);
	return buf;
}

/*
 * A verbose run of PATH: the notes of its text form (the # lines of PATH,
 * or of PATH.txt beside a binary input), which say what it reproduces.
 */
static void print_notes_to(const char *path, FILE *out, bool title)
{
	char *txt = NULL, line[512];
	bool any = false;
	size_t n = strlen(path);
	FILE *f;

	if (n >= 4 && !strcmp(path + n - 4, ".txt"))
		f = fopen(path, "r");
	else if (asprintf(&txt, "%s.txt", path) >= 0)
		f = fopen(txt, "r");
	else
		f = NULL;
	while (f && fgets(line, sizeof(line), f)) {
		if (line[0] != '#')
			continue;
		if (!any && title)
			fprintf(out, "--- notes (%s):\n", txt ? txt : path);
		any = true;
		fputs(line, out);
		if (!strchr(line, '\n'))
			fputc('\n', out);
	}
	if (f)
		fclose(f);
	free(txt);
}

static void print_notes(const char *path)
{
	print_notes_to(path, stdout, true);
}

static void list_target_names(FILE *f)
{
	const struct target *t;

	fprintf(f, "targets:");
	for (unsigned int i = 0; (t = target_get(i)); i++)
		fprintf(f, " %s", t->name);
	fprintf(f, "\n");
}

static void json_str(const char *s)
{
	putchar('"');
	for (; *s; s++)
		if (*s == '"' || *s == '\\')
			printf("\\%c", *s);
		else
			putchar(*s);
	putchar('"');
}

static int list_targets(bool json)
{
	const struct target *t;

	if (json)
		printf("[");
	for (unsigned int i = 0; (t = target_get(i)); i++) {
		if (!json) {
			printf("%-12s %-17s max_len %-6zu timeout %-3u %s\n", t->name,
			       t->codec->name, t->max_len, t->timeout, t->summary);
			continue;
		}
		printf("%s\n {\"name\": ", i ? "," : "");
		json_str(t->name);
		printf(", \"codec\": ");
		json_str(t->codec->name);
		printf(", \"max_len\": %zu, \"timeout\": %u, \"misuse\": %s, \"summary\": ",
		       t->max_len, t->timeout, t->flags & TARGET_MISUSE ? "true" : "false");
		json_str(t->summary);
		printf("}");
	}
	if (json)
		printf("\n]\n");
	return 0;
}

/* In the child: 0 clean, 1 finding, 3 bad input. */
static void child(const char *path, const struct target *t, int fd)
{
	static struct fuzz_input in;
	struct finding f;
	char status, err[300];
	bool ok;

	if (!codec_load(t->codec, path, &in, err, sizeof(err))) {
		printf("dmalab-replay: %s\n", err);
		fflush(stdout);
		status = 'e';
		if (write(fd, &status, 1) < 0)
			_exit(3);
		_exit(3);
	}
	if (verbosity >= 2) {
		print_notes(path);
		printf("--- %s: target %s, %s:\n", path, t->name, t->codec->name);
		t->codec->print(&in, stdout);
		printf("--- running\n");
		dmalab_log_set_echo(true);
	}
	fflush(stdout);
	ok = target_run(t, &in, &f, verbosity >= 2);
	if (!ok)
		finding_print(&f, stdout);
	fflush(stdout);		/* _exit() does not */
	status = ok ? 'o' : 'f';
	if (write(fd, &status, 1) < 0)
		_exit(3);
	_exit(ok ? 0 : 1);
}

static int replay_file(const char *path)
{
	const struct target *t = forced ? forced : target_from_path(path);
	static unsigned int num;
	unsigned int timeout;
	int fds[2], wstatus, r;
	char status = 0;
	pid_t pid;

	if (!t) {
		fprintf(stderr, "dmalab-replay: %s: no fuzz target named in the path (no component "
			"is one of:%s); name it with %s\n", path, target_names(),
			from_make ? "TARGET=<target>" : "--target <target>");
		r = RES_BAD_INPUT;
		counts[r]++;
		if (ktap)
			printf("# %s: no target named in the path\nnot ok %u %s\n", path, ++num, path);
		return r;
	}
	timeout = timeout_sec ? timeout_sec : t->timeout;
	fflush(stdout);
	if (pipe(fds) || (pid = fork()) < 0) {
		perror("dmalab-replay");
		exit(2);
	}
	if (!pid) {
		close(fds[0]);
		/* before anything is read: a device file or a hang counts too */
		alarm(timeout);
		child(path, t, fds[1]);
	}
	close(fds[1]);
	if (read(fds[0], &status, 1) != 1)
		status = 0;
	close(fds[0]);
	waitpid(pid, &wstatus, 0);

	switch (status) {
	case 'o':
		r = RES_OK;
		break;
	case 'f':
		r = RES_FINDING;
		break;
	case 'e':
		r = RES_BAD_INPUT;
		break;
	default:
		r = WIFSIGNALED(wstatus) && WTERMSIG(wstatus) == SIGALRM ? RES_TIMEOUT : RES_CRASH;
	}
	counts[r]++;
	if (ktap) {
		static const char *const why[] = {
			"", "a finding", "bad input", "a crash", "a timeout",
		};

		if (r == RES_OK)
			printf("ok %u %s\n", ++num, path);
		else
			printf("# %s: %s\nnot ok %u %s\n", path, why[r], ++num, path);
		fflush(stdout);
		return r;
	}
	if (r == RES_BAD_INPUT && nfiles == 1)
		return r;	/* its one line said why */
	if (verbosity >= 1 || r != RES_OK) {
		static const char *const what[] = {
			"ok", "FINDING (above)", "bad input (above)", NULL, NULL,
		};
		if (r == RES_CRASH && WIFSIGNALED(wstatus))
			printf("%s... CRASH: signal %d (report above)\n", path, WTERMSIG(wstatus));
		else if (r == RES_CRASH)
			printf("%s... CRASH: exit status %d (sanitizer report above)\n", path,
			       WEXITSTATUS(wstatus));
		else if (r == RES_TIMEOUT)
			printf("%s... TIMEOUT after %u s\n", path, timeout);
		else
			printf("%s... %s\n", path, what[r]);
	}
	fflush(stdout);
	return r;
}

/*
 * --kunit: the input, a scatterlist program, as a KUnit test case on
 * standard output (fuzz/kunit_emit.h); 2 with a line saying why not.
 */
static int write_kunit(const char *path)
{
	const struct target *t = forced ? forced : target_from_path(path);
	static struct fuzz_input in;
	const char *why, *base = strrchr(path, '/');
	struct finding f;
	char err[300], name[80];

	if (!t || strcmp(t->name, "scatterlist")) {
		fprintf(stderr, "dmalab-replay: %s: only scatterlist programs can be written as "
			"a KUnit test (%s)\n", path, t ? t->name : "no target in the path");
		return 2;
	}
	if (!codec_load(t->codec, path, &in, err, sizeof(err))) {
		fprintf(stderr, "dmalab-replay: %s\n", err);
		return 2;
	}
	if (!kunit_emit_start(&in.prog, &why)) {
		fprintf(stderr, "dmalab-replay: %s: not expressible as a KUnit test: %s\n",
			path, why);
		return 2;
	}
	snprintf(name, sizeof(name), "%s", base ? base + 1 : path);
	if (strlen(name) > 4 && !strcmp(name + strlen(name) - 4, ".txt"))
		name[strlen(name) - 4] = '\0';
	target_run(t, &in, &f, false);
	if (!kunit_emit_write(stdout, name, path, &why)) {
		fprintf(stderr, "dmalab-replay: %s: not expressible as a KUnit test: %s\n",
			path, why);
		return 2;
	}
	return 0;
}

/*
 * --c: the input as a standalone C reproducer on standard output
 * (fuzz/c_emit.h); 2 with a line saying why not.
 */
static int write_c(const char *path)
{
	const struct target *t = forced ? forced : target_from_path(path);
	static struct fuzz_input in;
	char err[300], *header = NULL;
	size_t header_len = 0;
	const char *why;
	struct finding f;
	FILE *h;
	bool ok;

	if (!t) {
		fprintf(stderr, "dmalab-replay: %s: no target named in the path (give one with "
			"%s)\n", path, from_make ? "TARGET=" : "--target");
		return 2;
	}
	if (!codec_load(t->codec, path, &in, err, sizeof(err))) {
		fprintf(stderr, "dmalab-replay: %s\n", err);
		return 2;
	}
	h = open_memstream(&header, &header_len);
	if (!h)
		return 2;
	print_notes_to(path, h, false);
	t->codec->print(&in, h);
	fclose(h);
	c_emit_start();
	target_run(t, &in, &f, false);
	ok = c_emit_write(stdout, t->name, path, header, !(t->flags & TARGET_MISUSE), &why);
	free(header);
	if (!ok) {
		fprintf(stderr, "dmalab-replay: %s: not expressible as a C reproducer yet: %s\n",
			path, why);
		return 2;
	}
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}


static void add_file(const char *path)
{
	if (nfiles == cap_files) {
		cap_files = cap_files ? 2 * cap_files : 64;
		files = realloc(files, cap_files * sizeof(*files));
		if (!files)
			exit(2);
	}
	files[nfiles++] = strdup(path);
}

/*
 * The inputs under path, in a stable order (corpus_is_input() decides for
 * the files of folders; a file named on the command line is always one).
 */
static bool collect(const char *path, bool top, enum corpus_use use)
{
	struct stat st;
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, cap = 0;
	bool ok = true;
	DIR *d;

	/* inside a folder, a link to a folder is not followed (no loops) */
	if ((top ? stat : lstat)(path, &st)) {
		fprintf(stderr, "dmalab-replay: %s: %s\n", path, strerror(errno));
		return false;
	}
	if (S_ISLNK(st.st_mode) && (stat(path, &st) || S_ISDIR(st.st_mode)))
		return true;
	if (!S_ISDIR(st.st_mode)) {
		if (top || corpus_is_input(path, use))
			add_file(path);
		return true;
	}
	d = opendir(path);
	if (!d) {
		fprintf(stderr, "dmalab-replay: %s: %s\n", path, strerror(errno));
		return false;
	}
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			names = realloc(names, cap * sizeof(*names));
			if (!names)
				exit(2);
		}
		if (asprintf(&names[n], "%s/%s", path, e->d_name) < 0)
			exit(2);
		n++;
	}
	closedir(d);
	if (n > 1)
		qsort(names, n, sizeof(*names), cmp_str);	/* a stable order */
	for (size_t i = 0; i < n; i++) {
		ok &= collect(names[i], false, use);
		free(names[i]);
	}
	free(names);
	return ok;
}

static void usage(FILE *f)
{
	fprintf(f, "usage: dmalab-replay [--target NAME] [-v] [-q] [--ktap] [--timeout SEC] "
		"[--binary] FILE|DIR...\n"
		"       dmalab-replay --list-targets [--json]\n"
		"       dmalab-replay --list-inputs [--engine] DIR...\n"
		"       dmalab-replay --options NAME\n"
		"       dmalab-replay --known-bugs\n"
		"       dmalab-replay [--target scatterlist] --kunit FILE   (a KUnit test on stdout)\n"
		"       dmalab-replay [--target NAME] --c FILE   (a standalone C reproducer on stdout)\n");
}

static int print_options(const char *name)
{
	const struct target *t = target_find(name);

	if (!t) {
		fprintf(stderr, "dmalab-replay: no target '%s'\n", name);
		list_target_names(stderr);
		return 2;
	}
	printf("[libfuzzer]\nmax_len = %zu\ntimeout = %u\n", t->max_len, t->timeout);
	return 0;
}

int main(int argc, char **argv)
{
	enum { LIST_TARGETS = 256, LIST_INPUTS, OPTIONS, KNOWN_BUGS, JSON, ENGINE, MAKE, BINARY, KUNIT, C_REPRO };
	static const struct option opts[] = {
		{ "target", required_argument, NULL, 't' },
		{ "timeout", required_argument, NULL, 'T' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "ktap", no_argument, NULL, 'k' },
		{ "help", no_argument, NULL, 'h' },
		{ "list-targets", no_argument, NULL, LIST_TARGETS },
		{ "list-inputs", no_argument, NULL, LIST_INPUTS },
		{ "options", required_argument, NULL, OPTIONS },
		{ "known-bugs", no_argument, NULL, KNOWN_BUGS },
		{ "json", no_argument, NULL, JSON },
		{ "engine", no_argument, NULL, ENGINE },
		{ "make", no_argument, NULL, MAKE },
		{ "binary", no_argument, NULL, BINARY },
		{ "kunit", required_argument, NULL, KUNIT },
		{ "c", required_argument, NULL, C_REPRO },
		{}
	};
	bool list_t = false, list_i = false, json = false, engine = false;
	char *end;
	int opt;

	while ((opt = getopt_long(argc, argv, "t:T:vqkh", opts, NULL)) != -1) {
		switch (opt) {
		case 't':
			forced = target_find(optarg);
			if (!forced) {
				fprintf(stderr, "dmalab-replay: no fuzz target '%s' (targets:%s)\n",
					optarg, target_names());
				return 2;
			}
			break;
		case 'T':
			timeout_sec = strtoul(optarg, &end, 0);
			if (*end || !timeout_sec) {
				fprintf(stderr, "dmalab-replay: --timeout %s: expected seconds > 0\n",
					optarg);
				return 2;
			}
			break;
		case 'v':
			verbosity = 2;
			break;
		case 'q':
			verbosity = 0;
			break;
		case 'k':
			ktap = true;
			verbosity = 0;
			break;
		case 'h':
			usage(stdout);
			list_target_names(stdout);
			return 0;
		case LIST_TARGETS:
			list_t = true;
			break;
		case LIST_INPUTS:
			list_i = true;
			break;
		case OPTIONS:
			return print_options(optarg);
		case KNOWN_BUGS:
			known_bugs_print_markdown(stdout);
			return 0;
		case JSON:
			json = true;
			break;
		case ENGINE:
			engine = true;
			break;
		case MAKE:
			from_make = true;
			break;
		case BINARY:
			codec_load_any_binary = true;
			break;
		case KUNIT:
			return write_kunit(optarg);
		case C_REPRO:
			return write_c(optarg);
		default:
			usage(stderr);
			return 2;
		}
	}
	if (list_t)
		return list_targets(json);
	if (optind == argc) {
		usage(stderr);
		return 2;
	}
	for (; optind < argc; optind++)
		if (!collect(argv[optind], !list_i, engine ? CORPUS_ENGINE : CORPUS_REPLAY))
			counts[RES_BAD_INPUT]++;
	/* nothing to run and its line said why */
	if (!nfiles && counts[RES_BAD_INPUT] && !ktap)
		return 2;
	if (list_i) {
		for (size_t i = 0; i < nfiles; i++)
			printf("%s\n", files[i]);
		return counts[RES_BAD_INPUT] ? 2 : 0;
	}
	if (ktap)
		printf("KTAP version 1\n# Subtest: corpus-%s\n1..%zu\n",
		       forced ? forced->name : "replay", nfiles);
	for (size_t i = 0; i < nfiles; i++) {
		int r = replay_file(files[i]);

		/* one input that cannot run: its one line said why, nothing more */
		if (nfiles == 1 && r == RES_BAD_INPUT && !ktap)
			return 2;
		free(files[i]);
	}
	printf("%s%lu inputs: %lu ok, %lu findings, %lu crashes, %lu timeouts, %lu bad\n",
	       ktap ? "# " : "",
	       counts[RES_OK] + counts[RES_FINDING] + counts[RES_CRASH] + counts[RES_TIMEOUT] +
	       counts[RES_BAD_INPUT], counts[RES_OK], counts[RES_FINDING], counts[RES_CRASH],
	       counts[RES_TIMEOUT], counts[RES_BAD_INPUT]);
	/* the test suites' closing line: an input that reproduces anything fails */
	printf("%lu passed, %lu failed\n", counts[RES_OK],
	       counts[RES_FINDING] + counts[RES_CRASH] + counts[RES_TIMEOUT] +
	       counts[RES_BAD_INPUT]);
	if (counts[RES_FINDING] || counts[RES_CRASH] || counts[RES_TIMEOUT])
		return 1;
	return counts[RES_BAD_INPUT] ? 2 : 0;
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * dmalab-replay: run fuzz programs (corpus files, crash files, text
 * programs) through a target without any fuzzing engine, and say what
 * happened. Each input runs in a child process with a timeout, so a
 * sanitizer report or a crash is attributed to its file and the rest still
 * run.
 *
 *   dmalab-replay [--target NAME] [-v] [-q] [--timeout SEC] FILE|DIR...
 *
 * The target is --target, or the first target named by a component of the
 * path (corpus/iova/..., results/fuzz/<run>/dma-map/crash-...). The p2p
 * target's inputs are topologies (either form) instead of programs.
 * Exit status: 0 no input reproduced a finding, 1 at least one did (a
 * finding, a sanitizer report, a crash or a timeout), 2 bad usage or input.
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

#include "fuzz/prog.h"
#include "fuzz/target.h"
#include "topology/topology.h"


enum { RES_OK, RES_FINDING, RES_BAD_INPUT, RES_CRASH, RES_TIMEOUT };

static const struct target *forced;
static unsigned int timeout_sec = 25;
static int verbosity = 1;		/* 0 quiet, 1 a line per file, 2 program and ops */
static bool ktap;			/* KTAP: a result line per input (make test) */
static unsigned long counts[5];

static void list_targets(FILE *f)
{
	const struct target *t;

	fprintf(f, "targets:");
	for (unsigned int i = 0; (t = target_get(i)); i++)
		fprintf(f, " %s", t->name);
	fprintf(f, "\n");
}

/* In the child: 0 clean, 1 finding, 3 bad input. */
static int child(const char *path, const struct target *t, int fd)
{
	static struct prog p;
	struct finding f;
	char status;

	char err[300];

	if (t->run_bytes) {
		static struct topology topo;
		static uint8_t buf[TOPO_BIN_MAX];
		size_t n;
		bool ok;

		if (topo_load(path, &topo, err, sizeof(err)) ||
		    !(n = topo_encode(&topo, buf, sizeof(buf)))) {
			printf("dmalab-replay: %s\n", err);
			fflush(stdout);
			status = 'e';
			write(fd, &status, 1);
			_exit(3);
		}
		if (verbosity >= 2)
			dmalab_log_set_echo(true);
		dmalab_warn_set_mode(DMALAB_WARN_COUNT);
		alarm(timeout_sec);
		ok = t->run_bytes(buf, n, &f, verbosity >= 2);
		if (!ok)
			finding_print(&f, stdout);
		fflush(stdout);
		status = ok ? 'o' : 'f';
		write(fd, &status, 1);
		_exit(ok ? 0 : 1);
	}
	if (!prog_load(path, &p, err, sizeof(err))) {
		printf("dmalab-replay: %s\n", err);
		fflush(stdout);
		status = 'e';
		write(fd, &status, 1);
		_exit(3);
	}
	if (verbosity >= 2) {
		printf("--- %s: target %s, program:\n", path, t->name);
		prog_print(&p, stdout);
		printf("--- running\n");
		dmalab_log_set_echo(true);
	}
	fflush(stdout);
	dmalab_warn_set_mode(DMALAB_WARN_COUNT);
	alarm(timeout_sec);
	if (t->run(&p, &f, verbosity >= 2)) {
		fflush(stdout);		/* _exit() does not */
		status = 'o';
		write(fd, &status, 1);
		_exit(0);
	}
	finding_print(&f, stdout);
	fflush(stdout);
	status = 'f';
	write(fd, &status, 1);
	_exit(1);
}

static int replay_file(const char *path)
{
	const struct target *t = forced ? forced : target_from_path(path);
	int fds[2], wstatus, r;
	char status = 0;
	pid_t pid;

	if (!t) {
		fprintf(stderr, "dmalab-replay: %s: no target named in the path; use --target\n", path);
		list_targets(stderr);
		return RES_BAD_INPUT;
	}
	fflush(stdout);
	if (pipe(fds) || (pid = fork()) < 0) {
		perror("dmalab-replay");
		exit(2);
	}
	if (!pid) {
		close(fds[0]);
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
		static unsigned int num;
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
			printf("%s... TIMEOUT after %u s\n", path, timeout_sec);
		else
			printf("%s... %s\n", path, what[r]);
	}
	fflush(stdout);
	return r;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static char **files;
static size_t nfiles, cap_files;

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

/* The inputs under path, in a stable order; false if it cannot be read. */
static bool collect(const char *path)
{
	struct stat st;
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, cap = 0;
	bool ok = true;
	DIR *d;

	if (stat(path, &st)) {
		fprintf(stderr, "dmalab-replay: %s: %s\n", path, strerror(errno));
		return false;
	}
	if (!S_ISDIR(st.st_mode)) {
		add_file(path);
		return true;
	}
	d = opendir(path);
	if (!d) {
		fprintf(stderr, "dmalab-replay: %s: %s\n", path, strerror(errno));
		return false;
	}
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.' || !strcmp(e->d_name, "README.md") ||
		    strstr(e->d_name, ".dict") || strstr(e->d_name, ".options"))
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			names = realloc(names, cap * sizeof(*names));
		}
		if (asprintf(&names[n], "%s/%s", path, e->d_name) < 0)
			exit(2);
		n++;
	}
	closedir(d);
	if (n > 1)
		qsort(names, n, sizeof(*names), cmp_str);	/* a stable order */
	for (size_t i = 0; i < n; i++) {
		ok &= collect(names[i]);
		free(names[i]);
	}
	free(names);
	return ok;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "target", required_argument, NULL, 't' },
		{ "timeout", required_argument, NULL, 'T' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "ktap", no_argument, NULL, 'k' },
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	int opt;

	while ((opt = getopt_long(argc, argv, "t:T:vqkh", opts, NULL)) != -1) {
		switch (opt) {
		case 't':
			forced = target_find(optarg);
			if (!forced) {
				fprintf(stderr, "dmalab-replay: no target '%s'\n", optarg);
				list_targets(stderr);
				return 2;
			}
			break;
		case 'T':
			timeout_sec = strtoul(optarg, NULL, 0);
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
			printf("usage: dmalab-replay [--target NAME] [-v] [-q] [--timeout SEC] FILE|DIR...\n");
			list_targets(stdout);
			return 0;
		default:
			return 2;
		}
	}
	if (optind == argc) {
		fprintf(stderr, "usage: dmalab-replay [--target NAME] [-v] [-q] [--timeout SEC] FILE|DIR...\n");
		return 2;
	}
	for (; optind < argc; optind++)
		if (!collect(argv[optind]))
			counts[RES_BAD_INPUT]++;
	if (ktap)
		printf("KTAP version 1\n# Subtest: corpus-%s\n1..%zu\n",
		       forced ? forced->name : "replay", nfiles);
	for (size_t i = 0; i < nfiles; i++) {
		replay_file(files[i]);
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

# SPDX-License-Identifier: GPL-2.0-only
"""Google Benchmark JSON: the one loader of the bench scripts (bench.py,
bench_report.py, bench_compare.py, bench_spread.py).

A run folder (results/<run>/ of `make bench`) holds benchmarks.json; other
folders are searched for every *.json that is a Google Benchmark document.
Each benchmark's repetitions are gathered into a Bench (times in ns, every
user counter), and a run's env.txt is read as key=value lines.
"""
import glob
import json
import os
import re
import statistics

UNIT_NS = {'ns': 1.0, 'us': 1e3, 'ms': 1e6, 's': 1e9}
STD_KEYS = {'name', 'family_index', 'per_family_instance_index', 'run_name', 'run_type',
            'repetitions', 'repetition_index', 'threads', 'iterations', 'real_time',
            'cpu_time', 'time_unit', 'aggregate_name', 'aggregate_unit', 'label',
            'error_occurred', 'error_message', 'big_o', 'rms', 'complexity',
            'dmalab_round'}
# Google Benchmark's own name parts, not ours
GB_NAME_TAGS = {'real_time', 'manual_time', 'process_time'}
# the benchmarks Google Benchmark times on the wall clock
REAL_TIME_TAGS = {'real_time', 'manual_time'}


def is_gbench(d):
    """A Google Benchmark JSON document (not env.json, shim-overhead.json, ...)."""
    if not isinstance(d, dict) or not isinstance(d.get('context'), dict):
        return False
    b = d.get('benchmarks')
    return (isinstance(b, list) and bool(b) and isinstance(b[0], dict)
            and 'name' in b[0] and ('real_time' in b[0] or 'run_type' in b[0]))


def load_doc(path):
    """One JSON file, parsed (OSError or ValueError when it cannot be)."""
    with open(path) as fh:
        return json.load(fh)


def run_files(path):
    """The JSON files of a run: path itself if it is a file; in a folder its
    benchmarks.json (what make bench writes), else every *.json."""
    if os.path.isfile(path):
        return [path]
    main_file = os.path.join(path, 'benchmarks.json')
    return [main_file] if os.path.isfile(main_file) else \
        sorted(glob.glob(os.path.join(path, '*.json')))


class LoadError(Exception):
    """A JSON file that cannot be read or parsed: file, and error (the cause)."""

    def __init__(self, file, error):
        super().__init__('%s: %s' % (file, error))
        self.file, self.error = file, error


def load_docs(files, strict=False):
    """[(file, document)] of the files that are Google Benchmark JSON. A
    file that cannot be read is skipped, or (strict) raises LoadError."""
    docs = []
    for f in files:
        try:
            d = load_doc(f)
        except (OSError, ValueError) as e:
            if strict:
                raise LoadError(f, e)
            continue
        if is_gbench(d):
            docs.append((f, d))
    return docs


def read_env(dirpath):
    """A run's env file as {key (lower case): value}, and its path (None
    when there is none): key=value (or key: value) lines, # comments."""
    env, path = {}, None
    for name in ('env', 'env.txt', 'environment', 'environment.txt', 'env.sh'):
        p = os.path.join(dirpath, name)
        if os.path.isfile(p):
            path = p
            break
    if not path:
        return env, None
    for line in open(path, errors='replace'):
        if line.lstrip().startswith('#'):
            continue
        m = re.match(r'\s*(?:export\s+)?([A-Za-z0-9_.-]+)\s*[=:]\s*(.*?)\s*$', line)
        if m:
            env.setdefault(m.group(1).lower(), m.group(2).strip('"\''))
    return env, path


class Bench:
    """All repetitions of one benchmark: times in ns, counters."""

    def __init__(self, name):
        """A benchmark named <group>/<path>/<workload>/<size>[/key:value...]."""
        self.name = name
        self.real, self.cpu = [], []
        self.counters = {}
        self.threads = 1
        self.iterations = []
        self.rounds = []        # make ab's round (or make compare's run) of each repetition
        self.error = None
        self.agg = {}           # aggregate_name -> entry (when only aggregates exist)
        parts = name.split('/')
        self.params = {}
        plain = []
        self.tags = set()
        for p in parts:
            if ':' in p:
                k, v = p.split(':', 1)
                self.params[k] = v
            elif p in GB_NAME_TAGS:
                self.tags.add(p)
            else:
                plain.append(p)
        self.plain = plain
        self.group = plain[0] if plain else ''
        self.path = plain[1] if len(plain) > 1 else ''
        self.workload = plain[2] if len(plain) > 2 else ''
        self.size = plain[3] if len(plain) > 3 else ''
        if 'threads' in self.params:
            self.threads = int(self.params['threads'])

    def add(self, b):
        """One repetition (a benchmark entry of the JSON)."""
        u = UNIT_NS.get(b.get('time_unit', 'ns'), 1.0)
        self.real.append(b['real_time'] * u)
        self.cpu.append(b['cpu_time'] * u)
        self.iterations.append(b.get('iterations', 0))
        self.rounds.append(b.get('dmalab_round', 0))
        self.threads = b.get('threads', self.threads)
        for k, v in b.items():
            if k not in STD_KEYS and isinstance(v, (int, float)) and not isinstance(v, bool):
                self.counters.setdefault(k, []).append(float(v))

    @property
    def reps(self):
        """How many repetitions."""
        return len(self.real)

    def stat(self, key):
        """(median, min, max) of 'real', 'cpu' or a counter; None when absent."""
        v = self.real if key == 'real' else self.cpu if key == 'cpu' else self.counters.get(key)
        if not v:
            return None
        return statistics.median(v), min(v), max(v)

    def primary(self):
        """The time Google Benchmark judges this benchmark by: wall time for
        /real_time ones, else CPU time (as the rate counters ns_per_4k and
        bytes_per_second)."""
        return self.stat('real' if self.tags & REAL_TIME_TAGS else 'cpu')

    def primary_name(self):
        """'wall' or 'CPU': which time primary() is."""
        return 'wall' if self.tags & REAL_TIME_TAGS else 'CPU'

    def per_4k(self):
        """ns per 4 KiB mapped: the ns_per_4k counter, else time / (size / 4 KiB)."""
        s = self.stat('ns_per_4k')
        if s:
            return s
        sz = parse_size(self.size)
        if not sz or not self.real:
            return None
        n = sz / 4096.0
        return tuple(x / n for x in self.primary())


def collect(benches):
    """({name: Bench}, [(name, error message)], only_aggregates) of the
    benchmark entries of one or more documents: the iterations of each, or
    where the JSON has aggregates only, their medians."""
    by = {}
    errors = []
    only_aggregates = not any(b.get('run_type', 'iteration') == 'iteration' for b in benches)
    for b in benches:
        if b.get('error_occurred'):
            errors.append((b['name'], b.get('error_message', '')))
            continue
        rt = b.get('run_type', 'iteration')
        if rt == 'iteration' and 'real_time' in b:
            name = b['name']
            by.setdefault(name, Bench(name)).add(b)
        elif only_aggregates and b.get('aggregate_name') == 'median':
            name = b.get('run_name') or re.sub(r'_median$', '', b['name'])
            by.setdefault(name, Bench(name)).add(b)
    return by, errors, only_aggregates


def medians(by):
    """{name: {'cpu': ns, 'real': ns, counter: value}}: the medians over the
    repetitions of each benchmark."""
    out = {}
    for name, b in by.items():
        f = {'cpu': statistics.median(b.cpu), 'real': statistics.median(b.real)}
        f.update({k: statistics.median(v) for k, v in b.counters.items()})
        out[name] = f
    return out


def parse_size(s):
    """'64KiB' -> 65536.0; None if s is not a size."""
    m = re.fullmatch(r'(\d+(?:\.\d+)?)\s*([KMGT]i?B?|B)?', s or '', re.I)
    if not m:
        return None
    mult = {'': 1, 'B': 1, 'K': 1 << 10, 'M': 1 << 20, 'G': 1 << 30, 'T': 1 << 40}
    unit = (m.group(2) or '').upper()[:1]
    return float(m.group(1)) * mult.get(unit, 1)

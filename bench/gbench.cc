// SPDX-License-Identifier: GPL-2.0-only
//
// The C++ side of bench/gbench.h: Google Benchmark (libbenchmark 1.7) for
// benchmark bodies written in C. Each call is a thin forward to
// benchmark::State or benchmark::internal::Benchmark; the cost of that
// forwarding is measured by the shim/ benchmarks (a native C++ body is
// registered here for comparison).

#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstring>
#include <string>

#include "gbench.h"

using benchmark::State;
using benchmark::internal::Benchmark;

static inline State &S(gb_state *st) { return *reinterpret_cast<State *>(st); }
static inline const State &S(const gb_state *st) { return *reinterpret_cast<const State *>(st); }
static inline Benchmark *B(gb_bench *b) { return reinterpret_cast<Benchmark *>(b); }
static inline gb_bench *G(Benchmark *b) { return reinterpret_cast<gb_bench *>(b); }

extern "C" {

gb_bench *gb_register(const char *name, gb_fn fn)
{
	// the C function is called with the State as an opaque pointer
	return G(benchmark::RegisterBenchmark(name, [fn](State &st) {
		fn(reinterpret_cast<gb_state *>(&st));
	}));
}

gb_bench *gb_register_data(const char *name, void (*fn)(gb_state *st, void *data), void *data)
{
	return G(benchmark::RegisterBenchmark(name, [fn, data](State &st) {
		fn(reinterpret_cast<gb_state *>(&st), data);
	}));
}

gb_bench *gb_arg(gb_bench *b, int64_t x) { return G(B(b)->Arg(x)); }

gb_bench *gb_args(gb_bench *b, const int64_t *args, int n)
{
	return G(B(b)->Args(std::vector<int64_t>(args, args + n)));
}

gb_bench *gb_range_args(gb_bench *b, int64_t lo, int64_t hi) { return G(B(b)->Range(lo, hi)); }
gb_bench *gb_range_multiplier(gb_bench *b, int mult) { return G(B(b)->RangeMultiplier(mult)); }

gb_bench *gb_dense_range(gb_bench *b, int64_t lo, int64_t hi, int step)
{
	return G(B(b)->DenseRange(lo, hi, step));
}

gb_bench *gb_arg_name(gb_bench *b, const char *name) { return G(B(b)->ArgName(name)); }
gb_bench *gb_threads(gb_bench *b, int n) { return G(B(b)->Threads(n)); }
gb_bench *gb_use_real_time(gb_bench *b) { return G(B(b)->UseRealTime()); }
gb_bench *gb_min_time(gb_bench *b, double seconds) { return G(B(b)->MinTime(seconds)); }
gb_bench *gb_iterations_fixed(gb_bench *b, int64_t n) { return G(B(b)->Iterations(n)); }
gb_bench *gb_repetitions(gb_bench *b, int n) { return G(B(b)->Repetitions(n)); }

gb_bench *gb_unit(gb_bench *b, enum gb_unit u)
{
	static const benchmark::TimeUnit units[] = {
		benchmark::kNanosecond, benchmark::kMicrosecond,
		benchmark::kMillisecond, benchmark::kSecond,
	};
	return G(B(b)->Unit(units[u]));
}

bool gb_keep_running(gb_state *st) { return S(st).KeepRunning(); }
bool gb_keep_running_batch(gb_state *st, int64_t n) { return S(st).KeepRunningBatch(n); }
void gb_pause(gb_state *st) { S(st).PauseTiming(); }
void gb_resume(gb_state *st) { S(st).ResumeTiming(); }
int64_t gb_range(const gb_state *st, int i) { return S(st).range(i); }
int gb_thread_index(const gb_state *st) { return S(st).thread_index(); }
int gb_thread_count(const gb_state *st) { return S(st).threads(); }
int64_t gb_iterations(const gb_state *st) { return S(st).iterations(); }
int64_t gb_max_iterations(const gb_state *st) { return S(st).max_iterations; }
void gb_set_bytes_processed(gb_state *st, int64_t bytes) { S(st).SetBytesProcessed(bytes); }
void gb_set_items_processed(gb_state *st, int64_t items) { S(st).SetItemsProcessed(items); }
void gb_set_label(gb_state *st, const char *label) { S(st).SetLabel(label); }
void gb_skip_with_error(gb_state *st, const char *msg) { S(st).SkipWithError(msg); }
bool gb_error_occurred(const gb_state *st) { return S(st).error_occurred(); }

void gb_counter(gb_state *st, const char *name, double value, unsigned int flags)
{
	S(st).counters[name] = benchmark::Counter(
		value, static_cast<benchmark::Counter::Flags>(flags));
}

// GB_LOOP: one batch of all max_iterations, counted down in C, then the
// call that stops the timer (KeepRunning() returning false), exactly as
// the C++ range-for does with its StateIterator.
uint64_t gb_loop_start(gb_state *st)
{
	State &s = S(st);

	return s.KeepRunningBatch(s.max_iterations) ? s.max_iterations : 0;
}

void gb_loop_finish(gb_state *st)
{
	bool more = S(st).KeepRunning();

	if (more) {
		std::fprintf(stderr, "gbench: GB_LOOP ran fewer iterations than asked\n");
		std::abort();
	}
}

void gb_add_context(const char *key, const char *value)
{
	benchmark::AddCustomContext(key, value);
}

int gb_run(int argc, char **argv)
{
	benchmark::Initialize(&argc, argv);
	if (benchmark::ReportUnrecognizedArguments(argc, argv))
		return 2;
	benchmark::RunSpecifiedBenchmarks();
	benchmark::Shutdown();
	return 0;
}

// ---- the native C++ reference bodies for shim/ ----

static void native_loop(State &st)
{
	for (auto _ : st)
		benchmark::ClobberMemory();	// a compiler barrier, as the C bodies
}

static void native_pause_resume(State &st)
{
	for (auto _ : st) {
		st.PauseTiming();
		st.ResumeTiming();
	}
}

void gb_register_native_overhead(void)
{
	benchmark::RegisterBenchmark("shim/loop/cxx", native_loop);
	benchmark::RegisterBenchmark("shim/pause-resume/cxx", native_pause_resume);
}

}  // extern "C"

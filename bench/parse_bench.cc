// bench/parse: throughput of reading + structure recognition + task decomposition (with the
// bundled units table) over the sample plan repeated to about 50 MB, on one thread.
// Prints MB/s per stage; the goal for the whole pipeline is at least 50 MB/s on one core.
// A benchmark prints numbers; it never passes or fails on time.
//
//   ./build/bench/parse_bench            (or: make bench)
//   GUIHUA_BENCH_MB=2 valgrind --tool=callgrind ./build/bench/parse_bench --benchmark_filter=Only/1
// Instructions per byte of the whole pipeline: the same with --benchmark_filter=ReadParseDecompose,
// BM_ReadParseDecompose's inclusive count less Corpus() and Matcher(), over iterations × bytes.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string_view>

#include "document/reader.h"
#include "plan/decompose.h"
#include "plan/structure.h"
#include "plan/units.h"

namespace {

using namespace guihua;

const std::string& Corpus() {
  static const std::string corpus = [] {
    std::ifstream in(GUIHUA_SOURCE_DIR "/data/plans/hengyang-14th-fyp-proposal.txt",
                     std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    std::string one = ss.str();
    std::string all;
    // GUIHUA_BENCH_MB overrides the size (e.g. 2 for a quick run under a profiler).
    const char* mb = std::getenv("GUIHUA_BENCH_MB");
    size_t target = (mb ? std::strtoul(mb, nullptr, 10) : 50u) << 20;
    all.reserve(target + one.size());
    while (all.size() < target) all += one + "\n";
    return all;
  }();
  return corpus;
}

const plan::UnitMatcher& Matcher() {
  static const plan::UnitMatcher* m = [] {
    auto units = plan::LoadUnitsFile(GUIHUA_SOURCE_DIR "/data/units/hengyang_units.csv");
    return new plan::UnitMatcher(units.ok() ? *units : std::vector<plan::Unit>{});
  }();
  return *m;
}

void SetBytes(benchmark::State& state) {
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(Corpus().size()));
  state.counters["MB"] = static_cast<double>(Corpus().size()) / 1e6;
}

void BM_Read(benchmark::State& state) {
  for (auto _ : state) {
    auto doc = document::ReadDocumentBytes(Corpus(), "plan.txt");
    benchmark::DoNotOptimize(doc);
  }
  SetBytes(state);
}

void BM_ReadParse(benchmark::State& state) {
  size_t nodes = 0;
  for (auto _ : state) {
    auto doc = document::ReadDocumentBytes(Corpus(), "plan.txt");
    auto p = plan::ParsePlan(*doc);
    nodes = p->nodes.size();
    benchmark::DoNotOptimize(p);
  }
  SetBytes(state);
  state.counters["top_nodes"] = static_cast<double>(nodes);
}

// Read, structure and decompose `bytes` once, as `guihua import` does
// (service::ReadPlanFile): the document is gone before the decomposition starts, which
// reuses its memory. Returns the task count.
size_t ReadParseDecompose(std::string_view bytes, const plan::Decomposer& d) {
  auto p = [bytes] {
    auto doc = document::ReadDocumentBytes(bytes, "plan.txt");
    return plan::ParsePlan(*doc);
  }();
  auto t = d.Decompose(*p);
  benchmark::DoNotOptimize(t);
  return t.size();
}

void BM_ReadParseDecompose(benchmark::State& state) {
  size_t tasks = 0;
  plan::Decomposer d(&Matcher());
  for (auto _ : state) tasks = ReadParseDecompose(Corpus(), d);
  SetBytes(state);
  state.counters["tasks"] = static_cast<double>(tasks);
}

// The same, once in a process of its own (bench/parse starts one per run): every page the
// pipeline touches is new to the process and zeroed by the kernel, as for a one-off import
// of one large plan. The repeated benchmark above reuses the pages of earlier iterations.
void BM_FirstPass(benchmark::State& state) {
  Corpus();
  plan::Decomposer d(&Matcher());
  size_t tasks = 0;
  for (auto _ : state) tasks = ReadParseDecompose(Corpus(), d);
  SetBytes(state);
  state.counters["tasks"] = static_cast<double>(tasks);
}

// The same bytes as many documents: the sample read, parsed and decomposed once per copy,
// as an office or a national deployment meets plans (each tens to hundreds of KB).
void BM_ManyDocuments(benchmark::State& state) {
  static const std::string one = [] {
    std::ifstream in(GUIHUA_SOURCE_DIR "/data/plans/hengyang-14th-fyp-proposal.txt",
                     std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }();
  const size_t copies = Corpus().size() / (one.size() + 1);
  plan::Decomposer d(&Matcher());
  size_t tasks = 0;
  for (auto _ : state) {
    tasks = 0;
    for (size_t i = 0; i < copies; ++i) tasks += ReadParseDecompose(one, d);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(copies * one.size()));
  state.counters["MB"] = static_cast<double>(copies * one.size()) / 1e6;
  state.counters["documents"] = static_cast<double>(copies);
  state.counters["tasks"] = static_cast<double>(tasks);
}

// Decomposition alone (the plan parsed once), without and with unit suggestions.
void BM_DecomposeOnly(benchmark::State& state) {
  auto doc = document::ReadDocumentBytes(Corpus(), "plan.txt");
  auto p = plan::ParsePlan(*doc);
  plan::Decomposer d(state.range(0) ? &Matcher() : nullptr);
  for (auto _ : state) {
    auto t = d.Decompose(*p);
    benchmark::DoNotOptimize(t);
  }
  SetBytes(state);
}

BENCHMARK(BM_DecomposeOnly)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_Read)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_ReadParse)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_ReadParseDecompose)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_ManyDocuments)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_FirstPass)->Unit(benchmark::kMillisecond)->Iterations(1);

}  // namespace

BENCHMARK_MAIN();

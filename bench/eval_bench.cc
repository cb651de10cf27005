// bench/eval_bench: the in-process half of bench/eval. Prints "key value" lines (seconds,
// microseconds, counts) for the script to tabulate; it never passes or fails on time.
//
//   eval_bench gen --regions 3200 --indicators 40 --months 60 [--seed N] [--end 2023-06] --out DIR
//       GenerateScale + WriteDatasetCsv, for when `guihua gen` is not built.
//   eval_bench import DIR --db FILE
//       ImportRegionsFile / ImportIndicatorsFile / ImportObservationsFile into SQLite, timed,
//       for when the `guihua … import` commands are not built.
//   eval_bench eval DIR [--reps 5] [--adds 2000]
//       loads DIR/indicators.csv (through the importer's parser) and DIR/observations.csv into
//       memory (timed apart), then times Evaluator::AddBulk, the first EvaluateAll (sorts every
//       series), full re-evaluations of every indicator × region pair (best and median of
//       --reps), and Evaluator::Add of one new observation (re-evaluates one pair; median, p99
//       and max in µs). Ends with the status counts, which bench/eval compares with the pandas
//       and SQL versions of the same rules.
#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "indicators/evaluate.h"
#include "indicators/generate.h"
#include "service/data_gen.h"
#include "service/indicator_import.h"
#include "store/store.h"
#include "tabular/csv.h"

namespace {

using namespace guihua;
using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

// --name value options after the positional arguments.
struct Args {
  std::vector<std::string> positional;
  std::map<std::string, std::string> named;
  std::string Get(const std::string& k, const std::string& def) const {
    auto it = named.find(k);
    return it == named.end() ? def : it->second;
  }
  long Int(const std::string& k, long def) const {
    auto it = named.find(k);
    return it == named.end() ? def : std::strtol(it->second.c_str(), nullptr, 10);
  }
};

Args ParseArgs(int argc, char** argv, int from) {
  Args a;
  for (int i = from; i < argc; ++i) {
    std::string s = argv[i];
    if (s.rfind("--", 0) == 0 && i + 1 < argc) {
      a.named[s.substr(2)] = argv[++i];
    } else {
      a.positional.push_back(s);
    }
  }
  return a;
}

int Fail(const Status& s) {
  std::cerr << "eval_bench: " << s.ToString() << "\n";
  return 1;
}

int CmdGen(const Args& a) {
  indicators::GenOptions o;
  o.seed = static_cast<uint64_t>(a.Int("seed", static_cast<long>(o.seed)));
  o.regions = static_cast<int>(a.Int("regions", 3200));
  o.indicators = static_cast<int>(a.Int("indicators", 40));
  o.months = static_cast<int>(a.Int("months", 60));
  std::string end = a.Get("end", "");
  if (!end.empty()) {
    auto p = indicators::ParsePeriod(end);
    if (!p) return Fail(Status::InvalidArgument("--end " + end + ": not a period"));
    o.end_year = p->year;
    o.end_month = p->grain == indicators::Period::Grain::kMonth ? p->sub : 12;
  }
  auto t0 = Clock::now();
  indicators::Dataset d = indicators::GenerateScale(o);
  auto t1 = Clock::now();
  Status s = service::WriteDatasetCsv(d, a.Get("out", "out/eval"));
  auto t2 = Clock::now();
  if (!s.ok()) return Fail(s);
  std::printf("gen_rows %zu\ngen_generate_s %.3f\ngen_write_s %.3f\n", d.observations.size(),
              Seconds(t0, t1), Seconds(t1, t2));
  return 0;
}

int CmdImport(const Args& a) {
  if (a.positional.empty()) return Fail(Status::InvalidArgument("import DIR --db FILE"));
  const std::string dir = a.positional[0];
  auto store = store::OpenSqliteStore(a.Get("db", dir + "/eval.db"));
  if (!store.ok()) return Fail(store.status());
  service::TableImportOptions opt;
  auto t0 = Clock::now();
  auto r = service::ImportRegionsFile(**store, dir + "/regions.csv", opt);
  if (!r.ok()) return Fail(r.status());
  auto t1 = Clock::now();
  r = service::ImportIndicatorsFile(**store, dir + "/indicators.csv", opt);
  if (!r.ok()) return Fail(r.status());
  auto t2 = Clock::now();
  r = service::ImportObservationsFile(**store, dir + "/observations.csv", opt);
  if (!r.ok()) return Fail(r.status());
  auto t3 = Clock::now();
  std::printf("import_regions_s %.3f\nimport_indicators_s %.3f\nimport_observations_s %.3f\n",
              Seconds(t0, t1), Seconds(t1, t2), Seconds(t2, t3));
  std::printf("import_rows %lld\n", static_cast<long long>(r->rows));
  return 0;
}

// Reads observations.csv as bench data: unquoted fields (what WriteDatasetCsv writes for
// generated names); a file with quotes goes through the full CSV reader.
Result<std::vector<indicators::Observation>> LoadObservations(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound(path + ": cannot open");
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<indicators::Observation> out;
  auto add = [&](std::string_view ind, std::string_view reg, std::string_view per,
                 std::string_view val, int line) -> Status {
    auto p = indicators::ParsePeriod(per);
    double v = 0;
    auto [ptr, ec] = std::from_chars(val.data(), val.data() + val.size(), v);
    if (!p || ec != std::errc() || ptr != val.data() + val.size()) {
      return Status::ParseError(path + ", line " + std::to_string(line) + ": bad row");
    }
    indicators::Observation& o = out.emplace_back();
    o.indicator.assign(ind);
    o.region.assign(reg);
    o.period = *p;
    o.value = v;
    return Status::Ok();
  };
  if (bytes.find('"') != std::string::npos) {
    GH_ASSIGN_OR_RETURN(tabular::CsvTable t, tabular::ParseCsv(bytes));
    out.reserve(t.records.size());
    for (size_t i = 1; i < t.records.size(); ++i) {
      const auto& f = t.records[i].fields;
      if (f.size() < 4) return Status::ParseError(path + ": short row");
      GH_RETURN_IF_ERROR(add(f[0], f[1], f[2], f[3], t.records[i].line));
    }
    return out;
  }
  out.reserve(static_cast<size_t>(std::count(bytes.begin(), bytes.end(), '\n')));
  std::string_view all(bytes);
  size_t pos = all.find('\n');  // skip the header
  int line = 1;
  while (pos != std::string_view::npos && pos + 1 < all.size()) {
    size_t start = pos + 1;
    pos = all.find('\n', start);
    std::string_view row =
        all.substr(start, pos == std::string_view::npos ? all.npos : pos - start);
    ++line;
    if (!row.empty() && row.back() == '\r') row.remove_suffix(1);
    if (row.empty()) continue;
    std::string_view f[4];
    size_t b = 0;
    for (int k = 0; k < 4; ++k) {
      size_t c = row.find(',', b);
      f[k] = row.substr(b, c == row.npos ? row.npos : c - b);
      b = c == row.npos ? row.size() : c + 1;
    }
    GH_RETURN_IF_ERROR(add(f[0], f[1], f[2], f[3], line));
  }
  return out;
}

int CmdEval(const Args& a) {
  if (a.positional.empty()) return Fail(Status::InvalidArgument("eval DIR [--reps N]"));
  const std::string dir = a.positional[0];
  const int reps = static_cast<int>(std::max(1L, a.Int("reps", 5)));
  const int adds = static_cast<int>(std::max(1L, a.Int("adds", 2000)));

  auto t0 = Clock::now();
  auto mem = store::NewMemoryStore();
  auto r = service::ImportIndicatorsFile(*mem, dir + "/indicators.csv", {});
  if (!r.ok()) return Fail(r.status());
  auto inds = mem->LoadIndicators();
  if (!inds.ok()) return Fail(inds.status());
  auto obs = LoadObservations(dir + "/observations.csv");
  if (!obs.ok()) return Fail(obs.status());
  auto t1 = Clock::now();
  const size_t rows = obs->size();
  std::printf("eval_rows %zu\neval_load_s %.3f\n", rows, Seconds(t0, t1));

  indicators::EvalOptions options;
  indicators::Evaluator ev(*inds, options);
  auto t2 = Clock::now();
  ev.AddBulk(std::move(*obs));
  auto t3 = Clock::now();
  ev.EvaluateAll();
  auto t4 = Clock::now();
  std::printf("eval_addbulk_s %.3f\neval_first_s %.3f\n", Seconds(t2, t3), Seconds(t3, t4));

  // Full passes: SetOptions marks every pair for re-evaluation.
  std::vector<double> times;
  for (int i = 0; i < reps; ++i) {
    ev.SetOptions(options);
    auto s = Clock::now();
    ev.EvaluateAll();
    times.push_back(Seconds(s, Clock::now()));
  }
  std::sort(times.begin(), times.end());
  std::printf("eval_pairs %zu\neval_best_s %.4f\neval_median_s %.4f\n", ev.Results().size(),
              times.front(), times[times.size() / 2]);

  std::map<std::string, size_t> counts;
  for (const indicators::Evaluation& e : ev.Results()) {
    ++counts[indicators::EvalStatusName(e.status)];
  }

  // One new observation at a time, in pairs spread over the table: the month after the
  // latest one, so each Add extends a series the way a monthly report does.
  const auto& regions = ev.regions();
  const auto& table = ev.indicators();
  std::vector<double> us;
  us.reserve(static_cast<size_t>(adds));
  uint64_t x = 88172645463325252ULL;
  for (int i = 0; i < adds && !regions.empty() && !table.empty(); ++i) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    const auto& ind = table[x % table.size()];
    const auto& reg = regions[(x >> 20) % regions.size()];
    const indicators::Evaluation* before = ev.Find(ind.code, reg);
    indicators::Period p =
        before && before->period ? *before->period : indicators::Period::Month(2030, 1);
    indicators::Period next = p.grain == indicators::Period::Grain::kMonth
                                  ? (p.sub == 12 ? indicators::Period::Month(p.year + 1, 1)
                                                 : indicators::Period::Month(p.year, p.sub + 1))
                                  : indicators::Period::Year(p.year + 1);
    indicators::Observation o{ind.code, reg,
                              next,     before && before->value ? *before->value : 1,
                              "",       indicators::ObservationStatus::kApproved};
    auto s = Clock::now();
    ev.Add(o);
    us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - s).count());
  }
  if (!us.empty()) {
    std::sort(us.begin(), us.end());
    std::printf("add_count %zu\nadd_median_us %.2f\nadd_p99_us %.2f\nadd_max_us %.2f\n", us.size(),
                us[us.size() / 2], us[us.size() * 99 / 100], us.back());
  }
  for (const auto& [k, v] : counts) std::printf("status_%s %zu\n", k.c_str(), v);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: eval_bench gen|import|eval … (see bench/eval_bench.cc)\n";
    return 2;
  }
  std::string cmd = argv[1];
  Args a = ParseArgs(argc, argv, 2);
  if (cmd == "gen") return CmdGen(a);
  if (cmd == "import") return CmdImport(a);
  if (cmd == "eval") return CmdEval(a);
  std::cerr << "eval_bench: unknown command " << cmd << "\n";
  return 2;
}

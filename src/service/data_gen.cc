#include "service/data_gen.h"

#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <optional>
#include <string_view>
#include <system_error>

#include "common/i18n.h"
#include "tabular/csv.h"

namespace guihua::service {
namespace {

using indicators::Dataset;
using indicators::Indicator;
using indicators::Observation;
using indicators::Period;
using indicators::Region;

struct FileCloser {
  void operator()(std::FILE* f) const {
    if (f) std::fclose(f);
  }
};

// Appends rows to a buffer and hands it to the file every few megabytes: one fwrite per
// buffer, not per row. The first error sticks and is reported by Close().
class CsvOut {
 public:
  static constexpr size_t kFlushAt = 4u << 20;

  static Result<CsvOut> Open(const std::string& path) {
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (!f) {
      return Status::InvalidArgument(
          Msg("{}：无法写入（{}）", "{}: cannot write ({})", path, std::strerror(errno)));
    }
    return CsvOut(path, f);
  }

  void Raw(std::string_view s) { buf_.append(s); }
  void Char(char c) { buf_.push_back(c); }
  // A text field, quoted only when it holds a comma, quote, CR or LF.
  void Text(std::string_view s) {
    bool plain = true;
    for (char c : s) plain &= c != ',' && c != '"' && c != '\r' && c != '\n';
    if (plain) {
      buf_.append(s);
    } else {
      buf_.append(tabular::CsvEscape(s));
    }
  }
  void Number(double v) {
    char tmp[32];
    auto [p, ec] = std::to_chars(tmp, tmp + sizeof tmp, v);
    if (ec == std::errc()) buf_.append(tmp, p);
  }
  void Number(const std::optional<double>& v) {
    if (v) Number(*v);
  }
  void Int(const std::optional<int>& v) {
    if (!v) return;
    char tmp[16];
    auto [p, ec] = std::to_chars(tmp, tmp + sizeof tmp, *v);
    if (ec == std::errc()) buf_.append(tmp, p);
  }
  // "2023", "2023-Q2", "2023-06" as Period::ToString writes them, without a string per row.
  void PeriodText(const Period& p) {
    char tmp[16];
    char* e = tmp;
    int y = p.year;
    if (y >= 0 && y <= 9999) {
      *e++ = static_cast<char>('0' + y / 1000);
      *e++ = static_cast<char>('0' + y / 100 % 10);
      *e++ = static_cast<char>('0' + y / 10 % 10);
      *e++ = static_cast<char>('0' + y % 10);
    } else {
      e = std::to_chars(tmp, tmp + 8, y).ptr;
    }
    switch (p.grain) {
      case Period::Grain::kYear:
        break;
      case Period::Grain::kQuarter:
        *e++ = '-';
        *e++ = 'Q';
        *e++ = static_cast<char>('0' + p.sub % 10);
        break;
      case Period::Grain::kMonth:
        *e++ = '-';
        *e++ = static_cast<char>('0' + p.sub / 10 % 10);
        *e++ = static_cast<char>('0' + p.sub % 10);
        break;
    }
    buf_.append(tmp, e);
  }
  void EndRow() {
    buf_.push_back('\n');
    if (buf_.size() >= kFlushAt) Flush();
  }

  Status Close() {
    Flush();
    int rc = std::fclose(file_.release());
    if (failed_ || rc != 0) {
      return Status::Unavailable(Msg("{}：写入失败", "{}: write failed", path_));
    }
    return Status::Ok();
  }

 private:
  CsvOut(std::string path, std::FILE* f) : path_(std::move(path)), file_(f) {
    buf_.reserve(kFlushAt + 4096);
  }
  void Flush() {
    if (!buf_.empty() && !failed_) {
      failed_ = std::fwrite(buf_.data(), 1, buf_.size(), file_.get()) != buf_.size();
    }
    buf_.clear();
  }

  std::string path_;
  std::unique_ptr<std::FILE, FileCloser> file_;
  std::string buf_;
  bool failed_ = false;
};

Status WriteRegions(const std::vector<Region>& regions, const std::string& path) {
  GH_ASSIGN_OR_RETURN(CsvOut out, CsvOut::Open(path));
  out.Raw("name,parent,type\n");
  for (const Region& r : regions) {
    out.Text(r.name);
    out.Char(',');
    out.Text(r.parent);
    out.Char(',');
    out.Text(r.type);
    out.EndRow();
  }
  return out.Close();
}

Status WriteIndicators(const std::vector<Indicator>& indicators, const std::string& path) {
  GH_ASSIGN_OR_RETURN(CsvOut out, CsvOut::Open(path));
  out.Raw(
      "code,name,unit,category,attribute,direction,target_kind,baseline_year,baseline,"
      "target_year,target,note\n");
  for (const Indicator& i : indicators) {
    out.Text(i.code);
    out.Char(',');
    out.Text(i.name);
    out.Char(',');
    out.Text(i.unit);
    out.Char(',');
    out.Text(i.category);
    out.Char(',');
    out.Text(indicators::AttributeLabel(i.attribute));
    out.Char(',');
    out.Text(indicators::DirectionName(i.direction));
    out.Char(',');
    out.Text(indicators::TargetKindName(i.target_kind));
    out.Char(',');
    out.Int(i.baseline_year);
    out.Char(',');
    out.Number(i.baseline);
    out.Char(',');
    out.Int(i.target_year);
    out.Char(',');
    out.Text(i.target_text.empty() ? TargetNotation(i) : i.target_text);
    out.Char(',');
    out.Text(i.remarks);
    out.EndRow();
  }
  return out.Close();
}

Status WriteObservationsCsvImpl(const std::vector<Observation>& observations,
                                const std::string& path) {
  GH_ASSIGN_OR_RETURN(CsvOut out, CsvOut::Open(path));
  out.Raw("indicator,region,period,value,source\n");
  for (const Observation& o : observations) {
    out.Text(o.indicator);
    out.Char(',');
    out.Text(o.region);
    out.Char(',');
    out.PeriodText(o.period);
    out.Char(',');
    out.Number(o.value);
    out.Char(',');
    out.Text(o.source);
    out.EndRow();
  }
  return out.Close();
}

}  // namespace

std::string TargetNotation(const Indicator& ind) {
  if (!ind.target) return "";
  char tmp[32];
  auto [p, ec] = std::to_chars(tmp, tmp + sizeof tmp, *ind.target);
  std::string num = ec == std::errc() ? std::string(tmp, p) : std::string();
  switch (ind.target_kind) {
    case indicators::TargetKind::kLevel:
      return num;
    case indicators::TargetKind::kGrowth:
    case indicators::TargetKind::kFloor:
      return ">" + num;
    case indicators::TargetKind::kCeiling:
      return "<" + num;
    case indicators::TargetKind::kCumulative:
      return "〔" + num + "〕";
    case indicators::TargetKind::kQualitative:
      return "";
  }
  return num;
}

Status WriteDatasetCsv(const Dataset& dataset, const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    return Status::InvalidArgument(
        Msg("{}：无法创建目录（{}）", "{}: cannot create the directory ({})", dir, ec.message()));
  }
  const std::filesystem::path base(dir);
  GH_RETURN_IF_ERROR(WriteRegions(dataset.regions, (base / "regions.csv").string()));
  GH_RETURN_IF_ERROR(WriteIndicators(dataset.indicators, (base / "indicators.csv").string()));
  return WriteObservationsCsvImpl(dataset.observations, (base / "observations.csv").string());
}

Status WriteObservationsCsv(const std::vector<Observation>& observations, const std::string& path) {
  return WriteObservationsCsvImpl(observations, path);
}

}  // namespace guihua::service

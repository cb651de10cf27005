// guihua: the command-line face of the library. Parses flags, wires objects, calls the
// library and prints. No domain logic lives here.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>

#include "common/i18n.h"
#include "document/reader.h"
#include "plan/plan_json.h"
#include "plan/structure.h"

namespace {

using guihua::Msg;
using guihua::Status;
using guihua::Tr;

// Exit codes: 0 success, 1 internal or environment failure, 2 bad input or usage.
int Fail(const Status& s) {
  std::fprintf(stderr, "%s%s\n", Tr("错误：", "error: "), s.message().c_str());
  return s.IsUserError() ? 2 : 1;
}

int CmdParse(const std::string& file, const std::string& format) {
  auto doc = guihua::document::ReadDocumentFile(file);
  if (!doc.ok()) return Fail(doc.status());
  auto plan = guihua::plan::ParsePlan(*doc);
  if (!plan.ok()) return Fail(plan.status().WithContext(file));
  if (format == "json") {
    std::cout << guihua::plan::PlanToJson(*plan) << "\n";
  } else {
    std::cout << guihua::plan::PlanOutlineText(*plan);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  guihua::SetLanguage(guihua::LanguageFromEnvironment());
  CLI::App app{Tr("规划 Guihua：规划实施监测评估系统", "Guihua: plan implementation monitoring and evaluation")};
  app.require_subcommand(1);
  std::string lang;
  app.add_option("--lang", lang, Tr("界面语言 zh|en", "interface language zh|en"));

  std::string file, format = "text";
  auto* parse = app.add_subcommand("parse", Tr("解析规划文本并输出结构", "parse a plan document and print its structure"));
  parse->add_option("FILE", file, Tr("规划文件（txt/html/docx/pdf）", "plan document (txt/html/docx/pdf)"))->required();
  parse->add_option("--format", format, "json|text")->check(CLI::IsMember({"json", "text"}));

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : 2;
  }
  if (!lang.empty()) {
    guihua::Lang l;
    if (!guihua::ParseLanguage(lang, &l)) {
      std::fprintf(stderr, "error: --lang must be zh or en\n");
      return 2;
    }
    guihua::SetLanguage(l);
  }
  if (parse->parsed()) return CmdParse(file, format);
  return 0;
}

// Evidence uploads: the type is decided from the bytes (a renamed executable stays refused),
// size limits, file names made safe, and content-addressed paths that cannot escape.
#include "workflow/evidence.h"

#include <gtest/gtest.h>

#include "test_support.h"

namespace guihua::workflow {
namespace {

class EvidenceTest : public testing_support::ZhTest {};

TEST_F(EvidenceTest, TypeComesFromTheBytes) {
  EXPECT_EQ(*EvidenceType("验收报告.pdf", "%PDF-1.7\n..."), "application/pdf");
  EXPECT_EQ(*EvidenceType("scan.bin", "%PDF-1.4\n"), "application/pdf") << "bytes win";
  EXPECT_EQ(*EvidenceType("现场.png", std::string("\x89PNG\r\n\x1a\n....", 12)), "image/png");
  EXPECT_EQ(*EvidenceType("现场.jpg", "\xff\xd8\xff\xe0...."), "image/jpeg");
  const std::string zip("PK\x03\x04rest", 8);
  EXPECT_NE(EvidenceType("台账.xlsx", zip)->find("spreadsheetml"), std::string::npos);
  EXPECT_NE(EvidenceType("总结.docx", zip)->find("wordprocessingml"), std::string::npos);
  EXPECT_EQ(*EvidenceType("发票.ofd", zip), "application/ofd");
  EXPECT_FALSE(EvidenceType("archive.zip", zip).ok()) << "a bare zip may hold anything";
  const std::string ole("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1....", 12);
  EXPECT_EQ(*EvidenceType("旧表.xls", ole), "application/vnd.ms-excel");
  EXPECT_FALSE(EvidenceType("旧表.msi", ole).ok());
  EXPECT_EQ(*EvidenceType("说明.txt", "完成情况说明"), "text/plain");
  EXPECT_EQ(*EvidenceType("数据.CSV", "地区,数值\n衡南县,1\n"), "text/csv");
}

TEST_F(EvidenceTest, RefusesWhatCouldHarmOrIsOutsideTheLimits) {
  EXPECT_FALSE(EvidenceType("setup.exe", "MZ\x90\x00").ok());
  EXPECT_FALSE(EvidenceType("report.pdf", "MZ\x90\x00").ok()) << "a renamed executable";
  EXPECT_FALSE(EvidenceType("page.txt", "<html><script>alert(1)</script>").ok());
  EXPECT_FALSE(EvidenceType("data.txt", std::string("ab\0cd", 5)).ok()) << "binary text";
  Status empty = EvidenceType("空.pdf", "").status();
  EXPECT_EQ(empty.code(), Status::Code::kInvalidArgument);
  EXPECT_NE(empty.message().find("空.pdf"), std::string::npos) << "names the file";
  std::string big(static_cast<size_t>(kMaxEvidenceBytes) + 1, 'a');
  big.replace(0, 5, "%PDF-");
  EXPECT_FALSE(EvidenceType("big.pdf", big).ok());
  big.pop_back();
  EXPECT_TRUE(EvidenceType("big.pdf", big).ok()) << "exactly the limit is fine";
}

TEST_F(EvidenceTest, FileNamesAreMadeSafe) {
  EXPECT_EQ(SanitizeFileName("验收报告.pdf"), "验收报告.pdf");
  EXPECT_EQ(SanitizeFileName("../../etc/passwd"), "passwd");
  EXPECT_EQ(SanitizeFileName("C:\\Users\\张三\\总结.docx"), "总结.docx");
  EXPECT_EQ(SanitizeFileName("a\"b;c\r\n.pdf"), "abc.pdf");
  EXPECT_EQ(SanitizeFileName(".."), "file");
  EXPECT_EQ(SanitizeFileName(""), "file");
  EXPECT_EQ(SanitizeFileName("bad\xff\xfe.pdf"), "bad.pdf");
  std::string long_name;
  for (int i = 0; i < 100; ++i) long_name += "长";
  std::string safe = SanitizeFileName(long_name);
  EXPECT_LE(safe.size(), 200u);
  EXPECT_EQ(safe.size() % 3, 0u) << "cut at a character boundary";
}

TEST_F(EvidenceTest, PathsAreContentAddressedAndCannotEscape) {
  std::string h(64, 'a');
  h[0] = '0';
  h[1] = 'f';
  EXPECT_EQ(*EvidencePath("/data/g.db.files", h), "/data/g.db.files/0f/" + h.substr(2));
  EXPECT_FALSE(EvidencePath("/d", "../../etc/passwd").ok());
  EXPECT_FALSE(EvidencePath("/d", std::string(64, 'A')).ok()) << "lower-case hex only";
  EXPECT_FALSE(EvidencePath("/d", std::string(63, 'a')).ok());
  EXPECT_FALSE(EvidencePath("/d", std::string(62, 'a') + "/.").ok());
}

}  // namespace
}  // namespace guihua::workflow

#include "store/sqlite/sqlite_db.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

namespace guihua::store::sqlite {
namespace {

class SqliteDbTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ =
        std::filesystem::temp_directory_path() /
        ("guihua-sqlite-db-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
         "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".db");
    std::filesystem::remove(path_);
    auto db = Db::Open(path_.string());
    ASSERT_TRUE(db.ok()) << db.status().message();
    db_ = std::move(*db);
    ASSERT_TRUE(db_->Exec("CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT)").ok());
    for (int i = 1; i <= 3; ++i) {
      ASSERT_TRUE(Stmt(db_.get(), "INSERT INTO t (k, v) VALUES (?, ?)")
                      .Bind(1, i)
                      .Bind(2, "v" + std::to_string(i))
                      .Run()
                      .ok());
    }
  }
  void TearDown() override {
    db_.reset();
    std::filesystem::remove(path_);
  }
  std::filesystem::path path_;
  std::unique_ptr<Db> db_;
};

// The statement cache hands out a statement per live Stmt: the same SQL nested inside its own
// loop gets a second statement, not the one being stepped.
TEST_F(SqliteDbTest, SameSqlNestedGetsItsOwnStatement) {
  const char* sql = "SELECT v FROM t WHERE k >= ? ORDER BY k";
  Stmt outer(db_.get(), sql);
  outer.Bind(1, 1);
  std::string seen;
  while (outer.Step()) {
    seen += outer.Text(0) + ":";
    Stmt inner(db_.get(), sql);
    inner.Bind(1, 3);
    while (inner.Step()) seen += inner.Text(0);
    seen += " ";
  }
  ASSERT_TRUE(outer.status().ok());
  EXPECT_EQ(seen, "v1:v3 v2:v3 v3:v3 ");
}

// A reused statement starts reset and unbound, whatever its last user left behind.
TEST_F(SqliteDbTest, ReusedStatementIsResetAndUnbound) {
  const char* sql = "SELECT count(*) FROM t WHERE v = ?";
  {
    Stmt q(db_.get(), sql);
    q.Bind(1, "v2");
    ASSERT_TRUE(q.Step());  // left mid-result: one row read, not stepped to the end
    EXPECT_EQ(q.Int(0), 1);
  }
  // The half-read statement was given back reset: a write and a fresh read go through.
  ASSERT_TRUE(Stmt(db_.get(), "DELETE FROM t WHERE k = 2").Run().ok());
  Stmt again(db_.get(), sql);  // no Bind: the old "v2" must not linger
  ASSERT_TRUE(again.Step());
  EXPECT_EQ(again.Int(0), 0);
}

// Many distinct texts (SQL built with varying text) neither fail nor grow without bound, and
// schema changes between uses re-prepare transparently.
TEST_F(SqliteDbTest, ManyDistinctStatementsAndSchemaChanges) {
  for (int i = 0; i < 700; ++i) {
    Stmt q(db_.get(), "SELECT " + std::to_string(i) + " + count(*) FROM t");
    ASSERT_TRUE(q.Step()) << q.status().message();
    EXPECT_EQ(q.Int(0), i + 3);
  }
  const char* sql = "SELECT * FROM t WHERE k = 1";
  ASSERT_TRUE(Stmt(db_.get(), sql).Run().ok());
  ASSERT_TRUE(db_->Exec("ALTER TABLE t ADD COLUMN w TEXT DEFAULT 'x'").ok());
  Stmt q(db_.get(), sql);
  ASSERT_TRUE(q.Step()) << q.status().message();
  EXPECT_EQ(q.Text(2), "x");
}

TEST_F(SqliteDbTest, BadSqlReportsAndDoesNotPoisonTheCache) {
  Stmt bad(db_.get(), "SELEC nonsense");
  EXPECT_FALSE(bad.status().ok());
  EXPECT_FALSE(bad.Step());
  Stmt bad_again(db_.get(), "SELEC nonsense");
  EXPECT_FALSE(bad_again.status().ok());
}

}  // namespace
}  // namespace guihua::store::sqlite

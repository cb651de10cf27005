// Thin RAII wrappers over the SQLite C API used by the SQLite store: a connection, prepared
// statements with bound parameters (the only way SQL gets values), and a transaction guard
// that rolls back unless committed. Not thread-safe: one Db per thread.
//
// Prepared statements are cached per connection by their SQL text: a Stmt takes an idle one
// (or prepares it) and gives it back reset and unbound when destroyed, so a query the server
// runs on every request (the session lookup) is parsed once, not per request.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/status.h"

namespace guihua::store::sqlite {

class Db;

class Stmt {
 public:
  Stmt(Db* db, std::string_view sql);
  ~Stmt();
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  // Binding is 1-based, as in SQLite. Empty optional binds NULL.
  Stmt& Bind(int i, int64_t v);
  Stmt& Bind(int i, int v) { return Bind(i, static_cast<int64_t>(v)); }
  Stmt& Bind(int i, double v);
  Stmt& Bind(int i, std::string_view v);
  Stmt& Bind(int i, const std::string& v) { return Bind(i, std::string_view(v)); }
  Stmt& Bind(int i, const char* v) { return Bind(i, std::string_view(v)); }
  // Binds text the caller keeps alive and unchanged until the statement is reset or re-bound
  // (no copy; for bulk inserts).
  Stmt& BindStatic(int i, std::string_view v);
  Stmt& BindNull(int i);
  Stmt& Bind(int i, const std::optional<int64_t>& v) { return v ? Bind(i, *v) : BindNull(i); }
  // Binds NULL for an empty string.
  Stmt& BindText(int i, std::string_view v) { return v.empty() ? BindNull(i) : Bind(i, v); }

  // Steps once: true when a row is available, false when done. Errors land in status().
  bool Step();
  // Runs to completion (for statements without results).
  Status Run();
  void Reset();

  int64_t Int(int col) const;
  double Double(int col) const;
  std::string Text(int col) const;
  bool IsNull(int col) const;
  std::optional<int64_t> OptInt(int col) const;

  const Status& status() const { return status_; }

 private:
  Db* db_;
  sqlite3_stmt* stmt_ = nullptr;
  const std::string* key_ = nullptr;  // the cache's copy of the SQL text
  Status status_;
};

class Db {
 public:
  static Result<std::unique_ptr<Db>> Open(const std::string& path);
  ~Db();
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  Status Exec(std::string_view sql);  // for DDL and PRAGMAs without parameters
  sqlite3* handle() { return db_; }
  int64_t LastInsertId() const { return sqlite3_last_insert_rowid(db_); }
  Status Error(std::string_view what) const;
  const std::string& path() const { return path_; }

 private:
  friend class Stmt;
  // An idle cached statement for `sql`, or a newly prepared one; *key points at the cache's
  // copy of the text. Null on error (see Error()).
  sqlite3_stmt* Acquire(std::string_view sql, const std::string** key);
  // Resets the statement and keeps it for the next Acquire of the same text.
  void Release(const std::string* key, sqlite3_stmt* stmt);

  Db() = default;
  sqlite3* db_ = nullptr;
  std::string path_;
  std::unordered_map<std::string, std::vector<sqlite3_stmt*>> idle_;
  size_t idle_count_ = 0;
};

// BEGIN IMMEDIATE on construction; ROLLBACK in the destructor unless Commit() succeeded.
class Transaction {
 public:
  explicit Transaction(Db* db);
  ~Transaction();
  const Status& status() const { return begin_; }
  Status Commit();

 private:
  Db* db_;
  Status begin_;
  bool done_ = false;
};

}  // namespace guihua::store::sqlite

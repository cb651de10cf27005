#include "store/sqlite/sqlite_db.h"

#include "common/i18n.h"

namespace guihua::store::sqlite {

Result<std::unique_ptr<Db>> Db::Open(const std::string& path) {
  std::unique_ptr<Db> db(new Db());
  db->path_ = path;
  int rc =
      sqlite3_open_v2(path.c_str(), &db->db_,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db->db_ ? sqlite3_errmsg(db->db_) : sqlite3_errstr(rc);
    return Status::Unavailable(
        Msg("{}：无法打开数据库：{}", "{}: cannot open database: {}", path, msg));
  }
  sqlite3_busy_timeout(db->db_, 5000);
  sqlite3_extended_result_codes(db->db_, 1);
  return db;
}

Db::~Db() {
  for (auto& [sql, stmts] : idle_) {
    for (sqlite3_stmt* s : stmts) sqlite3_finalize(s);
  }
  if (db_) sqlite3_close_v2(db_);
}

// Bounds the cache: the store's SQL is a fixed set of texts (about a hundred), but a caller
// that builds SQL with varying text must not grow it without limit.
constexpr size_t kMaxIdleStatements = 512;

sqlite3_stmt* Db::Acquire(std::string_view sql, const std::string** key) {
  auto it = idle_.find(std::string(sql));
  if (it == idle_.end()) it = idle_.emplace(std::string(sql), std::vector<sqlite3_stmt*>{}).first;
  *key = &it->first;  // node-based map: the key's address is stable
  if (!it->second.empty()) {
    sqlite3_stmt* s = it->second.back();
    it->second.pop_back();
    --idle_count_;
    return s;
  }
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                         &s, nullptr) != SQLITE_OK) {
    sqlite3_finalize(s);
    return nullptr;
  }
  return s;
}

void Db::Release(const std::string* key, sqlite3_stmt* stmt) {
  // A reset statement holds no locks and no read transaction.
  sqlite3_reset(stmt);
  sqlite3_clear_bindings(stmt);
  if (idle_count_ >= kMaxIdleStatements) {
    sqlite3_finalize(stmt);
    return;
  }
  idle_.find(*key)->second.push_back(stmt);
  ++idle_count_;
}

Status Db::Error(std::string_view what) const {
  int code = sqlite3_errcode(db_);
  std::string msg = Msg("{}：数据库错误（{}）：{}", "{}: database error ({}): {}", path_, what,
                        sqlite3_errmsg(db_));
  if ((code & 0xff) == SQLITE_CONSTRAINT) return Status::FailedPrecondition(msg);
  if ((code & 0xff) == SQLITE_BUSY || (code & 0xff) == SQLITE_LOCKED ||
      (code & 0xff) == SQLITE_FULL || (code & 0xff) == SQLITE_IOERR ||
      (code & 0xff) == SQLITE_READONLY || (code & 0xff) == SQLITE_CANTOPEN) {
    return Status::Unavailable(msg);
  }
  if ((code & 0xff) == SQLITE_NOTADB || (code & 0xff) == SQLITE_CORRUPT)
    return Status::FailedPrecondition(msg);
  return Status::Internal(msg);
}

Status Db::Exec(std::string_view sql) {
  std::string s(sql);
  char* err = nullptr;
  if (sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    sqlite3_free(err);
    return Error(sql.substr(0, 40));
  }
  return Status::Ok();
}

Stmt::Stmt(Db* db, std::string_view sql) : db_(db) {
  stmt_ = db->Acquire(sql, &key_);
  if (!stmt_) status_ = db->Error(sql.substr(0, 60));
}

Stmt::~Stmt() {
  if (stmt_) db_->Release(key_, stmt_);
}

Stmt& Stmt::Bind(int i, int64_t v) {
  if (stmt_ && sqlite3_bind_int64(stmt_, i, v) != SQLITE_OK && status_.ok())
    status_ = db_->Error("bind");
  return *this;
}
Stmt& Stmt::Bind(int i, double v) {
  if (stmt_ && sqlite3_bind_double(stmt_, i, v) != SQLITE_OK && status_.ok())
    status_ = db_->Error("bind");
  return *this;
}
Stmt& Stmt::BindStatic(int i, std::string_view v) {
  if (stmt_ &&
      sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC) !=
          SQLITE_OK &&
      status_.ok()) {
    status_ = db_->Error("bind");
  }
  return *this;
}
Stmt& Stmt::Bind(int i, std::string_view v) {
  if (stmt_ &&
      sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT) !=
          SQLITE_OK &&
      status_.ok()) {
    status_ = db_->Error("bind");
  }
  return *this;
}
Stmt& Stmt::BindNull(int i) {
  if (stmt_ && sqlite3_bind_null(stmt_, i) != SQLITE_OK && status_.ok())
    status_ = db_->Error("bind");
  return *this;
}

bool Stmt::Step() {
  if (!stmt_ || !status_.ok()) return false;
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc != SQLITE_DONE) status_ = db_->Error("step");
  return false;
}

Status Stmt::Run() {
  while (Step()) {
  }
  return status_;
}

void Stmt::Reset() {
  if (!stmt_) return;
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

int64_t Stmt::Int(int col) const { return sqlite3_column_int64(stmt_, col); }
double Stmt::Double(int col) const { return sqlite3_column_double(stmt_, col); }
std::string Stmt::Text(int col) const {
  const unsigned char* t = sqlite3_column_text(stmt_, col);
  if (!t) return "";
  return std::string(reinterpret_cast<const char*>(t),
                     static_cast<size_t>(sqlite3_column_bytes(stmt_, col)));
}
bool Stmt::IsNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
std::optional<int64_t> Stmt::OptInt(int col) const {
  if (IsNull(col)) return std::nullopt;
  return Int(col);
}

Transaction::Transaction(Db* db) : db_(db) { begin_ = db_->Exec("BEGIN IMMEDIATE"); }

Transaction::~Transaction() {
  if (begin_.ok() && !done_) (void)db_->Exec("ROLLBACK");
}

Status Transaction::Commit() {
  if (!begin_.ok()) return begin_;
  Status s = db_->Exec("COMMIT");
  done_ = s.ok();
  return s;
}

}  // namespace guihua::store::sqlite

// Status and Result<T>: how every library function in Guihua reports failure.
//
// A Status is either OK or carries a Code and a message that names the object and the place
// ("plan.docx: not a valid .docx (zip: truncated)"). Result<T> is a value or a non-OK Status.
// We never throw our own exceptions; library exceptions are caught at module boundaries and
// converted with Status::Internal / ParseError. Both types are plain values: thread-compatible,
// not internally synchronised.
//
// Example:
//   Result<Document> doc = ReadDocument(path);
//   if (!doc.ok()) return doc.status();
//   GH_ASSIGN_OR_RETURN(Plan plan, ParsePlan(*doc));
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <utility>

namespace guihua {

class [[nodiscard]] Status {
 public:
  // Pick the code by who must act: the caller's input (InvalidArgument, ParseError, NotFound,
  // AlreadyExists, FailedPrecondition, PermissionDenied), the environment (Unavailable) or us
  // (Internal).
  enum class Code {
    kOk = 0,
    kInvalidArgument,
    kNotFound,
    kAlreadyExists,
    kFailedPrecondition,
    kParseError,
    kPermissionDenied,
    kUnavailable,
    kInternal,
  };

  Status() = default;
  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string msg) {
    return {Code::kInvalidArgument, std::move(msg)};
  }
  static Status NotFound(std::string msg) { return {Code::kNotFound, std::move(msg)}; }
  static Status AlreadyExists(std::string msg) { return {Code::kAlreadyExists, std::move(msg)}; }
  static Status FailedPrecondition(std::string msg) {
    return {Code::kFailedPrecondition, std::move(msg)};
  }
  static Status ParseError(std::string msg) { return {Code::kParseError, std::move(msg)}; }
  static Status PermissionDenied(std::string msg) {
    return {Code::kPermissionDenied, std::move(msg)};
  }
  static Status Unavailable(std::string msg) { return {Code::kUnavailable, std::move(msg)}; }
  static Status Internal(std::string msg) { return {Code::kInternal, std::move(msg)}; }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }
  // "ParseError: plan.docx: ..." for logs; user-facing output prints message() alone.
  std::string ToString() const;
  // Name of the code, e.g. "ParseError".
  static const char* CodeName(Code code);

  // True when the fault lies in the caller's input rather than in us or the environment.
  bool IsUserError() const;

  // Prefix the message with context, e.g. status.WithContext("tasks.xlsx").
  Status WithContext(const std::string& context) const;

 private:
  Status(Code code, std::string msg) : code_(code), message_(std::move(msg)) {}
  Code code_ = Code::kOk;
  std::string message_;
};

// A value of type T or an error Status. Accessing the value of an error Result is a bug
// (asserted); always check ok() first.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}         // NOLINT(google-explicit-constructor)
  Result(Status status) : status_(std::move(status)) {  // NOLINT(google-explicit-constructor)
    assert(!status_.ok() && "Result built from an OK status without a value");
  }

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }
  T& value() & {
    assert(ok());
    return *value_;
  }
  const T& value() const& {
    assert(ok());
    return *value_;
  }
  T&& value() && {
    assert(ok());
    return std::move(*value_);
  }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  Status status_;
  std::optional<T> value_;
};

}  // namespace guihua

#define GH_CONCAT_INNER_(a, b) a##b
#define GH_CONCAT_(a, b) GH_CONCAT_INNER_(a, b)

// Returns the Status from the enclosing function when `expr` is not OK.
#define GH_RETURN_IF_ERROR(expr)             \
  do {                                       \
    ::guihua::Status gh_status_ = (expr);    \
    if (!gh_status_.ok()) return gh_status_; \
  } while (false)

// GH_ASSIGN_OR_RETURN(auto x, MakeX()); declares x from a Result or returns its Status.
#define GH_ASSIGN_OR_RETURN(lhs, expr) \
  GH_ASSIGN_OR_RETURN_IMPL_(GH_CONCAT_(gh_result_, __LINE__), lhs, expr)
// `lhs` may be a declaration ("auto x"), so it cannot be parenthesised.
// NOLINTBEGIN(bugprone-macro-parentheses)
#define GH_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                              \
  if (!tmp.ok()) return tmp.status();             \
  lhs = std::move(tmp).value()
// NOLINTEND(bugprone-macro-parentheses)

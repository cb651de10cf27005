// An immutable string whose copies share one buffer: copying costs a reference count, not an
// allocation and a copy. For text that many values repeat — the part and article titles
// every task of an article carries (a 50 MB plan has 680 thousand tasks and a few thousand
// titles). Reads as a const std::string. Copies may live in different threads (the count is
// atomic); one object is not written by two threads at once. Only an lvalue converts to
// `const std::string&` or `std::string_view`: a temporary's would dangle, so those
// conversions do not compile.
//
// Example:
//   SharedText title = node.title;  // one allocation
//   task.article_title = title;     // no allocation
//   std::string_view v = task.article_title.str();
#pragma once

#include <atomic>
#include <cstdint>
#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace guihua {

class SharedText {
 public:
  SharedText() = default;
  // Implicit, so a SharedText is assigned and compared like the std::string it replaces.
  SharedText(std::string s)  // NOLINT(google-explicit-constructor)
      : bits_(s.empty() ? 0 : reinterpret_cast<uintptr_t>(new Rep{{1}, std::move(s)})) {}
  SharedText(std::string_view s)  // NOLINT(google-explicit-constructor)
      : SharedText(std::string(s)) {}
  SharedText(const char* s)  // NOLINT(google-explicit-constructor)
      : SharedText(std::string(s)) {}

  SharedText(const SharedText& o) noexcept : bits_(o.bits_) { Ref(); }
  SharedText(SharedText&& o) noexcept : bits_(std::exchange(o.bits_, 0)) {}
  SharedText& operator=(const SharedText& o) noexcept {
    if (this == &o) return *this;
    if (bits_ != o.bits_) {
      Unref();
      bits_ = o.bits_;
      Ref();
    }
    return *this;
  }
  SharedText& operator=(SharedText&& o) noexcept {
    if (this != &o) {
      Unref();
      bits_ = std::exchange(o.bits_, 0);
    }
    return *this;
  }
  ~SharedText() { Unref(); }

  const std::string& str() const& { return bits_ ? rep()->text : Empty(); }
  std::string str() && { return bits_ ? rep()->text : std::string(); }
  std::string str() const&& { return bits_ ? rep()->text : std::string(); }
  operator const std::string&() const& { return str(); }  // NOLINT(google-explicit-constructor)
  operator const std::string&() && = delete;
  operator const std::string&() const&& = delete;
  operator std::string_view() const& { return str(); }  // NOLINT(google-explicit-constructor)
  operator std::string_view() && = delete;
  operator std::string_view() const&& = delete;
  // A permanent text: one buffer per distinct string for the life of the process, whose
  // copies are made and destroyed without touching a reference count (an atomic operation
  // each, and the bulk of copying a SharedText). For the small vocabularies every task
  // repeats — unit names and their keywords, deadlines, kinds — which a 50 MB plan copies
  // millions of times. Thread-safe. The pool only grows, up to kPermanentBytes of text
  // (beyond that the result is an ordinary, counted SharedText): for vocabularies, never for
  // a document's text.
  static SharedText Permanent(std::string_view s);
  static constexpr size_t kPermanentBytes = size_t{16} << 20;

  bool empty() const { return bits_ == 0; }
  size_t size() const { return str().size(); }
  const char* data() const { return str().data(); }

  friend bool operator==(const SharedText& a, std::string_view b) { return a.str() == b; }
  friend bool operator==(const SharedText& a, const char* b) { return a.str() == b; }
  friend bool operator==(const SharedText& a, const std::string& b) { return a.str() == b; }
  friend bool operator==(const SharedText& a, const SharedText& b) { return a.str() == b.str(); }
  friend bool operator<(const SharedText& a, const SharedText& b) { return a.str() < b.str(); }
  // With a std::string, no temporary SharedText (an allocation) is made to compare.
  friend bool operator<(const SharedText& a, const std::string& b) { return a.str() < b; }
  friend bool operator<(const std::string& a, const SharedText& b) { return a < b.str(); }
  friend std::ostream& operator<<(std::ostream& os, const SharedText& t) { return os << t.str(); }

 private:
  static const std::string& Empty() {
    static const std::string kEmpty;
    return kEmpty;
  }
  // One pointer rather than shared_ptr's two: a task holds eight of these, and a 50 MB plan
  // has 680 thousand tasks.
  struct Rep {
    std::atomic<uint32_t> refs;
    std::string text;  // never changed once made
  };
  // A permanent Rep is marked in the pointer's low bit (a Rep is aligned to more than 1), so
  // copying or dropping one reads nothing behind the pointer: no cache miss per copy.
  static constexpr uintptr_t kPermanentBit = 1;
  static_assert(alignof(Rep) > 1);
  // The integer round trip is the tag's purpose; it happens only where the text is read.
  Rep* rep() const {
    return reinterpret_cast<Rep*>(bits_ & ~kPermanentBit);  // NOLINT(performance-no-int-to-ptr)
  }
  bool counted() const { return bits_ != 0 && (bits_ & kPermanentBit) == 0; }
  void Ref() const {
    if (counted()) rep()->refs.fetch_add(1, std::memory_order_relaxed);
  }
  void Unref() {
    // The last owner deletes; acq_rel orders every owner's reads before the delete.
    if (counted() && rep()->refs.fetch_sub(1, std::memory_order_acq_rel) == 1) delete rep();
  }
  uintptr_t bits_ = 0;  // Rep* | kPermanentBit; 0 for ""
};

// Gives equal strings one shared buffer: a store reading 680 thousand tasks makes a few
// hundred unit names, deadlines and kinds rather than millions of strings. Not thread-safe;
// one per load.
class TextInterner {
 public:
  SharedText Intern(std::string_view s) {
    if (s.empty()) return {};
    auto it = seen_.find(s);
    if (it != seen_.end()) return it->second;
    SharedText t(s);
    seen_.emplace(t.str(), t);  // the key views the shared buffer, which the value keeps alive
    return t;
  }

 private:
  std::unordered_map<std::string_view, SharedText> seen_;
};

// nlohmann::json writes a SharedText as its string (found by argument-dependent lookup, so
// this header needs no JSON include).
template <typename Json>
void to_json(Json& j, const SharedText& t) {
  j = t.str();
}

inline std::vector<std::string> ToStrings(std::span<const SharedText> v) {
  return {v.begin(), v.end()};
}
inline std::vector<SharedText> ToShared(const std::vector<std::string>& v) {
  return {v.begin(), v.end()};
}

}  // namespace guihua

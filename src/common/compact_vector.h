// A vector in one pointer: its size and capacity live in the heap block in front of the
// elements, and an empty one has no block at all. For the lists a large table repeats per
// record and mostly leaves empty or short — a task's initiatives, targets, co-units and the
// explanation of its units: a 50 MB plan has 680 thousand tasks, and 24-byte std::vectors
// were a third of each. Reads like a std::vector (contiguous, so it converts to std::span),
// is built from one, and compares with one. Thread-compatible.
//
// Example:
//   CompactVector<std::string> words = FindWords(text);  // from a std::vector
//   words.push_back("链长制");
//   for (const std::string& w : words) ...
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <iterator>
#include <limits>
#include <memory>
#include <new>
#include <stdexcept>
#include <type_traits>
#include <utility>
#include <vector>

namespace guihua {

template <typename T>
class CompactVector {
 public:
  using value_type = T;
  using size_type = size_t;
  using difference_type = std::ptrdiff_t;
  using reference = T&;
  using const_reference = const T&;
  using pointer = T*;
  using const_pointer = const T*;
  using iterator = T*;
  using const_iterator = const T*;

  CompactVector() = default;
  // The constructors that copy delegate to the default one, so a throwing copy still runs
  // the destructor.
  CompactVector(std::initializer_list<T> init) : CompactVector() {
    Append(init.begin(), init.end());
  }
  // Implicit, so a std::vector result is assigned as it was before.
  CompactVector(const std::vector<T>& v)  // NOLINT(google-explicit-constructor)
      : CompactVector() {
    Append(v.begin(), v.end());
  }
  CompactVector(std::vector<T>&& v)  // NOLINT(google-explicit-constructor)
      : CompactVector() {
    Append(std::make_move_iterator(v.begin()), std::make_move_iterator(v.end()));
  }
  CompactVector(const CompactVector& o) : CompactVector() { Append(o.begin(), o.end()); }
  CompactVector(CompactVector&& o) noexcept : block_(std::exchange(o.block_, nullptr)) {}
  CompactVector& operator=(const CompactVector& o) {
    if (this != &o) {
      CompactVector copy(o);
      swap(copy);
    }
    return *this;
  }
  CompactVector& operator=(CompactVector&& o) noexcept {
    CompactVector taken(std::move(o));
    swap(taken);
    return *this;
  }
  ~CompactVector() { Release(); }

  void swap(CompactVector& o) noexcept { std::swap(block_, o.block_); }

  size_t size() const { return block_ ? block_->size : 0; }
  size_t capacity() const { return block_ ? block_->capacity : 0; }
  bool empty() const { return size() == 0; }
  T* data() { return block_ ? Elements(block_) : nullptr; }
  const T* data() const { return block_ ? Elements(block_) : nullptr; }
  iterator begin() { return data(); }
  iterator end() { return data() + size(); }
  const_iterator begin() const { return data(); }
  const_iterator end() const { return data() + size(); }
  T& operator[](size_t i) { return data()[i]; }
  const T& operator[](size_t i) const { return data()[i]; }
  T& front() { return data()[0]; }
  const T& front() const { return data()[0]; }
  T& back() { return data()[size() - 1]; }
  const T& back() const { return data()[size() - 1]; }

  void reserve(size_t n) {
    if (n > capacity()) Regrow(n);
  }
  void clear() {
    if (block_ == nullptr) return;
    std::destroy_n(Elements(block_), block_->size);
    block_->size = 0;
  }
  void push_back(const T& v) { emplace_back(v); }
  void push_back(T&& v) { emplace_back(std::move(v)); }
  template <typename... Args>
  T& emplace_back(Args&&... args) {
    const size_t n = size();
    if (n == capacity()) {
      // The new element is made first: `args` may refer to an element about to move.
      Block* grown = Allocate(n == 0 ? 1 : 2 * n);
      T* slot = Elements(grown) + n;
      try {
        ::new (static_cast<void*>(slot)) T(std::forward<Args>(args)...);
      } catch (...) {
        ::operator delete(grown);
        throw;
      }
      MoveInto(grown, n);
      grown->size = static_cast<uint32_t>(n + 1);
      return *slot;
    }
    T* slot = Elements(block_) + n;
    ::new (static_cast<void*>(slot)) T(std::forward<Args>(args)...);
    ++block_->size;
    return *slot;
  }

  friend bool operator==(const CompactVector& a, const CompactVector& b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end());
  }
  friend bool operator==(const CompactVector& a, const std::vector<T>& b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end());
  }

 private:
  struct Block {
    uint32_t size;
    uint32_t capacity;
  };
  static_assert(alignof(T) <= __STDCPP_DEFAULT_NEW_ALIGNMENT__);
  // Growing moves the elements and cannot undo a move that throws.
  static_assert(std::is_nothrow_move_constructible_v<T>);
  // Elements start at the first multiple of their alignment after the header.
  static constexpr size_t kOffset = (sizeof(Block) + alignof(T) - 1) / alignof(T) * alignof(T);

  // The element storage of a block (elements are made there by placement new).
  static T* Elements(Block* b) {
    return static_cast<T*>(static_cast<void*>(reinterpret_cast<char*>(b) + kOffset));
  }
  static const T* Elements(const Block* b) {
    return static_cast<const T*>(
        static_cast<const void*>(reinterpret_cast<const char*>(b) + kOffset));
  }
  static Block* Allocate(size_t capacity) {
    if (capacity > std::numeric_limits<uint32_t>::max()) {
      throw std::length_error("CompactVector: too many elements");
    }
    void* raw = ::operator new(kOffset + capacity * sizeof(T));
    return ::new (raw) Block{0, static_cast<uint32_t>(capacity)};
  }
  // Moves the first n elements into `to`, frees the old block and adopts `to`.
  void MoveInto(Block* to, size_t n) {
    if (block_ != nullptr) {
      std::uninitialized_move_n(Elements(block_), n, Elements(to));
      std::destroy_n(Elements(block_), n);
      ::operator delete(block_);
    }
    to->size = static_cast<uint32_t>(n);
    block_ = to;
  }
  void Regrow(size_t capacity) { MoveInto(Allocate(capacity), size()); }
  template <typename It>
  void Append(It first, It last) {
    reserve(size() + static_cast<size_t>(std::distance(first, last)));
    for (; first != last; ++first) emplace_back(*first);
  }
  void Release() {
    if (block_ == nullptr) return;
    std::destroy_n(Elements(block_), block_->size);
    ::operator delete(block_);
    block_ = nullptr;
  }

  Block* block_ = nullptr;
};

}  // namespace guihua

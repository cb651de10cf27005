// Content hashing (SHA-256, via libsodium) for content-addressed identity: plan versions,
// stored evidence files. Thread-safe.
//
// Example: Sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
#pragma once

#include <string>
#include <string_view>

namespace guihua {

std::string Sha256Hex(std::string_view data);

// Incremental form for hashing many pieces without concatenating them.
class Sha256 {
 public:
  Sha256();
  void Update(std::string_view data);
  std::string HexDigest();  // finalises; call once

 private:
  alignas(64) unsigned char state_[128];
};

// Current time in UTC as "YYYY-MM-DDTHH:MM:SSZ".
std::string UtcNowIso();

}  // namespace guihua

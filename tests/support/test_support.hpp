// Test-only helpers shared by the test suites (pki, cli): temporary directories, running a shell
// command and capturing its output and exit status, small file helpers, DER length surgery for
// strictness tests, and the fixed-seed byte mutation functions the fuzz-style tests use.
// Header-only; include as "tests/support/test_support.hpp".
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace ifa026::test {

using ByteVector = std::vector<std::uint8_t>;

// A fresh directory under the system temporary directory (mkdtemp on "<prefix>-XXXXXX"), removed
// with its content on destruction.
class TempDir {
 public:
  explicit TempDir(const std::string& prefix) {
    std::string pattern = (std::filesystem::temp_directory_path() / (prefix + "-XXXXXX")).string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

// "<temp>/<name>-<pid>", emptied and created afresh.
inline std::filesystem::path fresh_temp_dir(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() / (name + "-" + std::to_string(getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

// Runs `command` with popen, appending its standard output to `output`; returns pclose's wait
// status, or nullopt when the command could not be started.
inline std::optional<int> read_command(const std::string& command, std::string& output) {
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return std::nullopt;
  std::array<char, 4096> buffer{};
  std::size_t n = 0;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) {
    output.append(buffer.data(), n);
  }
  return ::pclose(pipe);
}

// The exit code of a wait status, -1 when the process did not exit normally.
inline int exit_code_of(int status) {
  return status != -1 && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// Output (stdout and stderr together) of `command`; stores pclose's raw wait status in *status
// when given and the command started.
inline std::string run_shell(const std::string& command, int* status = nullptr) {
  std::string output;
  std::optional<int> rc = read_command(command + " 2>&1", output);
  if (rc && status != nullptr) *status = *rc;
  return output;
}

struct CommandResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr
};

// Runs `command` followed by `redirects` (stderr into stdout by default) and captures the output
// and the exit code (-1 when it could not start or did not exit normally).
inline CommandResult run_command(const std::string& command,
                                 const std::string& redirects = " 2>&1") {
  CommandResult result;
  std::optional<int> status = read_command(command + redirects, result.output);
  if (status) result.exit_code = exit_code_of(*status);
  return result;
}

inline void write_file(const std::filesystem::path& path, std::string_view text) {
  std::ofstream out(path, std::ios::binary);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
}

inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// ---- DER surgery for strictness tests ----

// Adds one to the length of the TLV whose header starts at `offset` (short, 0x81 or 0x82 form).
inline void grow_length(ByteVector& der, std::size_t offset) {
  std::uint8_t form = der.at(offset + 1);
  if (form == 0x81) {
    ASSERT_LT(der.at(offset + 2), 0xff);
    ++der[offset + 2];
  } else if (form == 0x82) {
    unsigned value = (der.at(offset + 2) << 8 | der.at(offset + 3)) + 1;
    der[offset + 2] = static_cast<std::uint8_t>(value >> 8);
    der[offset + 3] = static_cast<std::uint8_t>(value);
  } else {
    ASSERT_LT(form, 0x7f);
    ++der[offset + 1];
  }
}

inline std::size_t header_size(const ByteVector& der, std::size_t offset) {
  std::uint8_t form = der.at(offset + 1);
  return form < 0x80 ? 2 : 2 + (form & 0x7f);
}

// The same signed structure with the first `pattern` SEQUENCE inside its to-be-signed part
// re-encoded with a non-minimal (BER) length: 30 0A .. becomes 30 81 0A ..
inline ByteVector with_ber_inside_tbs(const ByteVector& der, const ByteVector& pattern) {
  std::size_t tbs = header_size(der, 0);
  auto found = std::search(der.begin() + static_cast<std::ptrdiff_t>(tbs), der.end(),
                           pattern.begin(), pattern.end());
  if (found == der.end()) return {};
  ByteVector ber = der;
  ber.insert(ber.begin() + (found - der.begin()) + 1, 0x81);
  grow_length(ber, tbs);
  grow_length(ber, 0);
  return ber;
}

// ecdsa-with-SHA256 AlgorithmIdentifier: the first SEQUENCE of this shape in a TBS is its
// signature field.
inline const ByteVector kEcdsaSha256Algorithm = {0x30, 0x0a, 0x06, 0x08, 0x2a, 0x86,
                                                 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02};

// ---- fixed-seed byte mutations for fuzz-style tests ----

// 1..3 edits, each a bit flip, a random byte, a truncation or a one-byte insertion.
inline ByteVector mutate_bytes(const ByteVector& input, std::mt19937& rng) {
  ByteVector out = input;
  int edits = 1 + static_cast<int>(rng() % 3);
  for (int e = 0; e < edits && !out.empty(); ++e) {
    std::size_t pos = rng() % out.size();
    switch (rng() % 4) {
      case 0:
        out[pos] ^= static_cast<std::uint8_t>(1u << (rng() % 8));
        break;
      case 1:
        out[pos] = static_cast<std::uint8_t>(rng());
        break;
      case 2:
        out.resize(pos);
        break;
      default:
        out.insert(out.begin() + static_cast<std::ptrdiff_t>(pos),
                   static_cast<std::uint8_t>(rng()));
        break;
    }
  }
  return out;
}

// 1..3 edits, each a byte xor, a truncation or a one-byte insertion.
inline ByteVector mutate_xor_truncate_insert(const ByteVector& original, std::mt19937& rng) {
  ByteVector mutated = original;
  int mutations = 1 + static_cast<int>(rng() % 3);
  for (int m = 0; m < mutations && !mutated.empty(); ++m) {
    switch (rng() % 3) {
      case 0:
        mutated[rng() % mutated.size()] ^= static_cast<std::uint8_t>(1 + rng() % 255);
        break;
      case 1:
        mutated.resize(rng() % mutated.size());
        break;
      default:
        mutated.insert(mutated.begin() + static_cast<std::ptrdiff_t>(rng() % (mutated.size() + 1)),
                       static_cast<std::uint8_t>(rng()));
        break;
    }
  }
  return mutated;
}

// 1..4 edits: bit flips, random bytes, truncation, insertion, deletion of a range, duplicated
// ranges and length-octet tweaks.
inline ByteVector mutate_structure(const ByteVector& original, std::mt19937& random) {
  ByteVector sample = original;
  int edits = 1 + static_cast<int>(random() % 4);
  for (int k = 0; k < edits && !sample.empty(); ++k) {
    std::size_t at = random() % sample.size();
    switch (random() % 7) {
      case 0:
        sample[at] ^= static_cast<std::uint8_t>(1u << (random() % 8));
        break;
      case 1:
        sample[at] = static_cast<std::uint8_t>(random());
        break;
      case 2:
        sample.resize(at);
        break;
      case 3:
        sample.insert(sample.begin() + static_cast<std::ptrdiff_t>(at),
                      static_cast<std::uint8_t>(random()));
        break;
      case 4: {
        std::size_t length = std::min<std::size_t>(1 + random() % 16, sample.size() - at);
        sample.erase(sample.begin() + static_cast<std::ptrdiff_t>(at),
                     sample.begin() + static_cast<std::ptrdiff_t>(at + length));
        break;
      }
      case 5: {
        std::size_t length = std::min<std::size_t>(1 + random() % 16, sample.size() - at);
        ByteVector copy(sample.begin() + static_cast<std::ptrdiff_t>(at),
                        sample.begin() + static_cast<std::ptrdiff_t>(at + length));
        sample.insert(sample.begin() + static_cast<std::ptrdiff_t>(random() % sample.size()),
                      copy.begin(), copy.end());
        break;
      }
      default: {
        static constexpr std::uint8_t kLengths[] = {0x00, 0x7f, 0x80, 0x81, 0x82, 0x84, 0x89, 0xff};
        sample[at] = kLengths[random() % std::size(kLengths)];
        break;
      }
    }
  }
  return sample;
}

}  // namespace ifa026::test

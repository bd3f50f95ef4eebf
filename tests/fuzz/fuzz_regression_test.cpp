// The fuzz targets in the normal build (docs/fuzzing.md): every crash input a fuzzer found is
// kept under tests/fuzz_regressions/<target>/ and fed again to the same target body
// (fuzz/fuzz_targets.hpp), so `make test` keeps each fix; the seed corpora (fuzz/corpus/) run
// through their targets too, which shows they still match the fuzz world they were made in.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "fuzz/fuzz_targets.hpp"
#include "fuzz/fuzz_world.hpp"
#include "pki/cmp_message.hpp"
#include "pki/cmp_server.hpp"

namespace ifa026::fuzz {
namespace {

namespace fs = std::filesystem;

const fs::path kRegressions = fs::path(IFA026_SOURCE_DIR) / "tests" / "fuzz_regressions";
const fs::path kCorpus = fs::path(IFA026_SOURCE_DIR) / "fuzz" / "corpus";

std::vector<std::uint8_t> read_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::vector<std::uint8_t>(std::istreambuf_iterator<char>(in), {});
}

std::vector<fs::path> inputs_in(const fs::path& folder) {
  std::vector<fs::path> files;
  if (!fs::is_directory(folder)) return files;
  for (const auto& entry : fs::directory_iterator(folder)) {
    if (entry.is_regular_file() && entry.path().filename() != "README.md") {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::vector<std::string> target_names() {
  std::vector<std::string> names;
  for (const Target& t : all_targets()) names.emplace_back(t.name);
  return names;
}

class FuzzRegression : public ::testing::TestWithParam<std::string> {};

// A regression input crashes (aborts) the test executable if its fix is undone.
TEST_P(FuzzRegression, EveryKeptCrashInputIsHandled) {
  const Target* target = find_target(GetParam());
  ASSERT_NE(target, nullptr);
  for (const fs::path& file : inputs_in(kRegressions / GetParam())) {
    SCOPED_TRACE(file.string());
    const auto bytes = read_bytes(file);
    target->entry(bytes.data(), bytes.size());
  }
}

TEST_P(FuzzRegression, EverySeedInputIsHandled) {
  const Target* target = find_target(GetParam());
  ASSERT_NE(target, nullptr);
  const auto files = inputs_in(kCorpus / GetParam());
  EXPECT_FALSE(files.empty()) << "no seed corpus for " << GetParam();
  for (const fs::path& file : files) {
    SCOPED_TRACE(file.string());
    const auto bytes = read_bytes(file);
    target->entry(bytes.data(), bytes.size());
  }
}

INSTANTIATE_TEST_SUITE_P(Targets, FuzzRegression, ::testing::ValuesIn(target_names()),
                         [](const auto& info) { return info.param; });

TEST(FuzzRegressionFolders, NameOnlyKnownTargets) {
  for (const fs::path& folder : {kRegressions, kCorpus}) {
    if (!fs::is_directory(folder)) continue;
    for (const auto& entry : fs::directory_iterator(folder)) {
      if (!entry.is_directory()) continue;
      EXPECT_NE(find_target(entry.path().filename().string()), nullptr)
          << entry.path() << " names no fuzz target (fuzz/fuzz_targets.cpp)";
    }
  }
}

// The seeds reach past the CA's protection checks: with the world of fuzz/world/, the seeded ir
// (PBM with the world's credential) and cr (signed by the world's entity) are both issued.
TEST(FuzzSeeds, TheSeededRequestsAreIssuedByTheWorldsCa) {
  const World& w = world();
  pki::CertificateAuthority ca = w.ca();
  pki::CmpServer server(ca, pki::CmpServerConfig{});
  const std::string secret = kCredentialSecret;
  server.register_initial_credential(kCredentialReference, pki::Bytes(secret.begin(), secret.end()),
                                     {false, std::nullopt, std::nullopt, std::nullopt});
  int ip = 0;
  int cp = 0;
  for (const fs::path& file : inputs_in(kCorpus / "cmp_server")) {
    const auto info = pki::peek_cmp_message(server.handle(read_bytes(file), world_now()));
    if (info.status != 0) continue;
    if (info.body == static_cast<int>(pki::CmpBody::ip)) ++ip;
    if (info.body == static_cast<int>(pki::CmpBody::cp)) ++cp;
  }
  EXPECT_GE(ip, 1);
  EXPECT_GE(cp, 1);
}

TEST(FuzzTargets, ABrokenContractStopsTheProcessNamingTheTarget) {
  EXPECT_DEATH(contract_broken("cmp_server", "the answer is no response"),
               "fuzz target cmp_server: the answer is no response");
}

}  // namespace
}  // namespace ifa026::fuzz

// The trust_model scenario rule through the CLI: a model with an oversees cycle is bad input
// (exit 2) for validate, run and conform, each error at FILE:LINE:COLUMN with its JSON pointer;
// the shipped design-time model validates.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "tests/cli/cli_program.hpp"
#include "tests/support/test_support.hpp"

namespace {

namespace fs = std::filesystem;

using ifa026::test::ifa026;

TEST(TrustModelCli, AnOverseesCycleIsBadInputAtItsPlace) {
  const fs::path dir = ifa026::test::fresh_temp_dir("ifa026-cli-trust-cycle");
  const fs::path file = dir / "cycle.json";
  // The cycle is reported at each SM's oversees array: line 6 and 7, column 42.
  std::ofstream(file) << R"({
  "name": "cycle",
  "epoch": "2026-01-01T00:00:00Z", "seed": 1, "duration": "1s",
  "actors": [{"name": "a", "type": "echo"}],
  "trust_model": {
    "sms": [{"name": "sm-1", "oversees": ["sm-2"]},
            {"name": "sm-2", "oversees": ["sm-1"]}]
  }
}
)";
  auto validate = ifa026("validate " + file.string());
  EXPECT_EQ(validate.code, 2) << validate.out;
  for (const char* at : {":6:42: error: the oversees relation has a cycle through SM "
                         "\"sm-1\" (a hierarchy must be a forest) (at "
                         "/trust_model/sms/0/oversees)",
                         ":7:42: error: the oversees relation has a cycle through SM "
                         "\"sm-2\""})
    EXPECT_NE(validate.out.find(file.string() + std::string(at)), std::string::npos)
        << validate.out;
  auto run = ifa026("run " + file.string() + " --out " + (dir / "out").string());
  EXPECT_EQ(run.code, 2) << run.out;
  EXPECT_FALSE(fs::exists(dir / "out" / "trace.jsonl"));
  fs::remove_all(dir);
}

TEST(TrustModelCli, TheShippedDesignModelValidates) {
  auto validate = ifa026("validate scenarios/trust-domains/design-model.json");
  EXPECT_EQ(validate.code, 0) << validate.out;
}

}  // namespace

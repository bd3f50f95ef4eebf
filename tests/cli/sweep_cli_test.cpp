// `ifa026 sweep`, `ifa026 merge` and `ifa026 graph trust` as a researcher runs them: a small grid
// through the real GNU parallel merged into one CSV, a Slurm array script checked by `bash -n`
// and by running one of its tasks, located spec errors, merging runs with differing metrics, and
// the trust model as DOT and as SVG rendered by libgvc.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "tests/cli/cli_program.hpp"
#include "tests/support/test_support.hpp"

namespace {

namespace fs = std::filesystem;
using ifa026::test::ifa026;
using ifa026::test::read_file;
using ifa026::test::write_file;

std::string source(const std::string& relative) {
  return (fs::path(IFA026_SOURCE_DIR) / relative).string();
}

// A 2 x 2 x 1 grid x 2 seeds over the cheap echo scenario (5 simulated seconds each).
std::string echo_spec(const std::string& seeds = "2") {
  return R"({
  "name": "echo-grid",
  "base": ")" +
         source("scenarios/smoke/echo-lossy-link.json") +
         R"(",
  "parameters": [
    {"name": "loss", "pointer": "/network/links/0/loss", "values": [0.0, 0.5]},
    {"name": "mean", "pointer": "/network/links/0/latency/mean", "values": ["10ms", "40ms"]},
    {"name": "count", "pointer": "/workload/0/count", "values": [20]}
  ],
  "seeds": )" +
         seeds +
         R"(,
  "run_args": ["--until", "5s"]
})";
}

std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> fields;
    std::string field;
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
      const char c = line[i];
      if (quoted) {
        if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
          field += '"';
          ++i;
        } else if (c == '"') {
          quoted = false;
        } else {
          field += c;
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        fields.push_back(field);
        field.clear();
      } else {
        field += c;
      }
    }
    fields.push_back(field);
    rows.push_back(fields);
  }
  return rows;
}

std::size_t column(const std::vector<std::string>& header, const std::string& name) {
  for (std::size_t i = 0; i < header.size(); ++i)
    if (header[i] == name) return i;
  ADD_FAILURE() << "no column " << name;
  return 0;
}

std::size_t lines_of(const std::string& text) {
  std::size_t n = 0;
  for (char c : text) n += c == '\n';
  return n;
}

TEST(CliSweep, GridThroughGnuParallelMergesIntoOneCsv) {
  const fs::path dir = ifa026::test::fresh_temp_dir("ifa026-sweep-parallel");
  write_file(dir / "spec.json", echo_spec());
  const fs::path out = dir / "out";
  auto r = ifa026("sweep " + (dir / "spec.json").string() + " -j 2 --out " + out.string());
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("8 runs (4 parameter combinations x 2 seeds)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("'parallel'"), std::string::npos) << r.out;  // the engine, not a loop
  // GNU parallel's job log: a header and one line per job, every exit value 0.
  const std::string joblog = read_file(out / "joblog.txt");
  ASSERT_EQ(lines_of(joblog), 9u) << joblog;
  const auto log_rows = parse_csv(joblog);  // tab-separated: check the Exitval column by text
  for (std::size_t i = 1; i < log_rows.size(); ++i) {
    std::istringstream fields(log_rows[i][0]);
    std::string seq, host, start, runtime, send, receive, exitval;
    fields >> seq >> host >> start >> runtime >> send >> receive >> exitval;
    EXPECT_EQ(exitval, "0") << log_rows[i][0];
  }
  // Every run folder: its scenario with the run's values and seed, and the run's outputs.
  const auto scenario = nlohmann::json::parse(read_file(out / "runs/0006/scenario.json"));
  EXPECT_EQ(scenario["network"]["links"][0]["loss"], 0.5);                // grid point 3: loss 0.5,
  EXPECT_EQ(scenario["network"]["links"][0]["latency"]["mean"], "10ms");  // mean 10ms,
  EXPECT_EQ(scenario["seed"], 2);                                         // second seed
  for (int i = 1; i <= 8; ++i) {
    const fs::path run = out / "runs" / ("000" + std::to_string(i));
    EXPECT_TRUE(fs::exists(run / "metrics.json")) << run;
    EXPECT_TRUE(fs::exists(run / "params.json")) << run;
  }

  // One CSV: a header and 8 rows, parameters and seed first, then the metrics.
  auto m = ifa026("merge " + out.string(), false);
  ASSERT_EQ(m.code, 0) << m.out;
  const auto rows = parse_csv(m.out);
  ASSERT_EQ(rows.size(), 9u) << m.out;
  const auto& header = rows[0];
  ASSERT_GE(header.size(), 6u);
  EXPECT_EQ((std::vector<std::string>(header.begin(), header.begin() + 5)),
            (std::vector<std::string>{"run", "loss", "mean", "count", "seed"}));
  const std::size_t drops = column(header, "reference_points.test.drops.loss");
  const std::size_t messages = column(header, "reference_points.test.messages");
  const std::size_t records = column(header, "records");
  std::map<std::string, int> seen;
  for (std::size_t i = 1; i < rows.size(); ++i) {
    const auto& row = rows[i];
    ASSERT_EQ(row.size(), header.size()) << m.out;
    ++seen[row[1] + "/" + row[2] + "/" + row[4]];
    EXPECT_EQ(row[3], "20");
    // 20 pings and an answer to each ping that arrived.
    const int sent = std::stoi(row[messages]);
    if (row[1] == "0.0")
      EXPECT_EQ(sent, 40) << row[0];
    else
      EXPECT_LT(sent, 40) << row[0];
    EXPECT_FALSE(row[records].empty());
    // The loss parameter took effect: no drops without loss, drops with 50%.
    if (row[1] == "0.0")
      EXPECT_TRUE(row[drops].empty()) << row[0];
    else
      EXPECT_GT(std::stoi(row[drops]), 0) << row[0];
  }
  EXPECT_EQ(seen.size(), 8u);  // every (loss, mean, seed) once

  // Resuming: the job log says every job is done, so nothing runs again.
  auto again = ifa026("sweep " + (dir / "spec.json").string() + " -j 2 --out " + out.string());
  ASSERT_EQ(again.code, 0) << again.out;
  EXPECT_EQ(lines_of(read_file(out / "joblog.txt")), 9u);

  // A different sweep into the same folder is refused.
  write_file(dir / "spec.json", echo_spec("[7]"));
  auto other = ifa026("sweep " + (dir / "spec.json").string() + " --out " + out.string());
  EXPECT_EQ(other.code, 2) << other.out;
  EXPECT_NE(other.out.find("holds a different sweep"), std::string::npos) << other.out;
}

// A generator as the base: `ifa026 generate hierarchy` per grid point (depth x fan-out), each
// run's SM count in the merged CSV is the tree's size, so the options reached the generator.
TEST(CliSweep, GeneratedHierarchiesThroughGnuParallel) {
  const fs::path dir = ifa026::test::fresh_temp_dir("ifa026-sweep-generate");
  write_file(dir / "spec.json", R"({
  "name": "hierarchy-grid",
  "generate": ["hierarchy", "--vnfs-per-domain", "1", "--seed", "{seed}"],
  "parameters": [
    {"name": "depth", "option": "--depth", "values": [1, 2]},
    {"name": "fan_out", "option": "--fan-out", "values": [2, 3]}
  ],
  "seeds": 2
})");
  const fs::path out = dir / "out";
  auto r = ifa026("sweep " + (dir / "spec.json").string() + " -j 2 --out " + out.string());
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("8 runs (4 parameter combinations x 2 seeds)"), std::string::npos) << r.out;
  auto m = ifa026("merge " + out.string(), false);
  ASSERT_EQ(m.code, 0) << m.out;
  const auto rows = parse_csv(m.out);
  ASSERT_EQ(rows.size(), 9u) << m.out;
  const auto& header = rows[0];
  EXPECT_EQ((std::vector<std::string>(header.begin(), header.begin() + 4)),
            (std::vector<std::string>{"run", "depth", "fan_out", "seed"}));
  for (std::size_t i = 1; i < rows.size(); ++i) {
    const auto& row = rows[i];
    ASSERT_EQ(row.size(), header.size());
    const int depth = std::stoi(row[1]);
    const int fan_out = std::stoi(row[2]);
    const int sms = depth == 1 ? 1 : 1 + fan_out;
    // Every SM of the tree appears in the run's SM metrics (its depth is 0 or 1).
    int listed = 0;
    for (int k = 1; k <= 4; ++k) {
      const std::string name = "security_managers.per_sm.sm-" + std::to_string(k) + ".depth";
      for (std::size_t c = 0; c < header.size(); ++c)
        if (header[c] == name && !row[c].empty()) {
          ++listed;
          EXPECT_EQ(std::stoi(row[c]), k == 1 ? 0 : 1) << name << " in run " << row[0];
        }
    }
    EXPECT_EQ(listed, sms) << "run " << row[0] << ": depth " << depth << ", fan-out " << fan_out;
  }
}

TEST(CliSweep, SlurmScriptRunsTheSameJobList) {
  const fs::path dir = ifa026::test::fresh_temp_dir("ifa026-sweep-slurm");
  write_file(dir / "spec.json", echo_spec());
  const fs::path out = dir / "out";
  auto r = ifa026("sweep " + (dir / "spec.json").string() + " --emit slurm --sbatch --time=10 " +
                  "--out " + out.string());
  ASSERT_EQ(r.code, 0) << r.out;
  const fs::path script = out / "sweep.sbatch";
  ASSERT_TRUE(fs::exists(script)) << r.out;
  EXPECT_FALSE(fs::exists(out / "runs/0001/metrics.json"));  // emitted, not executed
  const std::string text = read_file(script);
  EXPECT_EQ(lines_of(read_file(out / "jobs.txt")), 8u);
  EXPECT_NE(text.find("#SBATCH --array=1-8\n"), std::string::npos) << text;
  EXPECT_NE(text.find("#SBATCH --time=10\n"), std::string::npos) << text;
  EXPECT_NE(text.find("JOBS='" + (out / "jobs.txt").string() + "'"), std::string::npos) << text;
  EXPECT_NE(text.find("${SLURM_ARRAY_TASK_ID}"), std::string::npos) << text;
  int status = 0;
  ifa026::test::run_shell("bash -n '" + script.string() + "'", &status);
  EXPECT_EQ(ifa026::test::exit_code_of(status), 0);
  // What Slurm would do for task 3: run line 3 of the list.
  const std::string task =
      ifa026::test::run_shell("SLURM_ARRAY_TASK_ID=3 bash '" + script.string() + "' 2>&1", &status);
  EXPECT_EQ(ifa026::test::exit_code_of(status), 0) << task;
  EXPECT_TRUE(fs::exists(out / "runs/0003/metrics.json"));
  EXPECT_FALSE(fs::exists(out / "runs/0002/metrics.json"));
  // A task past the end fails rather than running nothing silently.
  ifa026::test::run_shell("SLURM_ARRAY_TASK_ID=9 bash '" + script.string() + "' 2>/dev/null",
                          &status);
  EXPECT_NE(ifa026::test::exit_code_of(status), 0);
}

TEST(CliSweep, SpecErrorsAreLocated) {
  const fs::path dir = ifa026::test::fresh_temp_dir("ifa026-sweep-errors");
  write_file(dir / "bad.json", R"({
  "base": "nowhere.json",
  "parameters": [{"name": "x", "values": [1]}],
  "seedz": 3
})");
  auto r = ifa026("sweep " + (dir / "bad.json").string());
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find("bad.json:4:3: error: unknown member \"seedz\""), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("bad.json:3:18: error: parameter \"x\" changes nothing"), std::string::npos)
      << r.out;
  // A pointer the scenario does not have: refused before anything runs.
  write_file(dir / "pointer.json",
             R"({"base": ")" + source("scenarios/smoke/echo-lossy-link.json") +
                 R"(", "parameters": [{"name": "x", "pointer": "/network/links/5/loss",
                 "values": [0.1]}]})");
  r = ifa026("sweep " + (dir / "pointer.json").string() + " --out " + (dir / "o").string());
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find("no place /network/links/5/loss"), std::string::npos) << r.out;
  EXPECT_FALSE(fs::exists(dir / "o/jobs.txt"));
  // A value the scenario schema refuses: every run's scenario is validated first.
  write_file(dir / "value.json",
             R"({"base": ")" + source("scenarios/smoke/echo-lossy-link.json") +
                 R"(", "parameters": [{"name": "x", "pointer": "/network/links/0/loss",
                 "values": [0.1, "lots"]}]})");
  r = ifa026("sweep " + (dir / "value.json").string() + " --out " + (dir / "v").string());
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find((dir / "v/runs/0002/scenario.json").string()), std::string::npos) << r.out;
  EXPECT_FALSE(fs::exists(dir / "v/jobs.txt"));
}

TEST(CliMerge, RunsWithDifferentFiguresShareOneHeader) {
  const fs::path dir = ifa026::test::fresh_temp_dir("ifa026-merge-keys");
  for (const char* sub : {"a", "b", "c", "empty"}) fs::create_directories(dir / sub);
  write_file(dir / "a/metrics.json", R"({"seed": 1, "records": 5, "x": {"p50": "1ms",
      "p50_ns": 1000000}, "reference_points": [{"name": "Sm-Nfvo", "messages": 3}]})");
  write_file(dir / "a/params.json",
             R"({"sweep": "s", "run": "0001", "parameters": {"zeta": 2, "alpha": "a,b"},
             "seed": 11})");
  write_file(dir / "b/metrics.json", R"({"seed": 4, "records": 6, "sms": {"sm-1": {"n": 1}}})");
  auto r = ifa026("merge " + dir.string() + " --out " + (dir / "all.csv").string());
  ASSERT_EQ(r.code, 0) << r.out;
  const std::string csv = read_file(dir / "all.csv");
  const std::string a = (dir / "a").string(), b = (dir / "b").string();
  EXPECT_EQ(csv,
            "run,zeta,alpha,seed,records,reference_points.Sm-Nfvo.messages,sms.sm-1.n,x.p50_ns\n" +
                a + ",2,\"a,b\",11,5,3,,1000000\n" + b + ",,,4,6,,1,\n");
  // Bad input: a folder without runs, a metrics file that is not JSON.
  r = ifa026("merge " + (dir / "empty").string());
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.out.find("holds no metrics.json"), std::string::npos) << r.out;
  write_file(dir / "c/metrics.json", "{\"records\": 5,\n oops}");
  r = ifa026("merge " + (dir / "c").string());
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.out.find("metrics.json:2:2: error"), std::string::npos) << r.out;
}

// multi-sm.json with a trust relation and a hierarchy added.
std::string trust_variant() {
  return R"({"base": ")" + source("scenarios/security-manager/multi-sm.json") + R"(",
  "patch": {"name": "graph-test", "trust_model": {
    "trust": [{"from": "td-a", "to": "td-b", "relationship": "r-ab",
               "services": ["cross_domain_sa"]}],
    "sms": [{"name": "sm-1", "member_of": "td-sec-1",
             "manages": {"td-a": "passive", "td-b": "semi_active", "td-li": "passive"},
             "oversees": ["sm-2"]},
            {"name": "sm-2", "member_of": "td-sec-2",
             "manages": {"td-a": "fully_active", "td-b": "passive", "td-li": "fully_active"}}]}}})";
}

TEST(CliGraph, TrustModelAsDot) {
  const fs::path dir = ifa026::test::fresh_temp_dir("ifa026-graph-dot");
  write_file(dir / "s.json", trust_variant());
  auto r = ifa026("graph trust " + (dir / "s.json").string() + " --format dot", false);
  ASSERT_EQ(r.code, 0) << r.out;
  const std::string& dot = r.out;
  EXPECT_EQ(dot.rfind("digraph G {", 0), 0u) << dot;
  // Every domain a cluster holding its box; the SMs inside their security-management domains.
  for (const char* d : {"td-mano", "td-a", "td-b", "td-li", "td-sec-1", "td-sec-2"})
    EXPECT_NE(dot.find("subgraph \"cluster_" + std::string(d) + "\" {\n  label=\"" + d +
                       "\"; style=rounded;\n  \"domain:" + d + "\";"),
              std::string::npos)
        << d << "\n"
        << dot;
  EXPECT_NE(dot.find("\"domain:td-sec-1\";\n  \"sm-1\";"), std::string::npos) << dot;
  // SMs with their mode per domain, the edges styled by kind.
  EXPECT_NE(dot.find("\"sm-2\" [label=\"sm-2\\ntd-a: fully_active\\ntd-b: passive\\ntd-li: "
                     "fully_active\", shape=doubleoctagon"),
            std::string::npos)
      << dot;
  EXPECT_NE(
      dot.find(
          "\"sm-1\"->\"sm-2\"  [color=black, dir=forward, label=oversees, lhead=\"\", ltail=\"\", "
          "style=bold]"),
      std::string::npos)
      << dot;
  EXPECT_NE(
      dot.find("\"domain:td-a\"->\"domain:td-b\"  [color=darkgreen, dir=forward, label=\"trust "
               "r-ab\\n[cross_domain_sa]\", lhead=\"cluster_td-b\", ltail=\"cluster_td-a\", "
               "style=dashed]"),
      std::string::npos)
      << dot;
  EXPECT_NE(dot.find("\"sm-2\"->\"domain:td-li\"  [color=blue, dir=forward, label=fully_active"),
            std::string::npos)
      << dot;
  EXPECT_EQ(dot.find("\"domain:td-b\"->\"domain:td-a\""), std::string::npos);  // one way only
  EXPECT_EQ(dot.back(), '\n');
  EXPECT_EQ(dot.substr(dot.size() - 2), "}\n");
}

// A relationship held both ways is one edge with two arrowheads, and it renders: two opposite
// labelled edges between clusters corrupted Graphviz 2.42's heap (a sanitizer build of this test
// reports it; the Release `ifa026 conform` aborted on scenarios/trust-domains/design-model.json).
TEST(CliGraph, BidirectionalTrustIsOneEdgeWithTwoArrowheads) {
  const fs::path dir = ifa026::test::fresh_temp_dir("ifa026-graph-both");
  std::string variant = trust_variant();
  const std::string one_way = R"("services": ["cross_domain_sa"]})";
  ASSERT_NE(variant.find(one_way), std::string::npos);
  variant.replace(variant.find(one_way), one_way.size(),
                  R"("services": ["cross_domain_sa"], "bidirectional": true})");
  write_file(dir / "s.json", variant);
  const auto dot = ifa026("graph trust " + (dir / "s.json").string() + " --format dot", false);
  ASSERT_EQ(dot.code, 0) << dot.out;
  EXPECT_NE(dot.out.find("\"domain:td-a\"->\"domain:td-b\"  [color=darkgreen, dir=both"),
            std::string::npos)
      << dot.out;
  EXPECT_EQ(dot.out.find("\"domain:td-b\"->\"domain:td-a\""), std::string::npos) << dot.out;
  const auto svg = ifa026("graph trust " + (dir / "s.json").string() + " --format svg", false);
  ASSERT_EQ(svg.code, 0) << svg.out;
  EXPECT_NE(svg.out.find("</svg>"), std::string::npos);
}

TEST(CliGraph, TrustModelAsSvgWithoutADotProcess) {
  const fs::path dir = ifa026::test::fresh_temp_dir("ifa026-graph-svg");
  write_file(dir / "s.json", trust_variant());
  // PATH emptied: no `dot` program could be run; the library renders.
  const auto r =
      ifa026::test::run_command(std::string("PATH=/nonexistent '") + IFA026_BINARY +
                                    "' graph trust '" + (dir / "s.json").string() +
                                    "' --format svg --out '" + (dir / "t.svg").string() + "' 2>&1",
                                "");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const std::string svg = read_file(dir / "t.svg");
  EXPECT_EQ(svg.rfind("<?xml", 0), 0u) << svg.substr(0, 200);
  EXPECT_NE(svg.find("<svg "), std::string::npos);
  EXPECT_NE(svg.find("</svg>"), std::string::npos);
  auto count = [&](const std::string& what) {
    std::size_t n = 0;
    for (auto at = svg.find(what); at != std::string::npos; at = svg.find(what, at + 1)) ++n;
    return n;
  };
  EXPECT_EQ(count("<g "), count("</g>"));  // balanced groups
  EXPECT_EQ(count("class=\"cluster\""), 6u);
  EXPECT_NE(svg.find("<title>cluster_td&#45;sec&#45;1</title>"), std::string::npos);
  EXPECT_NE(svg.find(">sm&#45;1</text>"), std::string::npos);
  EXPECT_NE(svg.find(">td&#45;a: fully_active</text>"), std::string::npos);
  // Usage errors.
  EXPECT_EQ(ifa026("graph trust " + (dir / "s.json").string() + " --format png").code, 2);
  EXPECT_EQ(ifa026("graph domains x.json").code, 2);
}

}  // namespace

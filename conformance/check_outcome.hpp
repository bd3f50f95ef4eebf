// Building one CheckResult from several observations (one per entity, per session, per phase):
// the verdict is the worst one seen, the reason lists the observations at that level (the others
// are summarised), the evidence is every record cited. A check that observed nothing returns
// inconc with the reason it gives. The suite parts observed (check_registry.hpp) go with the
// result.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "conformance/check_registry.hpp"

namespace ifa026::conformance {

class CheckOutcome {
 public:
  void add(Verdict verdict, std::string reason, std::vector<std::uint64_t> evidence = {});
  void pass(std::string reason, std::vector<std::uint64_t> evidence = {}) {
    add(Verdict::pass, std::move(reason), std::move(evidence));
  }
  void fail(std::string reason, std::vector<std::uint64_t> evidence = {}) {
    add(Verdict::fail, std::move(reason), std::move(evidence));
  }
  void inconc(std::string reason, std::vector<std::uint64_t> evidence = {}) {
    add(Verdict::inconc, std::move(reason), std::move(evidence));
  }
  void cite(std::uint64_t record_id);
  // A suite part of the requirement seen done correctly (CheckResult::observed).
  void observe(const std::string& part) { observed_.insert(part); }
  const std::set<std::string>& observed() const { return observed_; }
  bool empty() const { return observations_.empty(); }
  Verdict worst() const;
  // The merged result; `when_empty` is the inconc reason when nothing was added.
  CheckResult result(const std::string& when_empty) const;

 private:
  struct Observation {
    Verdict verdict;
    std::string reason;
  };
  std::vector<Observation> observations_;
  std::vector<std::uint64_t> evidence_;
  std::set<std::string> observed_;
};

// Names as a reason lists them: "a, b, c".
std::string joined_names(const std::set<std::string>& names);

}  // namespace ifa026::conformance

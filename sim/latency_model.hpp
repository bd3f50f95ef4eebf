// How long a message takes on a link: fixed, uniform, normal (truncated at zero) or log-normal
// (parameterised by the delay's own mean and standard deviation).
#pragma once

#include <string>
#include <string_view>

#include "sim/random.hpp"
#include "sim/time.hpp"

namespace ifa026::sim {

class LatencyModel {
 public:
  enum class Kind { fixed, uniform, normal, lognormal };

  static LatencyModel fixed(Duration delay) { return {Kind::fixed, delay, delay}; }
  static LatencyModel uniform(Duration min, Duration max) { return {Kind::uniform, min, max}; }
  static LatencyModel normal(Duration mean, Duration stddev) {
    return {Kind::normal, mean, stddev};
  }
  static LatencyModel lognormal(Duration mean, Duration stddev) {
    return {Kind::lognormal, mean, stddev};
  }

  Kind kind() const { return kind_; }
  // The mean delay the model draws around.
  Duration mean() const;
  // The least delay a sample can have (zero for normal and log-normal): the lookahead a link
  // gives parallel execution (docs/performance.md, "Parallel execution").
  Duration minimum() const;
  Duration sample(RandomStream& random) const;
  std::string describe() const;

 private:
  LatencyModel(Kind kind, Duration a, Duration b) : kind_(kind), a_(a), b_(b) {}
  Kind kind_;
  Duration a_;  // fixed: delay; uniform: min; normal/lognormal: mean
  Duration b_;  // fixed: delay; uniform: max; normal/lognormal: standard deviation
};

}  // namespace ifa026::sim

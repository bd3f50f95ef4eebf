// Sampling and description of link latency models.
#include "sim/latency_model.hpp"

#include <cmath>

namespace ifa026::sim {
namespace {
Duration from_ns_double(double ns) {
  if (!(ns > 0)) return Duration{};
  if (ns >= 9.2e18) return Duration::max();
  return Duration::nanoseconds(std::llround(ns));
}
}  // namespace

Duration LatencyModel::mean() const {
  switch (kind_) {
    case Kind::fixed:
      return a_;
    case Kind::uniform:
      return Duration::nanoseconds(a_.ns() / 2 + b_.ns() / 2);
    case Kind::normal:
    case Kind::lognormal:
      return a_;
  }
  return a_;
}

Duration LatencyModel::minimum() const {
  switch (kind_) {
    case Kind::fixed:
      return a_;
    case Kind::uniform:
      return a_ < b_ ? a_ : b_;
    case Kind::normal:
    case Kind::lognormal:
      return Duration();
  }
  return Duration();
}

Duration LatencyModel::sample(RandomStream& random) const {
  switch (kind_) {
    case Kind::fixed:
      return a_;
    case Kind::uniform:
      return Duration::nanoseconds(random.uniform_int(a_.ns(), b_.ns()));
    case Kind::normal:
      return from_ns_double(
          random.normal(static_cast<double>(a_.ns()), static_cast<double>(b_.ns())));
    case Kind::lognormal:
      return from_ns_double(
          random.lognormal(static_cast<double>(a_.ns()), static_cast<double>(b_.ns())));
  }
  return a_;
}

std::string LatencyModel::describe() const {
  switch (kind_) {
    case Kind::fixed:
      return "fixed(" + format_duration(a_) + ")";
    case Kind::uniform:
      return "uniform(" + format_duration(a_) + ", " + format_duration(b_) + ")";
    case Kind::normal:
      return "normal(" + format_duration(a_) + ", " + format_duration(b_) + ")";
    case Kind::lognormal:
      return "lognormal(" + format_duration(a_) + ", " + format_duration(b_) + ")";
  }
  return "?";
}

}  // namespace ifa026::sim

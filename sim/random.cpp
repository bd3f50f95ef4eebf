// xoshiro256** seeded through splitmix64, and the distributions of random.hpp.
#include "sim/random.hpp"

#include <array>
#include <cmath>

namespace ifa026::sim {
namespace {
std::uint64_t splitmix64(std::uint64_t& x) {
  std::uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}
std::uint64_t rotl(std::uint64_t x, int k) {
  return (x << k) | (x >> (64 - k));
}
}  // namespace

std::uint64_t stable_hash(std::string_view text, std::uint64_t basis) {
  std::uint64_t h = basis;
  for (unsigned char c : text) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

RandomStream::RandomStream(std::uint64_t seed, std::string_view name) {
  std::uint64_t x = seed ^ stable_hash(name);
  for (auto& s : state_) s = splitmix64(x);
}

std::uint64_t RandomStream::next_u64() {
  const std::uint64_t result = rotl(state_[1] * 5, 7) * 9;
  const std::uint64_t t = state_[1] << 17;
  state_[2] ^= state_[0];
  state_[3] ^= state_[1];
  state_[1] ^= state_[2];
  state_[0] ^= state_[3];
  state_[2] ^= t;
  state_[3] = rotl(state_[3], 45);
  return result;
}

double RandomStream::uniform01() {
  return static_cast<double>(next_u64() >> 11) * 0x1.0p-53;
}

double RandomStream::uniform(double low, double high) {
  return low + (high - low) * uniform01();
}

std::int64_t RandomStream::uniform_int(std::int64_t low, std::int64_t high) {
  if (high <= low) return low;
  const std::uint64_t range = static_cast<std::uint64_t>(high) - static_cast<std::uint64_t>(low);
  if (range == ~0ULL) return static_cast<std::int64_t>(next_u64());
  const std::uint64_t span = range + 1;
  const std::uint64_t limit = ~0ULL - (~0ULL % span);  // reject the biased tail
  std::uint64_t r;
  do {
    r = next_u64();
  } while (r >= limit);
  return static_cast<std::int64_t>(static_cast<std::uint64_t>(low) + r % span);
}

bool RandomStream::bernoulli(double p) {
  if (p <= 0) return false;
  if (p >= 1) return true;
  return uniform01() < p;
}

namespace {
// Marsaglia and Tsang's ziggurat for the unit exponential (J. Stat. Software 5(8), 2000): 256
// layers of equal area under exp(-x); a draw is one 64-bit word and a multiplication in about 98 %
// of cases, with a wedge test or the exact tail beyond kR otherwise.
struct ExponentialZiggurat {
  static constexpr int kLayers = 256;
  static constexpr double kR = 7.69711747013104972;      // where the tail starts
  static constexpr double kArea = 3.949659822581572e-3;  // of each layer, tail included
  std::array<double, kLayers + 1> x{};  // layer edges, x[0] = kArea / f(kR) down to x[256] = 0
  std::array<double, kLayers + 1> f{};  // exp(-x[i])
  ExponentialZiggurat() {
    x[0] = kArea / std::exp(-kR);
    x[1] = kR;
    for (int i = 2; i < kLayers; ++i) x[i] = -std::log(kArea / x[i - 1] + std::exp(-x[i - 1]));
    x[kLayers] = 0;
    for (int i = 0; i <= kLayers; ++i) f[i] = std::exp(-x[i]);
  }
};
const ExponentialZiggurat& exponential_ziggurat() {
  static const ExponentialZiggurat table;
  return table;
}
}  // namespace

double RandomStream::exponential(double mean) {
  const ExponentialZiggurat& z = exponential_ziggurat();
  for (;;) {
    const std::uint64_t bits = next_u64();
    const auto layer = static_cast<std::size_t>(bits & 0xff);
    const double u = static_cast<double>(bits >> 11) * 0x1.0p-53;  // bits 11..63: disjoint
    const double x = u * z.x[layer];
    if (x < z.x[layer + 1]) return mean * x;  // inside the layer's rectangle
    if (layer == 0) return mean * (ExponentialZiggurat::kR - std::log1p(-uniform01()));  // tail
    if (z.f[layer] + (z.f[layer + 1] - z.f[layer]) * uniform01() < std::exp(-x)) return mean * x;
  }
}

double RandomStream::normal(double mean, double stddev) {
  if (has_spare_normal_) {
    has_spare_normal_ = false;
    return mean + stddev * spare_normal_;
  }
  double u, v, s;
  do {
    u = uniform(-1.0, 1.0);
    v = uniform(-1.0, 1.0);
    s = u * u + v * v;
  } while (s >= 1.0 || s == 0.0);
  const double factor = std::sqrt(-2.0 * std::log(s) / s);
  spare_normal_ = v * factor;
  has_spare_normal_ = true;
  return mean + stddev * u * factor;
}

double RandomStream::lognormal(double mean, double stddev) {
  if (mean <= 0) return 0;
  const double variance_ratio = (stddev * stddev) / (mean * mean);
  const double sigma2 = std::log1p(variance_ratio);
  const double mu = std::log(mean) - sigma2 / 2;
  return std::exp(normal(mu, std::sqrt(sigma2)));
}

}  // namespace ifa026::sim

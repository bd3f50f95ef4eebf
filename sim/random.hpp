// Reproducible random numbers: one named stream per actor or link, derived from the scenario seed
// and the stream's name, so adding an actor does not change another actor's draws. The generator
// (xoshiro256**) and every distribution are the project's own, so results are identical across
// standard libraries. Crypto randomness is OpenSSL's and never comes from here.
#pragma once

#include <cstdint>
#include <string_view>

namespace ifa026::sim {

// FNV-1a, 64 bits: a stable hash for names and fingerprints.
std::uint64_t stable_hash(std::string_view text, std::uint64_t basis = 0xcbf29ce484222325ULL);

class RandomStream {
 public:
  RandomStream(std::uint64_t seed, std::string_view name);

  std::uint64_t next_u64();
  // Uniform in [0, 1) with 53 bits of precision.
  double uniform01();
  double uniform(double low, double high);
  // Uniform integer in [low, high], without modulo bias.
  std::int64_t uniform_int(std::int64_t low, std::int64_t high);
  bool bernoulli(double p);
  // Ziggurat method (Marsaglia and Tsang), exact in distribution.
  double exponential(double mean);
  // Box-Muller (polar form).
  double normal(double mean, double stddev);
  // Log-normal whose own mean and standard deviation are the given ones (not those of the log).
  double lognormal(double mean, double stddev);

 private:
  std::uint64_t state_[4];
  bool has_spare_normal_ = false;
  double spare_normal_ = 0;
};

}  // namespace ifa026::sim

// The default scheduler: a radix heap over event times with 8-bit digits. Simulated time never
// goes backwards, so each pending event sits in the bucket named by the most significant digit
// in which its time differs from the last time surfaced (level) and that digit's value. Insertion
// is O(1); when the earliest bucket is above level 0 its events move down at least one level, so
// an event moves at most a handful of times before it runs. Level-0 buckets hold one time each.
// Events with equal times always share a bucket and keep their insertion order, which gives the
// FIFO tie rule without comparing sequence numbers. Inserting before the last surfaced time is
// still correct but rebuckets everything (O(n)); the Simulation never does that.
#pragma once

#include <array>
#include <vector>

#include "sim/event_pool.hpp"
#include "sim/scheduler.hpp"

namespace ifa026::sim {

class RadixScheduler final : public Scheduler {
 public:
  EventId insert(Time at, EventCallback callback) override;
  bool cancel(EventId id) override { return pool_.cancel(id); }
  std::size_t size() const override { return pool_.live(); }
  Time next_time() override;
  PoppedEvent pop_next() override;
  std::string_view name() const override { return "radix"; }

 private:
  static constexpr int kDigitBits = 8;  // 8 levels of 256 buckets
  static constexpr int kDigits = 1 << kDigitBits;        // buckets per level
  static constexpr int kLevels = 64 / kDigitBits;        // levels per 64-bit key
  static constexpr int kBuckets = kLevels * kDigits;     // index = level * kDigits + digit

  struct Entry {
    std::uint64_t key;  // time with the sign bit flipped, so unsigned order is time order
    std::uint32_t slot;
  };
  static std::uint64_t key_of(Time t) {
    return static_cast<std::uint64_t>(t.ns()) ^ (std::uint64_t{1} << 63);
  }
  static Time time_of(std::uint64_t key) {
    return Time::from_ns(static_cast<std::int64_t>(key ^ (std::uint64_t{1} << 63)));
  }
  void push(const Entry& e);
  // Makes `current_` hold the earliest pending event at its read position; false when empty.
  bool surface_next();
  void rebase(std::uint64_t new_last);
  int first_occupied() const;

  std::vector<Entry> current_;  // entries whose key equals last_, in insertion order
  std::size_t head_ = 0;        // read position in current_
  std::array<std::vector<Entry>, kBuckets> buckets_;
  std::array<std::uint64_t, kBuckets / 64> occupied_{};  // bit per non-empty bucket
  std::uint64_t occupied_words_ = 0;                      // bit per non-zero word of occupied_
  std::uint64_t last_ = 0;  // key every bucket is relative to
  EventPool pool_;
  std::uint64_t next_sequence_ = 0;
};

}  // namespace ifa026::sim

// The placement reservations of a VIM or CISM (docs/lifecycle.md, "Placement reserved before the
// grant"; the Security Manager map's D12): what each reservation holds (consumer, VNF, VNFCI,
// host, capacity), its id, its expiry, and why a consumer may not use or release one. The
// producer (resource_producer.hpp) places, takes and gives back the capacity; this book only keeps
// the reservations and the ids that expired, and reads the two parameters
// `reservation_timeout` and the fault switch `ignore_reservation`.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "actors/messages/vi_vnfm.hpp"
#include "sim/actor.hpp"
#include "sim/param_rules.hpp"
#include "sim/scheduler.hpp"
#include "sim/time.hpp"

namespace ifa026::actors::vim {

struct Reservation {
  std::string id = {};  // "<producer>-reservation-N"
  std::string consumer = {};
  std::string vnf = {};
  std::string vnfci = {};
  std::string host = {};
  messages::ResourceCapacity capacity = {};
  std::optional<std::string> zone = {};
  std::string correlation = {};
  sim::EventId expiry = {};
};

class ReservationBook {
 public:
  // `producer`: the actor name (ids "<producer>-reservation-N"); `params`: the actor's parameters.
  ReservationBook(const std::string& producer, const nlohmann::json& params);
  // `reservation_timeout` and `ignore_reservation`, for the producer kinds' parameter lists.
  static std::vector<sim::ParamRule> param_rules();

  sim::Duration timeout() const { return timeout_; }
  // Fault switch: allocations ignore the reservation they name (placed by the normal rule) and
  // the reservation stays held until it expires.
  bool ignored() const { return ignore_; }

  // The id the next add() gives.
  std::string next_id() const;
  Reservation& add(Reservation reservation);  // sets its id
  Reservation* find(const std::string& id);
  // Why `consumer` may not use or release `id` (for `vnfci`, when given), or "" when it may.
  std::string refusal(const std::string& id, const std::string& consumer,
                      const std::string& vnfci = "") const;
  // Removes `id` (which must exist) and returns it; `expired` remembers it as expired.
  Reservation take(const std::string& id, bool expired = false);
  std::size_t size() const { return held_.size(); }

 private:
  std::string prefix_;
  sim::Duration timeout_;
  bool ignore_ = false;
  std::uint64_t next_ = 1;
  std::map<std::string, Reservation> held_;
  std::set<std::string> expired_;
  std::set<std::string> used_;  // consumed by an allocation or released
};

}  // namespace ifa026::actors::vim

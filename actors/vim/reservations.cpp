// The placement reservations of a VIM or CISM (see reservations.hpp).
#include "actors/vim/reservations.hpp"

#include <utility>

#include "actors/common/actor_params.hpp"

namespace ifa026::actors::vim {

ReservationBook::ReservationBook(const std::string& producer, const nlohmann::json& params)
    : prefix_(producer + "-reservation-"),
      timeout_(duration_param(params, "reservation_timeout", sim::Duration::seconds(60))),
      ignore_(bool_param(params, "ignore_reservation", false)) {}

std::vector<sim::ParamRule> ReservationBook::param_rules() {
  return {
      {"reservation_timeout", sim::ParamType::duration,
       "how long a placement reserved before the grant is held for an allocation naming it "
       "before it is released (ReservationExpired; docs/lifecycle.md)",
       false, "60s"},
      {"ignore_reservation", sim::ParamType::boolean,
       "fault: allocations ignore the reservation they name and are placed by the normal rule "
       "(the reservation stays held until it expires), so the intended host can differ",
       false, "false"},
  };
}

std::string ReservationBook::next_id() const {
  return prefix_ + std::to_string(next_);
}

Reservation& ReservationBook::add(Reservation reservation) {
  reservation.id = next_id();
  ++next_;
  const std::string id = reservation.id;
  return held_.emplace(id, std::move(reservation)).first->second;
}

Reservation* ReservationBook::find(const std::string& id) {
  auto it = held_.find(id);
  return it == held_.end() ? nullptr : &it->second;
}

std::string ReservationBook::refusal(const std::string& id, const std::string& consumer,
                                     const std::string& vnfci) const {
  auto it = held_.find(id);
  if (it == held_.end()) {
    if (expired_.count(id) != 0) return "reservation " + id + " expired";
    if (used_.count(id) != 0) return "reservation " + id + " was used or released already";
    return "unknown reservation " + id;
  }
  const Reservation& r = it->second;
  if (r.consumer != consumer) return "reservation " + id + " is not " + consumer + "'s";
  if (!vnfci.empty() && vnfci != r.vnfci)
    return "reservation " + id + " is for " + r.vnfci + ", not " + vnfci;
  return "";
}

Reservation ReservationBook::take(const std::string& id, bool expired) {
  auto it = held_.find(id);
  Reservation r = std::move(it->second);
  held_.erase(it);
  (expired ? expired_ : used_).insert(id);
  return r;
}

}  // namespace ifa026::actors::vim

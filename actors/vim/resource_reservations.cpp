// The VIM's and the CISM's placement reservations (see resource_producer.hpp and reservations.hpp;
// docs/lifecycle.md, "Placement reserved before the grant").
//
// Modelling decisions:
// - Each item is placed by the producer's rule at once (PlacementDecided with `reservation=`) and
//   its capacity taken on that host; items of one request are placed in order, each seeing what
//   the earlier ones took. An item that cannot be placed is rejected on its own (the others stay
//   reserved): the consumer then goes on without a reservation for it.
// - An allocation naming a reservation goes to its host (no new placement) when the reservation
//   is the consumer's, for that VNFCI, not expired or used, its host still in service and the
//   capacity asked not beyond what it holds; otherwise it is refused with the reason. The
//   reservation is used up by the allocation whatever the VNFCI's spawn then does.
// - A reservation neither used nor released within `reservation_timeout` is released
//   (ReservationExpired) and its capacity given back.
#include <utility>

#include "actors/common/trace_detail.hpp"
#include "actors/messages/decisions.hpp"
#include "actors/messages/detail_keys.hpp"
#include "actors/vim/resource_producer.hpp"

namespace ifa026::actors::vim {
namespace {

namespace dk = detail_keys;

}  // namespace

void add_reservation_params(std::vector<ParamRule>& rules) {
  for (auto& rule : ReservationBook::param_rules()) rules.push_back(std::move(rule));
}

messages::ResourceReservationResponse ResourceProducer::reserve(
    const messages::ResourceReservationRequest& request, const std::string& consumer) {
  messages::ResourceReservationResponse answer;
  answer.request_id = request.request_id;
  answer.status = lcm::kStatusAnswered;
  for (const auto& item : request.items) {
    messages::ReservedPlacement out;
    out.vnfci = item.vnfci;
    std::string refusal;
    Placement placement;
    if (item.vnfci.empty()) {
      refusal = "no vnfci named";
    } else if (item.capacity.vcpus < 0 || item.capacity.memory_mb < 0) {
      refusal = "capacity must not be negative";
    } else {
      placement = place_and_trace(nullptr, item.vnfci, item.capacity, item.zone, "", std::nullopt,
                                  request.correlation, reservations_.next_id());
      if (!placement.host) {
        const bool known = !item.zone || item.zone->empty() || hosts_.zone_known(*item.zone);
        refusal = !known ? "unknown zone " + *item.zone
                         : "no in-service " + flavour_.host_word + " with capacity" +
                               (item.zone && !item.zone->empty() ? " in zone " + *item.zone
                                                                 : std::string());
      }
    }
    if (!refusal.empty()) {
      trace(decisions::kResourceReservation, outcomes::kRejected,
            TraceDetail()
                .add(dk::kVnfci, item.vnfci)
                .add(dk::kVnf, request.vnf)
                .add(dk::kConsumer, consumer)
                .add(dk::kRequest, request.request_id)
                .add(dk::kCorr, request.correlation)
                .add(dk::kReason, refusal),
            consumer);
      out.status = lcm::kStatusRejected;
      out.reason = refusal;
      answer.items.push_back(std::move(out));
      continue;
    }
    const Host& chosen = *hosts_.find(*placement.host);
    hosts_.take(chosen.id, item.capacity);
    Reservation& r = reservations_.add(Reservation{.consumer = consumer,
                                                   .vnf = request.vnf,
                                                   .vnfci = item.vnfci,
                                                   .host = chosen.id,
                                                   .capacity = item.capacity,
                                                   .zone = item.zone,
                                                   .correlation = request.correlation});
    r.expiry = host_.schedule(reservations_.timeout(), "reservation-expiry",
                              [this, id = r.id] { expire_reservation(id); });
    trace(decisions::kResourceReservation, outcomes::kReserved,
          TraceDetail()
              .add(dk::kReservation, r.id)
              .add(dk::kVnfci, r.vnfci)
              .add(dk::kVnf, r.vnf)
              .add(dk::kHost, chosen.id)
              .add(dk::kLocation, chosen.location)
              .add(dk::kConsumer, consumer)
              .add(dk::kRequest, request.request_id)
              .add(dk::kCorr, request.correlation)
              .add(dk::kHeldFor, sim::format_duration(reservations_.timeout())),
          consumer);
    out.status = lcm::kStatusReserved;
    out.reservation = r.id;
    out.host = chosen.id;
    out.location = chosen.location;
    answer.items.push_back(std::move(out));
  }
  return answer;
}

messages::ReservationReleaseResponse ResourceProducer::release_reservations(
    const messages::ReservationReleaseRequest& request, const std::string& consumer) {
  messages::ReservationReleaseResponse answer;
  answer.request_id = request.request_id;
  std::vector<std::string> refusals;
  for (const auto& id : request.reservations) {
    const std::string refusal = reservations_.refusal(id, consumer);
    if (!refusal.empty()) {
      refusals.push_back(refusal);
      trace(decisions::kResourceReservation, outcomes::kRejected,
            TraceDetail()
                .add(dk::kReservation, id)
                .add(dk::kConsumer, consumer)
                .add(dk::kRequest, request.request_id)
                .add(dk::kCorr, request.correlation)
                .add(dk::kReason, refusal),
            consumer);
      continue;
    }
    Reservation r = reservations_.take(id);
    host_.actor_context().withdraw(r.expiry);
    hosts_.give_back(r.host, r.capacity);
    trace(decisions::kResourceReservation, outcomes::kReleased,
          TraceDetail()
              .add(dk::kReservation, r.id)
              .add(dk::kVnfci, r.vnfci)
              .add(dk::kVnf, r.vnf)
              .add(dk::kHost, r.host)
              .add(dk::kConsumer, consumer)
              .add(dk::kRequest, request.request_id)
              .add(dk::kCorr, request.correlation),
          consumer);
    answer.released.push_back(id);
  }
  answer.status = refusals.empty() ? lcm::kStatusReleased : lcm::kStatusRejected;
  if (!refusals.empty()) answer.reason = comma_list(refusals);
  return answer;
}

std::optional<Placement> ResourceProducer::use_reservation(
    const messages::ResourceAllocationRequest& request, const std::string& consumer,
    std::string& refusal) {
  if (!request.reservation || reservations_.ignored()) return std::nullopt;
  const std::string& id = *request.reservation;
  refusal = reservations_.refusal(id, consumer, request.vnfci);
  if (!refusal.empty()) return std::nullopt;
  Reservation* r = reservations_.find(id);
  const Host* host = hosts_.find(r->host);
  if (host == nullptr || host->state != lcm::kHostInService) {
    refusal = "the " + flavour_.host_word + " " + r->host + " of reservation " + id + " is " +
              (host == nullptr ? std::string("unknown") : host->state);
    return std::nullopt;
  }
  if (request.capacity.vcpus > r->capacity.vcpus ||
      request.capacity.memory_mb > r->capacity.memory_mb) {
    refusal = "capacity asked beyond what reservation " + id + " holds";
    return std::nullopt;
  }
  Reservation used = reservations_.take(id);
  host_.actor_context().withdraw(used.expiry);
  // The reservation's capacity goes back to the host; the allocation takes its own there.
  hosts_.give_back(used.host, used.capacity);
  trace(decisions::kResourceReservation, outcomes::kUsed,
        TraceDetail()
            .add(dk::kReservation, id)
            .add(dk::kVnfci, used.vnfci)
            .add(dk::kVnf, used.vnf)
            .add(dk::kHost, used.host)
            .add(dk::kConsumer, consumer)
            .add(dk::kRequest, request.request_id)
            .add(dk::kCorr, request.correlation),
        consumer);
  Placement placement;
  placement.host = used.host;
  placement.candidates = {used.host};
  return placement;
}

void ResourceProducer::expire_reservation(const std::string& id) {
  if (reservations_.find(id) == nullptr) return;  // used or released in the meantime
  Reservation r = reservations_.take(id, true);
  hosts_.give_back(r.host, r.capacity);
  trace(decisions::kReservationExpired, outcomes::kExpired,
        TraceDetail()
            .add(dk::kReservation, r.id)
            .add(dk::kVnfci, r.vnfci)
            .add(dk::kVnf, r.vnf)
            .add(dk::kHost, r.host)
            .add(dk::kConsumer, r.consumer)
            .add(dk::kCorr, r.correlation)
            .add(dk::kHeldFor, sim::format_duration(reservations_.timeout())));
}

}  // namespace ifa026::actors::vim

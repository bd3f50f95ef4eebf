// The VNFM's placement reservations before the grant (docs/lifecycle.md, "Placement reserved
// before the grant"; the Security Manager map's D12; see chain_operations.hpp).
//
// Modelling decisions:
// - Every operation that adds VNFCIs (instantiate, scale out, heal, auto-heal) reserves before
//   its grant, at the producer the NFVO named for each resource kind in the VNF's
//   InstantiateVnfRequest (vim_connections); a VNF without one (or a kind without a producer)
//   is not reserved for, and its grant carries no intended host.
// - One request per producer, one after the other, then the grant: each added resource's
//   reservation, host and location go into its GrantResource, and its allocation names the
//   reservation when the grant sends it to the producer that reserved it.
// - A reservation refused (no capacity) or unanswered leaves that resource unreserved: the
//   operation goes on and the producer places it at allocation, as without reservations (a
//   refusal there still rolls the operation back, D7).
// - When the operation ends (grant rejected, rollback, failure, completion) the reservations no
//   allocation named are given back with one release request per producer; its answer only is
//   traced.
#include <algorithm>
#include <utility>

#include "actors/common/trace_detail.hpp"
#include "actors/messages/codec.hpp"
#include "actors/messages/decisions.hpp"
#include "actors/messages/detail_keys.hpp"
#include "actors/messages/lcm_vocabulary.hpp"
#include "actors/messages/reference_points.hpp"
#include "actors/vnfm/chain_operations.hpp"

namespace ifa026::actors::vnfm {
namespace {

namespace dk = detail_keys;
namespace rp = reference_points;

}  // namespace

std::string ChainOperations::producer_for(const std::string& vnf, const std::string& kind) const {
  auto producers = producers_of_.find(vnf);
  if (producers == producers_of_.end()) return "";
  auto it = producers->second.find(kind);
  return it == producers->second.end() ? "" : it->second;
}

bool ChainOperations::reserve(const std::string& vnf) {
  Operation& op = operations_.at(vnf);
  if (!op.reservations_asked) {
    op.reservations_asked = true;
    for (const Vnfci& v : op.plan.added) {
      const std::string producer = producer_for(vnf, kind_of(v));
      if (!producer.empty() &&
          std::find(op.reserve_at.begin(), op.reserve_at.end(), producer) == op.reserve_at.end())
        op.reserve_at.push_back(producer);
    }
  }
  if (op.reserve_at.empty()) return false;
  const std::string producer = op.reserve_at.front();
  op.reserve_at.erase(op.reserve_at.begin());
  messages::ResourceReservationRequest body;
  body.correlation = op.origin.corr;
  body.vnf = vnf;
  bool container = false;
  std::vector<std::string> vnfcis;
  for (const Vnfci& v : op.plan.added) {
    const std::string kind = kind_of(v);
    if (producer_for(vnf, kind) != producer) continue;
    container = kind == lcm::kResourceOsContainer;
    messages::ReservationItem item;
    item.vnfci = v.name;
    item.vnfc = v.vnfc;
    if (v.descriptor != nullptr)
      item.capacity = {v.descriptor->compute.vcpus, v.descriptor->compute.memory_mb};
    body.items.push_back(std::move(item));
    vnfcis.push_back(v.name);
  }
  const std::string reference_point = container ? rp::kCismSi : rp::kViVnfm;
  decision(decisions::kPlacementReservation, outcomes::kRequested,
           TraceDetail()
               .add(dk::kVnf, vnf)
               .add(dk::kOperation, std::string(to_string(op.plan.operation)))
               .add(dk::kOccurrence, op.occurrence)
               .add(dk::kCorr, op.origin.corr)
               .add(dk::kVnfcis, comma_list(vnfcis)),
           producer, reference_point);
  send_request(Pending{.vnf = vnf,
                       .step = Step::reserve,
                       .peer = producer,
                       .reference_point = reference_point,
                       .build = [body, container](const std::string& id) {
                         if (container) {
                           messages::OsContainerWorkloadReservationRequest request{body};
                           request.request_id = id;
                           return messages::to_envelope(request);
                         }
                         messages::ComputeReservationRequest request{body};
                         request.request_id = id;
                         return messages::to_envelope(request);
                       }});
  return true;
}

void ChainOperations::on_reserved(const messages::ResourceReservationResponse& response,
                                  const ChannelMessage& m) {
  auto pending = take_reply(response.request_id, m, decisions::kPlacementReservation);
  if (!pending) return;
  auto it = operations_.find(pending->vnf);
  if (it == operations_.end()) return;
  Operation& op = it->second;
  std::vector<std::string> reserved;
  std::vector<std::string> hosts;
  std::vector<std::string> refused;
  for (const auto& item : response.items) {
    if (item.status == lcm::kStatusReserved && item.reservation && item.host) {
      op.reserved[item.vnfci] = item;
      op.reserved_by[item.vnfci] = m.peer.name;
      reserved.push_back(*item.reservation);
      hosts.push_back(item.vnfci + "@" + *item.host);
    } else {
      refused.push_back(item.vnfci + ": " + item.reason.value_or(item.status));
    }
  }
  TraceDetail detail;
  detail.add(dk::kVnf, pending->vnf)
      .add(dk::kOccurrence, op.occurrence)
      .add(dk::kCorr, op.origin.corr)
      .add(dk::kRequest, response.request_id)
      .add(dk::kReservations, comma_list(reserved))
      .add(dk::kHosts, comma_list(hosts));
  if (response.status == lcm::kStatusRejected)
    refused.push_back(response.reason.value_or(response.status));
  if (!refused.empty()) detail.add(dk::kReason, comma_list(refused));
  decision(decisions::kPlacementReservation,
           reserved.empty() ? outcomes::kRejected : outcomes::kReserved, detail, m.peer.name,
           m.reference_point);
  request_grant(pending->vnf);
}

void ChainOperations::release_unused_reservations(const std::string& vnf) {
  auto it = operations_.find(vnf);
  if (it == operations_.end()) return;
  const Operation& op = it->second;
  std::map<std::string, std::vector<std::string>> unused;  // by producer
  for (const auto& [vnfci, placement] : op.reserved)
    if (!op.reservations_used.count(vnfci) && placement.reservation)
      unused[op.reserved_by.at(vnfci)].push_back(*placement.reservation);
  for (const auto& [producer, ids] : unused) {
    messages::ReservationReleaseRequest body;
    body.correlation = op.origin.corr;
    body.reservations = ids;
    const bool container = producer_for(vnf, lcm::kResourceOsContainer) == producer &&
                           producer_for(vnf, lcm::kResourceCompute) != producer;
    send_request(Pending{.vnf = vnf,
                         .step = Step::release_reservations,
                         .peer = producer,
                         .reference_point = container ? rp::kCismSi : rp::kViVnfm,
                         .build =
                             [body, container](const std::string& id) {
                               if (container) {
                                 messages::OsContainerWorkloadReservationReleaseRequest request{
                                     body};
                                 request.request_id = id;
                                 return messages::to_envelope(request);
                               }
                               messages::ComputeReservationReleaseRequest request{body};
                               request.request_id = id;
                               return messages::to_envelope(request);
                             },
                         .reservations = comma_list(ids)});
  }
}

void ChainOperations::on_reservations_released(const messages::ReservationReleaseResponse& response,
                                               const ChannelMessage& m) {
  auto pending = take_reply(response.request_id, m, decisions::kPlacementReservation);
  if (!pending) return;
  TraceDetail detail;
  detail.add(dk::kVnf, pending->vnf)
      .add(dk::kRequest, response.request_id)
      .add(dk::kReservations, comma_list(response.released));
  if (response.status != lcm::kStatusReleased)
    detail.add(dk::kReason, response.reason.value_or(response.status));
  decision(decisions::kPlacementReservation,
           response.status == lcm::kStatusReleased ? outcomes::kReleased : outcomes::kRejected,
           detail, m.peer.name, m.reference_point);
}

}  // namespace ifa026::actors::vnfm

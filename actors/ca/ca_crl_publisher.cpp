// The CA's CRL publication (see ca_crl_publisher.hpp).
#include "actors/ca/ca_crl_publisher.hpp"

#include <exception>

#include "actors/common/envelope.hpp"
#include "actors/common/internal_error.hpp"
#include "actors/common/operations.hpp"
#include "actors/common/pki_clock.hpp"
#include "actors/common/reference_points.hpp"
#include "actors/common/trace_detail.hpp"
#include "actors/messages/codec.hpp"
#include "actors/messages/crl_dp.hpp"
#include "actors/messages/decisions.hpp"
#include "actors/messages/detail_keys.hpp"
#include "sim/trace.hpp"

namespace ifa026::actors::ca {

CaCrlPublisher::CaCrlPublisher(CaState& state) : CaPart(state) {}

void CaCrlPublisher::publish_crl() {
  queue_.submit(settings_.crl_time, "BuildCrl", [this] {
    try {
      const pki::Crl crl = issuing_->crl(pki_now(context()), settings_.crl_next_update_seconds);
      sim::TraceRecord r;
      r.kind = sim::RecordKind::decision;
      r.reference_point = reference_points::kCrlDp;
      r.operation = "PublishCrl";
      r.outcome = "ok";
      r.detail =
          TraceDetail()
              .add("number", static_cast<long long>(crl.number()))
              .add("entries", static_cast<long long>(crl.revoked().size()))
              .add("next_update", sim::format_utc(sim::UtcInstant{crl.next_update().unix_ns}));
      context().trace(std::move(r));
      published_[crl.number()] = crl.der();
      if (published_.size() > kKeptCrls) published_.erase(published_.begin());
      send_crl(crl.der(), settings_.crl_subscribers);
    } catch (const std::exception& e) {
      context().trace(internal_error_record("PublishCrl", "", "",
                                            std::string("cannot build the CRL: ") + e.what(),
                                            reference_points::kCrlDp));
    }
  });
}

void CaCrlPublisher::send_crl(const pki::Bytes& der, const std::vector<std::string>& to) {
  messages::CrlPublication publication;
  publication.crl = der;
  const Envelope envelope = messages::to_envelope(publication);
  const pki::Bytes payload = encode_envelope(envelope);
  for (const auto& subscriber : to) {
    sim::Message message;
    message.to = subscriber;
    message.reference_point = reference_points::kCrlDp;
    message.operation = envelope.operation;
    message.payload = payload;
    context().send(std::move(message));
  }
}

void CaCrlPublisher::replay_crl(std::uint64_t number, const std::vector<std::string>& to) {
  const auto& recipients = to.empty() ? settings_.crl_subscribers : to;
  std::string list;
  for (const auto& r : recipients) list += (list.empty() ? "" : ",") + r;
  sim::TraceRecord r;
  r.kind = sim::RecordKind::decision;
  r.reference_point = reference_points::kCrlDp;
  r.operation = decisions::kReplayCrl;
  auto it = published_.find(number);
  r.outcome = it == published_.end() ? outcomes::kRejected : outcomes::kSent;
  TraceDetail detail;
  detail.add(detail_keys::kNumber, static_cast<long long>(number)).add(detail_keys::kTo, list);
  if (it == published_.end()) detail.add(detail_keys::kReason, "no CRL with this number kept");
  r.detail = detail;
  context().trace(std::move(r));
  if (it != published_.end()) send_crl(it->second, recipients);
}

}  // namespace ifa026::actors::ca

// The CA's CRL publication (see ca_crl_publisher.hpp).
#include "actors/ca/ca_crl_publisher.hpp"

#include <string>

#include "actors/common/pki_clock.hpp"
#include "actors/common/trace_detail.hpp"
#include "actors/messages/codec.hpp"
#include "actors/messages/crl_dp.hpp"
#include "actors/messages/decisions.hpp"
#include "actors/messages/detail_keys.hpp"

namespace ifa026::actors::ca {

CaCrlPublisher::CaCrlPublisher(CaState& state, CaDisk& disk) : CaPart(state), disk_(disk) {}

void CaCrlPublisher::publish_crl() {
  publish(nullptr);
}

void CaCrlPublisher::publish_crl_of(pki::CertificateAuthority& retired) {
  publish(&retired);
}

void CaCrlPublisher::publish(pki::CertificateAuthority* ca) {
  submit(settings_.crl_time, "BuildCrl",
         {.operation = decisions::kPublishCrl, .reference_point = reference_points::kCrlDp},
         [this, ca] {
           pki::CertificateAuthority& signer = ca != nullptr ? *ca : *issuing_;
           const pki::Crl crl = signer.crl(pki_now(context()), settings_.crl_next_update_seconds);
           // After a re-key, the current issuing CA's CRLs carry its certificate.
           std::optional<std::vector<pki::Bytes>> chain;
           if (ca == nullptr && !state_.retired.empty())
             chain = std::vector<pki::Bytes>{issuing_->certificate().der()};
           TraceDetail detail;
           detail.add(detail_keys::kNumber, static_cast<long long>(crl.number()))
               .add(detail_keys::kEntries, static_cast<long long>(crl.revoked().size()))
               .add(detail_keys::kNextUpdate,
                    sim::format_utc(sim::UtcInstant{crl.next_update().unix_ns}));
           // After a re-key two CAs publish: each record names its issuer.
           if (!state_.retired.empty()) detail.add(detail_keys::kIssuer, crl.issuer().to_string());
           trace({.operation = decisions::kPublishCrl,
                  .outcome = outcomes::kOk,
                  .reference_point = reference_points::kCrlDp,
                  .detail = detail});
           state_.artifacts.push_back({"crl", std::to_string(crl.number()), crl.der()});
           published_[crl.number()] = Published{crl.der(), chain};
           if (published_.size() > kKeptCrls) published_.erase(published_.begin());
           disk_.sync();
           send_crl(crl.der(), settings_.crl_subscribers, chain);
         });
}

void CaCrlPublisher::send_crl(const pki::Bytes& der, const std::vector<std::string>& to,
                              const std::optional<std::vector<pki::Bytes>>& chain) {
  messages::CrlPublication publication;
  publication.crl = der;
  publication.issuer_chain = chain;
  const Envelope envelope = messages::to_envelope(publication);
  for (const auto& subscriber : to) send_envelope(subscriber, envelope, reference_points::kCrlDp);
}

void CaCrlPublisher::replay_crl(std::uint64_t number, const std::vector<std::string>& to) {
  const auto& recipients = to.empty() ? settings_.crl_subscribers : to;
  std::string list;
  for (const auto& r : recipients) list += (list.empty() ? "" : ",") + r;
  auto it = published_.find(number);
  TraceDetail detail;
  detail.add(detail_keys::kNumber, static_cast<long long>(number)).add(detail_keys::kTo, list);
  if (it == published_.end()) detail.add(detail_keys::kReason, "no CRL with this number kept");
  trace({.operation = decisions::kReplayCrl,
         .outcome = it == published_.end() ? outcomes::kRejected : outcomes::kSent,
         .reference_point = reference_points::kCrlDp,
         .detail = detail});
  if (it != published_.end()) send_crl(it->second.der, recipients, it->second.chain);
}

}  // namespace ifa026::actors::ca

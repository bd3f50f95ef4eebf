// The MANO entity's own certificate revoked at its request or removed by its CMF (see
// mano_entity_revocation.hpp).
#include "actors/common/mano_entity_revocation.hpp"

#include <utility>

#include "actors/common/envelope.hpp"
#include "actors/common/operations.hpp"
#include "actors/common/reference_points.hpp"
#include "actors/common/trace_detail.hpp"

namespace ifa026::actors {
namespace {

std::string lower(std::string text) {
  for (char& c : text)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return text;
}

}  // namespace

ManoEntityRevocation::ManoEntityRevocation(ManoEntityState& state) : ManoEntityPart(state) {}

// Asks its CMF, over mutual TLS with the certificate concerned, to revoke that certificate
// (e.g. the entity knows its key compromised, or is taken out of service); the CMF revokes it
// at the CA, answers, and removes it (CertificateRemoved).
void ManoEntityRevocation::request_revocation(const std::string& reason) {
  std::string problem;
  if (!config_ || !current_)
    problem = "no certificate held";
  else if (!can_authenticate())
    problem = "the HSM-resident key cannot authenticate the mutual TLS channel (model)";
  const std::string serial = current_ ? current_->certificate.serial_hex() : std::string();
  if (!problem.empty()) {
    decision("RevocationRequest", "rejected",
             TraceDetail().add("serial", serial).add("reason", problem));
    return;
  }
  decision("RevocationRequest", "requested",
           TraceDetail().add("serial", serial).add("reason", reason), config_->cmf);
  json body = json::object();
  body["entity"] = name();
  body["serial"] = serial;
  body["reason"] = reason;
  channels_.send(config_->cmf, ChannelKind::mutual, reference_points::kCmf1,
                 Envelope{operations::kRevokeCertificateRequest, "", std::move(body)});
}

void ManoEntityRevocation::on_revocation_response(const ChannelMessage& m) {
  if (!config_ || m.peer.name != config_->cmf || !m.peer.certificate) {
    record(RecordKind::decision, operations::kRevokeCertificateResponse, "rejected",
           TraceDetail().add("reason", "not from the configured CMF over an authenticated channel"),
           m.peer.name, m.reference_point);
    return;
  }
  const std::string status = get_string(m.envelope.body, "status");
  decision("RevocationResult", status == "revoked" ? "ok" : "rejected",
           TraceDetail()
               .add("serial", get_string(m.envelope.body, "serial"))
               .add("reason", get_string(m.envelope.body, "reason", status)),
           m.peer.name);
}

void ManoEntityRevocation::on_removed(const ChannelMessage& m) {
  if (!config_ || m.peer.name != config_->cmf || !m.peer.certificate) {
    record(RecordKind::decision, operations::kCertificateRemoved, "rejected",
           TraceDetail().add("reason",
                             "not from the configured CMF over an authenticated "
                             "channel"),
           m.peer.name, m.reference_point);
    return;
  }
  const std::string serial = get_string(m.envelope.body, "serial");
  const std::string reason = get_string(m.envelope.body, "reason");
  if (!current_ ||
      (!serial.empty() && lower(serial) != lower(current_->certificate.serial_hex()))) {
    decision(operations::kCertificateRemoved, "rejected",
             TraceDetail().add("serial", serial).add("reason", "not the certificate held"),
             m.peer.name);
    return;
  }
  const std::string held = current_->certificate.serial_hex();
  if (ignore_removal_) {
    // Negative scenarios: a faulty entity that goes on presenting its revoked certificate.
    decision(operations::kCertificateRemoved, "ignored",
             TraceDetail().add("serial", held).add("reason", "ignore_removal fault"), m.peer.name);
    return;
  }
  current_.reset();
  auto& credentials = channels_.credentials();
  credentials.key.reset();
  credentials.certificate.reset();
  credentials.chain.clear();
  if (renewal_timer_.valid()) context().cancel(renewal_timer_);
  renewal_timer_ = {};
  decision(operations::kCertificateRemoved, "ok",
           TraceDetail().add("serial", held).add("reason", reason), m.peer.name);
  context().schedule(sim::Duration{}, "removed", [this] {
    guarded([&] {
      channels_.close_all();
      if (extension_) extension_->on_certificate_changed();
    });
  });
}

}  // namespace ifa026::actors

// The MANO entity's own certificate revoked at its request or removed by its CMF (see
// mano_entity_revocation.hpp).
#include "actors/common/mano_entity_revocation.hpp"

#include <utility>

#include "actors/messages/codec.hpp"
#include "actors/messages/operations.hpp"
#include "actors/messages/reference_points.hpp"

namespace ifa026::actors {

namespace dk = detail_keys;

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
    problem = "no key to authenticate the mutual TLS channel";
  const std::string serial = current_ ? current_->certificate.serial_hex() : std::string();
  if (!problem.empty()) {
    trace({.operation = decisions::kRevocationRequest,
           .outcome = outcomes::kRejected,
           .detail = TraceDetail().add(dk::kSerial, serial).add(dk::kReason, problem)});
    return;
  }
  trace({.operation = decisions::kRevocationRequest,
         .outcome = outcomes::kRequested,
         .peer = config_->cmf,
         .detail = TraceDetail().add(dk::kSerial, serial).add(dk::kReason, reason)});
  channels_.send(config_->cmf, ChannelKind::mutual, reference_points::kCmf1,
                 messages::to_envelope(messages::RevokeCertificateRequest{
                     .entity = name(), .reason = reason, .serial = serial}));
}

bool ManoEntityRevocation::from_cmf(const ChannelMessage& m, const char* operation) {
  if (config_ && m.peer.name == config_->cmf && m.peer.certificate) return true;
  trace({.operation = operation,
         .outcome = outcomes::kRejected,
         .peer = m.peer.name,
         .reference_point = m.reference_point,
         .detail = TraceDetail().add(dk::kReason,
                                     "not from the configured CMF over an authenticated channel")});
  return false;
}

void ManoEntityRevocation::on_revocation_response(
    const ChannelMessage& m, const messages::RevokeCertificateResponse& response) {
  if (!from_cmf(m, operations::kRevokeCertificateResponse)) return;
  trace({.operation = decisions::kRevocationResult,
         .outcome = response.status == outcomes::kRevoked ? outcomes::kOk : outcomes::kRejected,
         .peer = m.peer.name,
         .detail = TraceDetail()
                       .add(dk::kSerial, response.serial.value_or(""))
                       .add(dk::kReason, response.reason)});
}

void ManoEntityRevocation::on_removed(const ChannelMessage& m,
                                      const messages::CertificateRemoved& removed) {
  if (!from_cmf(m, operations::kCertificateRemoved)) return;
  const std::string& serial = removed.serial;
  if (!current_ ||
      (!serial.empty() && lower(serial) != lower(current_->certificate.serial_hex()))) {
    trace(
        {.operation = decisions::kCertificateRemoved,
         .outcome = outcomes::kRejected,
         .peer = m.peer.name,
         .detail =
             TraceDetail().add(dk::kSerial, serial).add(dk::kReason, "not the certificate held")});
    return;
  }
  const std::string held = current_->certificate.serial_hex();
  if (ignore_removal_) {
    // Negative scenarios: a faulty entity that goes on presenting its revoked certificate.
    trace(
        {.operation = decisions::kCertificateRemoved,
         .outcome = outcomes::kIgnored,
         .peer = m.peer.name,
         .detail = TraceDetail().add(dk::kSerial, held).add(dk::kReason, "ignore_removal fault")});
    return;
  }
  current_.reset();
  auto& credentials = channels_.credentials();
  credentials.key.reset();
  credentials.certificate.reset();
  credentials.chain.clear();
  if (renewal_timer_.valid()) context().withdraw(renewal_timer_);
  renewal_timer_ = {};
  trace({.operation = decisions::kCertificateRemoved,
         .outcome = outcomes::kOk,
         .peer = m.peer.name,
         .detail = TraceDetail().add(dk::kSerial, held).add(dk::kReason, removed.reason)});
  schedule(sim::Duration{}, "removed", [this] {
    channels_.close_all();
    if (extension_) extension_->on_certificate_changed();
  });
}

}  // namespace ifa026::actors

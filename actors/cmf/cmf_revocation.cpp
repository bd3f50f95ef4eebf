// The CMF's revocation of MANO entity certificates (see cmf_revocation.hpp).
#include "actors/cmf/cmf_revocation.hpp"

#include <utility>

#include "actors/cmf/revocation_reason.hpp"
#include "actors/common/trace_detail.hpp"

namespace ifa026::actors::cmf {
namespace {

namespace keys = detail_keys;

}  // namespace

CmfRevocation::CmfRevocation(CmfState& state) : CmfPart(state) {}

void CmfRevocation::reject_revocation(const ChannelMessage& m, const std::string& entity,
                                      const std::string& fqdn, const std::string& reason) {
  trace(
      {.operation = decisions::kRevocationRequest,
       .outcome = outcomes::kRejected,
       .peer = m.peer.name,
       .reference_point = reference_points::kCmf1,
       .detail = about(entity, fqdn).add(keys::kConsumer, m.peer.name).add(keys::kReason, reason)});
  messages::RevokeCertificateResponse response;
  response.status = outcomes::kRejected;
  response.reason = reason;
  response.entity = entity;
  reply(m, response, "");
}

void CmfRevocation::handle_revoke(const ChannelMessage& m,
                                  const messages::RevokeCertificateRequest& request) {
  const std::string& entity = request.entity;
  const std::string& reason_text = request.reason;
  // A trusted consumer over day-0 may ask for any entity; an entity for itself only, over
  // mutual TLS with the very certificate it wants revoked.
  const bool self = m.peer.kind == ChannelKind::mutual && m.peer.certificate && !entity.empty() &&
                    m.peer.name == entity;
  std::string reason;
  if (!self && !trusted_consumer(m, reason)) return reject_revocation(m, entity, "", reason);
  Registration* reg = registry_.find(entity);
  if (reg == nullptr) return reject_revocation(m, entity, "", "entity not registered");
  const cmf::IssuedCertificate* current = reg->current();
  if (current == nullptr)
    return reject_revocation(m, entity, reg->fqdn, "entity holds no current certificate");
  if (self && m.peer.certificate->serial_hex() != current->serial)
    return reject_revocation(m, entity, reg->fqdn,
                             "an entity may revoke only the certificate it authenticates with");
  const pki::Certificate target = pki::Certificate::from_der(current->der);
  const std::string serial = current->serial;
  const std::string fqdn = reg->fqdn;
  const std::string ca = current->ca.empty() ? reg->ca : current->ca;
  const pki::RevocationReason code = cmf::parse_revocation_reason(reason_text);
  const RaIdentity* ra = identity(ca);
  if (ra == nullptr) return reject_revocation(m, entity, fqdn, "CA unavailable");
  const pki::Certificate own_cert = *ra->certificate;
  const pki::PrivateKey own_key = *ra->key;
  const pki::Instant at = now();
  ra_.run(
      ca, cmp_config(*ra), "", "", "",
      [target, own_cert, own_key, code, at](pki::CmpClient& client) {
        return client.revoke_rr_for(target, own_cert, own_key, code, at);
      },
      [this, m, entity, fqdn, serial, reason_text](const CmpExchange::Outcome& outcome) {
        on_revoked(m, entity, fqdn, serial, reason_text, outcome.result);
      });
}

void CmfRevocation::on_revoked(const ChannelMessage& m, const std::string& entity,
                               const std::string& fqdn, const std::string& serial,
                               const std::string& reason_text, const pki::CmpResult& result) {
  if (!result.ok()) {
    const std::string problem = CmpExchange::failure_reason(result);
    return reject_revocation(m, entity, fqdn, problem);
  }
  Registration* reg = registry_.find(entity);
  if (reg != nullptr) {
    if (auto* issued = reg->find_serial(serial)) issued->state = cmf::CertificateState::revoked;
  }
  trace({.operation = decisions::kRevocationRequest,
         .outcome = outcomes::kOk,
         .peer = m.peer.name,
         .reference_point = reference_points::kCmf1,
         .detail = about(entity, fqdn)
                       .add(keys::kConsumer, m.peer.name)
                       .add(keys::kSerial, serial)
                       .add(keys::kReason, reason_text)});
  const messages::RevokeCertificateResponse response{
      .status = outcomes::kRevoked, .reason = reason_text, .entity = entity, .serial = serial};
  // An entity that asked for itself gets the answer first, on the session it asked on, before
  // the removal makes it close its sessions.
  const bool self = m.peer.name == entity;
  if (self) reply(m, response, "");
  auto kind = last_channel_.find(entity);
  channels_.send(entity, kind != last_channel_.end() ? kind->second : ChannelKind::mutual,
                 reference_points::kCmf1,
                 messages::to_envelope(messages::CertificateRemoved{serial, reason_text}));
  if (!self) reply(m, response, "");
}

}  // namespace ifa026::actors::cmf

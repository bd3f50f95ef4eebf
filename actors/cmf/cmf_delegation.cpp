// The CMF's side of delegation mode (see cmf_delegation.hpp).
#include "actors/cmf/cmf_delegation.hpp"

#include <algorithm>
#include <exception>
#include <set>
#include <utility>

#include "actors/cmf/csr_validation.hpp"
#include "actors/cmf/fqdn_check.hpp"
#include "actors/cmf/revocation_reason.hpp"
#include "actors/common/actor_params.hpp"
#include "actors/common/trace_detail.hpp"
#include "actors/messages/delegation_vocabulary.hpp"
#include "actors/messages/flow_steps.hpp"
#include "pki/drbg.hpp"
#include "pki/names.hpp"

namespace ifa026::actors::cmf {
namespace {

namespace keys = detail_keys;
namespace values = detail_values;

constexpr std::size_t kDelegationNonceBytes = 16;

// The subject as one canonical text ("" when it is not a distinguished name).
std::string canonical_subject(const std::string& text) {
  try {
    return pki::DistinguishedName::parse(text).to_string();
  } catch (const std::exception&) {
    return "";
  }
}

bool delegated_flow(const std::string& flow) {
  return flow == flows::kDelegatedCsr || flow == flows::kDelegatedCsrHsm ||
         flow == flows::kOamDelegatedCsr;
}

}  // namespace

DelegationConfig read_delegation_config(const nlohmann::json& params,
                                        const std::string& default_ca) {
  DelegationConfig d;
  d.ca = default_ca;
  auto it = params.find("delegation");
  if (it == params.end() || !it->is_object()) return d;
  if (it->contains("delegates")) d.delegates = string_list_param(*it, "delegates");
  d.ca = string_param(*it, "ca", default_ca);
  d.cas = string_map_param(*it, "cas");
  return d;
}

CmfDelegation::CmfDelegation(CmfState& state, DelegationConfig delegation)
    : CmfPart(state), delegation_(std::move(delegation)) {}

TraceDetail CmfDelegation::about_identity(const std::string& vnfci, const std::string& identity,
                                          const std::string& type) const {
  return TraceDetail()
      .add(keys::kVnfci, vnfci)
      .add(keys::kIdentity, identity)
      .add(keys::kCertificateType, type);
}

std::string CmfDelegation::peer_problem(const ChannelMessage& m) {
  if (m.peer.kind != ChannelKind::mutual || !m.peer.certificate)
    return "delegation needs mutual TLS with the VNFM's certificate";
  const pki::Certificate& cert = *m.peer.certificate;
  const std::string serial = cert.serial_hex();
  Registration* reg = registry_.find_by_serial(serial);
  if (reg == nullptr) return "certificate not issued through this CMF";
  const IssuedCertificate* issued = reg->find_serial(serial);
  if (issued == nullptr || issued->der != cert.der()) return "certificate not in the inventory";
  if (issued->state == CertificateState::revoked) return "certificate revoked";
  if (issued->state == CertificateState::superseded) return "certificate superseded";
  if (now() >= cert.not_after()) return "certificate expired";
  if (reg->kind != "vnfm") return "not a VNFM (kind " + reg->kind + ")";
  if (reg->entity != m.peer.name) return "certificate of another entity";
  const auto& allowed = delegation_.delegates;
  if (allowed && std::find(allowed->begin(), allowed->end(), m.peer.name) == allowed->end())
    return "not a delegate";
  return "";
}

// ---- registration (C.2.2.1, C.3.2.1) ----

void CmfDelegation::refuse_register(const ChannelMessage& m, const std::string& reason) {
  const std::string flow = flow_of(m.envelope.step);
  const std::string table =
      flow == flows::kOamDelegateRegistration ? flow : std::string(flows::kDelegateRegistration);
  trace({.operation = decisions::kRegisterDelegate,
         .outcome = outcomes::kRejected,
         .peer = m.peer.name,
         .reference_point = reference_points::kCmVnfm,
         .step = flows::step(table, 1),
         .detail = TraceDetail().add(keys::kDelegate, m.peer.name).add(keys::kReason, reason)});
  messages::RegisterDelegateResponse response;
  response.status = outcomes::kRejected;
  response.reason = reason;
  reply(m, response, flows::step(table, 2));
}

void CmfDelegation::handle_register(const ChannelMessage& m,
                                    const messages::RegisterDelegateRequest& request) {
  const std::string& type = request.certificate_type;
  const bool oam = type == values::kTypeOam;
  const char* flow = oam ? flows::kOamDelegateRegistration : flows::kDelegateRegistration;
  const std::string step1 = flows::step(flow, 1);
  const std::string& vnfm = m.peer.name;

  // The request as a whole, then each identity.
  std::string problem;
  if (type != values::kTypeVnfci && type != values::kTypeOam)
    problem = "unknown certificate type \"" + type + "\"";
  if (problem.empty()) problem = peer_problem(m);
  if (problem.empty() && request.vnf.empty()) problem = "no vnf named";
  if (problem.empty() && request.vnfcis.empty()) problem = "no VNFCI named";
  if (problem.empty()) {
    const std::string bound = delegates_.bound_vnfm(request.vnf);
    if (!bound.empty() && bound != vnfm) problem = "delegated to " + bound;
  }
  const std::string ca = delegation_.ca_for(type);
  const RaIdentity* selected = identity(ca);
  if (problem.empty() && selected == nullptr) problem = "the CMF holds no RA certificate at " + ca;

  std::vector<messages::DelegateRegistrationState> states;
  std::set<std::string> names_in_request;
  for (const auto& v : request.vnfcis) {
    if (v.identities.empty() && problem.empty()) problem = "VNFCI " + v.vnfci + " has no identity";
    for (const auto& id : v.identities) {
      std::string why;
      const DelegateRegistry::Key key{v.vnfci, id.name, type};
      if (v.vnfci.empty() || id.name.empty()) {
        why = "a VNFCI or identity without a name";
      } else if (!names_in_request.insert(v.vnfci + "/" + id.name).second) {
        why = "identity " + id.name + " twice";
      } else if (oam != (id.usage == "oam")) {
        why = oam ? "identity " + id.name + " is not an OAM identity"
                  : "identity " + id.name + " is an OAM identity";
      } else if (canonical_subject(id.subject).empty()) {
        why = "identity " + id.name + ": subject is not a distinguished name";
      } else if (id.dns.empty()) {
        why = "identity " + id.name + ": no dNSName";
      } else if (const DelegatedIdentityEntry* held = delegates_.find(v.vnfci, id.name, type);
                 held != nullptr && held->delegate != vnfm) {
        why = "delegated to " + held->delegate;
      } else {
        for (const auto& dns : id.dns) {
          if (auto bad = fqdn_problem(dns, config_.allowed_domains)) {
            why = "dNSName " + dns + ": " + *bad;
            break;
          }
          if (auto owner = registry_.fqdn_owner(dns, "")) {
            why = "dNSName " + dns + " already registered for " + *owner;
            break;
          }
          if (auto owner = delegates_.dns_owner(dns, key)) {
            why = "dNSName " + dns + " already registered for " + *owner;
            break;
          }
        }
      }
      if (!why.empty() && problem.empty()) problem = why;
      states.push_back({.vnfci = v.vnfci,
                        .identity = id.name,
                        .state = why.empty() ? outcomes::kRegistered : outcomes::kRejected,
                        .reason = why.empty() ? std::nullopt : std::optional<std::string>(why)});
    }
  }

  messages::RegisterDelegateResponse response;
  response.vnf = request.vnf;
  response.certificate_type = type;
  if (!problem.empty()) {
    // All or nothing: one record per identity (or one for the request), the answer at #2.
    for (auto& s : states) {
      if (s.state == outcomes::kRegistered) {
        s.state = outcomes::kRejected;
        s.reason = problem;
      }
      trace({.operation = decisions::kRegisterDelegate,
             .outcome = outcomes::kRejected,
             .peer = vnfm,
             .reference_point = reference_points::kCmVnfm,
             .step = step1,
             .detail = about_identity(s.vnfci, s.identity, type)
                           .add(keys::kVnf, request.vnf)
                           .add(keys::kDelegate, vnfm)
                           .add(keys::kReason, s.reason.value_or(problem))});
    }
    if (states.empty())
      trace({.operation = decisions::kRegisterDelegate,
             .outcome = outcomes::kRejected,
             .peer = vnfm,
             .reference_point = reference_points::kCmVnfm,
             .step = step1,
             .detail = TraceDetail()
                           .add(keys::kVnf, request.vnf)
                           .add(keys::kCertificateType, type)
                           .add(keys::kDelegate, vnfm)
                           .add(keys::kReason, problem)});
    response.status = outcomes::kRejected;
    response.reason = problem;
    response.registrations = std::move(states);
    reply(m, response, flows::step(flow, 2));
    return;
  }

  delegates_.bind(request.vnf, vnfm);
  const std::string delegation =
      name() + "-delegation-" + std::to_string(delegates_.next_delegation());
  const pki::Bytes nonce = pki::random_bytes(kDelegationNonceBytes);
  for (const auto& v : request.vnfcis)
    for (const auto& id : v.identities) {
      DelegatedIdentityEntry* held = delegates_.find(v.vnfci, id.name, type);
      const bool repeat = held != nullptr;
      DelegatedIdentityEntry entry = repeat ? *held : DelegatedIdentityEntry{};
      entry.vnfci = v.vnfci;
      entry.identity = id.name;
      entry.certificate_type = type;
      entry.vnf = request.vnf;
      entry.delegate = vnfm;
      entry.delegation = delegation;
      entry.ca = ca;
      entry.usage = id.usage;
      entry.subject = canonical_subject(id.subject);
      entry.dns = id.dns;
      entry.attestation_nonce = nonce;
      delegates_.put(std::move(entry));
      TraceDetail detail = about_identity(v.vnfci, id.name, type)
                               .add(keys::kVnf, request.vnf)
                               .add(keys::kDelegate, vnfm)
                               .add(keys::kDelegation, delegation)
                               .add(keys::kFqdn, comma_list(id.dns));
      if (repeat) detail.add(keys::kRepeat, values::kTrue);
      trace({.operation = decisions::kRegisterDelegate,
             .outcome = outcomes::kRegistered,
             .peer = vnfm,
             .reference_point = reference_points::kCmVnfm,
             .step = step1,
             .detail = detail});
      trace({.operation = decisions::kSelectCa,
             .outcome = outcomes::kOk,
             .peer = vnfm,
             .reference_point = reference_points::kCmVnfm,
             .step = step1,
             .detail = about_identity(v.vnfci, id.name, type).add(keys::kCa, ca)});
    }
  std::vector<pki::Bytes> anchors;
  for (const auto& a : selected->anchors) anchors.push_back(a.der());
  response.status = outcomes::kRegistered;
  response.delegation = delegation;
  response.ca = ca;
  response.trust_anchors = std::move(anchors);
  response.registrations = std::move(states);
  response.attestation_nonce = pki::to_hex(nonce);
  reply(m, response, flows::step(flow, 2));
}

// ---- delegated CSRs (C.2.2.2.6, C.2.2.2.7, C.3.2.2) ----

void CmfDelegation::reject_csr(const ChannelMessage& m, const std::string& step,
                               const std::string& reason) {
  messages::CertificateSigningResponse response;
  response.status = outcomes::kRejected;
  response.reason = reason;
  reply(m, response, step);
}

void CmfDelegation::handle_csr(const ChannelMessage& m,
                               const messages::CertificateSigningRequest& request) {
  const std::string type = request.certificate_type.value_or(values::kTypeVnfci);
  std::string flow = flow_of(m.envelope.step);
  if (!delegated_flow(flow))
    flow = type == values::kTypeOam  ? flows::kOamDelegatedCsr
           : request.key_attestation ? flows::kDelegatedCsrHsm
                                     : flows::kDelegatedCsr;
  const std::string vnfci = request.vnfci.value_or("");
  const std::string name_of_identity = request.identity.value_or("");
  const std::string step1 = flows::step(flow, 1);

  // #1: the session's peer is the registered delegate of exactly this identity.
  std::string problem = peer_problem(m);
  DelegatedIdentityEntry* entry = delegates_.find(vnfci, name_of_identity, type);
  if (problem.empty()) {
    if (entry == nullptr)
      problem = "not the registered delegate (no delegation for " + vnfci + "/" + name_of_identity +
                ", type " + type + ")";
    else if (entry->delegate != m.peer.name)
      problem = "not the registered delegate (delegated to " + entry->delegate + ")";
    else if (request.delegation.value_or("") != entry->delegation)
      problem = "unknown delegation " + request.delegation.value_or("(none)");
  }
  {
    TraceDetail detail = about_identity(vnfci, name_of_identity, type)
                             .add(keys::kDelegate, m.peer.name)
                             .add(keys::kDelegation, request.delegation.value_or(""));
    if (!problem.empty()) detail.add(keys::kReason, problem);
    trace({.operation = decisions::kDelegateCheck,
           .outcome = problem.empty() ? outcomes::kOk : outcomes::kRejected,
           .peer = m.peer.name,
           .reference_point = reference_points::kCmVnfm,
           .step = step1,
           .detail = detail});
  }
  if (!problem.empty()) return reject_csr(m, step1, problem);

  // #2: the CSR against the registered identity and the key policy.
  const std::string step2 = flows::step(flow, 2);
  const std::string& purpose = request.purpose;
  std::optional<pki::Csr> csr;
  std::string invalid;
  try {
    csr = pki::Csr::from_der(request.csr);
  } catch (const std::exception&) {
    invalid = "CSR does not decode";
  }
  if (invalid.empty() && purpose != detail_values::kPurposeEnrolment &&
      purpose != detail_values::kPurposeRenewal)
    invalid = "unknown purpose \"" + purpose + "\"";
  if (invalid.empty()) {
    try {
      const pki::CsrContent content = csr->content();
      const std::string key_type(pki::to_string(csr->public_key().type()));
      std::vector<std::string> dns = content.san.dns;
      std::vector<std::string> registered = entry->dns;
      std::sort(dns.begin(), dns.end());
      std::sort(registered.begin(), registered.end());
      if (!csr->signature_valid())
        invalid = "CSR signature invalid (no proof of possession)";
      else if (!config_.key_type_allowed(key_type))
        invalid = "key type " + key_type + " not allowed by the key policy";
      else if (content.subject.to_string() != entry->subject)
        invalid = "subject " + content.subject.to_string() + " is not the registered identity's " +
                  entry->subject;
      else if (dns != registered)
        invalid = "dNSNames " + comma_list(content.san.dns) +
                  " are not the registered identity's " + comma_list(entry->dns);
    } catch (const std::exception& e) {
      invalid = std::string("CSR content unreadable: ") + e.what();
    }
  }
  if (invalid.empty() && !config_.skip_attestation_check) {
    if (auto outcome =
            verify_csr_attestation(config_, *csr, entry->attestation_nonce, vendor_roots_, now())) {
      TraceDetail detail = about_identity(vnfci, name_of_identity, type);
      if (!outcome->ok) detail.add(keys::kReason, outcome->reason);
      trace({.operation = decisions::kKeyAttestationVerification,
             .outcome = outcome->ok ? outcomes::kOk : outcomes::kRejected,
             .peer = m.peer.name,
             .reference_point = reference_points::kCmVnfm,
             .step = step2,
             .detail = detail,
             .kind = sim::RecordKind::crypto});
      if (!outcome->ok) invalid = "key attestation: " + outcome->reason;
    }
  }
  {
    TraceDetail detail = about_identity(vnfci, name_of_identity, type).add(keys::kPurpose, purpose);
    if (csr) {
      keep_csr(*csr);
      detail.add(keys::kKeyType, std::string(pki::to_string(csr->public_key().type())))
          .add(keys::kSpkiSha256, pki::to_hex(csr->public_key().spki_sha256()));
    }
    if (!invalid.empty()) detail.add(keys::kReason, invalid);
    trace({.operation = decisions::kCsrValidation,
           .outcome = invalid.empty() ? outcomes::kOk : outcomes::kRejected,
           .peer = m.peer.name,
           .reference_point = reference_points::kCmVnfm,
           .step = step2,
           .detail = detail,
           .kind = sim::RecordKind::crypto});
  }
  if (!invalid.empty()) return reject_csr(m, step2, invalid);

  // #3: p10cr to the selected CA, signed with the CMF's RA certificate there.
  CsrJob job{m, flow, vnfci, name_of_identity, type, entry->ca, purpose, csr->public_key()};
  const RaIdentity* ra = identity(job.ca);
  if (ra == nullptr) {
    trace({.operation = decisions::kCaRequest,
           .outcome = outcomes::kFailed,
           .peer = job.ca,
           .reference_point = reference_points::kCa1,
           .step = flows::step(flow, 5),
           .detail = about_identity(vnfci, name_of_identity, type)
                         .add(keys::kCa, job.ca)
                         .add(keys::kReason, "the CMF holds no RA certificate at this CA")});
    return reject_csr(m, flows::step(flow, 6), "CA unavailable");
  }
  const pki::Csr signed_csr = *csr;
  const pki::Certificate own_cert = *ra->certificate;
  const pki::PrivateKey own_key = *ra->key;
  const pki::Instant at = now();
  ra_.run(
      job.ca, cmp_config(*ra), flows::step(flow, 3), flows::step(flow, 5), "",
      [signed_csr, own_cert, own_key, at](pki::CmpClient& client) {
        return client.enrol_p10cr(signed_csr, own_cert, own_key, at);
      },
      [this, job](const CmpExchange::Outcome& outcome) { on_issued(job, outcome.result); },
      vnfci + "/" + name_of_identity);  // Q2: the CA records the end entity
}

void CmfDelegation::on_issued(const CsrJob& job, const pki::CmpResult& result) {
  const ChannelMessage& m = job.message;
  std::string problem;
  if (!result.ok() || !result.certificate)
    problem = CmpExchange::failure_reason(result);
  else if (!(result.certificate->public_key() == job.key))
    problem = "the CA certified another key";
  if (!problem.empty()) {
    trace({.operation = decisions::kCaRequest,
           .outcome = outcomes::kFailed,
           .peer = job.ca,
           .reference_point = reference_points::kCa1,
           .step = flows::step(job.flow, 5),
           .detail = about_identity(job.vnfci, job.identity, job.type)
                         .add(keys::kCa, job.ca)
                         .add(keys::kReason, problem)});
    return reject_csr(m, flows::step(job.flow, 6), problem);
  }
  const pki::Certificate& certificate = *result.certificate;
  if (DelegatedIdentityEntry* entry = delegates_.find(job.vnfci, job.identity, job.type)) {
    entry->serials.push_back(certificate.serial_hex());
    entry->certificates[certificate.serial_hex()] = certificate.der();
  }
  const std::string step6 = flows::step(job.flow, 6);
  trace({.operation = decisions::kCertificateDelivered,
         .outcome = outcomes::kOk,
         .peer = m.peer.name,
         .reference_point = reference_points::kCmVnfm,
         .step = step6,
         .detail = about_identity(job.vnfci, job.identity, job.type)
                       .add(keys::kSerial, certificate.serial_hex())
                       .add(keys::kNotAfter, utc(certificate.not_after()))
                       .add(keys::kPurpose, job.purpose)
                       .add(keys::kCa, job.ca)});
  std::vector<pki::Bytes> chain_der;
  for (const auto& c : chain_for(certificate, result.chain)) chain_der.push_back(c.der());
  reply(m,
        messages::CertificateSigningResponse{.status = outcomes::kIssued,
                                             .reason = "",
                                             .certificate = certificate.der(),
                                             .chain = std::move(chain_der)},
        step6);
}

// ---- delegated revocation ----

void CmfDelegation::handle_revoke(const ChannelMessage& m,
                                  const messages::RevokeCertificateRequest& request) {
  const std::string vnfci = request.vnfci.value_or("");
  auto answer = [&](const std::string& status, const std::string& reason,
                    std::optional<std::string> serial) {
    messages::RevokeCertificateResponse response;
    response.status = status;
    response.reason = reason;
    response.entity = vnfci;
    response.serial = std::move(serial);
    reply(m, response, "");
  };
  std::string problem = peer_problem(m);
  std::vector<DelegatedIdentityEntry*> entries;
  if (problem.empty()) {
    for (DelegatedIdentityEntry* e : delegates_.of_vnfci(vnfci))
      if (!request.identity || e->identity == *request.identity) entries.push_back(e);
    if (entries.empty()) problem = "not the registered delegate (no delegation for " + vnfci + ")";
    for (const DelegatedIdentityEntry* e : entries)
      if (e->delegate != m.peer.name)
        problem = "not the registered delegate (delegated to " + e->delegate + ")";
  }
  if (!problem.empty()) {
    trace({.operation = decisions::kDelegateCheck,
           .outcome = outcomes::kRejected,
           .peer = m.peer.name,
           .reference_point = reference_points::kCmVnfm,
           .detail = TraceDetail()
                         .add(keys::kVnfci, vnfci)
                         .add(keys::kIdentity, request.identity.value_or(""))
                         .add(keys::kOperation, operations::kRevokeCertificateRequest)
                         .add(keys::kReason, problem)});
    return answer(outcomes::kRejected, problem, std::nullopt);
  }
  const pki::RevocationReason code = parse_revocation_reason(request.reason);
  int requested = 0;
  for (DelegatedIdentityEntry* e : entries) {
    for (const auto& serial : e->serials) {
      if (std::find(e->revoked.begin(), e->revoked.end(), serial) != e->revoked.end()) continue;
      const RaIdentity* ra = identity(e->ca);
      if (ra == nullptr) continue;
      const pki::Certificate target = pki::Certificate::from_der(e->certificates.at(serial));
      if (now() >= target.not_after()) continue;
      e->revoked.push_back(serial);
      ++requested;
      trace({.operation = decisions::kVnfciCertificateRevocation,
             .outcome = outcomes::kRequested,
             .peer = e->ca,
             .reference_point = reference_points::kCa1,
             .detail = about_identity(e->vnfci, e->identity, e->certificate_type)
                           .add(keys::kSerial, serial)
                           .add(keys::kDelegate, m.peer.name)
                           .add(keys::kReason, request.reason)});
      const pki::Certificate own_cert = *ra->certificate;
      const pki::PrivateKey own_key = *ra->key;
      const pki::Instant at = now();
      const TraceDetail who = about_identity(e->vnfci, e->identity, e->certificate_type);
      ra_.run(
          e->ca, cmp_config(*ra), "", "", "",
          [target, own_cert, own_key, code, at](pki::CmpClient& client) {
            return client.revoke_rr_for(target, own_cert, own_key, code, at);
          },
          [this, who, serial, ca = e->ca](const CmpExchange::Outcome& outcome) {
            TraceDetail detail = who;
            detail.add(keys::kSerial, serial);
            if (!outcome.result.ok())
              detail.add(keys::kReason, CmpExchange::failure_reason(outcome.result));
            trace({.operation = decisions::kVnfciCertificateRevocation,
                   .outcome = outcome.result.ok() ? outcomes::kRevoked : outcomes::kFailed,
                   .peer = ca,
                   .reference_point = reference_points::kCa1,
                   .detail = detail});
          },
          e->vnfci + "/" + e->identity);  // Q2: the CA records the end entity
    }
  }
  trace({.operation = decisions::kDelegateCheck,
         .outcome = outcomes::kOk,
         .peer = m.peer.name,
         .reference_point = reference_points::kCmVnfm,
         .detail = TraceDetail()
                       .add(keys::kVnfci, vnfci)
                       .add(keys::kIdentity, request.identity.value_or(""))
                       .add(keys::kOperation, operations::kRevokeCertificateRequest)
                       .add(keys::kCertificates, static_cast<long long>(requested))});
  answer(outcomes::kRevoked, "", std::nullopt);
}

}  // namespace ifa026::actors::cmf

// Reading the direct-mode trace per VNFCI and identity (see direct_mode_trace.hpp).
#include "conformance/direct_mode_trace.hpp"

#include <algorithm>

#include "conformance/certificate_postcondition.hpp"

namespace ifa026::conformance {
namespace {

using sim::RecordKind;

const std::string kRenewal = "C.2.1.4";

std::string renewal_step(int n) {
  return kRenewal + "#" + std::to_string(n);
}

// The HSM's successful `operation` at `step` with the key `handle`, for `client`'s `identity`.
RecordFilter hsm_did(const std::string& hsm, const std::string& operation, const std::string& step,
                     const std::string& handle, const std::string& client,
                     const std::string& identity) {
  return RecordFilter{}
      .of_kind(RecordKind::decision)
      .by(hsm)
      .op(operation)
      .at_step(step)
      .with_outcome("ok")
      .with("handle", handle)
      .with("client", client)
      .with("identity", identity);
}

// The request that `answer` (the HSM's decision `answer_op` at `answer_step` about `client`)
// answered: the HSM serves a client's requests in the order they arrive (one session, a first in,
// first out queue of equal service times), so its k-th answer to the client is for the k-th request
// it received from it. The VNFCI's send of that request, or nullptr.
const Rec* request_answered(const TraceQuery& q, const std::string& hsm, const std::string& client,
                            const std::string& request_op, const std::string& request_step,
                            const std::string& answer_op, const std::string& answer_step,
                            const Rec& answer) {
  std::size_t rank = 0;
  for (const auto* r : q.all(RecordFilter{}
                                 .of_kind(RecordKind::decision)
                                 .by(hsm)
                                 .to(client)
                                 .op(answer_op)
                                 .at_step(answer_step))) {
    if (r->id >= answer.id) break;
    ++rank;
  }
  const auto received = q.all(RecordFilter{}
                                  .of_kind(RecordKind::receive)
                                  .by(hsm)
                                  .to(client)
                                  .op(request_op)
                                  .at_step(request_step));
  if (rank >= received.size() || received[rank]->id > answer.id) return nullptr;
  for (const auto* sent : q.all(sends(client, hsm).op(request_op).at_step(request_step)))
    if (sent->message_id == received[rank]->message_id) return sent;
  return nullptr;
}

// The flow a step ID belongs to ("C.2.1.2#3" -> the C.2.1.2 entry), or nullptr.
const DirectFlow* flow_of_step(const std::string& step) {
  return find_direct_flow(step.substr(0, step.find('#')));
}

}  // namespace

const std::vector<DirectFlow>& direct_flows() {
  // Tables C.2.1.1.6-1, C.2.1.2.6-1 and C.2.1.3.6-1.
  static const std::vector<DirectFlow> flows = {
      {"C.2.1.1", 0, -1, 1, 2, 3, 4, 5, 6, 7, false},
      {"C.2.1.2", 1, 2, 3, 4, 5, 6, 7, 8, 9, false},
      {"C.2.1.3", 1, 2, 3, 4, 5, 8, 13, 14, 15, true},
  };
  return flows;
}

const DirectFlow* find_direct_flow(const std::string& id) {
  for (const auto& f : direct_flows())
    if (f.id == id) return &f;
  return nullptr;
}

std::string direct_step(const DirectFlow& flow, int step) {
  return flow.id + "#" + std::to_string(step);
}

std::vector<std::string> split_names(const std::string& list) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= list.size()) {
    const auto comma = list.find(',', start);
    const auto piece =
        list.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (!piece.empty()) out.push_back(piece);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

DirectView::DirectView(const ManoView& mano) : mano_(mano) {
  const auto& q = mano_.query;
  for (const auto* d : q.all(
           RecordFilter{}.of_kind(RecordKind::decision).op("VnfciDiscovered").with_outcome("ok"))) {
    if (!mano_.roles.is_cmf(d->actor)) continue;
    const auto name = detail_of(*d, "vnfci");
    if (name.empty() || vnfci(name) != nullptr) continue;  // first discovery counts
    VnfciCase c;
    c.vnfci = name;
    c.vnf = detail_of(*d, "vnf");
    c.vnfc = detail_of(*d, "vnfc");
    c.cmf = d->actor;
    c.discovered = d;
    c.flow = flow_of_step(d->step);
    if (c.flow == nullptr) c.flow = find_direct_flow("C.2.1.1");
    for (const auto* r :
         q.all(RecordFilter{}.of_kind(RecordKind::decision).op("RetireActor").with_outcome("ok")))
      if (r->peer == name || detail_of(*r, "name") == name) c.retired = r;
    if (c.flow->attestation >= 0)
      c.attestation = q.first(decision(c.cmf, "AttestationVerified").with("vnfci", name), d->id);
    c.created = q.first(decision(c.cmf, "IdentitiesCreated").with("vnfci", name), d->id);
    if (c.created != nullptr) c.identity_names = split_names(detail_of(*c.created, "names"));
    for (const auto& identity : c.identity_names) {
      IdentityEnrolment e;
      e.vnfci = name;
      e.identity = identity;
      e.flow = c.flow;
      walk(c, e);
      c.enrolments.push_back(std::move(e));
    }
    vnfcis_.push_back(std::move(c));
  }
}

const VnfciCase* DirectView::vnfci(const std::string& name) const {
  for (const auto& c : vnfcis_)
    if (c.vnfci == name) return &c;
  return nullptr;
}

bool DirectView::has_usage(const std::string& vnfc, const std::string& identity,
                           const std::string& usage) const {
  for (const auto& actor : mano_.context.scenario.actors) {
    if (actor.type != "vnfm") continue;
    const auto& vnfds = actor.params.contains("vnfds") ? actor.params["vnfds"] : nlohmann::json();
    if (!vnfds.is_object()) continue;
    for (const auto& [vnfd_id, vnfd] : vnfds.items()) {
      if (!vnfd.is_object() || !vnfd.contains("vnfcs") || !vnfd["vnfcs"].contains(vnfc)) continue;
      const auto& ids = vnfd["vnfcs"][vnfc].value("identities", nlohmann::json::array());
      for (const auto& id : ids)
        if (id.is_object() && id.value("name", "") == identity && id.value("usage", "") == usage)
          return true;
    }
  }
  return false;
}

void DirectView::walk(VnfciCase& c, IdentityEnrolment& e) const {
  const auto& q = mano_.query;
  const auto& f = *c.flow;
  auto step = [&](int n) { return direct_step(f, n); };
  auto missing = [&](int n, const std::string& what) {
    if (e.problem.empty()) e.problem = step(n) + ": " + what;
  };
  e.steps[f.discovered] = c.discovered;
  e.reached = f.discovered;
  if (f.attestation >= 0) {
    if (c.attestation == nullptr)
      return missing(f.attestation, "no AttestationVerified by " + c.cmf);
    e.steps[f.attestation] = c.attestation;
    if (c.attestation->outcome != "ok") {
      e.refusal = c.attestation;
      return;
    }
    e.reached = f.attestation;
  }
  if (c.created == nullptr) return missing(f.identities, "no IdentitiesCreated");
  if (c.created->step != step(f.identities))
    return missing(f.identities, "IdentitiesCreated recorded at \"" + c.created->step + "\"");
  e.steps[f.identities] = c.created;
  e.reached = f.identities;

  // #2 (C.2.1.1) registration at the CA, acknowledged.
  const auto* requested = q.first(decision(c.cmf, "EndEntityRegistration")
                                      .with("vnfci", c.vnfci)
                                      .with("identity", e.identity)
                                      .with_outcome("requested"),
                                  c.created->id);
  if (requested == nullptr) return missing(f.registration, "no EndEntityRegistration requested");
  const auto* sent = q.first(
      sends(c.cmf).op("RegisterEndEntityRequest").at_step(step(f.registration)), requested->id);
  if (sent == nullptr || requested->step != step(f.registration))
    return missing(f.registration, "no RegisterEndEntityRequest sent at this step");
  e.steps[f.registration] = sent;
  e.registered = q.first(RecordFilter{}
                             .of_kind(RecordKind::decision)
                             .op("RegisterEndEntity")
                             .with("identity", c.vnfci + "/" + e.identity),
                         sent->id);
  if (e.registered == nullptr)
    return missing(f.registration, "the CA recorded no RegisterEndEntity");
  if (e.registered->outcome != "registered") {
    e.refusal = e.registered;
    return;
  }
  const auto* acknowledged = q.first(decision(c.cmf, "EndEntityRegistration")
                                         .with("vnfci", c.vnfci)
                                         .with("identity", e.identity)
                                         .with_outcome("registered"),
                                     e.registered->id);
  if (acknowledged == nullptr)
    return missing(f.registration, "the CMF never recorded the CA's acknowledgement");
  e.reached = f.registration;

  // #3 configuration to the VNFCI, received and stored.
  const auto* configuration = q.first(
      sends(c.cmf, c.vnfci).op("VnfciCertificateConfiguration").at_step(step(f.configuration)),
      acknowledged->id);
  if (configuration == nullptr)
    return missing(f.configuration, "no VnfciCertificateConfiguration sent after registration");
  if (q.receive_of(*configuration) == nullptr)
    return missing(f.configuration, describe(*configuration) + " never arrived");
  const auto* stored = q.first(decision(c.vnfci, "CertificateConfiguration")
                                   .at_step(step(f.configuration))
                                   .with_outcome("stored"),
                               configuration->id);
  if (stored == nullptr) return missing(f.configuration, c.vnfci + " did not store it");
  e.steps[f.configuration] = configuration;
  e.reached = f.configuration;

  // Key pair (#4 in C.2.1.1; #8, from the HSM, in C.2.1.3).
  const Rec* key = nullptr;
  if (!f.hsm) {
    key = q.first(decision(c.vnfci, "GenerateKey")
                      .with("identity", e.identity)
                      .with("purpose", "enrolment")
                      .at_step(step(f.key)),
                  stored->id);
    if (key == nullptr) return missing(f.key, "no GenerateKey for the identity");
  } else {
    // C.2.1.3 #6..#12: the HMEE's channel to the HSM, the key pair it provides, the CSR. Every
    // step is this identity's own: the HSM names client and identity in what it records, the
    // VNFCI the identity, and the requests are tied to the HSM's answers in arrival order.
    const auto* channel = q.first(decision(c.vnfci, "HsmChannel").at_step(step(6)), stored->id);
    if (channel == nullptr) return missing(6, "no HsmChannel established by " + c.vnfci);
    e.steps[6] = channel;
    const auto* got = q.first(decision(c.vnfci, "GenerateKey")
                                  .with("identity", e.identity)
                                  .with("in", "hsm")
                                  .with("purpose", "enrolment")
                                  .at_step(step(8)),
                              channel->id);
    if (got == nullptr) return missing(8, "no key pair from the HSM for the identity");
    const auto hsm = detail_of(*got, "hsm");
    const auto handle = detail_of(*got, "handle");
    const auto* generated =
        q.last(hsm_did(hsm, "GenerateKeyPair", step(8), handle, c.vnfci, e.identity), channel->id,
               got->id);
    if (generated == nullptr)
      return missing(8, "the HSM " + hsm + " recorded no key pair " + handle + " for the identity");
    const auto* asked = request_answered(q, hsm, c.vnfci, "GenerateKeyPairRequest", step(7),
                                         "GenerateKeyPair", step(8), *generated);
    if (asked == nullptr)
      return missing(7, "no GenerateKeyPairRequest for the identity reached the HSM " + hsm);
    e.steps[7] = asked;
    key = q.last(RecordFilter{}
                     .of_kind(RecordKind::receive)
                     .by(c.vnfci)
                     .to(hsm)
                     .op("GenerateKeyPairResponse")
                     .at_step(step(8)),
                 generated->id, got->id);
    if (key == nullptr) return missing(8, "the identity's key pair never reached " + c.vnfci);
    e.steps[8] = key;
    const auto* built = q.first(
        decision(c.vnfci, "CsrBuilt").with("identity", e.identity).at_step(step(9)), got->id);
    if (built == nullptr) return missing(9, "no CsrBuilt");
    e.steps[9] = built;
    key = built;
    // Steps 10 to 12 are optional (note 5): when the CSR went to the HSM, all show, for this
    // identity's key.
    if (detail_of(*built, "signed_by") == "hsm") {
      const auto* finalized =
          q.first(decision(c.vnfci, "CsrFinalized").with("identity", e.identity).at_step(step(12)),
                  built->id);
      if (finalized == nullptr) return missing(12, "no CsrFinalized");
      const auto* signed_by = q.last(hsm_did(hsm, "SignCsr", step(11), handle, c.vnfci, e.identity),
                                     built->id, finalized->id);
      if (signed_by == nullptr)
        return missing(11, "the HSM " + hsm + " did not sign the identity's CSR with " + handle);
      const auto* to_sign = request_answered(q, hsm, c.vnfci, "SignCsrRequest", step(10), "SignCsr",
                                             step(11), *signed_by);
      if (to_sign == nullptr)
        return missing(10, "no SignCsrRequest for the identity reached the HSM " + hsm);
      e.steps[10] = to_sign;
      e.steps[11] = signed_by;
      e.steps[12] = finalized;
      key = finalized;
    }
  }
  e.steps[f.key] = e.steps.count(f.key) ? e.steps[f.key] : key;
  e.reached = f.hsm ? 12 : f.key;

  // How the attempt ended.
  e.installed = q.first(decision(c.vnfci, "CertificateInstalled")
                            .with("identity", e.identity)
                            .with("purpose", "enrolment")
                            .with_outcome("ok"),
                        key->id);
  e.failed = q.first(decision(c.vnfci, "EnrolmentFailed").with("identity", e.identity), key->id,
                     e.installed != nullptr ? e.installed->id : 0);
  if (e.installed == nullptr) {
    if (e.failed != nullptr) {
      for (const auto* r : q.all(RecordFilter{}
                                     .of_kind(RecordKind::decision)
                                     .op("IssueCertificate")
                                     .to(c.vnfci)
                                     .with_outcome("rejected")))
        if (r->id > key->id && r->id < e.failed->id) e.refusal = r;
      if (e.refusal == nullptr)
        e.refusal = q.last(crypto(c.vnfci, "CertificateVerification").with("identity", e.identity),
                           key->id, e.failed->id);
      if (e.refusal != nullptr && e.refusal->outcome == "ok") e.refusal = nullptr;
      if (e.refusal == nullptr) e.refusal = e.failed;
      return;
    }
    return missing(f.reply, "no CertificateInstalled for the identity");
  }
  const auto serial = detail_of(*e.installed, "serial");
  for (const auto* r : q.all(RecordFilter{}
                                 .of_kind(RecordKind::decision)
                                 .op("IssueCertificate")
                                 .to(c.vnfci)
                                 .with_outcome("ok")))
    if (mano_.roles.is_ca(r->actor) && same_serial(detail_of(*r, "serial"), serial)) {
      e.issued = r;
      break;
    }
  if (e.issued == nullptr) return missing(f.issue, "no CA recorded issuing serial " + serial);
  const auto* request =
      q.first(sends(c.vnfci, e.issued->actor).at_step(step(f.request)), key->id, e.issued->id);
  if (request == nullptr)
    return missing(f.request, "no enrolment request from " + c.vnfci + " before the issuance");
  e.steps[f.request] = request;
  e.reached = f.request;
  if (e.issued->step != step(f.issue))
    return missing(f.issue, "issuance recorded at \"" + e.issued->step + "\"");
  e.steps[f.issue] = e.issued;
  e.reached = f.issue;
  const auto* reply = q.first(sends(e.issued->actor, c.vnfci).at_step(step(f.reply)), e.issued->id,
                              e.installed->id);
  if (reply == nullptr || q.receive_of(*reply) == nullptr)
    return missing(f.reply, "the certificate did not reach " + c.vnfci + " at this step");
  if (e.installed->step != step(f.reply))
    return missing(f.reply, "CertificateInstalled recorded at \"" + e.installed->step + "\"");
  e.steps[f.reply] = reply;
  e.reached = f.reply;
}

std::vector<IdentityRenewal> DirectView::renewals() const {
  const auto& q = mano_.query;
  std::vector<IdentityRenewal> out;
  for (const auto* due : q.all(RecordFilter{}
                                   .of_kind(RecordKind::decision)
                                   .op("RenewalDue")
                                   .at_step(renewal_step(1)))) {
    IdentityRenewal r;
    r.vnfci = detail_of(*due, "vnfci");
    r.identity = detail_of(*due, "identity");
    r.due = due;
    r.steps[1] = due;
    auto missing = [&](int n, const std::string& what) {
      if (r.problem.empty()) r.problem = renewal_step(n) + ": " + what;
    };
    const auto* condition = q.last(decision(due->actor, "RenewalConditionSet")
                                       .with("identity", r.identity)
                                       .at_step(renewal_step(0)),
                                   0, due->id);
    if (condition != nullptr) r.steps[0] = condition;
    const auto* key = q.first(decision(due->actor, "GenerateKey")
                                  .with("identity", r.identity)
                                  .with("purpose", "renewal")
                                  .at_step(renewal_step(2)),
                              due->id);
    if (key == nullptr) {
      missing(2, "no GenerateKey after RenewalDue");
      out.push_back(std::move(r));
      continue;
    }
    r.steps[2] = key;
    const auto* request = q.first(sends(due->actor).op("kur").at_step(renewal_step(3)), key->id);
    if (request == nullptr) {
      missing(3, "no kur sent");
      out.push_back(std::move(r));
      continue;
    }
    r.steps[3] = request;
    r.installed = q.first(decision(due->actor, "CertificateInstalled")
                              .with("identity", r.identity)
                              .with("purpose", "renewal")
                              .with_outcome("ok"),
                          key->id);
    const auto* next_due =
        q.first(decision(due->actor, "RenewalDue").with("identity", r.identity), due->id);
    if (r.installed != nullptr && next_due != nullptr && next_due->id < r.installed->id)
      r.installed = nullptr;  // that install belongs to a later renewal
    if (r.installed == nullptr) {
      for (const auto* c : q.all(RecordFilter{}
                                     .of_kind(RecordKind::decision)
                                     .op("IssueCertificate")
                                     .to(due->actor)
                                     .at_step(renewal_step(4))))
        if (c->id > request->id && c->outcome != "ok" &&
            (next_due == nullptr || c->id < next_due->id)) {
          r.refusal = c;
          break;
        }
      if (r.refusal == nullptr) missing(5, "no renewed certificate installed");
      out.push_back(std::move(r));
      continue;
    }
    const auto serial = detail_of(*r.installed, "serial");
    for (const auto* c : q.all(RecordFilter{}
                                   .of_kind(RecordKind::decision)
                                   .op("IssueCertificate")
                                   .to(due->actor)
                                   .with_outcome("ok")))
      if (same_serial(detail_of(*c, "serial"), serial)) r.issued = c;
    if (r.issued == nullptr) {
      missing(4, "no CA recorded issuing serial " + serial);
    } else if (r.issued->step != renewal_step(4) || detail_of(*r.issued, "request") != "kur") {
      missing(4, "issuance " + describe(*r.issued) + " is not a kur at this step");
    } else {
      r.steps[4] = r.issued;
      const auto* reply = q.first(sends(r.issued->actor, due->actor).at_step(renewal_step(5)),
                                  r.issued->id, r.installed->id);
      if (reply == nullptr || q.receive_of(*reply) == nullptr)
        missing(5, "the renewed certificate did not reach " + due->actor);
      else if (r.installed->step != renewal_step(5))
        missing(5, "CertificateInstalled recorded at \"" + r.installed->step + "\"");
      else
        r.steps[5] = reply;
    }
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace ifa026::conformance

// Reading the direct-mode trace per VNFCI and identity (see direct_mode_trace.hpp).
#include "conformance/direct_mode_trace.hpp"

#include <algorithm>

#include "conformance/certificate_postcondition.hpp"

namespace ifa026::conformance {
namespace {

using sim::RecordKind;

// The step number of the row of `flow` shown by a record of this kind and operation (-1: none).
int step_number_of(std::string_view flow, RecordKind kind, const char* operation) {
  const auto* step = flows::step_with(flow, kind, operation);
  return step != nullptr ? step->number : -1;
}

// The rows of the renewal table (C.2.1.4).
struct RenewalSteps {
  int condition =
      step_number_of(flows::kDirectRenewal, RecordKind::decision, decisions::kRenewalConditionSet);
  int due = step_number_of(flows::kDirectRenewal, RecordKind::decision, decisions::kRenewalDue);
  int key = step_number_of(flows::kDirectRenewal, RecordKind::decision, decisions::kGenerateKey);
  int request = step_number_of(flows::kDirectRenewal, RecordKind::send, ops::kCmpKur);
  int issue =
      step_number_of(flows::kDirectRenewal, RecordKind::decision, decisions::kIssueCertificate);
  int reply = step_number_of(flows::kDirectRenewal, RecordKind::send, ops::kCmpKup);
};

std::string renewal_step(int n) {
  return flows::step(flows::kDirectRenewal, n);
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
      .with_outcome(outcomes::kOk)
      .with(keys::kHandle, handle)
      .with(keys::kClient, client)
      .with(keys::kIdentity, identity);
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
  return find_direct_flow(std::string(flows::flow_of_step(step)));
}

}  // namespace

const std::vector<DirectFlow>& direct_flows() {
  // The enrolment flows of the step tables: those a CMF's discovery of a VNFCI starts.
  static const std::vector<DirectFlow> out = [] {
    std::vector<DirectFlow> list;
    for (const auto& f : flows::all_flows()) {
      const char* id = f.id;
      if (f.steps.empty() ||
          step_number_of(id, RecordKind::decision, decisions::kVnfciDiscovered) < 0)
        continue;
      list.push_back({
          id,
          step_number_of(id, RecordKind::decision, decisions::kVnfciDiscovered),
          step_number_of(id, RecordKind::decision, decisions::kAttestationVerified),
          step_number_of(id, RecordKind::decision, decisions::kIdentitiesCreated),
          step_number_of(id, RecordKind::send, ops::kRegisterEndEntityRequest),
          step_number_of(id, RecordKind::send, ops::kVnfciCertificateConfiguration),
          step_number_of(id, RecordKind::decision, decisions::kGenerateKey),
          step_number_of(id, RecordKind::send, ops::kCmpIr),
          step_number_of(id, RecordKind::decision, decisions::kIssueCertificate),
          step_number_of(id, RecordKind::send, ops::kCmpIp),
          f.hsm,
          step_number_of(id, RecordKind::decision, decisions::kHsmChannel),
          step_number_of(id, RecordKind::send, ops::kGenerateKeyPairRequest),
          step_number_of(id, RecordKind::decision, decisions::kCsrBuilt),
          step_number_of(id, RecordKind::send, ops::kSignCsrRequest),
          step_number_of(id, RecordKind::decision, decisions::kSignCsr),
          step_number_of(id, RecordKind::decision, decisions::kCsrFinalized),
      });
    }
    return list;
  }();
  return out;
}

const DirectFlow* find_direct_flow(const std::string& id) {
  for (const auto& f : direct_flows())
    if (f.id == id) return &f;
  return nullptr;
}

std::string direct_step(const DirectFlow& flow, int step) {
  return flows::step(flow.id, step);
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
  for (const auto* d : q.all(RecordFilter{}
                                 .of_kind(RecordKind::decision)
                                 .op(decisions::kVnfciDiscovered)
                                 .with_outcome(outcomes::kOk))) {
    if (!mano_.roles.is_cmf(d->actor)) continue;
    const auto name = detail_of(*d, keys::kVnfci);
    if (name.empty() || vnfci(name) != nullptr) continue;  // first discovery counts
    VnfciCase c;
    c.vnfci = name;
    c.vnf = detail_of(*d, keys::kVnf);
    c.vnfc = detail_of(*d, keys::kVnfc);
    c.cmf = d->actor;
    c.discovered = d;
    c.flow = flow_of_step(d->step);
    if (c.flow == nullptr) c.flow = find_direct_flow(flows::kDirect);
    for (const auto* r : q.all(RecordFilter{}
                                   .of_kind(RecordKind::decision)
                                   .op(decisions::kRetireActor)
                                   .with_outcome(outcomes::kOk)))
      if (r->peer == name || detail_of(*r, keys::kName) == name) c.retired = r;
    if (c.flow->attestation >= 0)
      c.attestation =
          q.first(decision(c.cmf, decisions::kAttestationVerified).with(keys::kVnfci, name), d->id);
    c.created =
        q.first(decision(c.cmf, decisions::kIdentitiesCreated).with(keys::kVnfci, name), d->id);
    if (c.created != nullptr) c.identity_names = split_names(detail_of(*c.created, keys::kNames));
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
    if (actor.type != roles::kVnfm) continue;
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
    if (c.attestation->outcome != outcomes::kOk) {
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

  // Registration at the CA, acknowledged.
  const auto* requested = q.first(decision(c.cmf, decisions::kEndEntityRegistration)
                                      .with(keys::kVnfci, c.vnfci)
                                      .with(keys::kIdentity, e.identity)
                                      .with_outcome(outcomes::kRequested),
                                  c.created->id);
  if (requested == nullptr) return missing(f.registration, "no EndEntityRegistration requested");
  const auto* sent = q.first(
      sends(c.cmf).op(ops::kRegisterEndEntityRequest).at_step(step(f.registration)), requested->id);
  if (sent == nullptr || requested->step != step(f.registration))
    return missing(f.registration, "no RegisterEndEntityRequest sent at this step");
  e.steps[f.registration] = sent;
  e.registered = q.first(RecordFilter{}
                             .of_kind(RecordKind::decision)
                             .op(decisions::kRegisterEndEntity)
                             .with(keys::kIdentity, c.vnfci + "/" + e.identity),
                         sent->id);
  if (e.registered == nullptr)
    return missing(f.registration, "the CA recorded no RegisterEndEntity");
  if (e.registered->outcome != outcomes::kRegistered) {
    e.refusal = e.registered;
    return;
  }
  const auto* acknowledged = q.first(decision(c.cmf, decisions::kEndEntityRegistration)
                                         .with(keys::kVnfci, c.vnfci)
                                         .with(keys::kIdentity, e.identity)
                                         .with_outcome(outcomes::kRegistered),
                                     e.registered->id);
  if (acknowledged == nullptr)
    return missing(f.registration, "the CMF never recorded the CA's acknowledgement");
  e.reached = f.registration;

  // Configuration to the VNFCI, received and stored.
  const auto* configuration = q.first(
      sends(c.cmf, c.vnfci).op(ops::kVnfciCertificateConfiguration).at_step(step(f.configuration)),
      acknowledged->id);
  if (configuration == nullptr)
    return missing(f.configuration, "no VnfciCertificateConfiguration sent after registration");
  if (q.receive_of(*configuration) == nullptr)
    return missing(f.configuration, describe(*configuration) + " never arrived");
  const auto* stored = q.first(decision(c.vnfci, decisions::kCertificateConfiguration)
                                   .at_step(step(f.configuration))
                                   .with_outcome(outcomes::kStored),
                               configuration->id);
  if (stored == nullptr) return missing(f.configuration, c.vnfci + " did not store it");
  e.steps[f.configuration] = configuration;
  e.reached = f.configuration;

  // Key pair (generated by the VNFCI; from the HSM in C.2.1.3).
  const Rec* key = nullptr;
  if (!f.hsm) {
    key = q.first(decision(c.vnfci, decisions::kGenerateKey)
                      .with(keys::kIdentity, e.identity)
                      .with(keys::kPurpose, values::kPurposeEnrolment)
                      .at_step(step(f.key)),
                  stored->id);
    if (key == nullptr) return missing(f.key, "no GenerateKey for the identity");
  } else {
    // C.2.1.3: the HMEE's channel to the HSM, the key pair it provides, the CSR. Every
    // step is this identity's own: the HSM names client and identity in what it records, the
    // VNFCI the identity, and the requests are tied to the HSM's answers in arrival order.
    const auto* channel =
        q.first(decision(c.vnfci, decisions::kHsmChannel).at_step(step(f.channel)), stored->id);
    if (channel == nullptr) return missing(f.channel, "no HsmChannel established by " + c.vnfci);
    e.steps[f.channel] = channel;
    const auto* got = q.first(decision(c.vnfci, decisions::kGenerateKey)
                                  .with(keys::kIdentity, e.identity)
                                  .with(keys::kIn, values::kInHsm)
                                  .with(keys::kPurpose, values::kPurposeEnrolment)
                                  .at_step(step(f.key)),
                              channel->id);
    if (got == nullptr) return missing(f.key, "no key pair from the HSM for the identity");
    const auto hsm = detail_of(*got, keys::kHsm);
    const auto handle = detail_of(*got, keys::kHandle);
    const auto* generated =
        q.last(hsm_did(hsm, decisions::kGenerateKeyPair, step(f.key), handle, c.vnfci, e.identity),
               channel->id, got->id);
    if (generated == nullptr)
      return missing(f.key,
                     "the HSM " + hsm + " recorded no key pair " + handle + " for the identity");
    const auto* asked =
        request_answered(q, hsm, c.vnfci, ops::kGenerateKeyPairRequest, step(f.key_request),
                         decisions::kGenerateKeyPair, step(f.key), *generated);
    if (asked == nullptr)
      return missing(f.key_request,
                     "no GenerateKeyPairRequest for the identity reached the HSM " + hsm);
    e.steps[f.key_request] = asked;
    key = q.last(RecordFilter{}
                     .of_kind(RecordKind::receive)
                     .by(c.vnfci)
                     .to(hsm)
                     .op(ops::kGenerateKeyPairResponse)
                     .at_step(step(f.key)),
                 generated->id, got->id);
    if (key == nullptr) return missing(f.key, "the identity's key pair never reached " + c.vnfci);
    e.steps[f.key] = key;
    const auto* built = q.first(decision(c.vnfci, decisions::kCsrBuilt)
                                    .with(keys::kIdentity, e.identity)
                                    .at_step(step(f.csr_built)),
                                got->id);
    if (built == nullptr) return missing(f.csr_built, "no CsrBuilt");
    e.steps[f.csr_built] = built;
    key = built;
    // The HSM's signature of the CSR is optional (note 5): when the CSR went to the HSM, all show,
    // for this identity's key.
    if (detail_of(*built, keys::kSignedBy) == values::kSignedByHsm) {
      const auto* finalized = q.first(decision(c.vnfci, decisions::kCsrFinalized)
                                          .with(keys::kIdentity, e.identity)
                                          .at_step(step(f.csr_finalized)),
                                      built->id);
      if (finalized == nullptr) return missing(f.csr_finalized, "no CsrFinalized");
      const auto* signed_by =
          q.last(hsm_did(hsm, decisions::kSignCsr, step(f.csr_signed), handle, c.vnfci, e.identity),
                 built->id, finalized->id);
      if (signed_by == nullptr)
        return missing(f.csr_signed,
                       "the HSM " + hsm + " did not sign the identity's CSR with " + handle);
      const auto* to_sign =
          request_answered(q, hsm, c.vnfci, ops::kSignCsrRequest, step(f.sign_request),
                           decisions::kSignCsr, step(f.csr_signed), *signed_by);
      if (to_sign == nullptr)
        return missing(f.sign_request, "no SignCsrRequest for the identity reached the HSM " + hsm);
      e.steps[f.sign_request] = to_sign;
      e.steps[f.csr_signed] = signed_by;
      e.steps[f.csr_finalized] = finalized;
      key = finalized;
    }
  }
  e.steps[f.key] = e.steps.count(f.key) ? e.steps[f.key] : key;
  e.reached = f.hsm ? f.csr_finalized : f.key;

  // How the attempt ended.
  e.installed = q.first(decision(c.vnfci, decisions::kCertificateInstalled)
                            .with(keys::kIdentity, e.identity)
                            .with(keys::kPurpose, values::kPurposeEnrolment)
                            .with_outcome(outcomes::kOk),
                        key->id);
  e.failed =
      q.first(decision(c.vnfci, decisions::kEnrolmentFailed).with(keys::kIdentity, e.identity),
              key->id, e.installed != nullptr ? e.installed->id : 0);
  if (e.installed == nullptr) {
    if (e.failed != nullptr) {
      for (const auto* r : q.all(RecordFilter{}
                                     .of_kind(RecordKind::decision)
                                     .op(decisions::kIssueCertificate)
                                     .to(c.vnfci)
                                     .with_outcome(outcomes::kRejected)))
        if (r->id > key->id && r->id < e.failed->id) e.refusal = r;
      if (e.refusal == nullptr)
        e.refusal = q.last(
            crypto(c.vnfci, decisions::kCertificateVerification).with(keys::kIdentity, e.identity),
            key->id, e.failed->id);
      if (e.refusal != nullptr && e.refusal->outcome == outcomes::kOk) e.refusal = nullptr;
      if (e.refusal == nullptr) e.refusal = e.failed;
      return;
    }
    return missing(f.reply, "no CertificateInstalled for the identity");
  }
  const auto serial = detail_of(*e.installed, keys::kSerial);
  for (const auto* r : q.all(RecordFilter{}
                                 .of_kind(RecordKind::decision)
                                 .op(decisions::kIssueCertificate)
                                 .to(c.vnfci)
                                 .with_outcome(outcomes::kOk)))
    if (mano_.roles.is_ca(r->actor) && same_serial(detail_of(*r, keys::kSerial), serial)) {
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
  const RenewalSteps t;
  std::vector<IdentityRenewal> out;
  for (const auto* due : q.all(RecordFilter{}
                                   .of_kind(RecordKind::decision)
                                   .op(decisions::kRenewalDue)
                                   .at_step(renewal_step(t.due)))) {
    IdentityRenewal r;
    r.vnfci = detail_of(*due, keys::kVnfci);
    r.identity = detail_of(*due, keys::kIdentity);
    r.due = due;
    r.steps[t.due] = due;
    auto missing = [&](int n, const std::string& what) {
      if (r.problem.empty()) r.problem = renewal_step(n) + ": " + what;
    };
    const auto* condition = q.last(decision(due->actor, decisions::kRenewalConditionSet)
                                       .with(keys::kIdentity, r.identity)
                                       .at_step(renewal_step(t.condition)),
                                   0, due->id);
    r.condition = condition;
    if (condition != nullptr) r.steps[t.condition] = condition;
    const auto* key = q.first(decision(due->actor, decisions::kGenerateKey)
                                  .with(keys::kIdentity, r.identity)
                                  .with(keys::kPurpose, values::kPurposeRenewal)
                                  .at_step(renewal_step(t.key)),
                              due->id);
    if (key == nullptr) {
      missing(t.key, "no GenerateKey after RenewalDue");
      out.push_back(std::move(r));
      continue;
    }
    r.steps[t.key] = key;
    const auto* request =
        q.first(sends(due->actor).op(ops::kCmpKur).at_step(renewal_step(t.request)), key->id);
    if (request == nullptr) {
      missing(t.request, "no kur sent");
      out.push_back(std::move(r));
      continue;
    }
    r.steps[t.request] = request;
    r.installed = q.first(decision(due->actor, decisions::kCertificateInstalled)
                              .with(keys::kIdentity, r.identity)
                              .with(keys::kPurpose, values::kPurposeRenewal)
                              .with_outcome(outcomes::kOk),
                          key->id);
    const auto* next_due = q.first(
        decision(due->actor, decisions::kRenewalDue).with(keys::kIdentity, r.identity), due->id);
    if (r.installed != nullptr && next_due != nullptr && next_due->id < r.installed->id)
      r.installed = nullptr;  // that install belongs to a later renewal
    if (r.installed == nullptr) {
      for (const auto* c : q.all(RecordFilter{}
                                     .of_kind(RecordKind::decision)
                                     .op(decisions::kIssueCertificate)
                                     .to(due->actor)
                                     .at_step(renewal_step(t.issue))))
        if (c->id > request->id && c->outcome != outcomes::kOk &&
            (next_due == nullptr || c->id < next_due->id)) {
          r.refusal = c;
          break;
        }
      if (r.refusal == nullptr) missing(t.reply, "no renewed certificate installed");
      out.push_back(std::move(r));
      continue;
    }
    const auto serial = detail_of(*r.installed, keys::kSerial);
    for (const auto* c : q.all(RecordFilter{}
                                   .of_kind(RecordKind::decision)
                                   .op(decisions::kIssueCertificate)
                                   .to(due->actor)
                                   .with_outcome(outcomes::kOk)))
      if (same_serial(detail_of(*c, keys::kSerial), serial)) r.issued = c;
    if (r.issued == nullptr) {
      missing(t.issue, "no CA recorded issuing serial " + serial);
    } else if (r.issued->step != renewal_step(t.issue) ||
               detail_of(*r.issued, keys::kRequest) != ops::kCmpKur) {
      missing(t.issue, "issuance " + describe(*r.issued) + " is not a kur at this step");
    } else {
      r.steps[t.issue] = r.issued;
      const auto* reply = q.first(sends(r.issued->actor, due->actor).at_step(renewal_step(t.reply)),
                                  r.issued->id, r.installed->id);
      if (reply == nullptr || q.receive_of(*reply) == nullptr)
        missing(t.reply, "the renewed certificate did not reach " + due->actor);
      else if (r.installed->step != renewal_step(t.reply))
        missing(t.reply, "CertificateInstalled recorded at \"" + r.installed->step + "\"");
      else
        r.steps[t.reply] = reply;
    }
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace ifa026::conformance

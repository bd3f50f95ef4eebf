// The delegate VNFM's delegation manager (see delegation_manager.hpp and delegation_setup.hpp):
// registration at the CMF per certificate type (C.3.2.1 for OAM identities, then C.2.2.1), one CSR
// per identity (C.3.2.2, C.2.2.2.6, or C.2.2.2.7 with the HSM key maker), the verification of each
// certificate delivered, the credential store, the credentials handed to installers with their
// KeyPairCheck and attempt counting, the key-retention rule (Vnfm.Sc.005, docs Q3), revocation of
// a removed VNFCI's certificates and renewal with a new key.
//
// Requests to the CMF go one at a time on one mutual-TLS session (Cm-Vnfm), so that an answer
// belongs to the request outstanding; each waits `request_timeout` and is sent again
// `request_retries` times (a RequestTracker), then the enrolment fails. Enrolments of several VNFs
// queue behind each other.
#include <algorithm>
#include <deque>
#include <exception>
#include <map>
#include <utility>

#include "actors/common/key_custody.hpp"
#include "actors/common/pki_clock.hpp"
#include "actors/common/trace_detail.hpp"
#include "actors/messages/cm_vnfm.hpp"
#include "actors/messages/cmf1.hpp"
#include "actors/messages/codec.hpp"
#include "actors/messages/decisions.hpp"
#include "actors/messages/delegation_vocabulary.hpp"
#include "actors/messages/detail_keys.hpp"
#include "actors/messages/flow_steps.hpp"
#include "actors/messages/reference_points.hpp"
#include "actors/vnfm/delegation_setup.hpp"
#include "actors/vnfm/software_key_maker.hpp"
#include "actors/vnfm/vnfd.hpp"
#include "pki/chain_verifier.hpp"

namespace ifa026::actors::vnfm {
namespace {

namespace dk = detail_keys;
namespace dv = detail_values;
namespace rp = reference_points;

// One identity of a VNFCI the VNFM is delegate for.
struct IdentityToEnrol {
  std::string vnfci = {};
  std::string identity = {};
  std::string type = {};  // vnfci, oam
  std::string usage = {};
  std::string subject = {};
  std::vector<std::string> dns = {};
  bool foreign = false;  // fault csr_for_foreign_vnfci: a VNFCI it is not delegate of
};

struct EnrolJob {
  std::string vnf;
  std::string instantiation;
  DelegatedInstall install = DelegatedInstall::instantiation;
  std::vector<IdentityToEnrol> identities;
  std::deque<std::string> registrations;  // certificate types still to register
  std::deque<IdentityToEnrol> csrs;       // identities still to enrol
  std::map<std::string, std::string> nonce_of_type;
  std::function<void(bool, const std::string&)> done;
  std::string purpose = dv::kPurposeEnrolment;
};

// What is outstanding at the CMF.
struct Outstanding {
  enum class Kind { registration, csr, revocation } kind = Kind::registration;
  Envelope envelope = {};
  IdentityToEnrol identity = {};  // csr
  std::string type = {};          // registration
};

const char* registration_flow(const std::string& type) {
  return type == dv::kTypeOam ? flows::kOamDelegateRegistration : flows::kDelegateRegistration;
}

class DelegationManagerImpl final : public VnfmDelegation {
 public:
  DelegationManagerImpl(ManoEntityHost& host, DelegationSettings settings)
      : host_(host),
        settings_(std::move(settings)),
        software_(host.tracer(), settings_.key_type),
        requests_(host.actor_context(), "DelegationRequestTimeout") {
    auto& handlers = host.request_handlers();
    handlers.on<messages::RegisterDelegateResponse>(
        [this](const messages::RegisterDelegateResponse& r, const ChannelMessage& m) {
          on_registration(r, m);
        });
    handlers.on<messages::CertificateSigningResponse>(
        [this](const messages::CertificateSigningResponse& r, const ChannelMessage& m) {
          on_certificate(r, m);
        });
  }

  void set_hsm_key_maker(HsmKeyMakerFactory factory) override { hsm_factory_ = std::move(factory); }

  // ---- DelegationManager ----

  void enrol(const std::string& vnf, const std::vector<Vnfci>& vnfcis,
             const std::string& instantiation, DelegatedInstall install,
             std::function<void(bool ok, const std::string& reason)> done) override {
    EnrolJob job;
    job.vnf = vnf;
    job.instantiation = instantiation;
    job.install = install;
    job.done = std::move(done);
    for (const Vnfci& v : vnfcis) {
      const auto identities = v.identities();
      for (std::size_t i = 0; i < identities.size(); ++i) {
        std::string type = identities[i].usage == "oam" ? dv::kTypeOam : dv::kTypeVnfci;
        if (v.descriptor != nullptr && i < v.descriptor->identities.size() &&
            !v.descriptor->identities[i].certification_type.empty())
          type = v.descriptor->identities[i].certification_type;
        job.identities.push_back({.vnfci = v.name,
                                  .identity = identities[i].name,
                                  .type = type,
                                  .usage = identities[i].usage,
                                  .subject = identities[i].subject,
                                  .dns = identities[i].dns});
      }
    }
    // OAM first (C.3.2.1, C.3.2.2), then the VNFCI certificates (C.2.2.1, C.2.2.2.x).
    for (const char* type : {dv::kTypeOam, dv::kTypeVnfci})
      if (std::any_of(job.identities.begin(), job.identities.end(),
                      [&](const IdentityToEnrol& i) { return i.type == type; }))
        job.registrations.push_back(type);
    for (const char* type : {dv::kTypeOam, dv::kTypeVnfci})
      for (const auto& i : job.identities)
        if (i.type == type) job.csrs.push_back(i);
    if (settings_.fault(kFaultCsrForForeignVnfci) && !job.csrs.empty()) {
      IdentityToEnrol foreign = job.csrs.back();
      foreign.vnfci += "-foreign";
      foreign.foreign = true;
      job.csrs.push_front(foreign);
    }
    jobs_.push_back(std::move(job));
    if (jobs_.size() == 1) next_step();
  }

  std::vector<messages::DelegatedCredential> credentials_for(const std::string& vnfci,
                                                             const std::vector<std::string>& types,
                                                             const SendContext& sent) override {
    std::vector<messages::DelegatedCredential> out;
    for (DelegatedCredentialRecord* r : store_.of_vnfci(vnfci)) {
      if (std::find(types.begin(), types.end(), r->certificate_type) == types.end()) continue;
      // --- hmee (issue 17): a key in the HSM (C.2.2.4.7 #0): certificate and chain only.
      if (r->certificate && !r->private_key && r->hsm_handle && !r->key_deleted) {
        if (auto c = hsm_credential(*r, sent)) out.push_back(std::move(*c));
        continue;
      }
      if (!r->certificate || !r->private_key || r->key_deleted) continue;
      pki::Bytes key_der = *r->private_key;
      std::string sent_fp = r->key_fp;
      if (settings_.fault(kFaultMismatchedKey)) {
        // Fault: no KeyPairCheck, and another key than the certificate's goes out.
        const pki::PrivateKey other = pki::PrivateKey::generate(settings_.key_type);
        key_der = other.to_der();
        sent_fp = key_fingerprint(other);
      } else {
        std::string problem;
        try {
          const auto certificate = pki::Certificate::from_der(*r->certificate);
          if (!certificate.public_key().is_public_half_of(pki::PrivateKey::from_der(key_der)))
            problem = "the certificate is not for the key held";
        } catch (const std::exception& e) {
          problem = std::string("unreadable: ") + e.what();
        }
        TraceDetail detail = about(*r).add(dk::kKeyFingerprint, r->key_fp);
        if (!problem.empty()) detail.add(dk::kReason, problem);
        trace({.operation = decisions::kKeyPairCheck,
               .outcome = problem.empty() ? outcomes::kOk : outcomes::kRejected,
               .peer = sent.peer,
               .reference_point = sent.reference_point,
               .step = sent.step,
               .detail = detail,
               .kind = sim::RecordKind::crypto});
        if (!problem.empty()) continue;
      }
      ++r->install_attempts;
      trace({.operation = decisions::kCredentialInstall,
             .outcome = outcomes::kAttempted,
             .peer = sent.peer,
             .reference_point = sent.reference_point,
             .step = sent.step,
             .detail = about(*r)
                           .add(dk::kAttempt, r->install_attempts)
                           .add(dk::kAttempts, settings_.install_attempts)});
      trace_key_custody(host_.tracer(), {.outcome = outcomes::kSent,
                                         .key_fp = sent_fp,
                                         .vnfci = r->vnfci,
                                         .identity = r->identity,
                                         .peer = sent.peer,
                                         .channel = sent.channel,
                                         .step = sent.step,
                                         .reference_point = sent.reference_point,
                                         .certificate_type = r->certificate_type});
      out.push_back({.identity = r->identity,
                     .certification_type = r->certificate_type,
                     .certificate = *r->certificate,
                     .chain = r->chain,
                     .private_key = std::move(key_der),
                     .trust_anchors = r->trust_anchors});
    }
    return out;
  }

  // --- hmee (issue 17): C.2.2.4.7 #0 for a key the HSM holds: the certificate's public key is the
  // one the HSM made (KeyPairCheck by fingerprint), an attempt counted; no private key goes out,
  // so no KeyCustody sent.
  std::optional<messages::DelegatedCredential> hsm_credential(DelegatedCredentialRecord& r,
                                                              const SendContext& sent) {
    std::string problem;
    try {
      const auto certificate = pki::Certificate::from_der(*r.certificate);
      if (key_fingerprint(certificate.public_key()) != r.key_fp)
        problem = "the certificate is not for the key the HSM made";
    } catch (const std::exception& e) {
      problem = std::string("unreadable: ") + e.what();
    }
    TraceDetail detail =
        about(r).add(dk::kKeyFingerprint, r.key_fp).add(dk::kHandle, *r.hsm_handle);
    if (!problem.empty()) detail.add(dk::kReason, problem);
    trace({.operation = decisions::kKeyPairCheck,
           .outcome = problem.empty() ? outcomes::kOk : outcomes::kRejected,
           .peer = sent.peer,
           .reference_point = sent.reference_point,
           .step = sent.step,
           .detail = detail,
           .kind = sim::RecordKind::crypto});
    if (!problem.empty()) return std::nullopt;
    ++r.install_attempts;
    trace({.operation = decisions::kCredentialInstall,
           .outcome = outcomes::kAttempted,
           .peer = sent.peer,
           .reference_point = sent.reference_point,
           .step = sent.step,
           .detail = about(r)
                         .add(dk::kAttempt, r.install_attempts)
                         .add(dk::kAttempts, settings_.install_attempts)
                         .add(dk::kHandle, *r.hsm_handle)});
    return messages::DelegatedCredential{.identity = r.identity,
                                         .certification_type = r.certificate_type,
                                         .certificate = *r.certificate,
                                         .chain = r.chain,
                                         .private_key = {},
                                         .trust_anchors = r.trust_anchors};
  }

  void install_result(const std::string& vnfci,
                      const std::vector<messages::CredentialInstallStatus>& install,
                      const std::string& step) override {
    for (const auto& status : install) {
      DelegatedCredentialRecord* r = store_.find(vnfci, status.identity);
      if (r == nullptr) continue;
      const bool installed = status.status == outcomes::kInstalled;
      TraceDetail detail = about(*r).add(dk::kAttempt, r->install_attempts);
      if (status.serial) detail.add(dk::kSerial, *status.serial);
      if (!installed) detail.add(dk::kReason, status.reason.value_or(status.status));
      trace({.operation = decisions::kCredentialInstall,
             .outcome = installed ? outcomes::kInstalled : outcomes::kFailed,
             .step = step,
             .detail = detail});
      if (installed) {
        r->installed = true;
        delete_key(*r, "installed", step);
      } else if (r->install_attempts >= settings_.install_attempts) {
        delete_key(*r, "attempts exhausted", step);
      }
    }
  }

  void renew(const std::string& vnfci, const std::string& identity,
             std::function<void(bool ok, const std::string& reason)> done) override {
    DelegatedCredentialRecord* r = store_.find(vnfci, identity);
    if (r == nullptr) return done(false, "no delegated credential for " + vnfci + "/" + identity);
    EnrolJob job;
    job.vnf = r->vnf;
    job.purpose = dv::kPurposeRenewal;
    job.install = r->hsm_handle ? DelegatedInstall::hsm : DelegatedInstall::instantiation;
    job.done = std::move(done);
    IdentityToEnrol i{.vnfci = vnfci, .identity = identity, .type = r->certificate_type};
    i.subject = subject_of_.count({vnfci, identity}) ? subject_of_[{vnfci, identity}].first : "";
    i.dns = subject_of_.count({vnfci, identity}) ? subject_of_[{vnfci, identity}].second
                                                 : std::vector<std::string>{};
    job.csrs.push_back(i);
    jobs_.push_back(std::move(job));
    if (jobs_.size() == 1) next_step();
  }

  void revoke(const std::string& vnfci, const std::string& reason) override {
    auto records = store_.of_vnfci(vnfci);
    if (records.empty()) return;
    for (DelegatedCredentialRecord* r : records)
      if (r->private_key && !r->key_deleted) delete_key(*r, "revoked", "");
    trace({.operation = decisions::kRevocationRequest,
           .outcome = outcomes::kRequested,
           .peer = settings_.cmf,
           .reference_point = rp::kCmVnfm,
           .detail = TraceDetail()
                         .add(dk::kVnfci, vnfci)
                         .add(dk::kIdentity, "")
                         .add(dk::kCertificateType, "")
                         .add(dk::kReason, reason)});
    host_.channels().send(
        settings_.cmf, ChannelKind::mutual, rp::kCmVnfm,
        messages::to_envelope(messages::RevokeCertificateRequest{
            .entity = vnfci, .reason = reason, .serial = std::nullopt, .vnfci = vnfci}));
    for (DelegatedCredentialRecord* r : records) revoked_.push_back(*r);
    std::vector<std::string> identities;
    for (DelegatedCredentialRecord* r : records) identities.push_back(r->identity);
    for (const auto& identity : identities) store_.erase(vnfci, identity);
  }

  DelegatedCredentialStore& store() override { return store_; }

  bool on_command(const sim::Command& command) override {
    if (command.name != "register_delegate") return false;
    EnrolJob job;
    job.vnf = string_param(command.args, "vnf");
    job.instantiation = "command";
    IdentityToEnrol i;
    i.vnfci = string_param(command.args, "vnfci");
    i.identity = string_param(command.args, "identity", "client");
    i.type = string_param(command.args, "certificate_type", dv::kTypeVnfci);
    i.usage = string_param(command.args, "usage", i.type == dv::kTypeOam ? "oam" : "client");
    i.subject = string_param(command.args, "subject", "CN=" + i.vnfci + ".example.net");
    i.dns = string_list_param(command.args, "dns");
    job.identities.push_back(i);
    job.registrations.push_back(i.type);
    jobs_.push_back(std::move(job));
    if (jobs_.size() == 1) next_step();
    return true;
  }

  void finish() override {
    PrivateKeyInventory inventory = store_.inventory();
    for (const auto& r : revoked_)
      if (r.private_key && !r.key_deleted)
        inventory.add(r.key_fp, {r.vnfci, r.identity, r.certificate_type});
    inventory.trace_final_state(host_.tracer());
  }

 private:
  void trace(TraceEvent event) { host_.tracer()(std::move(event)); }

  static TraceDetail about(const DelegatedCredentialRecord& r) {
    return TraceDetail()
        .add(dk::kVnfci, r.vnfci)
        .add(dk::kIdentity, r.identity)
        .add(dk::kCertificateType, r.certificate_type);
  }
  static TraceDetail about(const IdentityToEnrol& i) {
    return TraceDetail()
        .add(dk::kVnfci, i.vnfci)
        .add(dk::kIdentity, i.identity)
        .add(dk::kCertificateType, i.type);
  }

  const char* csr_flow(const EnrolJob& job, const IdentityToEnrol& i) const {
    if (i.type == dv::kTypeOam) return flows::kOamDelegatedCsr;
    return job.install == DelegatedInstall::hsm ? flows::kDelegatedCsrHsm : flows::kDelegatedCsr;
  }

  // ---- the job at the front ----

  void next_step() {
    if (jobs_.empty()) return;
    EnrolJob& job = jobs_.front();
    if (!job.registrations.empty()) return send_registration(job);
    if (!job.csrs.empty()) return make_key(job);
    finish_job(true, "");
  }

  void finish_job(bool ok, const std::string& reason) {
    if (jobs_.empty()) return;
    EnrolJob job = std::move(jobs_.front());
    jobs_.pop_front();
    if (!ok)
      for (const auto& i : job.identities)
        if (DelegatedCredentialRecord* r = store_.find(i.vnfci, i.identity);
            r != nullptr && r->private_key && !r->key_deleted)
          delete_key(*r, "enrolment failed", "");
    if (job.done) job.done(ok, reason);
    next_step();
  }

  void send_registration(EnrolJob& job) {
    const std::string type = job.registrations.front();
    const char* flow = registration_flow(type);
    messages::RegisterDelegateRequest request;
    request.vnf = job.vnf;
    request.certificate_type = type;
    request.instantiation = job.instantiation;
    for (const auto& i : job.identities) {
      if (i.type != type) continue;
      if (request.vnfcis.empty() || request.vnfcis.back().vnfci != i.vnfci)
        request.vnfcis.push_back({.vnfci = i.vnfci, .identities = {}});
      request.vnfcis.back().identities.push_back(
          {.name = i.identity, .usage = i.usage, .subject = i.subject, .dns = i.dns});
      trace({.operation = decisions::kDelegateRegistration,
             .outcome = outcomes::kRequested,
             .peer = settings_.cmf,
             .reference_point = rp::kCmVnfm,
             .step = flows::step(flow, 0),
             .detail = about(i)
                           .add(dk::kVnf, job.vnf)
                           .add(dk::kRequest, job.instantiation)
                           .add(dk::kDns, comma_list(i.dns))});
    }
    send(Outstanding{.kind = Outstanding::Kind::registration,
                     .envelope = messages::to_envelope(request, flows::step(flow, 0)),
                     .identity = {},
                     .type = type});
  }

  void make_key(EnrolJob& job) {
    const IdentityToEnrol i = job.csrs.front();
    const char* flow = csr_flow(job, i);
    DelegatedKeyMaker* maker = &software_;
    if (i.type == dv::kTypeVnfci && job.install == DelegatedInstall::hsm) {
      if (!hsm_maker_ && hsm_factory_) hsm_maker_ = hsm_factory_(host_, settings_);
      if (!hsm_maker_) return finish_job(false, "no HSM key maker for delegated_install hsm");
      maker = hsm_maker_.get();
    }
    std::string subject = i.subject;
    if (settings_.fault(kFaultWrongCsrSubject) && !i.dns.empty())
      subject = "CN=" + i.dns.front() + ",O=Not The Registered Subject";
    DelegatedKeyRequest request{.vnf = job.vnf,
                                .vnfci = i.vnfci,
                                .identity = i.identity,
                                .certificate_type = i.type,
                                .subject = subject,
                                .dns = i.dns,
                                .key_type = std::string(pki::to_string(settings_.key_type)),
                                .attestation_nonce = std::nullopt,
                                .step = flows::step(flow, 0)};
    if (auto n = job.nonce_of_type.find(i.type); n != job.nonce_of_type.end())
      request.attestation_nonce = n->second;
    const std::uint64_t generation = ++generation_;
    maker->make(request, [this, i, generation, flow](DelegatedKey key) {
      on_key(i, generation, flow, std::move(key));
    });
  }

  void on_key(const IdentityToEnrol& i, std::uint64_t generation, const char* flow,
              DelegatedKey key) {
    if (jobs_.empty() || generation != generation_) return;
    EnrolJob& job = jobs_.front();
    if (!key.ok)
      return finish_job(false, "key for " + i.vnfci + "/" + i.identity + ": " + key.reason);
    if (!i.foreign) {
      DelegatedCredentialRecord* r = store_.find(i.vnfci, i.identity);
      DelegatedCredentialRecord record = r != nullptr ? *r : DelegatedCredentialRecord{};
      if (r != nullptr && r->private_key && !r->key_deleted)
        delete_key(*r, "replaced", flows::step(flow, 0));
      record.vnf = job.vnf;
      record.vnfci = i.vnfci;
      record.identity = i.identity;
      record.certificate_type = i.type;
      record.private_key = key.private_key;
      record.hsm_handle = key.hsm_handle;
      record.key_fp = key.key_fp;
      record.key_generated_at = host_.actor_context().now();
      record.certificate.reset();
      record.chain.clear();
      record.install_attempts = 0;
      record.installed = false;
      record.key_deleted = false;
      record.deletion_reason.clear();
      store_.put(std::move(record));
      subject_of_[{i.vnfci, i.identity}] = {i.subject, i.dns};
      if (key.private_key) schedule_retention(i.vnfci, i.identity, key.key_fp);
    }
    messages::CertificateSigningRequest request;
    request.csr = key.csr;
    request.purpose = job.purpose;
    // The delegation that registered this identity: a renewal keeps it, even after later
    // registrations for the same VNF (a heal's or a scale-out's new VNFCIs) got delegations of
    // their own; a first enrolment takes the VNF's latest registration.
    const DelegatedCredentialRecord* known = store_.find(i.vnfci, i.identity);
    request.delegation = known != nullptr && !known->delegation.empty()
                             ? known->delegation
                             : delegation_of_type_[{job.vnf, i.type}];
    request.vnfci = i.vnfci;
    request.identity = i.identity;
    request.certificate_type = i.type;
    request.key_attestation = key.key_attestation;
    pending_key_ = std::move(key);
    send(Outstanding{.kind = Outstanding::Kind::csr,
                     .envelope = messages::to_envelope(request, flows::step(flow, 0)),
                     .identity = i,
                     .type = i.type});
  }

  void schedule_retention(const std::string& vnfci, const std::string& identity,
                          const std::string& key_fp) {
    host_.schedule(settings_.key_retention, "DelegatedKeyRetention",
                   [this, vnfci, identity, key_fp] {
                     DelegatedCredentialRecord* r = store_.find(vnfci, identity);
                     if (r == nullptr || r->key_fp != key_fp || !r->private_key || r->key_deleted)
                       return;
                     delete_key(*r, "retention expired", "");
                   });
  }

  void delete_key(DelegatedCredentialRecord& r, const std::string& reason,
                  const std::string& step) {
    if (settings_.fault(kFaultRetainKeys)) return;  // fault: the key stays
    if (!r.private_key && r.hsm_handle) {
      // --- hmee: a key in the HSM was never the VNFM's to delete (no KeyCustody of its own).
      // Released to its HMEE, the HSM deleted it (Q4); otherwise it is still there: the VNFM asks
      // the HSM to delete it (DeleteKeyRequest), so that no unwanted key stays in the HSM.
      const bool was_deleted = r.key_deleted;
      r.key_deleted = true;
      r.deletion_reason = reason;
      if (!was_deleted && reason != "installed" && hsm_maker_)
        hsm_maker_->discard(*r.hsm_handle, reason, step);
      return;
    }
    r.private_key.reset();
    r.key_deleted = true;
    r.deletion_reason = reason;
    trace_key_custody(host_.tracer(), {.outcome = outcomes::kDeleted,
                                       .key_fp = r.key_fp,
                                       .vnfci = r.vnfci,
                                       .identity = r.identity,
                                       .reason = reason,
                                       .step = step,
                                       .certificate_type = r.certificate_type});
  }

  // ---- requests to the CMF ----

  void send(Outstanding outstanding) {
    outstanding_ = requests_.start(
        std::move(outstanding), settings_.requests,
        [this](std::uint64_t, const Outstanding& o, int attempt) {
          if (attempt > 0)
            trace({.operation = o.envelope.operation,
                   .outcome = outcomes::kResent,
                   .peer = settings_.cmf,
                   .reference_point = rp::kCmVnfm,
                   .step = o.envelope.step,
                   .detail = TraceDetail().add(dk::kAttempt, attempt + 1)});
          host_.channels().send(settings_.cmf, ChannelKind::mutual, rp::kCmVnfm, o.envelope);
        },
        [this](std::uint64_t id, Outstanding o) {
          host_.guard().run({.operation = decisions::kDelegateRegistration}, [&] {
            if (outstanding_ != id) return;
            outstanding_.reset();
            trace({.operation = o.envelope.operation,
                   .outcome = outcomes::kUnanswered,
                   .peer = settings_.cmf,
                   .reference_point = rp::kCmVnfm,
                   .step = o.envelope.step,
                   .detail = TraceDetail().add(dk::kReason, "no answer from the CMF")});
            finish_job(false, "the CMF did not answer " + o.envelope.operation);
          });
        });
  }

  // The outstanding request of this kind, taken; nullopt (traced) for an answer nobody waits for.
  std::optional<Outstanding> take(Outstanding::Kind kind, const ChannelMessage& m) {
    std::string problem;
    if (m.peer.name != settings_.cmf)
      problem = "not from the delegation's CMF";
    else if (!outstanding_)
      problem = "no request waits for this answer";
    const Outstanding* o = outstanding_ ? requests_.find(*outstanding_) : nullptr;
    if (problem.empty() && (o == nullptr || o->kind != kind)) problem = "not the answer awaited";
    if (!problem.empty()) {
      trace({.operation = m.envelope.operation,
             .outcome = outcomes::kIgnored,
             .peer = m.peer.name,
             .reference_point = m.reference_point,
             .step = m.envelope.step,
             .detail = TraceDetail().add(dk::kReason, problem)});
      return std::nullopt;
    }
    auto reply = requests_.reply(*outstanding_);
    outstanding_.reset();
    return reply.pending;
  }

  void on_registration(const messages::RegisterDelegateResponse& response,
                       const ChannelMessage& m) {
    auto o = take(Outstanding::Kind::registration, m);
    if (!o || jobs_.empty()) return;
    EnrolJob& job = jobs_.front();
    const std::string type = o->type;
    const char* flow = registration_flow(type);
    const bool registered = response.status == outcomes::kRegistered && response.delegation &&
                            response.trust_anchors && !response.trust_anchors->empty();
    for (const auto& i : job.identities) {
      if (i.type != type) continue;
      TraceDetail detail = about(i).add(dk::kVnf, job.vnf);
      if (registered)
        detail.add(dk::kDelegation, *response.delegation).add(dk::kCa, response.ca.value_or(""));
      else
        detail.add(dk::kReason, response.reason.empty() ? response.status : response.reason);
      trace({.operation = decisions::kDelegateRegistration,
             .outcome = registered ? outcomes::kRegistered : outcomes::kRejected,
             .peer = m.peer.name,
             .reference_point = m.reference_point,
             .step = flows::step(flow, 2),
             .detail = detail});
    }
    if (!registered)
      return finish_job(false, "delegate registration (" + type + ") refused: " +
                                   (response.reason.empty() ? response.status : response.reason));
    delegation_of_type_[{job.vnf, type}] = *response.delegation;
    anchors_of_type_[{job.vnf, type}] = *response.trust_anchors;
    ca_of_type_[{job.vnf, type}] = response.ca.value_or("");
    if (response.attestation_nonce) job.nonce_of_type[type] = *response.attestation_nonce;
    job.registrations.pop_front();
    next_step();
  }

  void on_certificate(const messages::CertificateSigningResponse& response,
                      const ChannelMessage& m) {
    auto o = take(Outstanding::Kind::csr, m);
    if (!o || jobs_.empty()) return;
    EnrolJob& job = jobs_.front();
    const IdentityToEnrol i = o->identity;
    const char* flow = csr_flow(job, i);
    const std::string step6 = flows::step(flow, 6);
    job.csrs.pop_front();
    const DelegatedKey key = std::move(pending_key_);
    pending_key_ = {};
    if (i.foreign) {  // fault csr_for_foreign_vnfci: whatever came back is not used
      trace({.operation = decisions::kDelegatedCertificateStored,
             .outcome =
                 response.status == outcomes::kIssued ? outcomes::kIgnored : outcomes::kRejected,
             .peer = m.peer.name,
             .reference_point = m.reference_point,
             .step = m.envelope.step,
             .detail = about(i).add(dk::kReason, response.status == outcomes::kIssued
                                                     ? "fault csr_for_foreign_vnfci"
                                                     : response.reason)});
      return next_step();
    }
    DelegatedCredentialRecord* r = store_.find(i.vnfci, i.identity);
    if (r == nullptr) return finish_job(false, "delegated credential " + i.vnfci + " lost");
    if (response.status != outcomes::kIssued || !response.certificate) {
      trace({.operation = decisions::kDelegatedCertificateStored,
             .outcome = outcomes::kRejected,
             .peer = m.peer.name,
             .reference_point = m.reference_point,
             .step = m.envelope.step,
             .detail = about(i).add(dk::kReason, response.reason)});
      return finish_job(false,
                        "CSR for " + i.vnfci + "/" + i.identity + " refused: " + response.reason);
    }
    // Verify: chain to the registration's trust anchors at simulated time, the dNSNames as
    // registered, the public key the one generated.
    const auto& anchors = anchors_of_type_[{job.vnf, i.type}];
    std::string problem;
    std::optional<pki::Certificate> certificate;
    std::vector<pki::Bytes> chain = response.chain.value_or(std::vector<pki::Bytes>{});
    try {
      certificate = pki::Certificate::from_der(*response.certificate);
      pki::TrustStore trust;
      for (const auto& a : anchors) trust.add_anchor(pki::Certificate::from_der(a));
      for (const auto& c : chain) trust.add_intermediate(pki::Certificate::from_der(c));
      const auto verified =
          pki::verify_certificate(*certificate, trust, pki_now(host_.actor_context()));
      std::vector<std::string> dns = certificate->san().dns;
      std::vector<std::string> wanted = i.dns;
      std::sort(dns.begin(), dns.end());
      std::sort(wanted.begin(), wanted.end());
      if (!verified.ok())
        problem = "chain: " + std::string(pki::to_string(verified.failure)) + " " + verified.detail;
      else if (dns != wanted)
        problem =
            "dNSNames " + comma_list(certificate->san().dns) + " are not " + comma_list(i.dns);
      else if (key.private_key && !certificate->public_key().is_public_half_of(
                                      pki::PrivateKey::from_der(*key.private_key)))
        problem = "the certificate is not for the key generated";
    } catch (const std::exception& e) {
      problem = std::string("certificate unreadable: ") + e.what();
    }
    {
      TraceDetail detail = about(i);
      if (certificate)
        detail.add(dk::kSerial, certificate->serial_hex())
            .add(dk::kIssuer, certificate->issuer().to_string());
      if (!problem.empty()) detail.add(dk::kReason, problem);
      trace({.operation = decisions::kCertificateVerification,
             .outcome = problem.empty() ? outcomes::kOk : outcomes::kRejected,
             .peer = m.peer.name,
             .reference_point = m.reference_point,
             .step = step6,
             .detail = detail,
             .kind = sim::RecordKind::crypto});
    }
    if (!problem.empty()) {
      trace({.operation = decisions::kDelegatedCertificateStored,
             .outcome = outcomes::kRejected,
             .peer = m.peer.name,
             .reference_point = m.reference_point,
             .step = step6,
             .detail = about(i).add(dk::kReason, problem)});
      return finish_job(false, "certificate for " + i.vnfci + "/" + i.identity + ": " + problem);
    }
    r->certificate = *response.certificate;
    r->chain = chain;
    if (r->delegation.empty()) r->delegation = delegation_of_type_[{job.vnf, i.type}];
    if (r->ca.empty()) r->ca = ca_of_type_[{job.vnf, i.type}];
    r->trust_anchors = anchors;
    trace({.operation = decisions::kDelegatedCertificateStored,
           .outcome = outcomes::kStored,
           .peer = m.peer.name,
           .reference_point = m.reference_point,
           .step = step6,
           .detail = about(i)
                         .add(dk::kSerial, certificate->serial_hex())
                         .add(dk::kNotAfter,
                              sim::format_utc(sim::UtcInstant{certificate->not_after().unix_ns}))
                         .add(dk::kDelegation, r->delegation)
                         .add(dk::kPurpose, job.purpose)});
    if (r->private_key)
      trace_key_custody(host_.tracer(), {.outcome = outcomes::kStored,
                                         .key_fp = r->key_fp,
                                         .vnfci = r->vnfci,
                                         .identity = r->identity,
                                         .channel = dv::kChannelLocal,
                                         .step = step6,
                                         .certificate_type = r->certificate_type});
    next_step();
  }

  ManoEntityHost& host_;
  DelegationSettings settings_;
  SoftwareKeyMaker software_;
  HsmKeyMakerFactory hsm_factory_;
  std::unique_ptr<DelegatedKeyMaker> hsm_maker_;
  DelegatedCredentialStore store_;
  std::vector<DelegatedCredentialRecord> revoked_;  // removed from the store by revoke()
  std::deque<EnrolJob> jobs_;
  RequestTracker<Outstanding> requests_;
  std::optional<std::uint64_t> outstanding_;
  DelegatedKey pending_key_;
  std::uint64_t generation_ = 0;
  using VnfType = std::pair<std::string, std::string>;
  std::map<VnfType, std::string> delegation_of_type_;
  std::map<VnfType, std::vector<pki::Bytes>> anchors_of_type_;
  std::map<VnfType, std::string> ca_of_type_;
  std::map<std::pair<std::string, std::string>, std::pair<std::string, std::vector<std::string>>>
      subject_of_;
};

}  // namespace

std::unique_ptr<VnfmDelegation> make_delegation_manager(ManoEntityHost& host,
                                                        DelegationSettings settings) {
  return std::make_unique<DelegationManagerImpl>(host, std::move(settings));
}

// ---- parameters ----

std::vector<ParamRule> delegation_param_rules() {
  return {
      {"delegation", ParamType::object,
       "delegation mode (C.2.2.x, C.3.2.x): {cmf (default \"cmf\"), install_attempts (3), "
       "key_retention (\"10m\"), hsm, renew_before, request_timeout (\"5s\"), request_retries "
       "(2)}"},
      {"delegation_faults", ParamType::string_list,
       "implementation faults of the delegate VNFM: mismatched_key, retain_keys, "
       "csr_for_foreign_vnfci, wrong_csr_subject, unprotected_configuration, skip_renewal, "
       "skip_revocation (docs/delegation-mode.md, \"Fault switches\")"},
  };
}

sim::CommandRule register_delegate_command_rule() {
  return {
      "register_delegate",
      "negative scenarios: register at the CMF as delegate of one VNFCI identity (of a VNF "
      "this VNFM may not manage)",
      {{"vnf", ParamType::string, "the VNF", true},
       {"vnfci", ParamType::string, "the VNFCI", true},
       {"identity", ParamType::string, "the identity", false, "client"},
       {"certificate_type", ParamType::string, "vnfci or oam", false, "vnfci"},
       {"usage", ParamType::string, "client, server or oam", false, "client"},
       {"subject", ParamType::string, "the identity's subject", false, "CN=<vnfci>.example.net"},
       {"dns", ParamType::string_list, "its dNSNames", true}}};
}

void check_delegation_params(const nlohmann::json& params, std::vector<sim::Diagnostic>& out) {
  if (!params.is_object()) return;
  if (auto it = params.find("delegation"); it != params.end() && it->is_object()) {
    for (const auto& [key, value] : it->items()) {
      const std::string pointer = "/delegation/" + key;
      if (key == "cmf" || key == "hsm") {
        if (!value.is_string() || value.get<std::string>().empty())
          out.push_back({"", 0, 0, pointer, key + ": expected an actor name", false});
      } else if (key == "install_attempts" || key == "request_retries") {
        const long long least = key == "install_attempts" ? 1 : 0;
        if (!value.is_number_integer() || value.get<long long>() < least)
          out.push_back({"", 0, 0, pointer,
                         key + ": expected an integer of at least " + std::to_string(least),
                         false});
      } else if (key == "key_retention" || key == "renew_before" || key == "request_timeout") {
        if (!good_duration(value) || sim::parse_duration(value.get<std::string>())->ns() <= 0)
          out.push_back({"", 0, 0, pointer, key + ": expected a duration such as \"10m\"", false});
      } else {
        out.push_back({"", 0, 0, pointer,
                       "unknown member \"" + key +
                           "\" of delegation (cmf, install_attempts, key_retention, hsm, "
                           "renew_before, request_timeout, request_retries)",
                       true});
      }
    }
  }
  if (auto it = params.find("delegation_faults"); it != params.end() && it->is_array()) {
    for (std::size_t n = 0; n < it->size(); ++n) {
      const auto& fault = (*it)[n];
      if (!fault.is_string()) continue;  // the generic rule reported it
      const std::string name = fault.get<std::string>();
      if (std::find(std::begin(kDelegationFaults), std::end(kDelegationFaults), name) !=
          std::end(kDelegationFaults))
        continue;
      std::string known;
      for (const char* f : kDelegationFaults) known += (known.empty() ? "" : ", ") + std::string(f);
      out.push_back({"", 0, 0, "/delegation_faults/" + std::to_string(n),
                     "unknown fault \"" + name + "\" (" + known + ")", false});
    }
  }
}

DelegationSettings read_delegation_settings(const nlohmann::json& params) {
  DelegationSettings s;
  if (auto type = pki::key_type_from_string(string_param(params, "key_type", "ec-p256")))
    s.key_type = *type;
  for (const auto& fault : string_list_param(params, "delegation_faults")) s.faults.insert(fault);
  auto it = params.find("delegation");
  if (it == params.end() || !it->is_object()) return s;
  s.cmf = string_param(*it, "cmf", s.cmf);
  s.install_attempts = static_cast<int>(int_param(*it, "install_attempts", s.install_attempts));
  s.key_retention = duration_param(*it, "key_retention", s.key_retention);
  s.hsm = string_param(*it, "hsm");
  if (it->contains("renew_before"))
    s.renew_before = duration_param(*it, "renew_before", sim::Duration::days(30));
  s.requests.timeout = duration_param(*it, "request_timeout", s.requests.timeout);
  s.requests.retries = static_cast<int>(int_param(*it, "request_retries", s.requests.retries));
  return s;
}

}  // namespace ifa026::actors::vnfm

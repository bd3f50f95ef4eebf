// The `ca` actor's disk (see ca_disk.hpp). Entries, each a JSON text, DER and keys in base64:
//   hierarchy                      root and issuing key and certificate
//   crl_number                     the last CRL number published
//   revoked/<serial>               {at_ns, reason}
//   ra_serial/<serial>             an RA certificate
//   registration/<reference>       {identity, fingerprint, one_use, subject, dns, secret,
//                                   expires_ns?, spent}
//   artifact/<index, 10 digits>    {kind, serial, der}
//   awaiting/<serial>              {transaction}: issued, certConf not yet in
#include "actors/ca/ca_disk.hpp"

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <vector>

#include "actors/common/pki_clock.hpp"
#include "actors/common/trace_detail.hpp"
#include "actors/messages/decisions.hpp"
#include "actors/messages/detail_keys.hpp"
#include "pki/base64.hpp"

namespace ifa026::actors::ca {

namespace {

using json = nlohmann::json;

constexpr const char* kHierarchy = "hierarchy";
constexpr const char* kCrlNumber = "crl_number";
constexpr const char* kRevoked = "revoked/";
constexpr const char* kRaSerial = "ra_serial/";
constexpr const char* kRegistration = "registration/";
constexpr const char* kArtifact = "artifact/";
constexpr const char* kAwaiting = "awaiting/";

pki::Bytes bytes_of(const json& value) {
  return pki::decode_base64(value.get<std::string>(), "CA disk");
}

bool starts_with(const std::string& text, const char* prefix) {
  return text.rfind(prefix, 0) == 0;
}

std::string after(const std::string& key, const char* prefix) {
  return key.substr(std::string(prefix).size());
}

}  // namespace

bool restore_hierarchy(CaState& state) {
  sim::DurableStore* disk = state.context.durable();
  const std::string* text = disk != nullptr ? disk->get(kHierarchy) : nullptr;
  if (text == nullptr) return false;
  const json entry = json::parse(*text);
  state.root = std::make_unique<pki::CertificateAuthority>(
      pki::PrivateKey::from_der(bytes_of(entry["root_key"])),
      pki::Certificate::from_der(bytes_of(entry["root_certificate"])));
  state.issuing = std::make_unique<pki::CertificateAuthority>(
      pki::PrivateKey::from_der(bytes_of(entry["issuing_key"])),
      pki::Certificate::from_der(bytes_of(entry["issuing_certificate"])));
  state.restarted = true;
  return true;
}

void save_hierarchy(const CaState& state) {
  sim::DurableStore* disk = state.context.durable();
  if (disk == nullptr) return;
  const json entry = {{"root_key", pki::to_base64(state.root->key().to_der())},
                      {"root_certificate", pki::to_base64(state.root->certificate().der())},
                      {"issuing_key", pki::to_base64(state.issuing->key().to_der())},
                      {"issuing_certificate", pki::to_base64(state.issuing->certificate().der())}};
  disk->put(kHierarchy, entry.dump());
}

CaDisk::CaDisk(CaState& state) : CaPart(state) {
  if (!enabled()) return;
  server_->on_credential_spent = [this](const std::string& reference, pki::Instant) {
    spent(reference);
  };
}

bool CaDisk::enabled() const {
  return context().durable() != nullptr;
}

void CaDisk::registered(const std::string& reference, const RegisteredEndEntity& entry,
                        const pki::Bytes& secret, const std::optional<pki::Instant>& expires) {
  sim::DurableStore* disk = context().durable();
  if (disk == nullptr || !entry.pending) return;
  json record = {{"identity", entry.identity},
                 {"fingerprint", pki::to_hex(entry.fingerprint)},
                 {"one_use", entry.one_use},
                 {"subject", entry.pending->subject.to_string()},
                 {"dns", entry.pending->dns},
                 {"secret", pki::to_base64(secret)},
                 {"spent", false}};
  if (expires) record["expires_ns"] = expires->unix_ns;
  disk->put(kRegistration + reference, record.dump());
}

void CaDisk::spent(const std::string& reference) {
  sim::DurableStore* disk = context().durable();
  const std::string* text = disk != nullptr ? disk->get(kRegistration + reference) : nullptr;
  if (text == nullptr) return;
  json record = json::parse(*text);
  record["spent"] = true;
  disk->put(kRegistration + reference, record.dump());
}

void CaDisk::awaiting_confirmation(const std::string& serial, const std::string& transaction_id) {
  if (sim::DurableStore* disk = context().durable())
    disk->put(kAwaiting + serial, json{{"transaction", transaction_id}}.dump());
}

void CaDisk::confirmation_ended(const std::string& serial) {
  if (sim::DurableStore* disk = context().durable()) disk->erase(kAwaiting + serial);
}

void CaDisk::sync() {
  sim::DurableStore* disk = context().durable();
  if (disk == nullptr) return;
  const auto& revocations = issuing_->revocations();
  if (revocations.size() != revocations_saved_) {
    for (const auto& [serial, revocation] : revocations) {
      if (disk->get(kRevoked + serial) != nullptr) continue;
      disk->put(kRevoked + serial, json{{"at_ns", revocation.first.unix_ns},
                                        {"reason", static_cast<int>(revocation.second)}}
                                       .dump());
    }
    revocations_saved_ = revocations.size();
  }
  if (ra_serials_.size() != ra_serials_saved_) {
    for (const auto& serial : ra_serials_) disk->put(kRaSerial + serial, "{}");
    ra_serials_saved_ = ra_serials_.size();
  }
  if (issuing_->last_crl_number() != crl_number_saved_) {
    crl_number_saved_ = issuing_->last_crl_number();
    disk->put(kCrlNumber, std::to_string(crl_number_saved_));
  }
  for (; artifacts_saved_ < state_.artifacts.size(); ++artifacts_saved_) {
    const Artifact& artifact = state_.artifacts[artifacts_saved_];
    char index[24];
    std::snprintf(index, sizeof index, "%010zu", artifacts_saved_);
    disk->put(kArtifact + std::string(index), json{{"kind", artifact.kind},
                                                   {"serial", artifact.serial},
                                                   {"der", pki::to_base64(artifact.der)}}
                                                  .dump());
  }
}

bool CaDisk::restore() {
  sim::DurableStore* disk = context().durable();
  if (disk == nullptr || !state_.restarted) return false;
  std::size_t registrations = 0;
  std::size_t spent_credentials = 0;
  std::vector<std::string> awaiting;
  for (const auto& [key, text] : disk->entries()) {
    if (starts_with(key, kRevoked)) {
      const json record = json::parse(text);
      issuing_->revoke(after(key, kRevoked), pki::Instant{record["at_ns"].get<std::int64_t>()},
                       static_cast<pki::RevocationReason>(record["reason"].get<int>()));
    } else if (starts_with(key, kRaSerial)) {
      ra_serials_.insert(after(key, kRaSerial));
    } else if (starts_with(key, kArtifact)) {
      const json record = json::parse(text);
      state_.artifacts.push_back({record["kind"].get<std::string>(),
                                  record["serial"].get<std::string>(), bytes_of(record["der"])});
    } else if (starts_with(key, kAwaiting)) {
      awaiting.push_back(after(key, kAwaiting));
    } else if (starts_with(key, kRegistration)) {
      const std::string reference = after(key, kRegistration);
      const json record = json::parse(text);
      Registered entry;
      entry.identity = record["identity"].get<std::string>();
      const auto fingerprint = pki::from_hex(record["fingerprint"].get<std::string>());
      if (fingerprint && fingerprint->size() == entry.fingerprint.size())
        std::copy(fingerprint->begin(), fingerprint->end(), entry.fingerprint.begin());
      entry.one_use = record["one_use"].get<bool>();
      const bool was_spent = record["spent"].get<bool>();
      pki::InitialCredentialLimits limits;
      limits.one_use = entry.one_use;
      if (record.contains("expires_ns"))
        limits.expires = pki::Instant{record["expires_ns"].get<std::int64_t>()};
      limits.subject = pki::DistinguishedName::parse(record["subject"].get<std::string>());
      if (!was_spent) {
        entry.pending = std::make_unique<Registered::Template>();
        entry.pending->subject = *limits.subject;
        entry.pending->dns = record["dns"].get<std::vector<std::string>>();
      }
      server_->register_initial_credential(reference, bytes_of(record["secret"]), limits);
      if (was_spent) {
        server_->restore_spent_credential(reference);
        ++spent_credentials;
      }
      registrations_.emplace(reference, std::move(entry));
      ++registrations;
    }
  }
  if (const std::string* number = disk->get(kCrlNumber))
    issuing_->set_last_crl_number(std::stoull(*number));

  // What waited for a certConf can no longer be confirmed: withdrawn, as the confirmation wait
  // would have withdrawn it.
  const pki::Instant now = pki_now(context());
  for (const auto& serial : awaiting) {
    issuing_->revoke(serial, now, pki::RevocationReason::cessation_of_operation);
    disk->erase(kAwaiting + serial);
    trace({.operation = decisions::kRevokeCertificate,
           .outcome = outcomes::kOk,
           .reference_point = reference_points::kCa1,
           .detail = TraceDetail()
                         .add(detail_keys::kSerial, serial)
                         .add(detail_keys::kReason,
                              "unconfirmed: its transaction ended when the CA stopped")});
  }
  revocations_saved_ = 0;  // the withdrawals are written now
  ra_serials_saved_ = ra_serials_.size();
  artifacts_saved_ = state_.artifacts.size();
  crl_number_saved_ = issuing_->last_crl_number();
  sync();
  std::size_t issued = 0;
  for (const Artifact& artifact : state_.artifacts) issued += artifact.kind == "certificate";
  trace({.operation = decisions::kStateRestored,
         .outcome = outcomes::kOk,
         .detail =
             TraceDetail()
                 .add(detail_keys::kIssued, static_cast<long long>(issued))
                 .add(detail_keys::kRevocations, static_cast<long long>(revocations_saved_))
                 .add(detail_keys::kRegistrations, static_cast<long long>(registrations))
                 .add(detail_keys::kSpentCredentials, static_cast<long long>(spent_credentials))
                 .add(detail_keys::kWithdrawn, static_cast<long long>(awaiting.size()))
                 .add(detail_keys::kNumber, static_cast<long long>(issuing_->last_crl_number()))});
  return true;
}

}  // namespace ifa026::actors::ca

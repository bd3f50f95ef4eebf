// The CMF's registry of NFV-MANO entities (C.4.x.1, Cmf.CertLcm.002/004/008): per entity its
// registered FQDN and kind, the CA selected for it, its current initial credential and
// attestation nonce, and the inventory of every certificate issued to it (serial, validity,
// current / superseded / revoked) for renewal, revocation and expiry monitoring. Ordered maps
// only, so iteration (monitoring) is deterministic.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "pki/bytes.hpp"
#include "pki/certificate.hpp"
#include "sim/time.hpp"

namespace ifa026::actors::cmf {

// The length of an initial credential's secret (random bytes).
inline constexpr std::size_t kInitialSecretBytes = 32;

struct InitialCredential {
  std::string reference;  // "<entity>-<n>"
  pki::Bytes secret;      // kInitialSecretBytes random bytes
  bool one_use = true;
  sim::Time expires;    // refused at or after this simulated instant
  bool in_use = false;  // a CSR authenticated by it is at the CA right now
  bool used = false;    // a certificate was delivered on it
};

enum class CertificateState { current, superseded, revoked };
std::string to_string(CertificateState state);
// The state to_string names (anything else: current).
CertificateState certificate_state_of(const std::string& text);

struct IssuedCertificate {
  std::string serial;  // upper-case hex
  pki::Instant not_after;
  pki::Bytes der;
  std::string purpose;  // enrolment / renewal
  std::string ca;       // the CA actor that issued it
  CertificateState state = CertificateState::current;
  bool expiry_alarm_raised = false;
};

struct Registration {
  std::string entity;  // the entity's actor name
  std::string kind;    // nfvo, vnfm, vim, wim, cism, cir
  std::string fqdn;
  std::string ca;        // selected CA actor
  std::string consumer;  // who registered it
  std::optional<InitialCredential> credential;
  pki::Bytes attestation_nonce;                 // 16 random bytes
  std::vector<IssuedCertificate> certificates;  // oldest first

  IssuedCertificate* current();
  const IssuedCertificate* current() const;
  IssuedCertificate* find_serial(const std::string& serial);
};

class EntityRegistry {
 public:
  // Registers `entity` (replacing its previous registration data, keeping its inventory).
  Registration& upsert(const std::string& entity);
  Registration* find(const std::string& entity);
  // The registration whose current initial credential has this reference.
  Registration* find_by_reference(const std::string& reference);
  // The registration that issued certificate `serial` (any state).
  Registration* find_by_serial(const std::string& serial);
  // The entity another registration uses `fqdn` for, if any (other than `entity`).
  std::optional<std::string> fqdn_owner(const std::string& fqdn, const std::string& entity) const;
  // The next credential number for `entity` (1, 2, ...).
  std::uint64_t next_credential_number(const std::string& entity);
  // Adds a certificate as the entity's current one; the previous current one is superseded.
  void add_certificate(Registration& registration, IssuedCertificate certificate);

  // The last credential number given per entity (a restarted CMF's disk, cmf_disk.hpp).
  const std::map<std::string, std::uint64_t>& credential_numbers() const {
    return credential_numbers_;
  }
  void set_credential_number(const std::string& entity, std::uint64_t number) {
    credential_numbers_[entity] = number;
  }

  // What a restarted CMF keeps (cmf_disk.hpp): every registration with its credential, nonce and
  // certificates, and the credential numbers; and the same registry rebuilt from it. A credential
  // that was at the CA when the CMF stopped is not in use any more (that exchange died with it).
  nlohmann::json to_json() const;
  void restore(const nlohmann::json& saved);

  std::map<std::string, Registration>& all() { return registrations_; }
  const std::map<std::string, Registration>& all() const { return registrations_; }

 private:
  std::map<std::string, Registration> registrations_;  // by entity
  std::map<std::string, std::uint64_t> credential_numbers_;
};

}  // namespace ifa026::actors::cmf

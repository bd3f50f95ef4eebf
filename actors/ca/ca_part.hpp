// What every piece of the `ca` actor shares (ca_actor.cpp): its settings and work queue, the root
// and issuing CA, the CMP server, which credentials and certificates belong to RAs, and the end
// entities RAs registered. CaPart gives each piece (CMP service, RA policy, end-entity
// registration, CRL publication) these under one name each, with the helpers they all use.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "actors/ca/ca_settings.hpp"
#include "actors/common/artifact_log.hpp"
#include "actors/common/envelope.hpp"
#include "actors/common/work_queue.hpp"
#include "actors/messages/reference_points.hpp"
#include "actors/toolkit/actor_piece.hpp"
#include "pki/certificate_authority.hpp"
#include "pki/cmp_server.hpp"
#include "sim/actor.hpp"

namespace ifa026::actors::ca {

// An end entity an RA registered (direct mode), by the reference of its initial credential.
// What the template checks need (subject, dNSNames) is kept only until a one-use credential is
// spent (its certificate confirmed): the server refuses any later ir/p10cr with it before
// asking the policy, and kur is authenticated by the certificate. A repeated registration is
// told from a conflicting one by a fingerprint of every registered field.
struct RegisteredEndEntity {
  struct Template {
    pki::DistinguishedName subject;
    std::vector<std::string> dns;  // sorted
  };
  std::string identity;
  std::array<std::uint8_t, 32> fingerprint{};  // SHA-256 of identity, subject, dns, secret...
  bool one_use = true;
  std::unique_ptr<Template> pending;  // null once the one-use credential is spent
};

// The CA's state; owned by the actor.
struct CaState {
  // `tracer` and `guard` are the actor's (NfvActor), which outlive the state.
  CaState(sim::ActorContext& context, const sim::ActorSpec& spec, Tracer& tracer,
          HandlerGuard& guard);
  // Never copied nor moved: the pieces and callbacks refer to it.
  CaState(const CaState&) = delete;
  CaState& operator=(const CaState&) = delete;

  sim::ActorContext& context;
  Tracer& tracer;
  HandlerGuard& guard;
  CaSettings settings;
  WorkQueue queue;
  std::unique_ptr<pki::CertificateAuthority> root;
  std::unique_ptr<pki::CertificateAuthority> issuing;
  // Issuing CAs retired by a key compromise (ca_key_compromise.hpp), oldest first: they sign
  // nothing but their final CRL, and stay so that what they issued can still be told apart.
  std::vector<std::unique_ptr<pki::CertificateAuthority>> retired;
  std::unique_ptr<pki::CmpServer> server;
  std::set<std::string> ra_references;
  std::set<std::string> ra_serials;
  std::map<std::string, RegisteredEndEntity> registrations;  // by credential reference
  std::vector<Artifact> artifacts;  // certificates issued and CRLs published, in order
  bool restarted = false;           // built from its disk after a crash (ca_disk.hpp)
};

// Base of the CA's pieces (and of the actor): the shared state and helpers, and (ActorPiece) the
// actor's Tracer and HandlerGuard.
class CaPart : protected ActorPiece {
 public:
  CaPart(const CaPart&) = delete;
  CaPart& operator=(const CaPart&) = delete;

 protected:
  using json = nlohmann::json;
  using Duration = sim::Duration;
  using Registered = RegisteredEndEntity;

  explicit CaPart(CaState& state);
  ~CaPart() = default;

  // CMP body names as the CA-1 envelopes carry them.
  static std::string cmp_body_name(int body);
  // The body number an envelope operation names (used only when the DER cannot be read).
  static int cmp_body_of_name(const std::string& name);
  static bool is_certificate_request(int body);
  // The flow tables number a request to the CA F#N, the CA's work F#N+1 and its answer F#N+2
  // (C.4.x.2: #3, #4, #5; C.2.1.1: #5, #6, #7; C.2.1.4: #3, #4, #5): the row `offset` after the
  // request's step in its table; a step that is no row of a table stays as it is.
  static std::string step_after(const std::string& step, int offset);
  // "notAuthorized: <text>" from a response's failure bits and status text.
  static std::string failure_text(const pki::CmpMessageInfo& info);

  sim::ActorContext& context() const { return state_.context; }
  // Runs `work` after `service` on the work queue (`label` names the job's event), inside the
  // guard.
  void submit(Duration service, std::string label, const HandlerSite& site,
              std::function<void()> work);
  // Sends `envelope` to `to` on `reference_point` (CMP protects itself: no secure channel).
  void send_envelope(const std::string& to, const Envelope& envelope,
                     const char* reference_point = reference_points::kCa1) const;

  // Whether `signer` is an RA certificate of this CA (enrolled with an RA credential, or with a
  // subject named in ra_subjects).
  bool is_ra(const pki::Certificate& signer) const;
  void reject(const std::string& operation, const std::string& peer, const std::string& step,
              const std::string& reason, const char* reference_point = reference_points::kCa1);

  CaState& state_;
  const CaSettings& settings_;
  WorkQueue& queue_;
  std::unique_ptr<pki::CertificateAuthority>& root_;
  std::unique_ptr<pki::CertificateAuthority>& issuing_;
  std::unique_ptr<pki::CmpServer>& server_;
  std::set<std::string>& ra_references_;
  std::set<std::string>& ra_serials_;
  std::map<std::string, Registered>& registrations_;
};

}  // namespace ifa026::actors::ca

// The delegate VNFM's HSM key maker (issue 17; C.2.2.2.7 #0; docs/delegation-mode.md "HSM path
// (as built)"): for one VNFCI identity it has its HSM make the key pair over HSM-If
// (GenerateKeyPairRequest naming the identity and `release_to` = the VNFCI, the one whose attested
// HMEE may later fetch the key, C.2.2.4.7), obtains a key-attestation statement bound to the
// delegation's nonce when the CMF gave one, and has the HSM sign the CSR with that key. The VNFM
// gets a handle, the CSR, the statement and the key's fingerprint, never the private key. It
// writes the VNFM's GenerateKey record (key_in=hsm); the HSM writes its KeyCustody `generated`.
//
// Requests and answers are correlated by the `context` the HSM echoes (one RequestTracker; an
// HSM that does not answer within the timeout fails the identity, it is not asked again: a second
// GenerateKeyPairRequest would make a second key). One maker per VNFM: it registers the handlers
// of the HSM's answers on the entity's extension plain handlers and takes those from its HSM.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "actors/common/mano_entity.hpp"
#include "actors/messages/hsm_if.hpp"
#include "actors/toolkit/request_tracker.hpp"
#include "actors/vnfm/delegated_key_maker.hpp"
#include "pki/key.hpp"

namespace ifa026::actors::vnfm {

class HsmKeyMaker final : public DelegatedKeyMaker {
 public:
  // `hsm`: the HSM actor (the VNFM's `delegation.hsm`, or the HSM of its own MANO key); `timeout`:
  // how long each HSM answer may take.
  HsmKeyMaker(ManoEntityHost& host, std::string hsm,
              sim::Duration timeout = sim::Duration::seconds(5));

  bool in_hsm() const override { return true; }
  void make(const DelegatedKeyRequest& request, std::function<void(DelegatedKey)> done) override;

  const std::string& hsm() const { return hsm_; }

  // --- hsm: beyond DelegatedKeyMaker. Deletes a key the VNFM had made in its HSM (a VNFCI gone
  // before its HMEE fetched the key, attempts exhausted, retention expired): DeleteKeyRequest on
  // HSM-If; the HSM writes DeleteKey and KeyCustody deleted. A refusal is traced here
  // (DeleteKey rejected).
  void delete_key(const std::string& handle, const std::string& reason, const std::string& step);
  void discard(const std::string& handle, const std::string& reason,
               const std::string& step) override {
    delete_key(handle, reason, step);
  }

 private:
  enum class Stage : std::uint8_t { generate, attest, sign, remove };
  struct Pending {
    Stage stage = Stage::generate;
    DelegatedKeyRequest request;
    std::function<void(DelegatedKey)> done;
    std::string handle;
    std::optional<pki::PublicKey> public_key;
    std::optional<pki::Bytes> statement;
    std::string reason;  // remove: why the VNFM deletes the key
  };

  void send(std::uint64_t id, const Pending& pending);
  void next(Pending pending, Stage stage);
  // The pending request an answer from `from` with this context closes, or nullopt (traced).
  std::optional<Pending> take(const sim::Message& from, const char* operation,
                              const std::optional<messages::HsmRequestContext>& context);
  void fail(Pending& pending, const std::string& reason);
  void on_key_pair(const messages::GenerateKeyPairResponse& response, const sim::Message& from);
  void on_attestation(const messages::KeyAttestationResponse& response, const sim::Message& from);
  void on_signed_csr(const messages::SignCsrResponse& response, const sim::Message& from);
  void on_deleted(const messages::DeleteKeyResponse& response, const sim::Message& from);

  ManoEntityHost& host_;
  std::string hsm_;
  sim::Duration timeout_;
  RequestTracker<Pending> pending_;
};

}  // namespace ifa026::actors::vnfm

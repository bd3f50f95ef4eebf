// The CMF's registration of NFV-MANO entities (C.4.x.1 #1, #2): a trusted consumer registers an
// entity over day-0 TLS; the CMF checks kind and FQDN (allowed domains, not another entity's),
// selects the CA, creates the initial credential and attestation nonce, and answers with them and
// the trust anchors the entity needs.
#pragma once

#include <string>

#include "actors/cmf/cmf_part.hpp"
#include "actors/messages/cmf1.hpp"

namespace ifa026::actors::cmf {

class CmfEntityRegistration : public CmfPart {
 public:
  explicit CmfEntityRegistration(CmfState& state);

  void handle_register(const ChannelMessage& m, const messages::RegisterEntityRequest& request);
  void reject_registration(const ChannelMessage& m, const std::string& flow,
                           const std::string& entity, const std::string& fqdn,
                           const std::string& reason);
  // The registration flow `m` belongs to: the one its step cites, else the one of the entity
  // kind ("" for kinds without one).
  static std::string registration_flow(const ChannelMessage& m, const std::string& kind);
};

}  // namespace ifa026::actors::cmf

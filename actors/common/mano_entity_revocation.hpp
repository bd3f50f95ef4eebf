// The MANO entity's own certificate leaving it: revocation it asks its CMF for over mutual TLS
// (RevokeCertificateRequest and its answer), and removal by the CMF (CertificateRemoved: the
// certificate and key leave the TLS credentials, sessions close; ignore_removal is the fault of
// an entity that goes on presenting it).
#pragma once

#include <string>

#include "actors/common/mano_entity_part.hpp"
#include "actors/messages/cmf1.hpp"

namespace ifa026::actors {

class ManoEntityRevocation : public ManoEntityPart {
 public:
  explicit ManoEntityRevocation(ManoEntityState& state);

  // Workload `revoke` {reason}.
  void request_revocation(const std::string& reason);
  void on_revocation_response(const ChannelMessage& m,
                              const messages::RevokeCertificateResponse& response);
  void on_removed(const ChannelMessage& m, const messages::CertificateRemoved& removed);

 private:
  // True when `m` came from the configured CMF over an authenticated channel; otherwise traced.
  bool from_cmf(const ChannelMessage& m, const char* operation);
};

}  // namespace ifa026::actors

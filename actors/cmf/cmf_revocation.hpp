// The CMF's revocation of MANO entity certificates: a trusted consumer over day-0 (any entity) or
// an entity over mutual TLS with that very certificate (itself only) asks; the CMF revokes at the
// issuing CA with CMP rr signed by its RA certificate, answers, and sends CertificateRemoved to
// the entity on the kind of session it last enrolled on.
#pragma once

#include <string>

#include "actors/cmf/cmf_part.hpp"
#include "actors/messages/cmf1.hpp"

namespace ifa026::actors::cmf {

class CmfRevocation : public CmfPart {
 public:
  explicit CmfRevocation(CmfState& state);

  void handle_revoke(const ChannelMessage& m, const messages::RevokeCertificateRequest& request);
  void reject_revocation(const ChannelMessage& m, const std::string& entity,
                         const std::string& fqdn, const std::string& reason);

 private:
  void on_revoked(const ChannelMessage& m, const std::string& entity, const std::string& fqdn,
                  const std::string& serial, const std::string& reason_text,
                  const pki::CmpResult& result);
};

}  // namespace ifa026::actors::cmf

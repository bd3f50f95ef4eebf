// The MANO entity's certificate configuration (Os-Ma-Nfvo and relays, Annex C.4 #1..#3): a
// SetCertificateConfiguration for another entity is relayed one hop on (over day-0 or mutual TLS,
// on the reference point between the two kinds); one for this entity is checked and stored
// (FQDN, subject, key type, CMF, initial credential, trust anchors) and starts its enrolment.
#pragma once

#include <string>
#include <vector>

#include "actors/common/mano_entity_part.hpp"
#include "actors/messages/os_ma_nfvo.hpp"

namespace ifa026::actors {

class ManoEntityEnrolment;
class ManoEntitySessions;

class ManoEntityConfiguration : public ManoEntityPart {
 public:
  ManoEntityConfiguration(ManoEntityState& state, ManoEntitySessions& sessions,
                          ManoEntityEnrolment& enrolment);

  void on_set_configuration(const ChannelMessage& m,
                            const messages::SetCertificateConfiguration& configuration);
  // A relayed configuration waited for a session to `peer` that failed.
  void relay_failed(const std::string& peer, const Envelope& envelope, const std::string& failure);

 private:
  void relay_configuration(messages::SetCertificateConfiguration configuration);
  void store_configuration(const ChannelMessage& m,
                           const messages::SetCertificateConfiguration& configuration);

  ManoEntitySessions& sessions_;
  ManoEntityEnrolment& enrolment_;
};

}  // namespace ifa026::actors

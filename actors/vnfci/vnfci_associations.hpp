// A VNFCI's security associations with other VNFCIs (docs/trust-model.md "SM peers and security
// associations"; R1.1.90, R1.1.100): MANO orders one end (SecurityAssociationSetup on Vnf-Sa);
// the client opens a mutual TLS 1.3 session to the other VNFCI on Vnf-Vnf with the identity
// certificate and key this VNFCI enrolled (its first identity holding one), the server accepts the
// association from the ordered VNFCI only; each end records SecurityAssociation established (sa_id,
// vnf, peer, peer_vnf, peer_subject: the certificate the TLS handshake authenticated) or failed,
// and reports to MANO (SecurityAssociationResult). The association's sessions are this piece's own
// SecureChannels, apart from the HMEE's link to its HSM.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "actors/common/secure_channels.hpp"
#include "actors/messages/sm_peer.hpp"
#include "actors/toolkit/actor_piece.hpp"
#include "actors/toolkit/message_handlers.hpp"
#include "actors/vnfci/vnfci_part.hpp"

namespace ifa026::actors::vnfci {

class VnfciAssociations : private ActorPiece {
 public:
  explicit VnfciAssociations(VnfciState& state);
  // True when the message is this piece's (reference points Vnf-Sa and Vnf-Vnf): then handled.
  bool handle(const sim::Message& message);

 private:
  struct Association {
    messages::SecurityAssociationSetup setup;
    std::string manager;  // who ordered it (the NFVO), told the result
    bool done = false;
    int attempts = 1;  // hellos sent (client role)
  };
  // The client's hello is sent again after a failed session or a refusal saying the peer has no
  // such association yet (its own setup may still be on the way): kHelloAttempts in all, waits of
  // 1 s doubling; then the association fails with the last reason.
  static constexpr int kHelloAttempts = 4;
  void send_hello(const messages::SecurityAssociationSetup& setup);
  // True when the hello is tried again (traced); false when the attempts are used up.
  bool retry_hello(Association& a, const std::string& reason);
  // Loads the first identity holding a certificate into the channels' credentials; false (with
  // why) when there is none.
  bool load_credentials(std::string& why);
  void on_setup(const sim::Message& from, const messages::SecurityAssociationSetup& setup);
  void on_channel_message(const ChannelMessage& m);
  void on_hello(const ChannelMessage& m, const messages::SecurityAssociationHello& hello);
  void on_accept(const ChannelMessage& m, const messages::SecurityAssociationAccept& accept);
  void on_failure(const std::string& peer, const std::string& failure);
  void finish(Association& a, const std::string& status, const std::string& peer_subject,
              const std::string& reason);

  VnfciState& state_;
  SecureChannels channels_;
  MessageHandlers<sim::Message> plain_;
  MessageHandlers<ChannelMessage> channel_handlers_;
  std::map<std::string, Association> associations_;  // by sa_id
};

}  // namespace ifa026::actors::vnfci

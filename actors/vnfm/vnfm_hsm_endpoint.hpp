// The delegate VNFM's knowledge of the HSM of `delegation.hsm` for C.2.2.4.7 (issue 17, hmee;
// docs/delegation-mode.md "HSM path (as built)"): the HSM hands its vendor root over on day 0
// (HsmVendorRoot on HSM-If, C.4.x.2.7; the HSM's `vendor_root_recipients` names the VNFM). The
// VNFM keeps it (decision HsmVendorRoot accepted / rejected, taken only from that HSM) and names
// it in SetConfigurationRequest's `hsm.certificate`: the certificate the VNFCI's HMEE must see its
// HSM's TLS certificate chain to (DelegatedConfiguration::HsmOf). Without the root the VNFM names
// no HSM and the installation fails (its own refusal, never a weaker check at the VNFCI).
#pragma once

#include <optional>
#include <string>

#include "actors/common/mano_entity.hpp"
#include "actors/vnfm/delegated_configuration.hpp"
#include "pki/certificate.hpp"

namespace ifa026::actors::vnfm {

class VnfmHsmEndpoint {
 public:
  // Registers the HsmVendorRoot handler on the host's plain handlers; `hsm` "" : none.
  VnfmHsmEndpoint(ManoEntityHost& host, std::string hsm);
  VnfmHsmEndpoint(const VnfmHsmEndpoint&) = delete;
  VnfmHsmEndpoint& operator=(const VnfmHsmEndpoint&) = delete;

  // The HSM and its vendor root, once the root came; nullopt before.
  std::optional<HsmEndpoint> endpoint() const;

 private:
  void on_vendor_root(const sim::Message& message);

  ManoEntityHost& host_;
  std::string hsm_;
  std::optional<pki::Certificate> root_;
};

}  // namespace ifa026::actors::vnfm

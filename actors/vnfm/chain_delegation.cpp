// Delegation mode on the VNFM's lifecycle chain (issue 17; docs/delegation-mode.md "VNFM and CMF
// (as built)"): after the grant, the VNFCIs an operation adds are enrolled through the delegation
// manager (C.3.2.1, C.3.2.2, C.2.2.1, C.2.2.2.6 / .7) before any allocation; each allocation
// request carries the VNFCI's OAM credentials (C.3.2.3 #0) and, when its VNF installs them at
// instantiation, its VNFCI credentials (C.2.2.3 #0), with the user_data keys the VNFCI reads
// (certificate_mode, vnfm, vnfm_trust_anchor); the allocation's `install` goes back to the manager
// (#3) (a released VNFCI is revoked by the delegated lifecycle, delegated_lifecycle.hpp).
#include <algorithm>
#include <utility>

#include "actors/common/trace_detail.hpp"
#include "actors/messages/decisions.hpp"
#include "actors/messages/delegation_vocabulary.hpp"
#include "actors/messages/detail_keys.hpp"
#include "actors/messages/flow_steps.hpp"
#include "actors/messages/lcm_vocabulary.hpp"
#include "actors/messages/monitoring_vocabulary.hpp"
#include "actors/messages/reference_points.hpp"
#include "actors/vnfm/chain_operations.hpp"
#include "actors/vnfm/delegation_manager.hpp"

namespace ifa026::actors::vnfm {
namespace {

namespace dk = detail_keys;
namespace dv = detail_values;
namespace rp = reference_points;

DelegatedInstall install_mode(const Vnfd& vnfd) {
  if (vnfd.delegated_install == "configuration") return DelegatedInstall::configuration;
  if (vnfd.delegated_install == "hsm") return DelegatedInstall::hsm;
  return DelegatedInstall::instantiation;
}

}  // namespace

bool ChainOperations::delegation_vnf(const std::string& vnf) const {
  if (shared_.delegation == nullptr) return false;
  auto op = operations_.find(vnf);
  std::string vnfd_id;
  if (op != operations_.end()) {
    vnfd_id = op->second.plan.vnfd;
  } else if (const VnfInstance* instance = shared_.lcm.find(vnf)) {
    vnfd_id = instance->vnfd;
  }
  auto vnfd = shared_.lcm.catalogue().find(vnfd_id);
  return vnfd != shared_.lcm.catalogue().end() &&
         vnfd->second.certificate_mode == lcm::kModeDelegation;
}

void ChainOperations::enrol_delegated(const std::string& vnf) {
  Operation& op = operations_.at(vnf);
  const Vnfd& vnfd = shared_.lcm.catalogue().at(op.plan.vnfd);
  const std::string occurrence = op.occurrence;
  shared_.delegation->enrol(
      vnf, op.plan.added, op.origin.request.empty() ? op.origin.corr : op.origin.request,
      install_mode(vnfd), [this, vnf, occurrence](bool ok, const std::string& reason) {
        auto it = operations_.find(vnf);
        if (it == operations_.end() || it->second.occurrence != occurrence) return;
        if (!ok) return finish(vnf, lcm::kStateFailed, "delegation: " + reason);
        step(vnf);
      });
}

std::string ChainOperations::add_delegated_credentials(const std::string& vnf, const Vnfci& vnfci,
                                                       const std::string& peer, bool container,
                                                       messages::ResourceAllocationRequest& body) {
  const Operation& op = operations_.at(vnf);
  const Vnfd& vnfd = shared_.lcm.catalogue().at(op.plan.vnfd);
  const std::string reference_point = container ? rp::kCismSi : rp::kViVnfm;
  std::vector<messages::DelegatedCredential> credentials =
      shared_.delegation->credentials_for(vnfci.name, {dv::kTypeOam},
                                          {.peer = peer,
                                           .channel = detail_values::kChannelMutual,
                                           .step = flows::step(flows::kOamInstall, 0),
                                           .reference_point = reference_point});
  if (install_mode(vnfd) == DelegatedInstall::instantiation) {
    auto more =
        shared_.delegation->credentials_for(vnfci.name, {dv::kTypeVnfci},
                                            {.peer = peer,
                                             .channel = detail_values::kChannelMutual,
                                             .step = flows::step(flows::kDelegatedInstall, 0),
                                             .reference_point = reference_point});
    credentials.insert(credentials.end(), std::make_move_iterator(more.begin()),
                       std::make_move_iterator(more.end()));
  }
  std::string step;
  for (const auto& c : credentials)
    if (c.certification_type == dv::kTypeVnfci || step.empty())
      step = flows::step(
          c.certification_type == dv::kTypeVnfci ? flows::kDelegatedInstall : flows::kOamInstall,
          0);
  if (!credentials.empty()) body.credentials = std::move(credentials);
  // What the delegated VNFCI must know (docs Q9): its mode, its VNFM, and the root the VNFM's MANO
  // certificate chains to (to authenticate it on Ve-Vnfm-vnf).
  if (!body.user_data.is_object()) body.user_data = nlohmann::json::object();
  body.user_data["certificate_mode"] = lcm::kModeDelegation;
  body.user_data["vnfm"] = host_.actor_context().name();
  const ChannelCredentials& own = host_.channels().credentials();
  if (own.certificate) {
    const pki::DistinguishedName top =
        own.chain.empty() ? own.certificate->issuer() : own.chain.back().issuer();
    for (const auto& anchor : own.trust_anchors)
      if (anchor.subject() == top) {
        body.user_data["vnfm_trust_anchor"] = pki::to_hex(anchor.der());
        break;
      }
  }
  return step;
}

void ChainOperations::delegated_install_result(
    const std::string& vnf, const std::string& vnfci,
    const messages::ResourceAllocationResponse& response) {
  (void)vnf;
  // No `install` (a VIM or CISM that does not inject): unknown, not an attempt's result; the key
  // stays until the retention rule deletes it.
  if (!response.install) return;
  std::vector<messages::CredentialInstallStatus> oam;
  std::vector<messages::CredentialInstallStatus> other;
  DelegatedCredentialStore& store = shared_.delegation->store();
  for (const auto& status : *response.install) {
    const DelegatedCredentialRecord* r = store.find(vnfci, status.identity);
    const bool is_oam = r != nullptr && r->certificate_type == dv::kTypeOam;
    (is_oam ? oam : other).push_back(status);
    if (r != nullptr)
      check_resource_credentials(
          *r, status,
          is_oam ? flows::step(flows::kOamInstall, 3) : flows::step(flows::kDelegatedInstall, 3));
  }
  if (!oam.empty())
    shared_.delegation->install_result(vnfci, oam, flows::step(flows::kOamInstall, 3));
  if (!other.empty())
    shared_.delegation->install_result(vnfci, other, flows::step(flows::kDelegatedInstall, 3));
}

// Vim.Vrm.010: the certificate the resource reports holding, as its VIM or CISM forwarded it, is
// the one this VNFM had issued for the identity (ok), another (mismatch) or absent although the
// identity was installed (missing).
void ChainOperations::check_resource_credentials(const DelegatedCredentialRecord& r,
                                                 const messages::CredentialInstallStatus& status,
                                                 const std::string& step) {
  if (status.status != outcomes::kInstalled || !r.certificate) return;
  TraceDetail detail;
  detail.add(dk::kVnfci, r.vnfci)
      .add(dk::kIdentity, r.identity)
      .add(dk::kCertificateType, r.certificate_type);
  if (status.serial) detail.add(dk::kSerial, *status.serial);
  std::string outcome = outcomes::kOk;
  if (!status.certificate) {
    outcome = outcomes::kMissing;
    detail.add(dk::kReason, "installed, but the answer carries no certificate of the resource");
  } else if (*status.certificate != *r.certificate) {
    outcome = outcomes::kMismatch;
    detail.add(dk::kReason, "the resource holds another certificate than the one issued");
  }
  host_.tracer()({.operation = decisions::kResourceCredentials,
                  .outcome = outcome,
                  .step = step,
                  .detail = detail});
}

}  // namespace ifa026::actors::vnfm

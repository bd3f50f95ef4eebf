// The delegate VNFM's HSM endpoint for C.2.2.4.7 (see vnfm_hsm_endpoint.hpp).
#include "actors/vnfm/vnfm_hsm_endpoint.hpp"

#include <utility>

#include "actors/common/day0_root.hpp"
#include "actors/messages/decisions.hpp"
#include "actors/messages/detail_keys.hpp"
#include "actors/messages/hsm_if.hpp"
#include "actors/messages/reference_points.hpp"

namespace ifa026::actors::vnfm {

VnfmHsmEndpoint::VnfmHsmEndpoint(ManoEntityHost& host, std::string hsm)
    : host_(host), hsm_(std::move(hsm)) {
  host_.extension_plain_handlers().on<messages::HsmVendorRoot>(
      [this](const messages::HsmVendorRoot&, const sim::Message& message) {
        on_vendor_root(message);
      });
}

std::optional<HsmEndpoint> VnfmHsmEndpoint::endpoint() const {
  if (hsm_.empty() || !root_) return std::nullopt;
  return HsmEndpoint{hsm_, root_->der()};
}

void VnfmHsmEndpoint::on_vendor_root(const sim::Message& message) {
  // Taken only from the HSM of `delegation.hsm` (none named: from no one).
  const auto intake =
      hsm_.empty() ? Day0RootIntake{std::nullopt, "no delegation.hsm: vendor roots are not taken"}
                   : take_day0_root(message, {hsm_}, operations::kHsmVendorRoot, "vendor_root",
                                    "vendor root", true);
  if (!intake.root) {
    host_.tracer()({.operation = decisions::kHsmVendorRoot,
                    .outcome = outcomes::kRejected,
                    .peer = message.from,
                    .reference_point = reference_points::kHsmIf,
                    .detail = TraceDetail().add(detail_keys::kReason, intake.problem)});
    return;
  }
  root_ = intake.root;
  host_.tracer()({.operation = decisions::kHsmVendorRoot,
                  .outcome = outcomes::kAccepted,
                  .peer = message.from,
                  .reference_point = reference_points::kHsmIf,
                  .detail = TraceDetail()
                                .add(detail_keys::kHsm, hsm_)
                                .add(detail_keys::kSubject, root_->subject().to_string())});
}

}  // namespace ifa026::actors::vnfm

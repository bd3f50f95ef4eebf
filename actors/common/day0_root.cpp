// Taking a day-0 root certificate from another actor (see day0_root.hpp).
#include "actors/common/day0_root.hpp"

#include <algorithm>
#include <optional>

#include "actors/common/envelope.hpp"
#include "actors/messages/hsm_if.hpp"
#include "actors/messages/nfvi_trust.hpp"

namespace ifa026::actors {

Day0RootIntake take_day0_root(const sim::Message& message,
                              const std::vector<std::string>& allowed_from,
                              const std::string& operation, const std::string& field,
                              const std::string& what, bool must_be_ca) {
  Day0RootIntake out;
  if (!allowed_from.empty() &&
      std::find(allowed_from.begin(), allowed_from.end(), message.from) == allowed_from.end()) {
    out.problem = what + "s are not taken from " + message.from;
    return out;
  }
  auto envelope = decode_envelope(message.payload);
  if (!envelope || envelope->operation != operation) {
    out.problem = "not a " + operation + " message";
    return out;
  }
  // The typed message of the operation; a body that does not decode names its field.
  std::optional<pki::Bytes> der;
  std::string failure;
  if (operation == messages::HardwareRoot::kOperation) {
    auto decoded = messages::from_envelope<messages::HardwareRoot>(*envelope);
    if (decoded)
      der = decoded->hardware_root;
    else
      failure = decoded.failure().pointer;
  } else if (operation == messages::HsmVendorRoot::kOperation) {
    auto decoded = messages::from_envelope<messages::HsmVendorRoot>(*envelope);
    if (decoded)
      der = decoded->vendor_root;
    else
      failure = decoded.failure().pointer;
  } else {
    out.problem = "not a day-0 root message: " + operation;
    return out;
  }
  if (!der) {
    out.problem = failure == "/" + field || failure.empty() ? "no " + field
                                                            : "not a " + operation + " message";
    return out;
  }
  try {
    out.root = pki::Certificate::from_der(*der);
  } catch (const pki::DecodeError&) {
    out.problem = what + " does not decode";
    return out;
  }
  if (must_be_ca && !out.root->is_ca()) {
    out.root.reset();
    out.problem = what + " is not a CA certificate";
  }
  return out;
}

void add_root_once(std::vector<pki::Certificate>& roots, const pki::Certificate& root) {
  if (std::find(roots.begin(), roots.end(), root) == roots.end()) roots.push_back(root);
}

std::string dns_label(const std::string& name, const std::string& fallback) {
  std::string label;
  for (char c : name) {
    const bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    if (c >= 'A' && c <= 'Z')
      label += static_cast<char>(c - 'A' + 'a');
    else
      label += keep ? c : '-';
  }
  return label.empty() ? fallback : label;
}

}  // namespace ifa026::actors

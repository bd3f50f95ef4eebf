// The VNFCI's certificate configuration (see vnfci_configuration.hpp).
#include "actors/vnfci/vnfci_configuration.hpp"

#include <utility>
#include <vector>

#include "actors/common/envelope.hpp"
#include "actors/common/operations.hpp"
#include "actors/common/pki_clock.hpp"
#include "actors/common/reference_points.hpp"
#include "actors/common/trace_detail.hpp"
#include "actors/vnfci/vnfci_enrolment.hpp"

namespace ifa026::actors::vnfci {

VnfciConfiguration::VnfciConfiguration(VnfciState& state, VnfciEnrolment& enrolment)
    : VnfciPart(state), enrolment_(enrolment) {}

void VnfciConfiguration::on_configuration(const ChannelMessage& m) {
  const std::string& op = m.envelope.operation;
  if (m.peer.kind != ChannelKind::day0 ||
      state_.channels.credentials().day0_secrets.count(m.peer.name) == 0) {
    record(RecordKind::decision, "AccessDenied", "rejected", "",
           TraceDetail()
               .add("peer", m.peer.name)
               .add("operation", op)
               .add("reason", "configuration only from the day-0 peer over its day-0 channel"),
           m.peer.name, m.reference_point);
    return;
  }
  const json& body = m.envelope.body;
  const std::string flow = get_string(body, "flow", kFlowDirect);
  const std::string step = flow_step(flow, steps_of(flow).configuration);
  auto refuse = [&](const std::string& reason) {
    record(RecordKind::decision, "CertificateConfiguration", "rejected", "",
           TraceDetail().add("reason", reason), m.peer.name, m.reference_point, step);
  };
  if (flow != kFlowDirect && flow != kFlowAttested && flow != kFlowHsm)
    return refuse("unknown flow " + flow);
  if (flow == kFlowHsm) {
    if (auto problem = configure_hsm(body)) return refuse(*problem);
  }
  auto list = body.find("identities");
  if (list == body.end() || !list->is_array() || list->empty()) return refuse("no identities");
  std::vector<std::string> accepted;
  long long rejected = 0;
  for (const auto& entry : *list) {
    std::string problem;
    auto config = parse_identity(entry, &problem);
    if (config && state_.identities.count(config->name) != 0)
      problem = "identity already configured";
    if (!config || !problem.empty()) {
      ++rejected;
      record(RecordKind::decision, "CertificateConfiguration", "rejected",
             entry.is_object() ? get_string(entry, "name") : std::string(),
             TraceDetail().add("reason", problem), m.peer.name, m.reference_point, step);
      continue;
    }
    Identity id;
    id.flow = flow;
    id.subject = std::move(config->subject);
    id.dns = std::move(config->dns);
    id.ca = std::move(config->ca);
    id.credential = std::make_unique<InitialCredential>(
        InitialCredential{std::move(config->reference), std::move(config->secret)});
    id.anchor = anchor_index(*config->trust_anchor);
    id.renew_before = config->renew_before;
    accepted.push_back(config->name);
    state_.identities.emplace(config->name, std::move(id));
  }
  if (!accepted.empty()) {
    TraceDetail detail;
    detail.add("identities", static_cast<long long>(accepted.size()))
        .add("rejected", rejected)
        .add("cmf", m.peer.name)
        .add("flow", flow)
        .add("credential", state_.attested_peers.count(m.peer.name) != 0 ? "attested" : "day0");
    if (flow == kFlowHsm) detail.add("hsm", hsm().hsm());
    record(RecordKind::decision, "CertificateConfiguration", "stored", "", detail, m.peer.name,
           m.reference_point, step);
  }
  if (!accepted.empty()) state_.cmf = m.peer.name;
  for (const auto& name : accepted) {
    const Identity& id = state_.identities.at(name);
    record(RecordKind::decision, "RenewalConditionSet", "ok", name,
           TraceDetail().add("renew_before", sim::format_duration(id.renew_before)), m.peer.name,
           "", kStepRenewalCondition);
    enrolment_.start_attempt(name, Purpose::enrolment);
  }
}

// C.2.1.3 #5: the configuration names the HSM and its vendor root; the HMEE needs its
// attested credentials to reach it. Why it cannot, if it cannot.
std::optional<std::string> VnfciConfiguration::configure_hsm(const json& body) {
  auto hsm_entry = body.find("hsm");
  if (hsm_entry == body.end() || !hsm_entry->is_object()) return "C.2.1.3 without an hsm";
  const std::string hsm_name = get_string(*hsm_entry, "name");
  auto root_der = get_bytes(*hsm_entry, "vendor_root");
  if (hsm_name.empty() || !root_der) return "hsm without name or vendor_root";
  std::optional<pki::Certificate> root;
  try {
    root = pki::Certificate::from_der(*root_der);
  } catch (const pki::DecodeError&) {
    return "the HSM vendor root does not decode";
  }
  if (!state_.attester || !state_.attester->hmee_certificate())
    return "C.2.1.3 needs the HMEE's attested credentials (secure_bootstrap)";
  hsm().configure(hsm_name, *root);
  return std::nullopt;
}

std::uint32_t VnfciConfiguration::anchor_index(const pki::Certificate& anchor) {
  for (std::size_t i = 0; i < state_.anchors.size(); ++i)
    if (state_.anchors[i] == anchor) return static_cast<std::uint32_t>(i);
  state_.anchors.push_back(anchor);
  return static_cast<std::uint32_t>(state_.anchors.size() - 1);
}

}  // namespace ifa026::actors::vnfci

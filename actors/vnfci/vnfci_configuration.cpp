// The VNFCI's certificate configuration (see vnfci_configuration.hpp).
#include "actors/vnfci/vnfci_configuration.hpp"

#include <exception>
#include <utility>
#include <vector>

#include "actors/common/envelope.hpp"
#include "actors/common/trace_detail.hpp"
#include "actors/vnfci/vnfci_enrolment.hpp"
#include "pki/names.hpp"

namespace ifa026::actors::vnfci {

namespace keys = detail_keys;

std::optional<IdentityConfig> parse_identity(const nlohmann::json& entry, std::string* reason,
                                             std::string* name) {
  auto fail = [reason](std::string why) -> std::optional<IdentityConfig> {
    if (reason) *reason = std::move(why);
    return std::nullopt;
  };
  if (!entry.is_object()) return fail("identity entry is not a map");
  auto decoded = messages::from_body<messages::LenientVnfciIdentity>(entry);
  if (!decoded) return fail(decoded.failure().text());
  const messages::LenientVnfciIdentity& e = *decoded;
  IdentityConfig c;
  c.name = e.name.value_or("");
  if (name) *name = c.name;
  if (c.name.empty()) return fail("no name");
  c.subject = e.subject.value_or("");
  if (c.subject.empty()) return fail("no subject");
  try {
    if (pki::DistinguishedName::parse(c.subject).attributes.empty())
      return fail("subject is not a distinguished name");
  } catch (const std::exception& ex) {
    return fail(std::string("subject: ") + ex.what());
  }
  if (e.dns) {
    if (e.dns->is_string()) {
      c.dns.push_back(e.dns->get<std::string>());
    } else if (e.dns->is_array()) {
      for (const auto& dns : *e.dns) {
        if (!dns.is_string() || dns.get_ref<const std::string&>().empty())
          return fail("dns holds a non-string or empty entry");
        c.dns.push_back(dns.get<std::string>());
      }
    } else {
      return fail("dns is not a list");
    }
  }
  c.ca = e.ca.value_or("");
  if (c.ca.empty()) return fail("no ca");
  c.reference = e.reference.value_or("");
  if (c.reference.empty()) return fail("no reference");
  if (e.secret && e.secret->is_binary()) {
    c.secret.assign(e.secret->get_binary().begin(), e.secret->get_binary().end());
  } else if (e.secret && e.secret->is_string()) {
    const std::string& text = e.secret->get_ref<const std::string&>();
    c.secret.assign(text.begin(), text.end());
  }
  if (c.secret.empty()) return fail("no secret");
  if (!e.trust_anchor) return fail("no trust anchor");
  try {
    c.trust_anchor = pki::Certificate::from_der(*e.trust_anchor);
  } catch (const std::exception& ex) {
    return fail(std::string("trust anchor: ") + ex.what());
  }
  c.renew_before = kDefaultRenewBefore;
  if (e.renew_before) {
    auto parsed = sim::parse_duration(*e.renew_before);
    if (!parsed || *parsed < sim::Duration()) return fail("renew_before is not a duration");
    c.renew_before = *parsed;
  }
  return c;
}

VnfciConfiguration::VnfciConfiguration(VnfciState& state, VnfciEnrolment& enrolment)
    : VnfciPart(state), enrolment_(enrolment) {}

void VnfciConfiguration::on_configuration(const ChannelMessage& m) {
  const std::string& op = m.envelope.operation;
  if (m.peer.kind != ChannelKind::day0 ||
      state_.channels.credentials().day0_secrets.count(m.peer.name) == 0) {
    trace({.operation = decisions::kAccessDenied,
           .outcome = outcomes::kRejected,
           .peer = m.peer.name,
           .reference_point = m.reference_point,
           .detail = TraceDetail()
                         .add(keys::kPeer, m.peer.name)
                         .add(keys::kOperation, op)
                         .add(keys::kReason,
                              "configuration only from the day-0 peer over its day-0 channel")});
    return;
  }
  auto configuration = messages::from_envelope<messages::LenientVnfciConfiguration>(m.envelope);
  if (!configuration) {
    guard_.malformed({.operation = op,
                      .peer = m.peer.name,
                      .reference_point = m.reference_point,
                      .step = m.envelope.step},
                     "body does not decode: " + configuration.failure().text());
    return;
  }
  configure(*configuration, m);
}

void VnfciConfiguration::configure(const messages::LenientVnfciConfiguration& configuration,
                                   const ChannelMessage& m) {
  const std::string flow = configuration.flow.value_or(kFlowDirect);
  const std::string step = flow_step(flow, steps_of(flow).configuration);
  auto trace_configuration = [&](const std::string& outcome, const std::string& identity,
                                 const TraceDetail& detail) {
    trace({.operation = decisions::kCertificateConfiguration,
           .outcome = outcome,
           .peer = m.peer.name,
           .reference_point = m.reference_point,
           .step = step,
           .detail = about(identity).str() +
                     (identity.empty() || detail.str().empty() ? "" : "; ") + detail.str()});
  };
  auto refuse = [&](const std::string& reason) {
    trace_configuration(outcomes::kRejected, "", TraceDetail().add(keys::kReason, reason));
  };
  if (flow != kFlowDirect && flow != kFlowAttested && flow != kFlowHsm)
    return refuse("unknown flow " + flow);
  if (flow == kFlowHsm) {
    if (auto problem = configure_hsm(configuration.hsm)) return refuse(*problem);
  }
  if (!configuration.identities || configuration.identities->empty())
    return refuse("no identities");
  std::vector<std::string> accepted;
  long long rejected = 0;
  for (const auto& entry : *configuration.identities) {
    std::string problem;
    std::string entry_name;
    auto config = parse_identity(entry, &problem, &entry_name);
    // A configuration that provisions the VNFCI again (a CA key compromise revoked what it
    // holds) replaces the identity; any other one names a new identity.
    if (config && state_.identities.count(config->name) != 0) {
      if (configuration.reprovision)
        drop_identity(config->name);
      else
        problem = "identity already configured";
    }
    if (!config || !problem.empty()) {
      ++rejected;
      trace_configuration(outcomes::kRejected, entry_name,
                          TraceDetail().add(keys::kReason, problem));
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
    detail.add(keys::kIdentities, static_cast<long long>(accepted.size()))
        .add(keys::kRejected, rejected)
        .add(keys::kCmf, m.peer.name)
        .add(keys::kFlow, flow)
        .add(keys::kCredential, state_.attested_peers.count(m.peer.name) != 0
                                    ? detail_values::kCredentialAttested
                                    : detail_values::kCredentialDay0);
    if (flow == kFlowHsm) detail.add(keys::kHsm, hsm().hsm());
    if (configuration.reprovision) detail.add(keys::kReason, *configuration.reprovision);
    trace_configuration(outcomes::kStored, "", detail);
  }
  if (!accepted.empty()) state_.cmf = m.peer.name;
  for (const auto& name : accepted) {
    const Identity& id = state_.identities.at(name);
    trace({.operation = decisions::kRenewalConditionSet,
           .outcome = outcomes::kOk,
           .peer = m.peer.name,
           .step = kStepRenewalCondition,
           .detail = about(name).add(keys::kRenewBefore, sim::format_duration(id.renew_before))});
    enrolment_.start_attempt(name, Purpose::enrolment);
  }
}

void VnfciConfiguration::drop_identity(const std::string& name) {
  auto it = state_.identities.find(name);
  if (it == state_.identities.end()) return;
  Identity& id = it->second;
  if (id.attempt) {
    if (id.attempt->retry_timer.valid()) context().withdraw(id.attempt->retry_timer);
    if (id.attempt->operation != 0) state_.exchange.cancel(id.attempt->operation);
  }
  if (id.renewal_timer.valid()) context().withdraw(id.renewal_timer);
  if (id.rotation_timer.valid()) context().withdraw(id.rotation_timer);
  state_.identities.erase(it);
}

// C.2.1.3 #5: the configuration names the HSM and its vendor root; the HMEE needs its
// attested credentials to reach it. Why it cannot, if it cannot.
std::optional<std::string> VnfciConfiguration::configure_hsm(
    const std::optional<nlohmann::json>& entry) {
  if (!entry || !entry->is_object()) return "C.2.1.3 without an hsm";
  auto assignment = messages::from_body<messages::HsmAssignment>(*entry);
  if (!assignment || assignment->name.empty()) return "hsm without name or vendor_root";
  std::optional<pki::Certificate> root;
  try {
    root = pki::Certificate::from_der(assignment->vendor_root);
  } catch (const pki::DecodeError&) {
    return "the HSM vendor root does not decode";
  }
  if (!state_.attester || !state_.attester->hmee_certificate())
    return "C.2.1.3 needs the HMEE's attested credentials (secure_bootstrap)";
  hsm().configure(assignment->name, *root);
  return std::nullopt;
}

std::uint32_t VnfciConfiguration::anchor_index(const pki::Certificate& anchor) {
  for (std::size_t i = 0; i < state_.anchors.size(); ++i)
    if (state_.anchors[i] == anchor) return static_cast<std::uint32_t>(i);
  state_.anchors.push_back(anchor);
  return static_cast<std::uint32_t>(state_.anchors.size() - 1);
}

}  // namespace ifa026::actors::vnfci

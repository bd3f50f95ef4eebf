// The key-custody checks K1-K8 (see key_custody_checks.hpp). Test descriptions follow ETSI
// TST010's fields.
#include "conformance/key_custody_checks.hpp"

#include <algorithm>

#include "actors/messages/lcm_vocabulary.hpp"
#include "conformance/check_outcome.hpp"
#include "conformance/delegation_trace.hpp"

namespace ifa026::conformance {
namespace {

using sim::RecordKind;

struct Ledger {
  explicit Ledger(const CheckContext& context)
      : mano(context), roles(mano), keys(key_histories(mano, roles)) {}
  ManoView mano;
  DelegationRoles roles;
  std::vector<KeyHistory> keys;
};

std::string name_of(const KeyHistory& h) {
  return "key " + h.key_fp + " (" + h.vnfci + (h.identity.empty() ? "" : "/" + h.identity) + ")";
}

std::vector<std::uint64_t> history_evidence(const KeyHistory& h) {
  std::vector<std::uint64_t> out;
  for (const auto* e : h.events) out.push_back(e->id);
  for (const auto* e : h.held) out.push_back(e->id);
  return out;
}

bool transport_channel(const std::string& channel) {
  return channel == values::kChannelMutual || channel == values::kChannelAttested ||
         channel == values::kChannelHmeeHsm || channel == values::kChannelNfviLocal;
}

// The chain of custody: the key reaches a holder only from one that held it, and leaves a holder
// only while it holds it. "" when it holds, else what breaks it.
std::string history_chain_problem(const KeyHistory& h) {
  for (std::size_t i = 0; i < h.events.size(); ++i) {
    const auto& e = *h.events[i];
    auto earlier = [&](auto&& pred) {
      for (std::size_t j = 0; j < i; ++j)
        if (pred(*h.events[j])) return true;
      return false;
    };
    if (e.outcome == outcomes::kReceived) {
      if (!earlier([&](const Rec& p) {
            return (p.outcome == outcomes::kSent || p.outcome == outcomes::kReleased) &&
                   p.peer == e.actor;
          }))
        return e.actor + " received it (" + describe(e) + ") but no holder sent it to " + e.actor;
    } else if (e.outcome == outcomes::kStored) {
      if (!earlier([&](const Rec& p) {
            return p.actor == e.actor &&
                   (p.outcome == outcomes::kReceived || p.outcome == outcomes::kGenerated);
          }))
        return e.actor + " stored it (" + describe(e) + ") without having made or received it";
    } else if (e.outcome == outcomes::kSent || e.outcome == outcomes::kReleased) {
      const Rec* got = nullptr;
      const Rec* gone = nullptr;
      for (std::size_t j = 0; j < i; ++j) {
        const auto& p = *h.events[j];
        if (p.actor != e.actor) continue;
        if (p.outcome == outcomes::kGenerated || p.outcome == outcomes::kReceived ||
            p.outcome == outcomes::kStored)
          got = &p;
        if (p.outcome == outcomes::kDeleted) gone = &p;
      }
      if (gone != nullptr)
        return e.actor + " sent it (" + describe(e) + ") after deleting it (" + describe(*gone) +
               ")";
      if (got == nullptr)
        return e.actor + " sent it (" + describe(e) + ") without having made or received it";
    }
  }
  return "";
}

// K5: every transfer of the key on a protected channel.
std::string channel_problem(const KeyHistory& h) {
  for (const auto* e : h.events)
    if ((e->outcome == outcomes::kSent || e->outcome == outcomes::kReleased) &&
        !transport_channel(detail_of(*e, keys::kChannel)))
      return e->actor + " sent it to " + e->peer + " over channel \"" +
             detail_of(*e, keys::kChannel) + "\" (" + describe(*e) +
             "): keys travel only on mutual, attested, hmee-hsm or nfvi-local channels";
  return "";
}

const Rec* first_event(const KeyHistory& h, const std::string& actor, const std::string& outcome,
                       std::uint64_t after = 0) {
  for (const auto* e : h.events)
    if (e->id > after && e->actor == actor && e->outcome == outcome) return e;
  return nullptr;
}

// K6 for one relay (VIM or CISM) of a key: one injection, deleted right after it (before the relay
// answers the VNFM), not held at the end.
void judge_relay(const Ledger& l, const KeyHistory& h, const std::string& relay,
                 CheckOutcome& out) {
  const auto* received = first_event(h, relay, outcomes::kReceived);
  if (received == nullptr) return;
  auto evidence = history_evidence(h);
  int injections = 0;
  const Rec* sent = nullptr;
  for (const auto* e : h.events)
    if (e->actor == relay && e->outcome == outcomes::kSent) {
      ++injections;
      if (sent == nullptr) sent = e;
    }
  const auto* deleted = first_event(h, relay, outcomes::kDeleted, received->id);
  for (const auto* held : h.held)
    if (held->actor == relay) {
      out.fail(relay + " still holds " + name_of(h) + " at the end (" + describe(*held) + ")",
               evidence);
      return;
    }
  if (injections > 1) {
    out.fail(relay + " injected " + name_of(h) + " " + std::to_string(injections) +
                 " times: a relay has one installation attempt",
             evidence);
    return;
  }
  if (deleted == nullptr) {
    if (run_end(l.mano.context) - received->time < sim::Duration::minutes(2)) {
      out.inconc(relay + " received " + name_of(h) + " shortly before the run ended", evidence);
      return;
    }
    out.fail(relay + " never deleted " + name_of(h) + " after its installation attempt (" +
                 (sent != nullptr ? describe(*sent) : describe(*received)) + ")",
             evidence);
    return;
  }
  // Right after the attempt: before the relay's answer to the VNFM (C.2.2.3 #3 and alike).
  const auto after = sent != nullptr ? sent->id : received->id;
  for (const char* op : {ops::kAllocateComputeResponse, ops::kCreateOsContainerWorkloadResponse,
                         ops::kOsContainerConfigurationResponse})
    if (const auto* answer = l.mano.query.first(sends(relay).op(op), after);
        answer != nullptr && answer->id < deleted->id && answer->peer == received->peer) {
      out.fail(relay + " deleted " + name_of(h) + " only after answering " + answer->peer + " (" +
                   describe(*answer) + ", then " + describe(*deleted) + ")",
               evidence);
      return;
    }
  out.pass(relay + " received " + name_of(h) + ", " +
               (sent != nullptr ? "injected it once" : "did not inject it") +
               " and deleted it right after (" + reason_text(*deleted) + ")",
           evidence);
}

// The holders a key of `flow` may have: its maker, the relays (VIM / CISM) for C.2.2.3, C.3.2.3
// and C.2.2.4.6 (CISM only), the HSM for C.2.2.4.7, and the VNFCI it is for.
std::string holder_problem(const Ledger& l, const KeyHistory& h, const std::string& flow) {
  for (const auto& holder : h.holders()) {
    const auto role = l.roles.role_of(holder);
    bool ok = false;
    if (role == roles::kVnfci) ok = holder == h.vnfci;
    if (flow == flows::kDelegatedHsmInstall) {
      ok = ok || role == roles::kHsm;
    } else {
      ok = ok || (role == roles::kVnfm && h.generated != nullptr && h.generated->actor == holder);
      if (flow == flows::kDelegatedInstall || flow == flows::kOamInstall)
        ok = ok || role == roles::kVim || role == roles::kCism;
      if (flow == flows::kDelegatedConfiguration) ok = ok || role == roles::kCism;
    }
    if (!ok) {
      const std::string allowed = flow == flows::kDelegatedHsmInstall ? "{HSM, " + h.vnfci + "}"
                                  : flow == flows::kDelegatedConfiguration
                                      ? "{its VNFM, the CISM (containers), " + h.vnfci + "}"
                                      : "{its VNFM, the VIM or CISM, " + h.vnfci + "}";
      return holder + " (" + (role.empty() ? std::string("unknown role") : role) + ") held " +
             name_of(h) + ", outside " + allowed + " (" + flow + ")";
    }
  }
  return "";
}

// The transfer each install flow expects: who sends to whom on which channel.
std::string path_problem(const Ledger& l, const KeyHistory& h, const std::string& flow) {
  for (const auto* e : h.events) {
    if (e->outcome != outcomes::kSent && e->outcome != outcomes::kReleased) continue;
    const auto from = l.roles.role_of(e->actor);
    const auto to = l.roles.role_of(e->peer);
    const auto channel = detail_of(*e, keys::kChannel);
    std::string want;
    if (flow == flows::kDelegatedHsmInstall) {
      if (from != roles::kHsm || e->peer != h.vnfci || channel != values::kChannelHmeeHsm)
        want = "only the HSM releases it, to " + h.vnfci + " over hmee-hsm";
    } else if (from == roles::kVnfm) {
      const bool relay_ok = (flow == flows::kDelegatedConfiguration)
                                ? (e->peer == h.vnfci || to == roles::kCism)
                                : (to == roles::kVim || to == roles::kCism);
      if (!relay_ok || channel != values::kChannelMutual)
        want = flow == flows::kDelegatedConfiguration
                   ? "the VNFM sends it to " + h.vnfci + " (or the CISM) over mutual TLS"
                   : "the VNFM sends it to the VIM or CISM over mutual TLS";
    } else if (from == roles::kVim || from == roles::kCism) {
      if (e->peer != h.vnfci || channel != values::kChannelNfviLocal)
        want = "the VIM or CISM injects it into " + h.vnfci + " over nfvi-local";
    } else {
      want = "no " + (from.empty() ? std::string("other actor") : from) + " passes it on";
    }
    if (!want.empty())
      return describe(*e) + " (to " + e->peer + ", channel " + channel + "): in " + flow + " " +
             want;
  }
  return "";
}

// The deletions the scenario expects (expect.delegation.key_deleted) of holders of these roles:
// each one's KeyCustody deleted of a key of that VNFCI with a reason containing the expected one.
void judge_expected_deletions(const Ledger& l, std::initializer_list<const char*> holder_roles,
                              CheckOutcome& out) {
  for (const auto& want : l.mano.expect.delegation.key_deleted) {
    const auto role = l.roles.role_of(want.actor);
    if (std::none_of(holder_roles.begin(), holder_roles.end(),
                     [&](const char* r) { return role == r; }))
      continue;
    bool found = false;
    for (const auto& h : l.keys)
      for (const auto* e : h.events)
        if (e->actor == want.actor && e->outcome == outcomes::kDeleted && h.vnfci == want.vnfci &&
            reason_contains(*e, want.reason))
          found = true;
    if (!found)
      out.fail("expected " + want.actor + " to delete the key of " + want.vnfci +
               (want.reason.empty() ? "" : " (\"" + want.reason + "\")") +
               "; the ledger shows no such deletion");
  }
}

}  // namespace

// ID            C.2.1.1, C.2.1.2, C.2.1.3 (K1, added to the flow checks); 5.2.3.1-b (K8)
// Objective     K1: a private key a VNFCI made for itself in direct mode is held only by that
//               VNFCI (with C.2.1.3 also the HSM that made it for the VNFCI's HMEE) and is never
//               sent on a network reference point; the final KeyInventory agrees. K8: in a run that
//               mixes modes (delegation keys exist too), the direct-mode keys still satisfy K1.
// Precondition  The actors write the key-custody ledger (KeyCustody, KeyInventory).
// Test          Per key generated by a VNFCI (or by an HSM for it) outside a delegation flow:
//               holders and transfers from its KeyCustody records and the final inventories.
// Reference     Annex D (direct-mode column), C.2.1.x post-conditions, clause 5.2.3.1 (b)
// Applicability ICS "direct-mode"; K8 "vnf-certificates". Verdict none without such keys.
CheckResult check_direct_key_custody(const CheckContext& context, bool mixed_only) {
  Ledger l(context);
  bool delegation = false;
  for (const auto& h : l.keys)
    if (h.mode == actors::lcm::kModeDelegation) delegation = true;
  if (mixed_only && !delegation)
    return {Verdict::none, "no delegation-mode key in this run: not a mixed deployment (K8)", {}};
  CheckOutcome out;
  for (const auto& h : l.keys) {
    if (h.mode != actors::lcm::kModeDirect) continue;
    auto evidence = history_evidence(h);
    std::string problem;
    for (const auto& holder : h.holders()) {
      const auto role = l.roles.role_of(holder);
      if (!(holder == h.vnfci || role == roles::kHsm)) {
        problem = holder + " held direct-mode " + name_of(h) + "; only " + h.vnfci +
                  " (and the HSM serving its HMEE) may";
        break;
      }
    }
    for (const auto* e : h.events) {
      if (!problem.empty()) break;
      // The only transfer allowed: the HSM handing the key to the VNFCI's HMEE (C.2.1.3).
      const bool to_hmee = l.roles.role_of(e->actor) == roles::kHsm && e->peer == h.vnfci &&
                           detail_of(*e, keys::kChannel) == values::kChannelHmeeHsm;
      if ((e->outcome == outcomes::kSent || e->outcome == outcomes::kReleased) && !to_hmee)
        problem = describe(*e) + ": direct-mode " + name_of(h) + " left its holder to " + e->peer +
                  " over " + detail_of(*e, keys::kChannel);
    }
    if (!problem.empty()) {
      out.fail((mixed_only ? "mixed deployment: " : "") + problem, evidence);
      continue;
    }
    out.pass(
        name_of(h) + " held by " + h.vnfci + " only" + (mixed_only ? " (mixed deployment)" : ""),
        evidence);
  }
  if (out.empty()) return {Verdict::none, "no direct-mode key in the ledger", {}};
  return out.result("");
}

// ID            C.2.2.3, C.3.2.3 (K2), C.2.2.4.6 (K3), C.2.2.4.7 (K4); K5 and the CISM's K6 with
// them Objective     For every key the flow installed: its holders are those the flow allows (K2:
// the
//               VNFM that made it, the VIM or CISM, the VNFCI; K3: the VNFM, the CISM for
//               containers, the VNFCI; K4: the HSM and the VNFCI, never the VNFM); it moves
//               generated -> sent (VNFM, mutual TLS) -> received (VIM / CISM) -> sent (nfvi-local)
//               -> stored (VNFCI), or VNFM -> VNFCI over Ve-Vnfm-vnf, or HSM -> VNFCI over
//               hmee-hsm; nobody passes on a key it did not receive or had deleted (the chain of
//               custody); every transfer is on mutual, attested, hmee-hsm or nfvi-local (K5); a
//               CISM deletes its copy right after its single attempt and holds none at the end
//               (K6, decision Q6).
// Precondition  The actors write the key-custody ledger.
// Test          Per key whose ledger cites the flow: holders, transfers and channels.
// Reference     Annex D; C.2.2.3, C.2.2.4.6, C.2.2.4.7, C.3.2.3 (key custody of each flow)
// Applicability ICS "delegation-mode". Verdict none when no key went through the flow.
CheckResult check_install_key_custody(const CheckContext& context, const std::string& flow) {
  Ledger l(context);
  CheckOutcome out;
  for (const auto& h : l.keys) {
    if (h.mode != actors::lcm::kModeDelegation || h.install_flow.empty()) continue;
    // C.2.2.3 and C.3.2.3 share messages: the key's certificate type decides.
    std::string key_flow = h.install_flow;
    if (key_flow == flows::kDelegatedInstall || key_flow == flows::kOamInstall)
      key_flow =
          h.certificate_type == values::kTypeOam ? flows::kOamInstall : flows::kDelegatedInstall;
    if (key_flow != flow) continue;
    auto evidence = history_evidence(h);
    std::string problem = holder_problem(l, h, flow);
    if (problem.empty()) problem = history_chain_problem(h);
    if (problem.empty()) problem = channel_problem(h);
    if (problem.empty()) problem = path_problem(l, h, flow);
    if (!problem.empty()) {
      out.fail(problem, evidence);
      continue;
    }
    for (const auto& holder : h.holders())
      if (l.roles.role_of(holder) == roles::kCism) judge_relay(l, h, holder, out);
    // Decision Q4: the HSM releases a designated key once and deletes its copy.
    if (flow == flows::kDelegatedHsmInstall && h.generated != nullptr)
      if (const auto* released = first_event(h, h.generated->actor, outcomes::kReleased)) {
        const auto* deleted = first_event(h, h.generated->actor, outcomes::kDeleted, released->id);
        const bool kept = std::any_of(h.held.begin(), h.held.end(),
                                      [&](const Rec* r) { return r->actor == h.generated->actor; });
        if (deleted == nullptr || kept) {
          out.fail(h.generated->actor + " kept " + name_of(h) + " after releasing it (" +
                       describe(*released) + "): it deletes its copy (decision Q4)",
                   evidence);
          continue;
        }
      }
    const auto* stored = first_event(h, h.vnfci, outcomes::kStored);
    std::string path;
    for (const auto& holder : h.holders()) path += (path.empty() ? "" : " -> ") + holder;
    out.pass(name_of(h) + ": held by " + path +
                 (stored != nullptr ? ", stored by " + h.vnfci : ", not installed") +
                 ", every transfer protected",
             evidence);
  }
  if (out.empty()) return {Verdict::none, "no key of the ledger went through " + flow, {}};
  judge_expected_deletions(l, {roles::kCism, roles::kHsm}, out);  // VNFM, VIM: their IDs
  return out.result("");
}

// ID            Vnfm.Sc.006 (partial)
// Objective     The VNFM supports protecting the delegated key pairs in tamper-resistant storage
//               (the requirement asks for the capability): a key made in its HSM (KeyCustody
//               generated by the HSM, C.2.2.2.7) is released only to the VNFCI's HMEE and never
//               held by the VNFM itself (K4). Keys the VNFM made in software (C.2.2.2.6, C.3.2.2:
//               a deployment's choice, and by design for VNF OAM keys, which C.3.2.2 makes in
//               software and C.3.2.3 sends in the allocation request) do not show the capability
//               and are not judged; each pass names how many there were
//               (docs/delegation-mode.md, decision "Vnfm.Sc.006").
// Precondition  The actors write the key-custody ledger.
// Test          Per HSM-made delegation key: its holders and transfers.
// Reference     Annex B.3 Vnfm.Sc.006; Annex C.2.2.2.7, C.2.2.4.7; Annex D
// Applicability ICS "delegation-mode". Not observable: the device's certified tamper resistance.
CheckResult check_vnfm_key_storage(const CheckContext& context) {
  Ledger l(context);
  CheckOutcome out;
  std::size_t software = 0;
  std::vector<std::pair<std::string, std::vector<std::uint64_t>>> passes;
  for (const auto& h : l.keys) {
    if (h.mode != actors::lcm::kModeDelegation || h.generated == nullptr) continue;
    auto evidence = history_evidence(h);
    const auto maker = l.roles.role_of(h.generated->actor);
    if (maker == roles::kVnfm) ++software;
    if (maker != roles::kHsm) continue;
    std::string problem;
    for (const auto& holder : h.holders())
      if (l.roles.role_of(holder) == roles::kVnfm)
        problem = holder + " held " + name_of(h) + " made in the HSM (" + describe(*h.generated) +
                  "): the VNFM must never hold it";
    if (problem.empty()) problem = holder_problem(l, h, flows::kDelegatedHsmInstall);
    if (problem.empty()) problem = channel_problem(h);
    if (!problem.empty()) {
      out.fail(problem, evidence);
      continue;
    }
    passes.emplace_back(
        name_of(h) + " made and kept in " + h.generated->actor + ", never held by the VNFM",
        std::move(evidence));
  }
  const std::string not_judged =
      software == 0 ? ""
                    : " (" + std::to_string(software) +
                          " software-made delegation key(s) of this run not judged)";
  for (auto& [reason, evidence] : passes) out.pass(reason + not_judged, std::move(evidence));
  return out.result(
      "no delegated key made in a VNFM's HSM: the tamper-resistant storage was not "
      "exercised" +
      not_judged);
}

// ID            Vim.Sc.008 (partial)
// Objective     K6: a VIM that received a VNFCI or VNF OAM private key in an allocation request
//               injects it once into the VNFCI and deletes its copy right after that attempt
//               (before answering the VNFM), whatever its outcome (decision Q11), and holds no such
//               key at the end (its KeyInventory).
// Precondition  The VIM writes the ledger and its final inventory.
// Test          Per key a VIM received: its sends, its deletion, the VIM's answer to the VNFM,
//               its final KeyInventory.
// Reference     Annex B.4 Vim.Sc.008; Annex C.2.2.3, C.3.2.3
// Applicability ICS "delegation-mode". Not observable: the secure erasure of the storage.
CheckResult check_vim_key_deletion(const CheckContext& context) {
  Ledger l(context);
  CheckOutcome out;
  for (const auto& h : l.keys)
    for (const auto& holder : h.holders())
      if (l.roles.role_of(holder) == roles::kVim) judge_relay(l, h, holder, out);
  judge_expected_deletions(l, {roles::kVim}, out);
  return out.result("no VIM received a VNFCI private key in this run");
}

// ID            Vnfm.Sc.005 (partial)
// Objective     K7: the VNFM deletes a VNFCI or VNF OAM private key it made at the earlier of the
//               N-th installation attempt (a successful one counts; N = its parameter
//               delegation.install_attempts, default 3) and key_retention after generation
//               (default 10m; decision Q3); never sends it after deleting it, never more than N
//               times; holds none at the end once deletion was due. Expected deletions
//               (expect.delegation.key_deleted of a VNFM) are traced with their reason.
// Precondition  The VNFM writes the ledger and its final inventory.
// Test          Per key a VNFM generated: attempts (its sends), the installation's result, the
//               deletion's time and reason, later sends, the final KeyInventory.
// Reference     Annex B.3 Vnfm.Sc.005; docs/delegation-mode.md decision Q3
// Applicability ICS "delegation-mode". Not observable: the secure erasure of the storage.
CheckResult check_vnfm_key_deletion(const CheckContext& context) {
  Ledger l(context);
  CheckOutcome out;
  const auto end = run_end(context);
  for (const auto& h : l.keys) {
    if (h.generated == nullptr || l.roles.role_of(h.generated->actor) != roles::kVnfm) continue;
    const auto& vnfm = h.generated->actor;
    const auto& params = l.mano.roles.params_of(vnfm);
    int attempts_allowed = 3;
    sim::Duration retention = sim::Duration::minutes(10);
    if (params.is_object() && params.contains("delegation") && params["delegation"].is_object()) {
      const auto& d = params["delegation"];
      if (d.contains("install_attempts") && d["install_attempts"].is_number_integer())
        attempts_allowed = d["install_attempts"].get<int>();
      if (d.contains("key_retention") && d["key_retention"].is_string())
        if (auto parsed = sim::parse_duration(d["key_retention"].get<std::string>()))
          retention = *parsed;
    }
    auto evidence = history_evidence(h);
    std::vector<const Rec*> sends_of_vnfm;
    for (const auto* e : h.events)
      if (e->actor == vnfm && e->outcome == outcomes::kSent) sends_of_vnfm.push_back(e);
    const auto* deleted = first_event(h, vnfm, outcomes::kDeleted);
    const auto* installed = first_event(h, h.vnfci, outcomes::kStored);
    const auto due_by_retention = h.generated->time + retention;
    const std::string who = vnfm + " and " + name_of(h);
    if (static_cast<int>(sends_of_vnfm.size()) > attempts_allowed) {
      out.fail(who + ": sent " + std::to_string(sends_of_vnfm.size()) +
                   " times, install_attempts is " + std::to_string(attempts_allowed),
               evidence);
      continue;
    }
    if (deleted != nullptr) {
      if (const auto* late = first_event(h, vnfm, outcomes::kSent, deleted->id)) {
        out.fail(who + ": sent after deleting it (" + describe(*deleted) + ", then " +
                     describe(*late) + ")",
                 evidence);
        continue;
      }
      if (deleted->time > due_by_retention + sim::Duration::seconds(1)) {
        out.fail(who + ": deleted at " + std::to_string(deleted->time.ns() / 1'000'000) +
                     " ms, after the retention of " + sim::format_duration(retention) +
                     " from its generation",
                 evidence);
        continue;
      }
      bool held_after = false;
      for (const auto* held : h.held)
        if (held->actor == vnfm) held_after = true;
      if (held_after) {
        out.fail(who + ": deleted (" + describe(*deleted) + ") yet still in " + vnfm +
                     "'s final KeyInventory",
                 evidence);
        continue;
      }
      out.pass(who + ": deleted after " + std::to_string(sends_of_vnfm.size()) + " attempt(s) (" +
                   reason_text(*deleted) + ")",
               evidence);
      continue;
    }
    // Not deleted: due after a success, after the N-th attempt or at the end of retention.
    if (installed != nullptr) {
      out.fail(who + ": kept after the installation succeeded (" + describe(*installed) + ")",
               evidence);
      continue;
    }
    if (!sends_of_vnfm.empty() && static_cast<int>(sends_of_vnfm.size()) >= attempts_allowed &&
        run_end(context) - sends_of_vnfm.back()->time > sim::Duration::minutes(2)) {
      out.fail(who + ": kept after the " + std::to_string(attempts_allowed) +
                   "th installation attempt (" + describe(*sends_of_vnfm.back()) + ")",
               evidence);
      continue;
    }
    if (end > due_by_retention + sim::Duration::seconds(1)) {
      out.fail(who + ": kept past its retention of " + sim::format_duration(retention) +
                   " (generated " + describe(*h.generated) + ")",
               evidence);
      continue;
    }
    out.inconc(who + ": not installed and still within its retention when the run ended", evidence);
  }
  judge_expected_deletions(l, {roles::kVnfm}, out);
  return out.result("no VNFCI private key made by a VNFM in the trace");
}

void register_key_custody_checks(CheckRegistry& registry) {
  for (const char* flow : {flows::kDirect, flows::kDirectAttested, flows::kDirectHsm})
    registry.add(flow, "K1: direct-mode keys held by their VNFCI only (ledger)",
                 [](const CheckContext& c) { return check_direct_key_custody(c, false); });
  registry.add("5.2.3.1-b", "K8: direct-mode keys keep K1 (mixed deployments only)",
               [](const CheckContext& c) { return check_direct_key_custody(c, true); });
  registry.add(
      flows::kDelegatedInstall, "K2, K5: key custody at instantiation",
      [](const CheckContext& c) { return check_install_key_custody(c, flows::kDelegatedInstall); });
  registry.add(
      flows::kOamInstall, "K2, K5: OAM key custody at instantiation",
      [](const CheckContext& c) { return check_install_key_custody(c, flows::kOamInstall); });
  registry.add(flows::kDelegatedConfiguration, "K3, K5: key custody after instantiation",
               [](const CheckContext& c) {
                 return check_install_key_custody(c, flows::kDelegatedConfiguration);
               });
  registry.add(flows::kDelegatedHsmInstall, "K4, K5: HSM keys go to the HMEE only",
               [](const CheckContext& c) {
                 return check_install_key_custody(c, flows::kDelegatedHsmInstall);
               });
  registry.add("Vnfm.Sc.006", "K4: delegated keys made and kept in the VNFM's HSM",
               check_vnfm_key_storage);
  registry.add("Vim.Sc.008", "K6: the VIM deletes keys right after its install attempt",
               check_vim_key_deletion);
  registry.add("Vnfm.Sc.005", "K7: the VNFM deletes keys after N attempts or the retention",
               check_vnfm_key_deletion);
}

}  // namespace ifa026::conformance

// Direct-mode observations of the Annex B.2 CMF checks (see direct_mode_annex_b.hpp).
#include "conformance/direct_mode_annex_b.hpp"

#include <algorithm>
#include <map>

#include "conformance/certificate_postcondition.hpp"
#include "conformance/direct_mode_trace.hpp"
#include "sim/time.hpp"

namespace ifa026::conformance {
namespace {

using sim::RecordKind;

std::int64_t unix_ns_at(const ManoView& v, sim::Time t) {
  return v.context.simulation.epoch().at(t).unix_ns;
}

// The CMF's VnfciCertificateRecorded "ok" of `serial`, or nullptr.
const Rec* recorded(const ManoView& v, const std::string& serial) {
  for (const auto* r : v.query.all(RecordFilter{}
                                       .of_kind(RecordKind::decision)
                                       .op(decisions::kVnfciCertificateRecorded)
                                       .with_outcome(outcomes::kOk)))
    if (v.roles.is_cmf(r->actor) && same_serial(detail_of(*r, keys::kSerial), serial)) return r;
  return nullptr;
}

}  // namespace

void judge_direct_lifecycle(const ManoView& v, CheckOutcome& out,
                            std::set<std::string>& exercised) {
  DirectView view(v);
  if (view.empty()) return;
  const auto& q = v.query;
  const auto end = run_end(v.context);

  // Enrolment and renewal: every installed VNFCI certificate reaches the CMF's inventory.
  for (const char* purpose : {values::kPurposeEnrolment, values::kPurposeRenewal}) {
    int seen = 0;
    bool ok = true;
    for (const auto* r : q.all(RecordFilter{}
                                   .of_kind(RecordKind::decision)
                                   .op(decisions::kCertificateInstalled)
                                   .with(keys::kPurpose, purpose)
                                   .with_outcome(outcomes::kOk))) {
      const auto vnfci = detail_of(*r, keys::kVnfci);
      if (vnfci.empty() || view.vnfci(vnfci) == nullptr) continue;
      ++seen;
      const auto serial = detail_of(*r, keys::kSerial);
      const auto* rec = recorded(v, serial);
      if (rec != nullptr) continue;
      const auto* c = view.vnfci(vnfci);
      if ((c->retired != nullptr && c->retired->time - r->time < sim::Duration::minutes(1)) ||
          end - r->time < sim::Duration::minutes(1)) {
        out.inconc(std::string(purpose) + ": " + vnfci + "'s certificate " + serial +
                       " installed just before it was retired or the run ended; the CMF had no "
                       "chance to record it",
                   {r->id});
        continue;
      }
      ok = false;
      out.fail(std::string(purpose) + ": " + vnfci + " installed " + serial + " (" + describe(*r) +
                   ") but the CMF never recorded it in its inventory",
               {r->id});
    }
    if (seen == 0) continue;
    exercised.insert(std::string(purpose) == values::kPurposeEnrolment ? "enrol" : "renew");
    if (ok)
      out.pass(std::string("direct-mode ") + purpose + ": " + std::to_string(seen) +
               " VNFCI certificate(s) installed, each recorded in the CMF's inventory");
  }

  // Revocation following the VNF lifecycle.
  std::map<std::string, std::vector<std::string>> revoked_by_vnfci;  // vnfci -> serials revoked
  for (const auto* removed : q.all(RecordFilter{}
                                       .of_kind(RecordKind::decision)
                                       .op(decisions::kVnfciRemoved)
                                       .with_outcome(outcomes::kOk))) {
    if (!v.roles.is_cmf(removed->actor)) continue;
    exercised.insert("revoke/remove");
    const auto vnfci = detail_of(*removed, keys::kVnfci);
    // Every certificate of the VNFCI the CMF recorded must be revoked.
    std::vector<std::string> serials;
    for (const auto* r : q.all(decision(removed->actor, decisions::kVnfciCertificateRecorded)
                                   .with(keys::kVnfci, vnfci)
                                   .with_outcome(outcomes::kOk)))
      if (r->id < removed->id) serials.push_back(detail_of(*r, keys::kSerial));
    for (const auto& serial : serials) {
      const auto revocations =
          ca_serial_decisions(v, decisions::kRevokeCertificate, serial, removed->id);
      const Rec* at_ca = revocations.empty() ? nullptr : revocations.front();
      if (at_ca == nullptr) {
        // Expired before removal: nothing left to revoke.
        const auto* rec = recorded(v, serial);
        const auto not_after =
            rec ? sim::parse_utc(detail_of(*rec, keys::kNotAfter)) : std::nullopt;
        if (not_after && not_after->unix_ns <= unix_ns_at(v, removed->time)) continue;
        out.fail("revoke: " + vnfci + " was removed (" + describe(*removed) + ") but certificate " +
                     serial + " was never revoked at a CA",
                 {removed->id});
        continue;
      }
      // Count the CA's revocations so far; the next CRL must hold at least that many entries.
      std::size_t revoked_so_far = 0;
      for (const auto* r : q.all(RecordFilter{}
                                     .of_kind(RecordKind::decision)
                                     .op(decisions::kRevokeCertificate)
                                     .by(at_ca->actor)
                                     .with_outcome(outcomes::kOk)))
        if (r->id <= at_ca->id) ++revoked_so_far;
      const auto* crl = q.first(
          decision(at_ca->actor, decisions::kPublishCrl).with_outcome(outcomes::kOk), at_ca->id);
      if (crl == nullptr) {
        out.inconc("revoke: " + serial + " revoked at " + at_ca->actor +
                       " but no CRL was published before the run ended",
                   {removed->id, at_ca->id});
        continue;
      }
      const auto entries = std::strtoull(detail_of(*crl, keys::kEntries).c_str(), nullptr, 10);
      if (entries < revoked_so_far) {
        out.fail("revoke: the CRL after revoking " + serial + " (" + describe(*crl) + ") has " +
                     std::to_string(entries) + " entries, fewer than the " +
                     std::to_string(revoked_so_far) + " revocations so far",
                 {at_ca->id, crl->id});
        continue;
      }
      revoked_by_vnfci[vnfci].push_back(serial);
      out.pass("revoke: " + vnfci + "'s certificate " + serial + " revoked at " + at_ca->actor +
                   " after " + detail_of(*removed, keys::kOperation) + " and counted by CRL " +
                   detail_of(*crl, keys::kNumber),
               {removed->id, at_ca->id, crl->id});
    }
  }
  for (const auto& vnfci : v.expect.direct.revoked)
    if (revoked_by_vnfci[vnfci].empty())
      out.fail("revoke: the scenario expects " + vnfci +
               "'s certificates revoked; the trace shows no revocation of them");

  // Expiry watch.
  for (const auto* a : q.all(RecordFilter{}
                                 .of_kind(RecordKind::decision)
                                 .op(decisions::kExpiryAlarm)
                                 .with_outcome(outcomes::kRaised))) {
    if (!v.roles.is_cmf(a->actor) || !has_detail(*a, keys::kVnfci)) continue;
    exercised.insert("expiry watch");
    const auto not_after = sim::parse_utc(detail_of(*a, keys::kNotAfter));
    if (not_after && unix_ns_at(v, a->time) >= not_after->unix_ns)
      out.fail("expiry watch: " + describe(*a) + " came after the certificate expired", {a->id});
    else
      out.pass("expiry watch: " + describe(*a), {a->id});
  }
  for (const auto* rec : q.all(RecordFilter{}
                                   .of_kind(RecordKind::decision)
                                   .op(decisions::kVnfciCertificateRecorded)
                                   .with_outcome(outcomes::kOk))) {
    const auto not_after = sim::parse_utc(detail_of(*rec, keys::kNotAfter));
    if (!not_after || not_after->unix_ns > unix_ns_at(v, end)) continue;
    exercised.insert("expiry watch");
    const auto vnfci = detail_of(*rec, keys::kVnfci);
    const auto identity = detail_of(*rec, keys::kIdentity);
    const auto serial = detail_of(*rec, keys::kSerial);
    bool handled = false;
    for (const auto* a :
         q.all(decision(rec->actor, decisions::kExpiryAlarm).with(keys::kVnfci, vnfci)))
      if (same_serial(detail_of(*a, keys::kSerial), serial)) handled = true;
    const auto* next = q.first(decision(rec->actor, decisions::kVnfciCertificateRecorded)
                                   .with(keys::kVnfci, vnfci)
                                   .with(keys::kIdentity, identity),
                               rec->id);
    if (next != nullptr && unix_ns_at(v, next->time) < not_after->unix_ns) handled = true;
    if (q.first(decision(rec->actor, decisions::kVnfciRemoved).with(keys::kVnfci, vnfci),
                rec->id) != nullptr)
      handled = true;
    if (!handled)
      out.fail("expiry watch: " + vnfci + "/" + identity + "'s certificate " + serial +
                   " expired during the run with no ExpiryAlarm, renewal or removal",
               {rec->id});
  }
}

void judge_direct_ca_selected(const ManoView& v, CheckOutcome& out) {
  DirectView view(v);
  for (const auto& c : view.vnfcis()) {
    if (c.created == nullptr) continue;
    const auto chosen = detail_of(*c.created, keys::kCa);
    for (const auto& e : c.enrolments) {
      if (e.issued == nullptr) continue;
      if (chosen.empty()) {
        out.fail(c.vnfci + "/" + e.identity + ": issued by " + e.issued->actor +
                     " but the CMF recorded no CA choice (" + describe(*c.created) + ")",
                 {c.created->id, e.issued->id});
      } else if (chosen != e.issued->actor) {
        out.fail(c.vnfci + "/" + e.identity + ": the CMF chose CA " + chosen + " but " +
                     e.issued->actor + " issued",
                 {c.created->id, e.issued->id});
      } else {
        out.pass(c.vnfci + "/" + e.identity + ": CA " + chosen + " chosen by " + c.cmf + " (" +
                     describe(*c.created) + ") issued it",
                 {c.created->id, e.issued->id});
      }
    }
  }
}

void judge_direct_data_handed_out(const ManoView& v, CheckOutcome& out) {
  DirectView view(v);
  const auto& q = v.query;
  for (const auto& c : view.vnfcis()) {
    for (const auto& e : c.enrolments) {
      if (e.flow == nullptr || e.reached < e.flow->configuration) continue;
      const auto* configured =
          e.steps.count(e.flow->configuration) ? e.steps.at(e.flow->configuration) : nullptr;
      if (configured == nullptr) continue;
      const auto* stored = q.first(
          decision(c.vnfci, decisions::kCertificateConfiguration).with_outcome(outcomes::kStored),
          configured->id);
      if (stored == nullptr) continue;
      if (detail_of(*stored, keys::kRejected) != "" && detail_of(*stored, keys::kRejected) != "0") {
        out.fail(c.vnfci + " rejected part of the configuration " + c.cmf + " sent (" +
                     describe(*stored) + ")",
                 {configured->id, stored->id});
        continue;
      }
      if (e.issued == nullptr || e.registered == nullptr) {
        if (e.refusal != nullptr)
          out.pass(c.vnfci + "/" + e.identity + ": configuration handed out (" +
                       describe(*configured) + "); the enrolment was then refused",
                   {configured->id, stored->id});
        continue;
      }
      const auto want = detail_of(*e.registered, keys::kSubject);
      const auto got = detail_of(*e.issued, keys::kSubject);
      if (!want.empty() && want != got) {
        out.fail(c.vnfci + "/" + e.identity + ": issued for \"" + got + "\", registered \"" + want +
                     "\"",
                 {e.registered->id, e.issued->id});
        continue;
      }
      out.pass(c.vnfci + "/" + e.identity + ": subject, names, CA, trust anchor and initial " +
                   "credential handed out (" + describe(*configured) + "), stored and used for \"" +
                   got + "\" (partial: the secret itself is not traced)",
               {configured->id, stored->id, e.issued->id});
    }
  }
}

}  // namespace ifa026::conformance

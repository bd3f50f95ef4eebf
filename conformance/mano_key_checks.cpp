// Annex B key-pair checks of the NFV-MANO entities (see mano_key_checks.hpp). Test descriptions
// follow ETSI TST010. The records they read are listed in docs/mano-certificates.md: the entity's
// GenerateKey (in, drbg, handle, spki_sha256), the HSM's GenerateKeyPair / AttestKey / SignCsr
// (handle, exported), the CMF's CsrValidation (spki_sha256) and KeyAttestationVerification.
#include "conformance/mano_key_checks.hpp"

#include <set>
#include <string>
#include <vector>

#include "conformance/check_outcome.hpp"
#include "conformance/mano_trace.hpp"
#include "pki/drbg.hpp"

namespace ifa026::conformance {
namespace {

using sim::RecordKind;
using Rec = sim::TraceRecord;

// The first 16 hex digits of a key digest, for reasons.
std::string short_key(const std::string& spki) {
  return spki.size() > 16 ? spki.substr(0, 16) + "..." : spki;
}

// The entity's GenerateKey ok records, trace order.
std::vector<const Rec*> keygens_of(const ManoView& v, const std::string& entity) {
  return v.query.all(decision(entity, decisions::kGenerateKey).with_outcome(outcomes::kOk));
}

// The HSM's GenerateKeyPair ok for `handle`, generated for `entity`, before `before`.
const Rec* hsm_keygen(const ManoView& v, const std::string& hsm, const std::string& entity,
                      const std::string& handle, std::uint64_t before) {
  return v.query.last(decision(hsm, decisions::kGenerateKeyPair)
                          .to(entity)
                          .with_outcome(outcomes::kOk)
                          .with(keys::kHandle, handle),
                      0, before);
}

// A record that says a private key left its generator (exported=true) for this key digest or
// HSM handle, or nullptr.
const Rec* export_of(const ManoView& v, const std::string& spki, const std::string& handle) {
  for (const auto& r : v.query.records()) {
    if (detail_of(r, keys::kExported) != values::kTrue) continue;
    if ((!spki.empty() && detail_of(r, "spki_sha256") == spki) ||
        (!handle.empty() && detail_of(r, keys::kHandle) == handle))
      return &r;
  }
  return nullptr;
}

// The first record of any actor, before `before`, naming this key digest.
const Rec* earlier_mention(const ManoView& v, const std::string& spki, std::uint64_t before) {
  for (const auto& r : v.query.records()) {
    if (r.id >= before) break;
    if (detail_of(r, "spki_sha256") == spki) return &r;
  }
  return nullptr;
}

// CSR validations by any CMF of the scenario about `entity`.
std::vector<const Rec*> csr_validations(const ManoView& v, const std::string& entity) {
  std::vector<const Rec*> out;
  for (const auto* r : v.query.all(RecordFilter{}
                                       .of_kind(RecordKind::crypto)
                                       .op(decisions::kCsrValidation)
                                       .with(keys::kEntity, entity)))
    if (v.roles.is_cmf(r->actor)) out.push_back(r);
  return out;
}

std::vector<const Rec*> csr_sends(const ManoView& v, const std::string& entity) {
  return v.query.all(
      RecordFilter{}.of_kind(RecordKind::send).by(entity).op(ops::kCertificateSigningRequest));
}

}  // namespace

// ID            Nfvo.Sc.002, Vnfm.Sc.002, Vim.Sc.002, Wim.Sc.005, Cism.Sc.005, Cir.Sc.005
// Objective     Every CSR a CMF validated for the entity carries a key pair the entity generated
//               itself: its GenerateKey record of that key (SHA-256 of the SPKI) precedes the
//               validation; generated in its own process, the record names an SP 800-90A DRBG
//               (OpenSSL's private DRBG); generated in its HSM, the HSM recorded generating that
//               handle for it. No record names the key before it was generated, none exports it.
// Reference     ETSI GS NFV-IFA 026 V4.5.1 clauses B.2-B.7 (Sc.002 / Sc.005)
// Applicability ICS "mano-certificates" (plus "wim"/"cism"/"cir")
// Verdict       pass per validated CSR with those observations; fail on a CSR key the entity did
//               not generate, a key seen before or exported, a non-SP 800-90A generator; inconc
//               when the digest or the DRBG is not recorded. Partial: the DRBG implementation's
//               approval and its seeding are not observable.
CheckResult check_own_key_generation(const CheckContext& context, const std::string& type) {
  ManoView v(context);
  CheckOutcome out;
  for (const auto& a : v.roles.entities_of(type)) {
    const auto validations = csr_validations(v, a);
    if (validations.empty()) {
      const auto sends = csr_sends(v, a);
      if (!sends.empty())
        out.inconc(a + " sent a CSR (" + describe(*sends.front()) + ") that no CMF validated",
                   {sends.front()->id});
      continue;
    }
    for (const auto* validation : validations) {
      const auto spki = detail_of(*validation, "spki_sha256");
      if (spki.empty()) {
        out.inconc(validation->actor + " recorded no key digest for " + a + "'s CSR (" +
                       describe(*validation) + ")",
                   {validation->id});
        continue;
      }
      const Rec* generated = nullptr;
      for (const auto* g : keygens_of(v, a))
        if (g->id < validation->id && detail_of(*g, "spki_sha256") == spki) generated = g;
      if (generated == nullptr) {
        const auto* own = v.query.last(
            decision(a, decisions::kGenerateKey).with_outcome(outcomes::kOk), 0, validation->id);
        out.fail(a + "'s CSR validated by " + validation->actor + " (" + describe(*validation) +
                     ") carries key " + short_key(spki) + ", which " + a +
                     (own == nullptr ? " never recorded generating"
                                     : " did not generate (its last key: " +
                                           short_key(detail_of(*own, "spki_sha256")) + ")"),
                 {validation->id});
        continue;
      }
      const auto handle = detail_of(*generated, keys::kHandle);
      if (const auto* seen = earlier_mention(v, spki, generated->id); seen != nullptr) {
        out.fail(a + "'s key " + short_key(spki) + " was known to " + seen->actor + " before " + a +
                     " generated it (" + describe(*seen) + ")",
                 {seen->id, generated->id});
        continue;
      }
      if (const auto* exported = export_of(v, spki, handle); exported != nullptr) {
        out.fail("the private key of " + a + "'s key " + short_key(spki) +
                     " left where it was "
                     "generated (" +
                     describe(*exported) + ")",
                 {generated->id, exported->id});
        continue;
      }
      const auto where = detail_of(*generated, keys::kIn);
      if (where == values::kInSelf) {
        const auto drbg = detail_of(*generated, keys::kDrbg);
        if (drbg.empty()) {
          out.inconc(a + " did not record the DRBG its key " + short_key(spki) + " came from (" +
                         describe(*generated) + ")",
                     {generated->id});
        } else if (!pki::is_sp800_90a_drbg(drbg)) {
          out.fail(a + " generated key " + short_key(spki) + " with \"" + drbg +
                       "\", not an SP 800-90A DRBG (" + describe(*generated) + ")",
                   {generated->id});
        } else {
          out.pass(a + " generated key " + short_key(spki) + " itself from OpenSSL's " + drbg +
                       " (SP 800-90A) and the CSR " + validation->actor +
                       " validated carries it; no record shows the key elsewhere before, none "
                       "exports it; not observable: the DRBG's approval and seeding",
                   {generated->id, validation->id});
        }
      } else if (where == values::kInHsm) {
        const auto* in_hsm = hsm_keygen(v, generated->peer, a, handle, generated->id);
        if (handle.empty() || in_hsm == nullptr) {
          out.fail(a + " recorded key " + short_key(spki) + " as generated in HSM " +
                       generated->peer + " (" + describe(*generated) +
                       "), but the HSM recorded no such key generation for it",
                   {generated->id});
        } else {
          out.pass(a + "'s key " + short_key(spki) + " was generated inside its HSM " +
                       generated->peer + " (handle " + handle + ", never exported) and the CSR " +
                       validation->actor +
                       " validated carries it; not observable: the HSM's "
                       "random bit generator",
                   {in_hsm->id, generated->id, validation->id});
        }
      } else {
        out.fail(a + " recorded key " + short_key(spki) + " as generated in \"" + where +
                     "\", neither itself nor its HSM (" + describe(*generated) + ")",
                 {generated->id});
      }
    }
  }
  return out.result("no " + entity_type_name(type) + " had a CSR validated by a CMF");
}

// ID            Nfvo.Sc.003, Vnfm.Sc.004, Vim.Sc.003, Wim.Sc.006, Cism.Sc.006, Cir.Sc.006
// Objective     With an HSM (parameter "hsm", flow C.4.x.2.7), every key pair of the entity is
//               generated in that HSM (its GenerateKeyPair for the entity's handle) and never
//               exported, and every use of the key happens there: each CSR sent with the key was
//               signed by the HSM (SignCsr of that handle for the entity, before the CSR), and
//               every TLS handshake the entity authenticated with a certificate (serial=) had
//               its signature made by the HSM (issue 20: a SignData ok of one of the entity's
//               HSM handles for it before the handshake, one per handshake).
// Reference     clauses B.2-B.7 (Sc.003 / Sc.004 / Sc.006); Annex C.4.x.2.7 step #0
// Applicability ICS "mano-certificates", "hsm" (plus "wim"/"cism"/"cir")
// Verdict       pass per key with those observations; fail on a key generated outside the HSM, an
//               HSM that did not generate it, an export, a CSR not signed by the HSM or a TLS
//               handshake the HSM signed nothing for; inconc for an entity without an HSM (the
//               protection is not exercised). Partial: the device's certified tamper resistance is
//               not observable.
CheckResult check_key_kept_in_hsm(const CheckContext& context, const std::string& type) {
  ManoView v(context);
  const auto& q = v.query;
  CheckOutcome out;
  for (const auto& a : v.roles.entities_of(type)) {
    const auto keygens = keygens_of(v, a);
    if (keygens.empty()) continue;
    const auto hsm = v.roles.hsm_of(a);
    if (hsm.empty()) {
      out.inconc(a + " has no HSM (parameter \"hsm\"): its key is kept in its own memory, so "
                     "tamper-resistant storage is not exercised",
                 {keygens.front()->id});
      continue;
    }
    // Issue 20: the handshakes it authenticated with a certificate, each after a TLS signature
    // its HSM made with one of its handles (paired in trace order).
    std::set<std::string> handles;
    for (const auto* g : keygens) handles.insert(detail_of(*g, keys::kHandle));
    std::vector<const Rec*> tls_signatures;
    for (const auto* sd :
         q.all(decision(hsm, decisions::kSignData).to(a).with_outcome(outcomes::kOk)))
      if (handles.count(detail_of(*sd, keys::kHandle))) tls_signatures.push_back(sd);
    std::size_t used = 0;
    bool handshakes_signed = true;
    for (const auto* h : q.all(crypto(a, decisions::kTlsHandshake).with_outcome(outcomes::kOk))) {
      if (detail_of(*h, keys::kSerial).empty()) continue;  // it presented no certificate
      if (used < tls_signatures.size() && tls_signatures[used]->id < h->id) {
        ++used;
        continue;
      }
      out.fail(a + " authenticated a TLS handshake (" + describe(*h) + ") for which its HSM " +
                   hsm + " made no signature: the key was used outside the HSM",
               {h->id});
      handshakes_signed = false;
    }
    if (!handshakes_signed) continue;
    for (std::size_t i = 0; i < keygens.size(); ++i) {
      const auto* g = keygens[i];
      const std::uint64_t until = i + 1 < keygens.size() ? keygens[i + 1]->id : 0;
      const auto handle = detail_of(*g, keys::kHandle);
      const auto spki = detail_of(*g, "spki_sha256");
      if (detail_of(*g, keys::kIn) != values::kInHsm || g->peer != hsm) {
        out.fail(a + " generated a key outside its HSM " + hsm + " (" + describe(*g) + ")",
                 {g->id});
        continue;
      }
      const auto* in_hsm = handle.empty() ? nullptr : hsm_keygen(v, hsm, a, handle, g->id);
      if (in_hsm == nullptr) {
        out.fail(hsm + " recorded no generation of " + a + "'s key \"" + handle + "\" (" +
                     describe(*g) + ")",
                 {g->id});
        continue;
      }
      if (const auto* exported = export_of(v, spki, handle); exported != nullptr) {
        out.fail(a + "'s HSM key \"" + handle + "\" was exported (" + describe(*exported) + ")",
                 {in_hsm->id, exported->id});
        continue;
      }
      bool ok = true;
      std::vector<std::uint64_t> ev = {in_hsm->id, g->id};
      std::size_t signatures = 0;
      for (const auto* csr : csr_sends(v, a)) {
        if (csr->id < g->id || (until != 0 && csr->id > until)) continue;
        const auto* signed_by_hsm = q.last(decision(hsm, decisions::kSignCsr)
                                               .to(a)
                                               .with_outcome(outcomes::kOk)
                                               .with(keys::kHandle, handle),
                                           g->id, csr->id);
        if (signed_by_hsm == nullptr) {
          out.fail(a + " sent a CSR (" + describe(*csr) + ") that " + hsm +
                       " did not sign with key \"" + handle + "\"",
                   {g->id, csr->id});
          ok = false;
          continue;
        }
        ++signatures;
        ev.push_back(signed_by_hsm->id);
        ev.push_back(csr->id);
      }
      std::size_t tls_signed = 0;
      for (const auto* sd : tls_signatures)
        if (detail_of(*sd, keys::kHandle) == handle) ++tls_signed;
      if (!ok) continue;
      out.pass(a + "'s key \"" + handle + "\" was generated in " + hsm +
                   " and never exported; its uses, " + std::to_string(signatures) +
                   " CSR signature(s) and " + std::to_string(tls_signed) +
                   " TLS handshake signature(s), were made by " + hsm +
                   "; not observable: the device's certified tamper resistance",
               ev);
    }
  }
  return out.result("no " + entity_type_name(type) + " generated a key");
}

// ID            Nfvo.Sc.008, Vnfm.Sc.015, Vim.Sc.009, Wim.Sc.009, Cism.Sc.009, Cir.Sc.009
// Objective     The entity has a key attestation mechanism: for the key of each CSR it sends, its
//               HSM produced a statement (AttestKey of that key's handle, bound to the CMF's
//               nonce) between the key's generation and the CSR, and a CMF verified the statement
//               that travelled in the CSR (KeyAttestationVerification ok for the entity: signature
//               chain to the HSM vendor root, SPKI digest of the CSR's key, nonce, claims).
// Reference     clauses B.2-B.7 (Sc.008 / Sc.009 / Sc.015); Annex C.4.x.2.7 steps #0, #2
// Applicability ICS "mano-certificates", "key-attestation" (plus "wim"/"cism"/"cir")
// Verdict       pass per CSR with a statement verified; fail when the CMF refused the statement or
//               its absence; inconc when the entity has no HSM (no mechanism in this model), no
//               statement was asked for, or no CMF verified it. Partial: whether the statement's
//               hardware claims are true is not observable.
CheckResult check_key_attestation_mechanism(const CheckContext& context, const std::string& type) {
  ManoView v(context);
  const auto& q = v.query;
  CheckOutcome out;
  for (const auto& a : v.roles.entities_of(type)) {
    const auto sends = csr_sends(v, a);
    if (sends.empty()) continue;
    const auto hsm = v.roles.hsm_of(a);
    if (hsm.empty()) {
      out.inconc(a + " has no HSM (parameter \"hsm\"): in this model key attestation statements "
                     "come from the HSM, and none was produced",
                 {sends.front()->id});
      continue;
    }
    for (std::size_t i = 0; i < sends.size(); ++i) {
      const auto* csr = sends[i];
      const std::uint64_t until = i + 1 < sends.size() ? sends[i + 1]->id : 0;
      const auto* g =
          q.last(decision(a, decisions::kGenerateKey).with_outcome(outcomes::kOk), 0, csr->id);
      const auto handle = g == nullptr ? std::string() : detail_of(*g, keys::kHandle);
      const auto* attested =
          handle.empty()
              ? nullptr
              : q.last(decision(hsm, decisions::kAttestKey).to(a).with(keys::kHandle, handle),
                       g->id, csr->id);
      const Rec* verified = nullptr;
      for (const auto* r : q.all(RecordFilter{}
                                     .of_kind(RecordKind::crypto)
                                     .op(decisions::kKeyAttestationVerification)
                                     .with(keys::kEntity, a)))
        if (v.roles.is_cmf(r->actor) && r->id > csr->id && (until == 0 || r->id < until)) {
          verified = r;
          break;
        }
      if (attested == nullptr || attested->outcome != outcomes::kOk) {
        if (verified != nullptr && verified->outcome != outcomes::kOk)
          out.fail(a + " sent its CSR (" + describe(*csr) + ") without a statement from " + hsm +
                       " and " + verified->actor + " refused it (" +
                       detail_of(*verified, keys::kReason) + ")",
                   {csr->id, verified->id});
        else
          out.inconc(a + " obtained no key attestation statement from " + hsm +
                         " for the key of its CSR (" + describe(*csr) +
                         "): the mechanism was not exercised",
                     {csr->id});
        continue;
      }
      if (verified == nullptr) {
        out.inconc(hsm + " attested " + a + "'s key (" + describe(*attested) +
                       ") but no CMF verified the statement, so its verifiability was not "
                       "observed",
                   {attested->id, csr->id});
        continue;
      }
      if (verified->outcome != outcomes::kOk) {
        out.fail(a + "'s key attestation statement from " + hsm + " did not verify at " +
                     verified->actor + " (" + detail_of(*verified, keys::kReason) + ")",
                 {attested->id, csr->id, verified->id});
        continue;
      }
      out.pass(a + ": " + hsm + " attested key \"" + handle + "\" (" + describe(*attested) +
                   "), the statement travelled in the CSR and " + verified->actor +
                   " verified it (vendor chain, key digest, nonce); not observable: whether its "
                   "hardware claims are true",
               {g->id, attested->id, csr->id, verified->id});
    }
  }
  return out.result("no " + entity_type_name(type) + " sent a CSR");
}

void register_mano_key_checks(CheckRegistry& registry) {
  struct Ids {
    std::string type, generation, storage, attestation;
  };
  const std::vector<Ids> ids = {
      {"nfvo", "Nfvo.Sc.002", "Nfvo.Sc.003", "Nfvo.Sc.008"},
      {"vnfm", "Vnfm.Sc.002", "Vnfm.Sc.004", "Vnfm.Sc.015"},
      {"vim", "Vim.Sc.002", "Vim.Sc.003", "Vim.Sc.009"},
      {"wim", "Wim.Sc.005", "Wim.Sc.006", "Wim.Sc.009"},
      {"cism", "Cism.Sc.005", "Cism.Sc.006", "Cism.Sc.009"},
      {"cir", "Cir.Sc.005", "Cir.Sc.006", "Cir.Sc.009"},
  };
  for (const auto& i : ids) {
    const auto type = i.type;
    registry.add(i.generation, "the CSR's key pair generated by the entity from an SP 800-90A DRBG",
                 [type](const CheckContext& c) { return check_own_key_generation(c, type); });
    registry.add(i.storage, "key generated in the HSM, never exported, every use made there",
                 [type](const CheckContext& c) { return check_key_kept_in_hsm(c, type); });
    registry.add(
        i.attestation, "key attestation statement produced and verified by the CMF",
        [type](const CheckContext& c) { return check_key_attestation_mechanism(c, type); });
  }
}

}  // namespace ifa026::conformance

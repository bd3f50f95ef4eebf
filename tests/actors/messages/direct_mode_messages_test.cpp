// The typed messages of direct mode (Cm-Vnfm, CA-1, CMF-VNFCI, NFVI-Trust, VNFCI-Verifier,
// CMF-Verifier): each struct's body is byte-identical to the body the actor code builds today
// (written here the way actors/vnfm, actors/cmf/direct_mode.cpp, actors/ca, actors/vnfci and
// actors/verifier write it), and round-trips. The signed RegisterEndEntityRequest is also checked
// against the shared builder and a real signature.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "actors/common/end_entity_registration.hpp"
#include "actors/common/envelope.hpp"
#include "actors/messages/attestation.hpp"
#include "actors/messages/ca1.hpp"
#include "actors/messages/cm_vnfm.hpp"
#include "actors/messages/cmf_vnfci.hpp"
#include "actors/messages/nfvi_trust.hpp"
#include "message_test_support.hpp"
#include "pki/certificate_authority.hpp"
#include "pki/key.hpp"
#include "pki/names.hpp"

namespace ifa026::actors::messages {
namespace {

using nlohmann::json;
using testing::bytes_of;
using testing::expect_wire_identical;

// ---- Cm-Vnfm ----

TEST(CmVnfmMessages, SubscriptionAsCmfAndVnfmBuildIt) {
  // direct_mode.cpp subscribe: an empty body.
  expect_wire_identical(LccnSubscriptionRequest{}, json::object(), "LccnSubscriptionRequest", "");
  // A filter as the VNFM reads it (no actor sends one today).
  json filtered = {{"filter", {{"vnfs", {"vnf-1"}}, {"states", {"COMPLETED"}}}}};
  LccnSubscriptionRequest m;
  m.filter =
      LccnFilter{std::vector<std::string>{"vnf-1"}, {}, {}, std::vector<std::string>{"COMPLETED"}};
  expect_wire_identical(m, filtered, "LccnSubscriptionRequest", "");

  // vnfm_actor.cpp on_subscription.
  Envelope reply{operations::kLccnSubscriptionResponse, "", json::object()};
  reply.body["status"] = "subscribed";
  reply.body["subscription"] = "vnfm-1-sub-1";
  expect_wire_identical(LccnSubscriptionResponse{"subscribed", std::nullopt, "vnfm-1-sub-1"},
                        reply.body, "LccnSubscriptionResponse", "");
  Envelope refused{operations::kLccnSubscriptionResponse, "", json::object()};
  refused.body["status"] = "rejected";
  refused.body["reason"] = "filter must be an object";
  expect_wire_identical(
      LccnSubscriptionResponse{"rejected", "filter must be an object", std::nullopt}, refused.body,
      "LccnSubscriptionResponse", "");
}

// vnfd.cpp to_json(VnfciIdentity).
json identity_json(const VnfciIdentityDescription& identity) {
  return json{{"name", identity.name},
              {"usage", identity.usage},
              {"subject", identity.subject},
              {"dns", identity.dns}};
}

// vnf_lcm.cpp to_json(Vnfci, change).
json vnfci_json(const std::string& vnfci, const std::string& vnfc, std::string_view change,
                const std::vector<VnfciIdentityDescription>& ids, bool attestation,
                const std::string& hsm) {
  json out = json::object();
  out["vnfci"] = vnfci;
  out["vnfc"] = vnfc;
  if (!change.empty()) out["change"] = std::string(change);
  json identities = json::array();
  for (const auto& identity : ids) identities.push_back(identity_json(identity));
  out["identities"] = std::move(identities);
  if (attestation) {
    json bootstrap = {{"attestation", true}};
    if (!hsm.empty()) bootstrap["hsm"] = hsm;
    out["secure_bootstrap"] = std::move(bootstrap);
  }
  return out;
}

std::vector<VnfciIdentityDescription> identities_of(const std::string& vnfci) {
  return {{"client",
           "client",
           "CN=" + vnfci + ".vnf-1.example.net,O=Operator",
           {vnfci + ".vnf-1.example.net"}},
          {"oam",
           "oam",
           "CN=oam." + vnfci + ".vnf-1.example.net,O=Operator",
           {"oam." + vnfci + ".vnf-1.example.net"}}};
}

TEST(CmVnfmMessages, NotificationAsTheVnfmBuildsIt) {
  // vnfm_actor.cpp complete() and notification(), lccn_subscriptions.cpp notify().
  json affected = json::array();
  affected.push_back(vnfci_json("vnf-1-fw-ctl-1", "fw-ctl", "REMOVED",
                                identities_of("vnf-1-fw-ctl-1"), false, ""));
  affected.push_back(vnfci_json("vnf-1-fw-ctl-2", "fw-ctl", "ADDED",
                                identities_of("vnf-1-fw-ctl-2"), true, "hsm-1"));
  affected.push_back(
      vnfci_json("vnf-1-fw-dp-1", "fw-dp", "ADDED", identities_of("vnf-1-fw-dp-1"), true, ""));
  json notification = json::object();
  notification["vnf"] = "vnf-1";
  notification["vnfd"] = "vnfd-fw";
  notification["operation"] = "HEAL";
  notification["state"] = "COMPLETED";
  notification["occurrence"] = "vnfm-1-op-3";
  notification["affected_vnfcs"] = std::move(affected);
  Envelope envelope{operations::kVnfLcmOperationOccurrenceNotification, "", notification};
  envelope.body["id"] = "vnfm-1-notification-5";
  envelope.body["subscription"] = "vnfm-1-sub-1";

  VnfLcmOperationOccurrenceNotification m;
  m.vnf = "vnf-1";
  m.vnfd = "vnfd-fw";
  m.operation = "HEAL";
  m.state = "COMPLETED";
  m.occurrence = "vnfm-1-op-3";
  m.affected_vnfcs = {
      VnfciEntry{"vnf-1-fw-ctl-1", "fw-ctl", "REMOVED", identities_of("vnf-1-fw-ctl-1"), {}},
      VnfciEntry{"vnf-1-fw-ctl-2", "fw-ctl", "ADDED", identities_of("vnf-1-fw-ctl-2"),
                 SecureBootstrapHint{true, "hsm-1"}},
      VnfciEntry{"vnf-1-fw-dp-1", "fw-dp", "ADDED", identities_of("vnf-1-fw-dp-1"),
                 SecureBootstrapHint{true, std::nullopt}}};
  m.id = "vnfm-1-notification-5";
  m.subscription = "vnfm-1-sub-1";
  expect_wire_identical(m, envelope.body, "VnfLcmOperationOccurrenceNotification", "");

  // The STARTING notification: no affected VNFCs yet.
  json starting = notification;
  starting["state"] = "STARTING";
  starting["affected_vnfcs"] = json::array();
  starting["id"] = "vnfm-1-notification-4";
  starting["subscription"] = "vnfm-1-sub-1";
  VnfLcmOperationOccurrenceNotification s = m;
  s.state = "STARTING";
  s.affected_vnfcs.clear();
  s.id = "vnfm-1-notification-4";
  expect_wire_identical(s, starting, "VnfLcmOperationOccurrenceNotification", "");
}

TEST(CmVnfmMessages, NotificationEntryWithoutIdentitiesDecodes) {
  // The CMF queries the VNF when an entry lacks identities (C.2.1.1 #0), so absence is legal.
  json entry = {{"vnfci", "vnf-1-fw-ctl-1"}, {"vnfc", "fw-ctl"}, {"change", "ADDED"}};
  auto decoded = from_body<VnfciEntry>(entry);
  ASSERT_TRUE(decoded.ok()) << decoded.failure().text();
  EXPECT_FALSE(decoded->identities.has_value());
  EXPECT_EQ(to_body(*decoded), entry);
}

TEST(CmVnfmMessages, QueryAsCmfAndVnfmBuildIt) {
  // direct_mode.cpp query.
  json request = json::object();
  request["vnf"] = "vnf-1";
  expect_wire_identical(QueryVnfRequest{"vnf-1"}, request, "QueryVnfRequest", "C.2.1.1#0");

  // vnfm_actor.cpp on_query: one VNF (vnf_lcm.cpp to_json(VnfInstance) plus status).
  json one = json::object();
  one["vnf"] = "vnf-1";
  one["vnfd"] = "vnfd-fw";
  one["state"] = "INSTANTIATED";
  json vnfcis = json::array();
  vnfcis.push_back(
      vnfci_json("vnf-1-fw-ctl-1", "fw-ctl", {}, identities_of("vnf-1-fw-ctl-1"), false, ""));
  one["vnfcis"] = std::move(vnfcis);
  json reply = one;
  reply["status"] = "ok";
  QueryVnfResponse m;
  m.status = "ok";
  m.vnf = "vnf-1";
  m.vnfd = "vnfd-fw";
  m.state = "INSTANTIATED";
  m.vnfcis = std::vector<VnfciEntry>{
      VnfciEntry{"vnf-1-fw-ctl-1", "fw-ctl", std::nullopt, identities_of("vnf-1-fw-ctl-1"), {}}};
  expect_wire_identical(m, reply, "QueryVnfResponse", "");

  // Every VNF.
  json all = json::object();
  all["status"] = "ok";
  all["vnfs"] = json::array({one});
  QueryVnfResponse every;
  every.status = "ok";
  every.vnfs =
      std::vector<VnfDescription>{VnfDescription{"vnf-1", "vnfd-fw", "INSTANTIATED", *m.vnfcis}};
  expect_wire_identical(every, all, "QueryVnfResponse", "");

  // A refusal.
  json refused = json::object();
  refused["status"] = "rejected";
  refused["reason"] = "unknown VNF vnf-9";
  refused["vnf"] = "vnf-9";
  QueryVnfResponse r;
  r.status = "rejected";
  r.reason = "unknown VNF vnf-9";
  r.vnf = "vnf-9";
  expect_wire_identical(r, refused, "QueryVnfResponse", "");
}

// ---- CA-1 ----

TEST(Ca1Messages, RegisterEndEntityRequestAsTheCmfBuildsAndSignsIt) {
  // A real RA key and certificate: the signature must verify over the struct's body.
  pki::PrivateKey ra_key = pki::PrivateKey::generate(pki::KeyType::ec_p256);
  const pki::CertificateAuthority ra = pki::CertificateAuthority::create_root(
      pki::DistinguishedName{{{"CN", "cmf.example.net"}}}, ra_key,
      pki::Instant{1'767'225'600'000'000'000}, 86400);
  const pki::Bytes secret = bytes_of("secret");
  const std::int64_t expires = 1'767'229'200'000'000'000;

  // The body as the wire carries it, by hand.
  json body = json::object();
  body["identity"] = "vnf-1-fw-ctl-1/client";
  body["subject"] = "CN=vnf-1-fw-ctl-1.vnf-1.example.net,O=Operator";
  body["dns"] = std::vector<std::string>{"vnf-1-fw-ctl-1.vnf-1.example.net"};
  body["reference"] = "0a1b2c";
  set_bytes(body, "secret", secret);
  body["one_use"] = true;
  body["expires"] = expires;
  body["exchange"] = std::uint64_t{4};

  // The shared builder gives the same body.
  EndEntityRegistration registration;
  registration.identity = "vnf-1-fw-ctl-1/client";
  registration.subject = "CN=vnf-1-fw-ctl-1.vnf-1.example.net,O=Operator";
  registration.dns = {"vnf-1-fw-ctl-1.vnf-1.example.net"};
  registration.reference = "0a1b2c";
  registration.secret = secret;
  registration.one_use = true;
  registration.expires = pki::Instant{expires};
  RegisterEndEntityRequest m = registration_request(registration, 4);
  EXPECT_EQ(json::to_cbor(to_body(m)), json::to_cbor(body));

  // Signed over the body without `signature`, `signer` included.
  m = sign_registration(m, ra.certificate(), ra_key);
  json signed_part = body;
  set_bytes(signed_part, "signer", ra.certificate().der());
  EXPECT_EQ(registration_signed_bytes(m), json::to_cbor(signed_part));
  EXPECT_FALSE(verify_registration(m).has_value());
  // ECDSA signatures differ per run: compare with the hand-written body carrying this signature.
  json actor_body = signed_part;
  set_bytes(actor_body, "signature", *m.signature);
  expect_wire_identical(m, actor_body, "RegisterEndEntityRequest", "C.2.1.1#2");

  // Without expires (no lifetime).
  json unlimited = body;
  unlimited.erase("expires");
  RegisterEndEntityRequest u = m;
  u.expires.reset();
  u.signer.reset();
  u.signature.reset();
  expect_wire_identical(u, unlimited, "RegisterEndEntityRequest", "C.2.1.1#2");
}

TEST(Ca1Messages, RegisterEndEntityResponseAsTheCaBuildsIt) {
  // ca_actor.cpp register_end_entity: answer().
  json request = {{"exchange", std::uint64_t{4}}};
  for (const bool registered : {true, false}) {
    const std::string reason = registered ? "" : "reference already registered for x/client";
    Envelope reply;
    reply.operation = operations::kRegisterEndEntityResponse;
    reply.step = "C.2.1.1#2";
    if (auto it = request.find("exchange"); it != request.end() && it->is_number())
      reply.body["exchange"] = *it;
    reply.body["status"] = registered ? "registered" : "rejected";
    if (!reason.empty()) reply.body["reason"] = reason;
    reply.body["identity"] = "vnf-1-fw-ctl-1/client";
    reply.body["reference"] = "0a1b2c";

    RegisterEndEntityResponse m;
    m.exchange = 4;
    m.status = registered ? "registered" : "rejected";
    if (!reason.empty()) m.reason = reason;
    m.identity = "vnf-1-fw-ctl-1/client";
    m.reference = "0a1b2c";
    expect_wire_identical(m, reply.body, "RegisterEndEntityResponse", "C.2.1.1#2");
  }
}

TEST(Ca1Messages, CmpCarrierAsClientAndCaBuildIt) {
  const pki::Bytes der = bytes_of("pkimessage");
  // cmp_exchange.cpp transmit.
  Envelope request;
  request.operation = "p10cr";
  request.step = "C.4.1.2.6#3";
  request.body["exchange"] = std::uint64_t{17};
  set_bytes(request.body, "der", der);
  expect_wire_identical(CmpMessage{17, der}, request.body, "p10cr", "C.4.1.2.6#3");

  // ca_actor.cpp complete: the number echoed when the request had one.
  Envelope reply;
  reply.operation = "cp";
  std::optional<long long> exchange = 17;
  if (exchange) reply.body["exchange"] = *exchange;
  set_bytes(reply.body, "der", der);
  expect_wire_identical(CmpMessage{17, der}, reply.body, "cp", "C.4.1.2.6#5");
  Envelope bare;
  bare.operation = "error";
  set_bytes(bare.body, "der", der);
  expect_wire_identical(CmpMessage{std::nullopt, der}, bare.body, "error", "");

  for (const char* name : {"ir", "ip", "cr", "cp", "p10cr", "kur", "kup", "rr", "rp", "certConf",
                           "pkiConf", "error", "genm", "genp", "pollReq", "pollRep"})
    EXPECT_TRUE(CmpMessage::accepts(name)) << name;
  EXPECT_FALSE(CmpMessage::accepts("RegisterEndEntityRequest"));
  EXPECT_FALSE(CmpMessage::accepts(""));
}

// ---- CMF-VNFCI ----

TEST(CmfVnfciMessages, ConfigurationAsTheCmfBuildsIt) {
  // direct_mode.cpp configure(): C.2.1.3 with an HSM and a validity hint.
  const pki::Bytes secret = bytes_of("secret");
  const pki::Bytes anchor = bytes_of("anchor");
  const pki::Bytes vendor_root = bytes_of("vendor-root");
  json identities = json::array();
  for (const auto& identity : identities_of("vnf-1-fw-ctl-1")) {
    json entry = json::object();
    entry["name"] = identity.name;
    entry["usage"] = identity.usage;
    entry["subject"] = identity.subject;
    entry["dns"] = identity.dns;
    entry["ca"] = "ca-1";
    entry["reference"] = "ref-" + identity.name;
    set_bytes(entry, "secret", secret);
    set_bytes(entry, "trust_anchor", anchor);
    entry["renew_before"] = "10d";
    entry["validity_hint"] = "90d";
    identities.push_back(std::move(entry));
  }
  json body = json::object();
  body["vnf"] = "vnf-1";
  body["vnfci"] = "vnf-1-fw-ctl-1";
  body["cmf"] = "cmf-1";
  body["flow"] = "C.2.1.3";
  body["identities"] = std::move(identities);
  json hsm = json::object();
  hsm["name"] = "hsm-1";
  set_bytes(hsm, "vendor_root", vendor_root);
  body["hsm"] = std::move(hsm);

  VnfciCertificateConfiguration m;
  m.vnf = "vnf-1";
  m.vnfci = "vnf-1-fw-ctl-1";
  m.cmf = "cmf-1";
  m.flow = "C.2.1.3";
  for (const auto& identity : identities_of("vnf-1-fw-ctl-1"))
    m.identities.push_back(
        VnfciIdentityConfiguration{identity.name, identity.usage, identity.subject, identity.dns,
                                   "ca-1", "ref-" + identity.name, secret, anchor, "10d", "90d"});
  m.hsm = HsmAssignment{"hsm-1", vendor_root};
  expect_wire_identical(m, body, "VnfciCertificateConfiguration", "C.2.1.3#5");

  // C.2.1.1: no hsm, no validity hint.
  json plain = body;
  plain.erase("hsm");
  plain["flow"] = "C.2.1.1";
  for (auto& entry : plain["identities"]) entry.erase("validity_hint");
  VnfciCertificateConfiguration p = m;
  p.hsm.reset();
  p.flow = "C.2.1.1";
  for (auto& entry : p.identities) entry.validity_hint.reset();
  expect_wire_identical(p, plain, "VnfciCertificateConfiguration", "C.2.1.1#3");
}

TEST(CmfVnfciMessages, ReportAsTheVnfciBuildsIt) {
  // vnfci_actor.cpp report_certificate.
  const pki::Bytes certificate = bytes_of("certificate");
  nlohmann::json body = nlohmann::json::object();
  body["identity"] = "client";
  set_bytes(body, "certificate", certificate);
  body["purpose"] = "rotation";
  expect_wire_identical(VnfciCertificateReport{"client", certificate, "rotation"}, body,
                        "VnfciCertificateReport", "");
}

// ---- NFVI-Trust ----

TEST(NfviTrustMessages, HardwareRootAsTheVnfmBuildsIt) {
  // vnfm_actor.cpp on_start.
  const pki::Bytes root = bytes_of("hardware-root");
  Envelope envelope{operations::kHardwareRoot, "", json::object()};
  set_bytes(envelope.body, "hardware_root", root);
  envelope.body["nfvi"] = "vnfm-1";
  expect_wire_identical(HardwareRoot{root, "vnfm-1"}, envelope.body, "HardwareRoot", "");
}

// ---- VNFCI-Verifier, CMF-Verifier ----

TEST(AttestationMessages, ChallengeAsVnfciAndVerifierBuildIt) {
  // vnfci/attester.cpp request_challenge.
  Envelope request{operations::kAttestationChallengeRequest, "", json::object()};
  request.body["reference"] = "vnfd-fw/fw-ctl";
  expect_wire_identical(AttestationChallengeRequest{"vnfd-fw/fw-ctl"}, request.body,
                        "AttestationChallengeRequest", "");

  // verifier_actor.cpp challenge: issued, then refused.
  const pki::Bytes nonce = bytes_of("nonce");
  const pki::Bytes key = bytes_of("agreement-spki");
  const std::vector<std::string> parties{"cmf-1", "cmf-2"};
  const pki::Instant expires{1'767'225'660'000'000'000};
  Envelope reply{operations::kAttestationChallengeResponse, "", json::object()};
  reply.body["status"] = "ok";
  set_bytes(reply.body, "nonce", nonce);
  set_bytes(reply.body, "verifier_key", key);
  reply.body["relying_parties"] = parties;
  reply.body["expires"] = expires.unix_ns;
  expect_wire_identical(
      AttestationChallengeResponse{"ok", std::nullopt, nonce, key, parties, expires.unix_ns},
      reply.body, "AttestationChallengeResponse", "");
  Envelope refused{operations::kAttestationChallengeResponse, "", json::object()};
  refused.body["status"] = "error";
  refused.body["reason"] = "no reference values for vnfd-x/y";
  expect_wire_identical(
      AttestationChallengeResponse{"error", "no reference values for vnfd-x/y", {}, {}, {}, {}},
      refused.body, "AttestationChallengeResponse", "");
}

TEST(AttestationMessages, EvidenceAsVnfciAndVerifierBuildIt) {
  // vnfci/attester.cpp on_challenge.
  const pki::Bytes evidence = bytes_of("evidence");
  Envelope request{operations::kAttestationEvidenceRequest, "", json::object()};
  set_bytes(request.body, "evidence", evidence);
  expect_wire_identical(AttestationEvidenceRequest{evidence}, request.body,
                        "AttestationEvidenceRequest", "");

  // verifier_actor.cpp appraise: appraised, then refused.
  const pki::Bytes result = bytes_of("result");
  Envelope reply{operations::kAttestationEvidenceResponse, "", json::object()};
  reply.body["status"] = "contraindicated";
  set_bytes(reply.body, "result", result);
  expect_wire_identical(AttestationEvidenceResponse{"contraindicated", std::nullopt, result},
                        reply.body, "AttestationEvidenceResponse", "");
  Envelope refused{operations::kAttestationEvidenceResponse, "", json::object()};
  refused.body["status"] = "error";
  refused.body["reason"] = "challenge expired";
  expect_wire_identical(AttestationEvidenceResponse{"error", "challenge expired", std::nullopt},
                        refused.body, "AttestationEvidenceResponse", "");
}

TEST(AttestationMessages, ResultAsCmfAndVerifierBuildIt) {
  // direct_mode.cpp ask_verifier.
  json request = json::object();
  request["vnfci"] = "vnf-1-fw-ctl-1";
  expect_wire_identical(AttestationResultRequest{"vnf-1-fw-ctl-1"}, request,
                        "AttestationResultRequest", "C.2.1.2#2");

  // verifier_actor.cpp answer: affirming with the PSK, pending, refused.
  const pki::Bytes certificate = bytes_of("verifier-certificate");
  const pki::Bytes result = bytes_of("result");
  const pki::Bytes nonce = bytes_of("nonce");
  const pki::Bytes hmee_key = bytes_of("hmee-spki");
  const pki::Bytes psk = bytes_of("psk");
  auto base = [&] {
    Envelope reply{operations::kAttestationResultResponse, "C.2.1.2#2", json::object()};
    reply.body["vnfci"] = "vnf-1-fw-ctl-1";
    set_bytes(reply.body, "verifier_certificate", certificate);
    return reply;
  };
  Envelope affirming = base();
  affirming.body["status"] = "affirming";
  set_bytes(affirming.body, "result", result);
  affirming.body["reference"] = "vnfd-fw/fw-ctl";
  set_bytes(affirming.body, "nonce", nonce);
  set_bytes(affirming.body, "hmee_key", hmee_key);
  set_bytes(affirming.body, "psk", psk);
  AttestationResultResponse m{"vnf-1-fw-ctl-1", certificate, "affirming", std::nullopt, result,
                              "vnfd-fw/fw-ctl", nonce,       hmee_key,    psk};
  expect_wire_identical(m, affirming.body, "AttestationResultResponse", "C.2.1.2#2");

  Envelope pending = base();
  pending.body["status"] = "pending";
  AttestationResultResponse p;
  p.vnfci = "vnf-1-fw-ctl-1";
  p.verifier_certificate = certificate;
  p.status = "pending";
  expect_wire_identical(p, pending.body, "AttestationResultResponse", "C.2.1.2#2");

  Envelope refused = base();
  refused.body["status"] = "error";
  refused.body["reason"] = "not a relying party over its day-0 channel";
  AttestationResultResponse r = p;
  r.status = "error";
  r.reason = "not a relying party over its day-0 channel";
  expect_wire_identical(r, refused.body, "AttestationResultResponse", "C.2.1.2#2");
}

}  // namespace
}  // namespace ifa026::actors::messages

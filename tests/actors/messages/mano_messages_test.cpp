// The typed messages of the MANO certificate flows (CMF-1, Os-Ma-Nfvo, session checks, CRL-DP,
// HSM-If, generic errors): each struct's body is byte-identical to the body the actor code builds
// today (written here the way the actors write it: actors/oss, actors/cmf/cmf_actor.cpp,
// actors/common/mano_entity.cpp, actors/hsm, actors/ca), and round-trips.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "actors/common/envelope.hpp"
#include "actors/messages/cmf1.hpp"
#include "actors/messages/crl_dp.hpp"
#include "actors/messages/hsm_if.hpp"
#include "actors/messages/operation_error.hpp"
#include "actors/messages/os_ma_nfvo.hpp"
#include "actors/messages/session_check.hpp"
#include "message_test_support.hpp"
#include "pki/password_based_mac.hpp"

namespace ifa026::actors::messages {
namespace {

using nlohmann::json;
using testing::bytes_of;
using testing::expect_wire_identical;

// ---- CMF-1 ----

TEST(Cmf1Messages, RegisterEntityRequestAsTheOssBuildsIt) {
  // actors/oss: register_entity, with and without the entity's credential parameter.
  for (const bool with_credential : {false, true}) {
    json body = json::object();
    body["entity"] = "nfvo-1";
    body["kind"] = "nfvo";
    body["fqdn"] = "nfvo.example.net";
    if (with_credential) body["credential"] = json{{"one_use", false}, {"lifetime", "2h"}};

    RegisterEntityRequest m{"nfvo-1", "nfvo", "nfvo.example.net", std::nullopt};
    if (with_credential) m.credential = CredentialOptions{false, "2h"};
    expect_wire_identical(m, body, "RegisterEntityRequest", "C.4.1.1#0");
  }
}

TEST(Cmf1Messages, RegisterEntityResponseRegisteredAsTheCmfBuildsIt) {
  // actors/cmf/cmf_actor.cpp: handle_register.
  const pki::Bytes secret = bytes_of("secret");
  const pki::Bytes nonce = bytes_of("nonce");
  const pki::Bytes root1 = bytes_of("root-1");
  const pki::Bytes root2 = bytes_of("root-2");
  json out = json::object();
  out["status"] = "registered";
  out["reason"] = "";
  out["entity"] = "vnfm-1";
  out["kind"] = "vnfm";
  out["fqdn"] = "vnfm.example.net";
  out["ca"] = "ca-2";
  json initial = json::object();
  initial["reference"] = "vnfm-1-1";
  set_bytes(initial, "secret", secret);
  initial["one_use"] = true;
  initial["expires"] = "2026-01-01T01:00:00Z";
  out["initial_credential"] = std::move(initial);
  set_bytes(out, "attestation_nonce", nonce);
  set_bytes(out, "trust_anchor", root1);
  set_bytes_list(out, "trust_anchors", {root1, root2});
  out["cmf"] = "cmf-1";
  out["cmf_fqdn"] = "cmf.example.net";

  RegisterEntityResponse m;
  m.status = "registered";
  m.reason = "";
  m.entity = "vnfm-1";
  m.kind = "vnfm";
  m.fqdn = "vnfm.example.net";
  m.ca = "ca-2";
  m.initial_credential = InitialCredential{"vnfm-1-1", secret, true, "2026-01-01T01:00:00Z"};
  m.attestation_nonce = nonce;
  m.trust_anchor = root1;
  m.trust_anchors = std::vector<pki::Bytes>{root1, root2};
  m.cmf = "cmf-1";
  m.cmf_fqdn = "cmf.example.net";
  expect_wire_identical(m, out, "RegisterEntityResponse", "C.4.2.1#2");
}

TEST(Cmf1Messages, RegisterEntityResponseRejectedAsTheCmfBuildsIt) {
  // actors/cmf/cmf_actor.cpp: reject_registration.
  json out = json::object();
  out["status"] = "rejected";
  out["reason"] = "FQDN outside the allowed domains";
  out["entity"] = "vim-1";
  out["fqdn"] = "vim.elsewhere.org";
  out["cmf"] = "cmf-1";

  RegisterEntityResponse m;
  m.status = "rejected";
  m.reason = "FQDN outside the allowed domains";
  m.entity = "vim-1";
  m.fqdn = "vim.elsewhere.org";
  m.cmf = "cmf-1";
  expect_wire_identical(m, out, "RegisterEntityResponse");
}

TEST(Cmf1Messages, CertificateSigningRequestAsTheEntityBuildsIt) {
  // actors/common/mano_entity.cpp: send_csr, enrolment (with the PBM credential) and renewal.
  const pki::Bytes csr = bytes_of("csr");
  for (const bool enrolment : {true, false}) {
    json body = json::object();
    set_bytes(body, "csr", csr);
    body["purpose"] = enrolment ? "enrolment" : "renewal";
    if (enrolment) {
      json credential = json::object();
      credential["reference"] = "nfvo-1-1";
      set_bytes(credential, "mac", bytes_of("mac"));
      set_bytes(credential, "salt", bytes_of("salt"));
      credential["iterations"] = pki::kCmpPbmIterations;
      body["credential"] = std::move(credential);
    }

    CertificateSigningRequest m{csr, enrolment ? "enrolment" : "renewal", std::nullopt};
    if (enrolment)
      m.credential =
          PbmCredential{"nfvo-1-1", bytes_of("mac"), bytes_of("salt"), pki::kCmpPbmIterations};
    expect_wire_identical(m, body, "CertificateSigningRequest", "C.4.1.2.6#0");
  }
}

TEST(Cmf1Messages, CertificateSigningResponseAsTheCmfBuildsIt) {
  // actors/cmf/cmf_actor.cpp: on_issued.
  const pki::Bytes certificate = bytes_of("certificate");
  const std::vector<pki::Bytes> chain{bytes_of("issuing"), bytes_of("root")};
  json out = json::object();
  out["status"] = "issued";
  out["reason"] = "";
  set_bytes(out, "certificate", certificate);
  set_bytes_list(out, "chain", chain);
  expect_wire_identical(CertificateSigningResponse{"issued", "", certificate, chain}, out,
                        "CertificateSigningResponse", "C.4.1.2.6#6");

  // reject_csr and not_ready.
  json rejected = json::object();
  rejected["status"] = "rejected";
  rejected["reason"] = "CSR missing";
  expect_wire_identical(
      CertificateSigningResponse{"rejected", "CSR missing", std::nullopt, std::nullopt}, rejected,
      "CertificateSigningResponse", "C.4.1.2.6#2");
}

TEST(Cmf1Messages, RevokeCertificateRequestAsOssAndEntityBuildIt) {
  // actors/oss: revoke.
  json from_oss = json::object();
  from_oss["entity"] = "vnfm-1";
  from_oss["reason"] = "keyCompromise";
  expect_wire_identical(RevokeCertificateRequest{"vnfm-1", "keyCompromise", std::nullopt}, from_oss,
                        "RevokeCertificateRequest", "");

  // actors/common/mano_entity.cpp: request_revocation.
  json from_entity = json::object();
  from_entity["entity"] = "vnfm-1";
  from_entity["serial"] = "1A2B";
  from_entity["reason"] = "superseded";
  expect_wire_identical(RevokeCertificateRequest{"vnfm-1", "superseded", "1A2B"}, from_entity,
                        "RevokeCertificateRequest", "");
}

TEST(Cmf1Messages, RevokeCertificateResponseAsTheCmfBuildsIt) {
  // actors/cmf/cmf_actor.cpp: on_revoked.
  json out = json::object();
  out["status"] = "revoked";
  out["reason"] = "keyCompromise";
  out["entity"] = "vnfm-1";
  out["serial"] = "1A2B";
  expect_wire_identical(RevokeCertificateResponse{"revoked", "keyCompromise", "vnfm-1", "1A2B"},
                        out, "RevokeCertificateResponse", "");

  // reject_revocation.
  json rejected = json::object();
  rejected["status"] = "rejected";
  rejected["reason"] = "entity not registered";
  rejected["entity"] = "ghost";
  expect_wire_identical(
      RevokeCertificateResponse{"rejected", "entity not registered", "ghost", std::nullopt},
      rejected, "RevokeCertificateResponse", "");
}

TEST(Cmf1Messages, CertificateRemovedAsTheCmfBuildsIt) {
  // actors/cmf/cmf_actor.cpp: on_revoked.
  json removed = json::object();
  removed["serial"] = "1A2B";
  removed["reason"] = "keyCompromise";
  expect_wire_identical(CertificateRemoved{"1A2B", "keyCompromise"}, removed, "CertificateRemoved",
                        "");
}

// ---- Os-Ma-Nfvo and relays ----

TEST(OsMaNfvoMessages, SetCertificateConfigurationAsTheOssBuildsIt) {
  // actors/oss: configure, with the registration the CMF answered.
  const pki::Bytes secret = bytes_of("secret");
  const pki::Bytes nonce = bytes_of("nonce");
  const pki::Bytes root = bytes_of("root");
  const pki::Bytes cmf_root = bytes_of("cmf-root");
  json registration = json::object();
  registration["initial_credential"] = {{"reference", "vim-1-1"}};
  set_bytes(registration["initial_credential"], "secret", secret);
  registration["initial_credential"]["one_use"] = true;
  registration["initial_credential"]["expires"] = "2026-01-01T01:00:00Z";
  set_bytes(registration, "attestation_nonce", nonce);
  set_bytes(registration, "trust_anchor", root);
  set_bytes_list(registration, "trust_anchors", {root, cmf_root});

  json body = json::object();
  body["target"] = "vim-1";
  body["via"] = std::vector<std::string>{"vnfm-1"};
  body["fqdn"] = "vim.example.net";
  body["subject"] = "CN=vim.example.net,O=Operator";
  body["key_type"] = "ec-p256";
  if (auto it = registration.find("initial_credential"); it != registration.end())
    body["initial_credential"] = *it;
  if (auto n = get_bytes(registration, "attestation_nonce"))
    set_bytes(body, "attestation_nonce", *n);
  if (auto a = get_bytes(registration, "trust_anchor")) set_bytes(body, "trust_anchor", *a);
  if (auto anchors = get_bytes_list(registration, "trust_anchors"))
    set_bytes_list(body, "trust_anchors", *anchors);
  body["cmf"] = get_string(registration, "cmf", "cmf-1");
  json kinds = json::object();
  kinds["nfvo-1"] = "nfvo";
  kinds["vnfm-1"] = "vnfm";
  kinds["vim-1"] = "vim";
  kinds["oss-1"] = "oss";
  body["kinds"] = std::move(kinds);

  SetCertificateConfiguration m;
  m.target = "vim-1";
  m.via = {"vnfm-1"};
  m.kinds = {{"nfvo-1", "nfvo"}, {"vnfm-1", "vnfm"}, {"vim-1", "vim"}, {"oss-1", "oss"}};
  m.fqdn = "vim.example.net";
  m.subject = "CN=vim.example.net,O=Operator";
  m.key_type = "ec-p256";
  m.initial_credential = InitialCredential{"vim-1-1", secret, true, "2026-01-01T01:00:00Z"};
  m.attestation_nonce = nonce;
  m.trust_anchor = root;
  m.trust_anchors = std::vector<pki::Bytes>{root, cmf_root};
  m.cmf = "cmf-1";
  expect_wire_identical(m, body, "SetCertificateConfiguration", "");

  // The relay (mano_entity.cpp relay_configuration): the same body, one hop taken off `via`.
  json relayed = body;
  relayed["via"] = std::vector<std::string>{};
  SetCertificateConfiguration next = m;
  next.via.clear();
  expect_wire_identical(next, relayed, "SetCertificateConfiguration", "");
}

TEST(OsMaNfvoMessages, SetCertificateConfigurationOfTheMisconfiguredOss) {
  // actors/oss: configure_unregistered makes its own credential (reference and secret only).
  const pki::Bytes secret = bytes_of("made-up");
  const pki::Bytes root = bytes_of("root");
  json registration = json::object();
  registration["initial_credential"] = {{"reference", "nfvo-1-unregistered"}};
  set_bytes(registration["initial_credential"], "secret", secret);
  set_bytes(registration, "trust_anchor", root);
  registration["cmf"] = "cmf-1";

  json body = json::object();
  body["target"] = "nfvo-1";
  body["via"] = std::vector<std::string>{};
  body["fqdn"] = "nfvo.example.net";
  body["subject"] = "CN=nfvo.example.net,O=Operator";
  body["key_type"] = "ec-p384";
  body["initial_credential"] = registration["initial_credential"];
  set_bytes(body, "trust_anchor", root);
  body["cmf"] = get_string(registration, "cmf", "other");
  body["kinds"] = json{{"nfvo-1", "nfvo"}, {"oss-1", "oss"}};

  SetCertificateConfiguration m;
  m.target = "nfvo-1";
  m.kinds = {{"nfvo-1", "nfvo"}, {"oss-1", "oss"}};
  m.fqdn = "nfvo.example.net";
  m.subject = "CN=nfvo.example.net,O=Operator";
  m.key_type = "ec-p384";
  m.initial_credential = InitialCredential{"nfvo-1-unregistered", secret, {}, {}};
  m.trust_anchor = root;
  m.cmf = "cmf-1";
  expect_wire_identical(m, body, "SetCertificateConfiguration", "");
}

// ---- session checks ----

TEST(SessionCheckMessages, RequestAndResponsesAsEntitiesAndHsmBuildThem) {
  const pki::Bytes nonce = bytes_of("nonce");
  // mano_entity.cpp attempt_session_check; vnfci/hsm_link.cpp open.
  json request = json::object();
  set_bytes(request, "nonce", nonce);
  expect_wire_identical(SessionCheckRequest{nonce}, request, "SessionCheckRequest", "C.2.1.3#6");

  // mano_entity.cpp: the echo, and the refusal without a nonce.
  json echo = json::object();
  set_bytes(echo, "nonce", nonce);
  expect_wire_identical(SessionCheckResponse{nonce, std::nullopt, std::nullopt}, echo,
                        "SessionCheckResponse", "");
  json no_nonce = json::object();
  no_nonce["status"] = "error";
  no_nonce["reason"] = "no nonce";
  expect_wire_identical(SessionCheckResponse{std::nullopt, "error", "no nonce"}, no_nonce,
                        "SessionCheckResponse", "");
  // mano_entity.cpp authorised(): access denied.
  json denied = json::object();
  denied["status"] = "error";
  denied["reason"] = "access denied: peer not in access list";
  expect_wire_identical(
      SessionCheckResponse{std::nullopt, "error", "access denied: peer not in access list"}, denied,
      "SessionCheckResponse", "");
  // hsm_actor.cpp: the nonce echoed when there is one, else an empty body.
  expect_wire_identical(SessionCheckResponse{}, json::object(), "SessionCheckResponse",
                        "C.2.1.3#6");
}

// ---- CRL-DP ----

TEST(CrlDpMessages, CrlPublicationAsTheCaBuildsIt) {
  // actors/ca: publish.
  const pki::Bytes crl = bytes_of("crl");
  Envelope envelope;
  envelope.operation = operations::kCrlPublication;
  set_bytes(envelope.body, "crl", crl);
  expect_wire_identical(CrlPublication{crl, std::nullopt}, envelope.body, "CrlPublication", "");
}

// ---- HSM-If and HMEE-HSM ----

TEST(HsmIfMessages, GenerateKeyPairRequestAsEntityAndHmeeBuildIt) {
  // mano_entity.cpp start_enrolment (HSM-If).
  json body = json::object();
  body["key_type"] = "ec-p384";
  expect_wire_identical(GenerateKeyPairRequest{"ec-p384", std::nullopt, std::nullopt}, body,
                        "GenerateKeyPairRequest", "C.4.1.2.7#0");

  // vnfci/hsm_link.cpp generate_key (HMEE-HSM).
  const std::uint64_t id = 7;
  Envelope envelope{operations::kGenerateKeyPairRequest, "C.2.1.3#7", json::object()};
  envelope.body["key_type"] = "ec-p256";
  envelope.body["identity"] = "client";
  envelope.body["context"] = {{"request", id}};
  expect_wire_identical(GenerateKeyPairRequest{"ec-p256", "client", HsmRequestContext{7}},
                        envelope.body, "GenerateKeyPairRequest", "C.2.1.3#7");
}

TEST(HsmIfMessages, GenerateKeyPairResponseAsTheHsmBuildsIt) {
  // hsm_actor.cpp generate: HSM-If, then HMEE-HSM (private key exported, context echoed).
  const pki::Bytes public_key = bytes_of("spki");
  const pki::Bytes private_key = bytes_of("pkcs8");
  json body = {{"status", "ok"}, {"handle", "hsm-1/key-1"}, {"key_type", "ec-p256"}};
  set_bytes(body, "public_key", public_key);
  GenerateKeyPairResponse m;
  m.status = "ok";
  m.handle = "hsm-1/key-1";
  m.key_type = "ec-p256";
  m.public_key = public_key;
  expect_wire_identical(m, body, "GenerateKeyPairResponse", "C.4.1.2.7#0");

  json request_context = {{"request", 3}};
  set_bytes(body, "private_key", private_key);
  body["context"] = request_context;
  m.private_key = private_key;
  m.context = HsmRequestContext{3};
  expect_wire_identical(m, body, "GenerateKeyPairResponse", "C.2.1.3#8");

  // fail(): a refusal (with the handle when there is one; none for keygen), context echoed.
  json refused = {{"status", "error"}, {"reason", "unknown key type \"ec-p999\""}};
  refused["context"] = request_context;
  GenerateKeyPairResponse r;
  r.status = "error";
  r.reason = "unknown key type \"ec-p999\"";
  r.context = HsmRequestContext{3};
  expect_wire_identical(r, refused, "GenerateKeyPairResponse", "C.2.1.3#8");
}

TEST(HsmIfMessages, KeyAttestationAsEntityAndHsmBuildIt) {
  // mano_entity.cpp on_hsm_response.
  const pki::Bytes nonce = bytes_of("nonce");
  json request = json::object();
  request["handle"] = "hsm-1/key-1";
  set_bytes(request, "nonce", nonce);
  expect_wire_identical(KeyAttestationRequest{"hsm-1/key-1", nonce}, request,
                        "KeyAttestationRequest", "C.4.1.2.7#0");

  // hsm_actor.cpp attest, and fail() with the handle.
  const pki::Bytes statement = bytes_of("statement");
  json response = {{"status", "ok"}, {"handle", "hsm-1/key-1"}};
  set_bytes(response, "statement", statement);
  expect_wire_identical(KeyAttestationResponse{"ok", std::nullopt, "hsm-1/key-1", statement},
                        response, "KeyAttestationResponse");
  json refused = {{"status", "error"}, {"reason", "unknown handle"}};
  refused["handle"] = "hsm-1/key-9";
  expect_wire_identical(
      KeyAttestationResponse{"error", "unknown handle", "hsm-1/key-9", std::nullopt}, refused,
      "KeyAttestationResponse");
}

TEST(HsmIfMessages, SignCsrRequestAsEntityAndHmeeBuildIt) {
  // mano_entity.cpp request_hsm_csr (with a key-attestation statement).
  const pki::Bytes statement = bytes_of("statement");
  json body = json::object();
  body["handle"] = "hsm-1/key-1";
  body["subject"] = "CN=nfvo.example.net,O=Operator";
  body["dns"] = json::array({"nfvo.example.net"});
  set_bytes(body, "key_attestation", statement);
  SignCsrRequest m;
  m.handle = "hsm-1/key-1";
  m.subject = "CN=nfvo.example.net,O=Operator";
  m.dns = {"nfvo.example.net"};
  m.key_attestation = statement;
  expect_wire_identical(m, body, "SignCsrRequest", "C.4.1.2.7#0");

  // vnfci/hsm_link.cpp sign_csr.
  const std::vector<std::string> dns{"a.vnf-1.example.net", "b.vnf-1.example.net"};
  Envelope envelope{operations::kSignCsrRequest, "C.2.1.3#10", json::object()};
  envelope.body["handle"] = "hsm-1/key-2";
  envelope.body["subject"] = "CN=a.vnf-1.example.net,O=Operator";
  envelope.body["dns"] = dns;
  envelope.body["identity"] = "client";
  envelope.body["context"] = {{"request", std::uint64_t{12}}};
  SignCsrRequest h;
  h.handle = "hsm-1/key-2";
  h.subject = "CN=a.vnf-1.example.net,O=Operator";
  h.dns = dns;
  h.identity = "client";
  h.context = HsmRequestContext{12};
  expect_wire_identical(h, envelope.body, "SignCsrRequest", "C.2.1.3#10");
}

TEST(HsmIfMessages, SignCsrResponseAsTheHsmBuildsIt) {
  // hsm_actor.cpp sign (HMEE: context echoed) and fail().
  const pki::Bytes csr = bytes_of("csr");
  json out = {{"status", "ok"}, {"handle", "hsm-1/key-2"}};
  set_bytes(out, "csr", csr);
  out["context"] = json{{"request", 12}};
  SignCsrResponse m;
  m.status = "ok";
  m.handle = "hsm-1/key-2";
  m.csr = csr;
  m.context = HsmRequestContext{12};
  expect_wire_identical(m, out, "SignCsrResponse", "C.2.1.3#11");

  json refused = {{"status", "error"}, {"reason", "unknown handle"}};
  refused["handle"] = "hsm-1/key-9";
  expect_wire_identical(SignCsrResponse{"error", "unknown handle", "hsm-1/key-9", {}, {}}, refused,
                        "SignCsrResponse");
}

TEST(HsmIfMessages, SignDataRequestAndResponseAsTheEntityAndTheHsmBuildThem) {
  // mano_entity_keys.cpp sign_for_tls (issue 20: a TLS CertificateVerify with the HSM key).
  const pki::Bytes data = bytes_of("content to sign");
  json body = {{"handle", "hsm-1/key-1"}, {"purpose", "tls-certificate-verify"}};
  set_bytes(body, "data", data);
  body["context"] = json{{"request", 3}};
  SignDataRequest m;
  m.handle = "hsm-1/key-1";
  m.data = data;
  m.purpose = "tls-certificate-verify";
  m.context = HsmRequestContext{3};
  expect_wire_identical(m, body, "SignDataRequest", "");

  // hsm_actor.cpp sign_data and fail().
  const pki::Bytes signature = bytes_of("signature");
  json out = {{"status", "ok"}, {"handle", "hsm-1/key-1"}};
  set_bytes(out, "signature", signature);
  out["context"] = json{{"request", 3}};
  SignDataResponse r;
  r.status = "ok";
  r.handle = "hsm-1/key-1";
  r.signature = signature;
  r.context = HsmRequestContext{3};
  expect_wire_identical(r, out, "SignDataResponse", "");
  json refused = {{"status", "error"}, {"reason", "unknown handle"}, {"handle", "hsm-1/key-9"}};
  expect_wire_identical(SignDataResponse{"error", "unknown handle", "hsm-1/key-9", {}, {}}, refused,
                        "SignDataResponse");
}

TEST(HsmIfMessages, HsmVendorRootAsTheHsmBuildsIt) {
  // hsm_actor.cpp on_start.
  const pki::Bytes root = bytes_of("vendor-root");
  Envelope envelope;
  envelope.operation = operations::kHsmVendorRoot;
  set_bytes(envelope.body, "vendor_root", root);
  expect_wire_identical(HsmVendorRoot{root}, envelope.body, "HsmVendorRoot", "");
}

// ---- generic refusals ----

TEST(OperationErrorMessages, UnsupportedOperationAsTheEntityBuildsIt) {
  // mano_entity.cpp on_channel_message: an operation the entity does not serve.
  Envelope reply{std::string("QueryVnfRequest") + "Error", "", json::object()};
  reply.body["status"] = "error";
  reply.body["reason"] = "unsupported operation";
  EXPECT_EQ(error_operation("QueryVnfRequest"), reply.operation);
  expect_wire_identical(OperationError{"error", "unsupported operation"}, reply.body,
                        reply.operation, "");
  EXPECT_TRUE(OperationError::accepts("SetCertificateConfigurationError"));
  EXPECT_FALSE(OperationError::accepts("Error"));
  EXPECT_FALSE(OperationError::accepts("SessionCheckResponse"));
}

}  // namespace
}  // namespace ifa026::actors::messages

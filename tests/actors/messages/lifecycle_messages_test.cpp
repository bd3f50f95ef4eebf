// The typed messages of the NS/VNF lifecycle chain (docs/lifecycle.md: Os-Ma-Nfvo's package and NS
// requests, Or-Vnfm, Vi-Vnfm, CISM-SI). No actor sends them yet, so there is no hand-built body to
// compare with: each struct, filled in every field, goes through body, envelope and bytes and comes
// back equal; with its optional fields empty their keys are absent; and a body without any one of
// its required fields fails to decode with that field's JSON pointer, also inside nested structs.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "actors/common/envelope.hpp"
#include "actors/messages/all_messages.hpp"
#include "actors/messages/cism_si.hpp"
#include "actors/messages/lcm_vocabulary.hpp"
#include "actors/messages/or_vnfm.hpp"
#include "actors/messages/os_ma_nfvo.hpp"
#include "actors/messages/vi_vnfm.hpp"
#include "message_test_support.hpp"

namespace ifa026::actors::messages {
namespace {

using nlohmann::json;
using testing::bytes_of;

// The keys of M's required (non-optional) fields, in field order.
struct RequiredKeys {
  std::vector<std::string> keys;
  template <class T>
  void operator()(std::string_view key, const T&) {
    if constexpr (!codec_detail::IsOptional<T>::value) keys.emplace_back(key);
  }
};

template <class M>
std::vector<std::string> required_keys(const M& message) {
  RequiredKeys visitor;
  M::fields(message, visitor);
  return visitor.keys;
}

// Body, envelope and bytes give back `message`.
template <class M>
void expect_round_trip(const M& message, const std::string& step = "") {
  const json body = to_body(message);
  auto decoded = from_body<M>(body);
  ASSERT_TRUE(decoded.ok()) << M::kOperation << ": " << decoded.failure().text();
  EXPECT_TRUE(*decoded == message) << M::kOperation;

  const pki::Bytes wire = encode_envelope(to_envelope(message, step));
  EXPECT_EQ(wire.size(), encoded_size(message, step));
  std::string why;
  auto received = decode_envelope(wire, &why);
  ASSERT_TRUE(received) << why;
  EXPECT_EQ(received->operation, std::string(M::kOperation));
  auto again = from_envelope<M>(*received);
  ASSERT_TRUE(again.ok()) << M::kOperation << ": " << again.failure().text();
  EXPECT_TRUE(*again == message) << M::kOperation;
}

// Removing any one required key of `message`'s body is a decode failure naming "/<key>".
template <class M>
void expect_each_required_field_named(const M& message) {
  const json body = to_body(message);
  const auto keys = required_keys(message);
  ASSERT_FALSE(keys.empty()) << M::kOperation;
  for (const auto& key : keys) {
    ASSERT_TRUE(body.contains(key)) << M::kOperation << " " << key;
    json without = body;
    without.erase(key);
    auto decoded = from_body<M>(without);
    ASSERT_FALSE(decoded.ok()) << M::kOperation << " decoded without " << key;
    EXPECT_EQ(decoded.failure(), (DecodeFailure{"/" + key, "missing"})) << M::kOperation;
  }
}

// Decoding `body` with the member at `pointer` removed fails with exactly that pointer.
template <class M>
void expect_nested_missing(const M& message, const std::string& pointer) {
  json body = to_body(message);
  const json::json_pointer where(pointer);
  ASSERT_TRUE(body.contains(where)) << pointer;
  body[where.parent_pointer()].erase(where.back());
  auto decoded = from_body<M>(body);
  ASSERT_FALSE(decoded.ok()) << pointer;
  EXPECT_EQ(decoded.failure(), (DecodeFailure{pointer, "missing"}));
  EXPECT_EQ(decoded.failure().text(), pointer + ": missing");
}

// A message with every optional field left empty: their keys are absent and it still decodes.
template <class M>
void expect_optionals_absent(const M& minimal, const std::vector<std::string>& optional_keys) {
  const json body = to_body(minimal);
  for (const auto& key : optional_keys) EXPECT_FALSE(body.contains(key)) << key;
  expect_round_trip(minimal);
}

template <class M>
void expect_sound(const M& full) {
  expect_round_trip(full, "");
  expect_round_trip(full, "C.2.2.3#0");
  expect_each_required_field_named(full);
}

// ---- sample values, every field filled ----

CertificateIdentityConfiguration identity_configuration() {
  return {"fw-ctl",
          "client",
          lcm::kCertificationVnfci,
          CertificateSubjectFields{"{vnfci}.{vnf}.example.net", "Operator", "FR", "IDF", "Paris"},
          {"{vnfci}.{vnf}.example.net", "alt.{vnfci}.example.net"}};
}

VnfCertificateConfiguration certificate_configuration() {
  return {lcm::kModeDelegation,
          std::vector<CertificateIdentityConfiguration>{identity_configuration()}};
}

PackageIntegrity integrity() {
  return {"pkg-fw-1", "sha-256",  bytes_of("package"),
          true,       "verified", "CN=Vendor Package Signing,O=Vendor"};
}

NsVnfInstantiation ns_vnf() {
  return {"vnf-1",
          "app-fw-1",
          "vnfd-fw",
          "pkg-fw-1",
          "small",
          std::map<std::string, long long>{{"fw-ctl", 2}, {"fw-dp", 1}},
          certificate_configuration(),
          "vnfm-1",
          {},
          {}};
}

ResourceCapacity capacity() {
  return {2, 4096};
}

DelegatedCredential credential() {
  return {"oam",
          lcm::kCertificationOam,
          bytes_of("cert"),
          {bytes_of("issuing"), bytes_of("root")},
          bytes_of("pkcs8"),
          {bytes_of("root")}};
}

template <class R>
R allocation_request() {
  R r;
  r.request_id = "vnfm-1-req-7";
  r.correlation = "oss-1-req-1";
  r.grant = "nfvo-1-grant-3";
  r.vnf = "vnf-1";
  r.vnfc = "fw-ctl";
  r.vnfci = "vnf-1-fw-ctl-1";
  r.capacity = capacity();
  r.image = "fw-image-1.2";
  r.zone = "paris";
  r.user_data = json{{"day0", {{"cmf-1", "vnfci-day0"}}}, {"hsm", nullptr}};
  r.credentials = std::vector<DelegatedCredential>{credential()};
  r.trust_domain = "td-a";
  r.hidden_from = std::vector<std::string>{"sm-2"};
  r.oss_app_id = "app-1";
  return r;
}

template <class R>
R allocation_response() {
  R r;
  r.request_id = "vnfm-1-req-7";
  r.vnfci = "vnf-1-fw-ctl-1";
  r.status = lcm::kStatusAllocated;
  r.reason = "placed";
  r.resource = "vim-1-compute-4";
  r.host = "host-2";
  r.location = "paris";
  r.install = std::vector<CredentialInstallStatus>{{"oam", "installed", "0a1b", std::nullopt},
                                                   {"client", "failed", std::nullopt, "key"}};
  return r;
}

template <class R>
R release_request() {
  R r;
  r.request_id = "vnfm-1-req-9";
  r.correlation = "oss-1-req-4";
  r.resource = "vim-1-compute-4";
  r.vnfci = "vnf-1-fw-ctl-1";
  return r;
}

template <class R>
R release_response() {
  R r;
  r.request_id = "vnfm-1-req-9";
  r.resource = "vim-1-compute-4";
  r.status = lcm::kStatusReleased;
  r.reason = "done";
  return r;
}

template <class R>
R change_notification() {
  R r;
  r.id = "vim-1-resource-notification-1";
  r.resource = "vim-1-compute-4";
  r.vnf = "vnf-1";
  r.vnfci = "vnf-1-fw-ctl-1";
  r.change = lcm::kChangeMigrated;
  r.host = "host-2";
  r.to_host = "host-3";
  r.location = "paris";
  r.reason = "host retired";
  r.correlation = "vim-1-retire-1";
  r.cause = lcm::kSourceSecurityManager;
  r.recovery_allowed = false;
  return r;
}

template <class R>
R ns_acknowledgement() {
  R r;
  r.request_id = "oss-1-req-1";
  r.ns = "ns-1";
  r.status = lcm::kStatusAccepted;
  r.occurrence = "nfvo-1-ns-op-1";
  r.reason = "-";
  return r;
}

template <class R>
R vnf_acknowledgement() {
  R r;
  r.request_id = "nfvo-1-req-2";
  r.vnf = "vnf-1";
  r.status = lcm::kStatusAccepted;
  r.occurrence = "vnfm-1-op-1";
  r.reason = "-";
  return r;
}

// ---- Os-Ma-Nfvo ----

TEST(LifecycleMessages, PackageOnboarding) {
  VnfPackageContent content{"vnfd-fw",
                            "1.0",
                            json{{"vnfcs", {{"fw-ctl", json::object()}}}},
                            {{"images/fw.qcow2", bytes_of("image")}}};
  const pki::Bytes package = pki::Bytes(json::to_cbor(to_body(content)));
  auto back = from_body<VnfPackageContent>(json::from_cbor(package));
  ASSERT_TRUE(back.ok()) << back.failure().text();
  EXPECT_EQ(*back, content);

  OnboardVnfPackageRequest request{"oss-1-req-0", "pkg-fw-1", package,
                                   PackageDigest{"sha-256", pki::sha256(package)}, bytes_of("cms")};
  expect_sound(request);
  expect_nested_missing(request, "/digest/value");
  OnboardVnfPackageRequest unsigned_request = request;
  unsigned_request.signature.reset();
  expect_optionals_absent(unsigned_request, {"signature"});

  OnboardVnfPackageResponse response{"oss-1-req-0", "pkg-fw-1", lcm::kStatusOnboarded,
                                     "no reason",   "vnfd-fw",  integrity()};
  expect_sound(response);
  expect_nested_missing(response, "/integrity/verdict");
  expect_nested_missing(response, "/integrity/signed");
  OnboardVnfPackageResponse refused{"oss-1-req-0",     "pkg-fw-1", lcm::kStatusRejected,
                                    "digest-mismatch", {},         {}};
  expect_optionals_absent(refused, {"vnfd_id", "integrity"});
}

TEST(LifecycleMessages, PackageIntegritySignedIsTheKeySigned) {
  // `signed` is a C++ keyword: the member is is_signed, the key "signed".
  const json body = to_body(integrity());
  EXPECT_TRUE(body.at("signed").get<bool>());
  EXPECT_FALSE(body.contains("is_signed"));
}

TEST(LifecycleMessages, InstantiateNs) {
  InstantiateNsRequest request{"oss-1-req-1", "ns-1", "app-ns-1", "nsd-fw", {ns_vnf()}};
  expect_sound(request);
  expect_nested_missing(request, "/vnfs/0/flavour");
  expect_nested_missing(request, "/vnfs/0/certificate_configuration/mode");
  expect_nested_missing(request,
                        "/vnfs/0/certificate_configuration/identities/0/subject/common_name");
  expect_nested_missing(request, "/vnfs/0/certificate_configuration/identities/0/san_dns");

  NsVnfInstantiation minimal{"vnf-2", "app-2", "vnfd-fw", {}, "small", {}, {}, {}, {}, {}};
  const json body = to_body(minimal);
  for (const char* key : {"package", "vnfcs", "certificate_configuration", "vnfm"})
    EXPECT_FALSE(body.contains(key)) << key;
  InstantiateNsRequest short_request{"oss-1-req-2", "ns-2", "app-ns-2", {}, {minimal}};
  expect_optionals_absent(short_request, {"nsd"});
  // Direct mode without overrides: only the mode.
  VnfCertificateConfiguration direct{lcm::kModeDirect, {}};
  EXPECT_EQ(to_body(direct), (json{{"mode", "direct"}}));

  expect_sound(ns_acknowledgement<InstantiateNsResponse>());
}

TEST(LifecycleMessages, ScaleHealTerminateNs) {
  ScaleNsRequest scale{"oss-1-req-3",
                       "ns-1",
                       {{"vnf-1", lcm::kScaleOut, "fw-ctl", 2}, {"vnf-2", lcm::kScaleIn, "dp", 1}}};
  expect_sound(scale);
  expect_nested_missing(scale, "/scale_vnfs/1/aspect");
  // A negative count decodes (the NFVO refuses it with the interface's error).
  ScaleNsRequest negative = scale;
  negative.scale_vnfs[0].steps = -1;
  expect_round_trip(negative);

  HealNsRequest heal{"oss-1-req-4", "ns-1", {{"vnf-1", {"vnf-1-fw-ctl-1"}, "unresponsive"}}};
  expect_sound(heal);
  expect_nested_missing(heal, "/heal_vnfs/0/cause");

  TerminateNsRequest terminate{"oss-1-req-5", "ns-1", lcm::kTerminationGraceful, "end of trial"};
  expect_sound(terminate);
  expect_optionals_absent(TerminateNsRequest{"oss-1-req-6", "ns-2", {}, {}},
                          {"termination_type", "reason"});

  expect_sound(ns_acknowledgement<ScaleNsResponse>());
  expect_sound(ns_acknowledgement<HealNsResponse>());
  expect_sound(ns_acknowledgement<TerminateNsResponse>());
  expect_optionals_absent(
      TerminateNsResponse{{"oss-1-req-6", "ns-2", lcm::kStatusRejected, {}, {}}},
      {"occurrence", "reason"});
}

TEST(LifecycleMessages, NsResponsesShareOneBodyButNotOneOperation) {
  const auto instantiate = ns_acknowledgement<InstantiateNsResponse>();
  const auto terminate = ns_acknowledgement<TerminateNsResponse>();
  EXPECT_EQ(to_body(instantiate), to_body(terminate));
  // The envelope tells them apart: one is not the other.
  auto wrong = from_envelope<TerminateNsResponse>(to_envelope(instantiate));
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.failure().pointer, "");
}

TEST(LifecycleMessages, NsNotification) {
  NsLcmOperationOccurrenceNotification n{
      "nfvo-1-ns-notification-3",
      "ns-1",
      "nfvo-1-ns-op-1",
      lcm::kInstantiate,
      lcm::kStateCompleted,
      lcm::kSourceOss,
      "oss-1-req-1",
      "oss-1-req-1",
      "-",
      {{"vnf-1", "app-fw-1", "vnfd-fw", lcm::kChangeAdded, "vnfm-1-op-1"},
       {"vnf-2", "app-fw-2", "vnfd-cn", lcm::kChangeAdded, std::nullopt}}};
  expect_sound(n);
  expect_nested_missing(n, "/affected_vnfs/1/oss_app_id");
  NsLcmOperationOccurrenceNotification starting = n;
  starting.state = lcm::kStateStarting;
  starting.request_id.reset();
  starting.reason.reset();
  starting.affected_vnfs.clear();
  expect_optionals_absent(starting, {"request_id", "reason"});
}

// ---- Or-Vnfm ----

TEST(LifecycleMessages, VnfLcmRequests) {
  InstantiateVnfRequest instantiate{"nfvo-1-req-2",
                                    "oss-1-req-1",
                                    lcm::kSourceOss,
                                    "vnf-1",
                                    "ns-1",
                                    "app-fw-1",
                                    "vnfd-fw",
                                    json{{"certificate_mode", "direct"}, {"vnfcs", json::object()}},
                                    integrity(),
                                    "small",
                                    std::map<std::string, long long>{{"fw-ctl", 2}},
                                    certificate_configuration(),
                                    "td-a",
                                    std::vector<std::string>{"sm-2"},
                                    std::map<std::string, std::string>{{"COMPUTE", "vim-1"}}};
  expect_sound(instantiate);
  expect_nested_missing(instantiate, "/package/digest");
  expect_nested_missing(instantiate, "/certificate_configuration/identities/0/certification_type");
  InstantiateVnfRequest plain = instantiate;
  plain.vnfcs.reset();
  plain.certificate_configuration.reset();
  plain.trust_domain.reset();
  plain.hidden_from.reset();
  plain.vim_connections.reset();
  expect_optionals_absent(plain, {"vnfcs", "certificate_configuration", "trust_domain",
                                  "hidden_from", "vim_connections"});

  ScaleVnfRequest scale{
      "nfvo-1-req-3", "oss-1-req-3", lcm::kSourceOss, "vnf-1", lcm::kScaleIn, "fw-ctl", 1, "load"};
  expect_sound(scale);

  HealVnfRequest heal{"vnfm-1-heal-1", "vnfm-1-heal-1",    lcm::kSourceVnfmAutoHeal,
                      "vnf-1",         {"vnf-1-fw-ctl-2"}, "VNFCI crashed"};
  expect_sound(heal);

  TerminateVnfRequest terminate{
      "nfvo-1-req-5",  "oss-1-req-5", lcm::kSourceOss, "vnf-1", lcm::kTerminationForceful,
      "NS terminated", std::nullopt};
  expect_sound(terminate);
  TerminateVnfRequest by_sm = terminate;
  by_sm.source = lcm::kSourceSecurityManager;
  by_sm.security_options = SmTerminationOptions{};
  by_sm.security_options->host_disposition = "quarantine";
  expect_sound(by_sm);

  ChangeVnfConfigurationRequest change{"nfvo-1-req-6",
                                       "oss-1-req-6",
                                       lcm::kSourceOss,
                                       "vnf-1",
                                       std::vector<std::string>{"vnf-1-fw-ctl-1"},
                                       {{"log_level", "debug"}},
                                       certificate_configuration()};
  expect_sound(change);
  expect_optionals_absent(
      ChangeVnfConfigurationRequest{"r", "c", lcm::kSourceOss, "vnf-1", {}, {}, {}},
      {"vnfcis", "certificate_configuration"});

  expect_sound(vnf_acknowledgement<InstantiateVnfResponse>());
  expect_sound(vnf_acknowledgement<ScaleVnfResponse>());
  expect_sound(vnf_acknowledgement<HealVnfResponse>());
  expect_sound(vnf_acknowledgement<TerminateVnfResponse>());
  expect_sound(vnf_acknowledgement<ChangeVnfConfigurationResponse>());
}

TEST(LifecycleMessages, Grants) {
  GrantLifecycleOperationRequest request{
      "vnfm-1-req-4",
      "oss-1-req-1",
      lcm::kSourceOss,
      "vnf-1",
      "vnfd-fw",
      "vnfm-1-op-1",
      lcm::kHeal,
      true,
      {{"vnf-1-fw-ctl-3", lcm::kResourceCompute, "fw-ctl", capacity(), std::nullopt,
        "vim-1-reservation-1", "host-1", "zone-a"}},
      {{"vnf-1-fw-ctl-2", lcm::kResourceCompute, "fw-ctl", std::nullopt, "vim-1-compute-2",
        std::nullopt, std::nullopt, std::nullopt}}};
  expect_sound(request);
  expect_nested_missing(request, "/add_resources/0/kind");
  expect_nested_missing(request, "/add_resources/0/capacity/memory_mb");

  GrantLifecycleOperationResponse granted{
      "vnfm-1-req-4", lcm::kStatusGranted, "-", "nfvo-1-grant-1",
      std::vector<GrantedResource>{
          {"vnf-1-fw-ctl-3", "vim-1", lcm::kResourceCompute, "paris"},
          {"vnf-1-cn-1", "cism-1", lcm::kResourceOsContainer, std::nullopt}}};
  expect_sound(granted);
  expect_nested_missing(granted, "/resources/1/vim");
  GrantLifecycleOperationResponse refused{"vnfm-1-req-4", lcm::kStatusRejected, "quota", {}, {}};
  expect_optionals_absent(refused, {"grant", "resources"});
}

TEST(LifecycleMessages, VnfNotificationOnTheChainAddsThreeOptionalKeys) {
  VnfLcmOperationOccurrenceNotification n;
  n.vnf = "vnf-1";
  n.vnfd = "vnfd-fw";
  n.operation = lcm::kHeal;
  n.state = lcm::kStateRolledBack;
  n.occurrence = "vnfm-1-op-4";
  n.id = "vnfm-1-notification-9";
  n.subscription = "vnfm-1-sub-2";
  n.source = lcm::kSourceVnfmAutoHeal;
  n.correlation = "vnfm-1-heal-1";
  n.reason = "grant rejected: quota";
  expect_sound(n);
  // Without them the body has exactly the keys of the workload-command shortcut.
  VnfLcmOperationOccurrenceNotification shortcut = n;
  shortcut.source.reset();
  shortcut.correlation.reset();
  shortcut.reason.reset();
  std::set<std::string> keys;
  const nlohmann::json body = to_body(shortcut);  // items() must not outlive the body
  for (const auto& [key, value] : body.items()) keys.insert(key);
  EXPECT_EQ(keys, (std::set<std::string>{"vnf", "vnfd", "operation", "state", "occurrence",
                                         "affected_vnfcs", "id", "subscription"}));
}

// ---- Vi-Vnfm ----

TEST(LifecycleMessages, ComputeResources) {
  const auto allocate = allocation_request<AllocateComputeRequest>();
  expect_sound(allocate);
  expect_nested_missing(allocate, "/capacity/vcpus");
  expect_nested_missing(allocate, "/credentials/0/private_key");
  AllocateComputeRequest direct = allocate;
  direct.image.reset();
  direct.zone.reset();
  direct.credentials.reset();
  expect_optionals_absent(direct, {"image", "zone", "credentials"});

  expect_sound(allocation_response<AllocateComputeResponse>());
  expect_nested_missing(allocation_response<AllocateComputeResponse>(), "/install/1/status");
  AllocateComputeResponse refused;
  refused.request_id = "vnfm-1-req-7";
  refused.vnfci = "vnf-1-fw-ctl-1";
  refused.status = lcm::kStatusRejected;
  refused.reason = "no in-service host with 2 vCPU and 4096 MB in zone paris";
  expect_optionals_absent(refused, {"resource", "host", "location", "install"});

  expect_sound(release_request<ReleaseComputeRequest>());
  expect_sound(release_response<ReleaseComputeResponse>());

  MigrateComputeRequest migrate{"vnfm-1-req-8",   "vnfm-1-req-8", "vim-1-compute-4",
                                "vnf-1-fw-ctl-1", "host-3",       "maintenance"};
  expect_sound(migrate);
  MigrateComputeResponse migrated{"vnfm-1-req-8", "vim-1-compute-4", lcm::kStatusMigrated,
                                  std::nullopt,   "host-2",          "host-3"};
  expect_sound(migrated);

  expect_sound(change_notification<VirtualisedResourceChangeNotification>());
}

// ---- CISM-SI ----

TEST(LifecycleMessages, ContainerWorkloads) {
  expect_sound(allocation_request<CreateOsContainerWorkloadRequest>());
  expect_sound(allocation_response<CreateOsContainerWorkloadResponse>());
  expect_sound(release_request<DeleteOsContainerWorkloadRequest>());
  expect_sound(release_response<DeleteOsContainerWorkloadResponse>());
  expect_sound(change_notification<OsContainerWorkloadChangeNotification>());
  expect_nested_missing(allocation_request<CreateOsContainerWorkloadRequest>(), "/user_data");
}

TEST(LifecycleMessages, VimAndCismShareTheResourceBodies) {
  EXPECT_EQ(to_body(allocation_request<AllocateComputeRequest>()),
            to_body(allocation_request<CreateOsContainerWorkloadRequest>()));
  EXPECT_EQ(to_body(change_notification<VirtualisedResourceChangeNotification>()),
            to_body(change_notification<OsContainerWorkloadChangeNotification>()));
  auto wrong = from_envelope<AllocateComputeRequest>(
      to_envelope(allocation_request<CreateOsContainerWorkloadRequest>()));
  EXPECT_FALSE(wrong.ok());
}

TEST(LifecycleMessages, WrongTypesNameTheField) {
  json body = to_body(ScaleNsRequest{"r", "ns-1", {{"vnf-1", lcm::kScaleOut, "fw-ctl", 1}}});
  body["scale_vnfs"][0]["steps"] = "two";
  auto decoded = from_body<ScaleNsRequest>(body);
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.failure().text(), "/scale_vnfs/0/steps: expected an integer");

  json package = to_body(OnboardVnfPackageRequest{
      "r", "p", bytes_of("c"), PackageDigest{"sha-256", bytes_of("d")}, {}});
  package["content"] = "not bytes";
  auto refused = from_body<OnboardVnfPackageRequest>(package);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.failure().text(), "/content: expected a byte string");
}

TEST(LifecycleMessages, EveryChainOperationIsListed) {
  // The chain's operations are in AllMessages (the vocabulary test checks the reverse).
  std::set<std::string> listed;
  for (std::string_view name : operation_names(AllMessages{})) listed.insert(std::string(name));
  for (const char* name :
       {operations::kOnboardVnfPackageRequest, operations::kNsLcmOperationOccurrenceNotification,
        operations::kGrantLifecycleOperationResponse, operations::kChangeVnfConfigurationResponse,
        operations::kVirtualisedResourceChangeNotification,
        operations::kOsContainerWorkloadChangeNotification})
    EXPECT_TRUE(listed.count(name)) << name;
}

}  // namespace
}  // namespace ifa026::actors::messages

// The delegation-mode checks (issue 17) on synthetic traces shaped like the actors' records
// (docs/delegation-mode.md): a good trace of C.2.2.1, C.2.2.2.6 and C.2.2.3 with its key-custody
// ledger passes the flow checks, K1-K8 and the Annex B checks; each broken variant (a step
// missing, out of order or under another step ID, a refusal, the VIM keeping the key, the VNFM
// sending after deleting, a key sent over day-0, the VNFM holding an HSM key, a direct-mode key
// leaving its VNFCI in a mixed deployment, no KeyPairCheck) fails with a reason naming it; and
// expect.delegation is read and validated with JSON pointers.
#include <gtest/gtest.h>

#include "actors/builtin_actors.hpp"
#include "conformance/catalogue.hpp"
#include "conformance/delegation_annex_b.hpp"
#include "conformance/delegation_flow_check.hpp"
#include "conformance/expectations.hpp"
#include "conformance/key_custody_checks.hpp"
#include "conformance/scenario_rules.hpp"
#include "tests/conformance/mano_trace_fixture.hpp"

namespace ifa026::conformance::delegation_checks_test {
namespace {

using testing::TraceBuilder;
using testing::World;

const std::vector<std::pair<std::string, std::string>> kActors = {
    {"ca-1", "ca"},     {"cmf-1", "cmf"}, {"oss-1", "oss"}, {"nfvo-1", "nfvo"},
    {"vnfm-1", "vnfm"}, {"vim-1", "vim"}, {"hsm-1", "hsm"}};

const std::string kVnfci = "vnf-1-fw-1";
const std::string kKey = "0123456789abcdef";
const std::string kAbout = "vnfci=" + kVnfci + "; identity=client; certificate_type=vnfci";

bool says(const CheckResult& r, const std::string& text) {
  return r.reason.find(text) != std::string::npos;
}

std::string at(const char* flow, int n) {
  return flows::step(flow, n);
}

// C.2.2.1 for vnf-1-fw-1's identity "client" by vnfm-1 at cmf-1.
void registration(TraceBuilder& t, bool accept = true) {
  t.message("nfvo-1", "vnfm-1", ops::kInstantiateVnfRequest, "", true, reference_points::kOrVnfm);
  t.decision("vnfm-1", decisions::kVnfLcmOperation, "", outcomes::kStarting,
             "operation=INSTANTIATE; vnf=vnf-1; source=OSS; corr=oss-1-req-1; request=nfvo-1-req-1",
             "nfvo-1");
  t.decision("vnfm-1", decisions::kDelegateRegistration, at(flows::kDelegateRegistration, 0),
             outcomes::kRequested,
             "vnf=vnf-1; vnfcis=" + kVnfci + "; certificate_type=vnfci; request=nfvo-1-req-1",
             "cmf-1");
  t.message("vnfm-1", "cmf-1", ops::kRegisterDelegateRequest, at(flows::kDelegateRegistration, 0),
            true, reference_points::kCmVnfm);
  if (accept) {
    t.decision("cmf-1", decisions::kRegisterDelegate, at(flows::kDelegateRegistration, 1),
               outcomes::kRegistered, kAbout + "; vnf=vnf-1; delegate=vnfm-1", "vnfm-1");
    t.decision("cmf-1", decisions::kSelectCa, at(flows::kDelegateRegistration, 1), outcomes::kOk,
               kAbout + "; ca=ca-1", "vnfm-1");
  } else {
    t.decision("cmf-1", decisions::kRegisterDelegate, at(flows::kDelegateRegistration, 1),
               outcomes::kRejected, "delegate=vnfm-1; reason=vnfm-1 is not a delegate", "vnfm-1");
  }
  t.message("cmf-1", "vnfm-1", ops::kRegisterDelegateResponse, at(flows::kDelegateRegistration, 2),
            true, reference_points::kCmVnfm);
  t.decision("vnfm-1", decisions::kDelegateRegistration, at(flows::kDelegateRegistration, 2),
             accept ? outcomes::kRegistered : outcomes::kRejected,
             "vnf=vnf-1; vnfcis=" + kVnfci + "; certificate_type=vnfci", "cmf-1");
}

// C.2.2.2.6: the VNFM's key and CSR, the CMF's checks, the CA's issuance of serial 0A1.
void csr(TraceBuilder& t, bool delegate_ok = true) {
  const char* f = flows::kDelegatedCsr;
  t.decision("vnfm-1", decisions::kGenerateKey, at(f, 0), outcomes::kOk,
             kAbout + "; in=self; drbg=CTR-DRBG");
  t.decision("vnfm-1", decisions::kKeyCustody, at(f, 0), outcomes::kGenerated,
             "key_fp=" + kKey + "; holder=vnfm-1; " + kAbout);
  t.message("vnfm-1", "cmf-1", ops::kCertificateSigningRequest, at(f, 0), true,
            reference_points::kCmVnfm);
  if (!delegate_ok) {
    t.decision("cmf-1", decisions::kDelegateCheck, at(f, 1), outcomes::kRejected,
               kAbout + "; delegate=vnfm-1; reason=not the registered delegate", "vnfm-1");
    t.message("cmf-1", "vnfm-1", ops::kCertificateSigningResponse, at(f, 6), true,
              reference_points::kCmVnfm);
    return;
  }
  t.decision("cmf-1", decisions::kDelegateCheck, at(f, 1), outcomes::kOk,
             kAbout + "; delegate=vnfm-1", "vnfm-1");
  t.crypto("cmf-1", decisions::kCsrValidation, at(f, 2), outcomes::kOk,
           kAbout + "; spki_sha256=" + kKey + "0000000000000000000000000000000000000000000000",
           "vnfm-1");
  t.message("cmf-1", "ca-1", ops::kCmpP10cr, at(f, 3), true, reference_points::kCa1);
  t.decision("ca-1", decisions::kIssueCertificate, at(f, 4), outcomes::kOk,
             "request=p10cr; serial=0A1; identity=" + kVnfci + "/client", "cmf-1");
  t.message("ca-1", "cmf-1", ops::kCmpCp, at(f, 5), true, reference_points::kCa1);
  t.decision("cmf-1", decisions::kCertificateDelivered, at(f, 6), outcomes::kOk,
             kAbout + "; serial=0A1", "vnfm-1");
  t.message("cmf-1", "vnfm-1", ops::kCertificateSigningResponse, at(f, 6), true,
            reference_points::kCmVnfm);
  t.crypto("vnfm-1", decisions::kCertificateVerification, at(f, 6), outcomes::kOk,
           kAbout + "; serial=0A1", "cmf-1");
  t.decision("vnfm-1", decisions::kDelegatedCertificateStored, at(f, 6), outcomes::kStored,
             kAbout + "; serial=0A1; purpose=enrolment");
}

struct InstallOptions {
  bool vnfm_checks = true;
  std::string vnfm_channel = values::kChannelMutual;
  bool vim_deletes = true;
};

// C.2.2.3: the allocation with the credentials, the VIM's injection, the VNFCI's installation.
void install(TraceBuilder& t, const InstallOptions& o = {}) {
  const char* f = flows::kDelegatedInstall;
  if (o.vnfm_checks) t.crypto("vnfm-1", decisions::kKeyPairCheck, at(f, 0), outcomes::kOk, kAbout);
  t.decision("vnfm-1", decisions::kCredentialInstall, at(f, 0), outcomes::kAttempted,
             kAbout + "; attempt=1", "vim-1");
  t.decision(
      "vnfm-1", decisions::kKeyCustody, at(f, 0), outcomes::kSent,
      "key_fp=" + kKey + "; holder=vnfm-1; " + kAbout + "; peer=vim-1; channel=" + o.vnfm_channel,
      "vim-1");
  t.message("vnfm-1", "vim-1", ops::kAllocateComputeRequest, at(f, 0), true,
            reference_points::kViVnfm);
  t.decision("vim-1", decisions::kKeyCustody, at(f, 1), outcomes::kReceived,
             "key_fp=" + kKey + "; holder=vim-1; " + kAbout + "; peer=vnfm-1; channel=mutual",
             "vnfm-1");
  t.decision("vim-1", decisions::kSpawnActor, "", outcomes::kOk,
             "name=" + kVnfci + "; type=vnfci; trust_domain=default", kVnfci);
  t.decision("vim-1", decisions::kCredentialInjection, at(f, 1), "injected", kAbout, kVnfci);
  t.message("vim-1", kVnfci, ops::kInjectCredentialsRequest, at(f, 1), true,
            reference_points::kNfviInject);
  t.decision(
      "vim-1", decisions::kKeyCustody, at(f, 1), outcomes::kSent,
      "key_fp=" + kKey + "; holder=vim-1; " + kAbout + "; peer=" + kVnfci + "; channel=nfvi-local",
      kVnfci);
  t.crypto(kVnfci, decisions::kCertificateVerification, at(f, 2), outcomes::kOk, kAbout);
  t.crypto(kVnfci, decisions::kKeyPairCheck, at(f, 2), outcomes::kOk, kAbout);
  t.decision(
      kVnfci, decisions::kKeyCustody, at(f, 2), outcomes::kReceived,
      "key_fp=" + kKey + "; holder=" + kVnfci + "; " + kAbout + "; peer=vim-1; channel=nfvi-local",
      "vim-1");
  t.decision(kVnfci, decisions::kKeyCustody, at(f, 2), outcomes::kStored,
             "key_fp=" + kKey + "; holder=" + kVnfci + "; " + kAbout);
  t.decision(kVnfci, decisions::kCertificateInstalled, at(f, 2), outcomes::kOk,
             kAbout + "; serial=0A1; purpose=delegated");
  t.message(kVnfci, "vim-1", ops::kInjectCredentialsReport, at(f, 2), true,
            reference_points::kNfviInject);
  if (o.vim_deletes)
    t.decision("vim-1", decisions::kKeyCustody, at(f, 2), outcomes::kDeleted,
               "key_fp=" + kKey + "; holder=vim-1; " + kAbout + "; reason=install attempted");
  t.message("vim-1", "vnfm-1", ops::kAllocateComputeResponse, at(f, 3), true,
            reference_points::kViVnfm);
  t.decision("vnfm-1", decisions::kCredentialInstall, at(f, 3), outcomes::kInstalled,
             kAbout + "; attempt=1", "vim-1");
  t.decision("vnfm-1", decisions::kKeyCustody, at(f, 3), outcomes::kDeleted,
             "key_fp=" + kKey + "; holder=vnfm-1; " + kAbout + "; reason=installed");
}

void inventories(TraceBuilder& t, bool vim_holds = false) {
  t.decision("vnfm-1", decisions::kKeyInventory, "", outcomes::kEmpty, "keys=0");
  if (vim_holds)
    t.decision("vim-1", decisions::kKeyInventory, "", outcomes::kHeld,
               "key_fp=" + kKey + "; holder=vim-1; " + kAbout);
  else
    t.decision("vim-1", decisions::kKeyInventory, "", outcomes::kEmpty, "keys=0");
  t.decision(kVnfci, decisions::kKeyInventory, "", outcomes::kHeld,
             "key_fp=" + kKey + "; holder=" + kVnfci + "; " + kAbout);
}

TraceBuilder good() {
  TraceBuilder t;
  registration(t);
  csr(t);
  install(t);
  inventories(t);
  return t;
}

CheckResult flow(World& w, const std::string& id, const std::vector<sim::TraceRecord>& trace) {
  return w.run([&](const CheckContext& c) { return check_delegation_flow(c, id); }, trace);
}

// The one check registered under `id` whose name contains `name`.
CheckResult run_id(World& w, const std::string& id, const std::string& name,
                   const std::vector<sim::TraceRecord>& trace) {
  CheckRegistry registry;
  register_delegation_flow_checks(registry);
  register_key_custody_checks(registry);
  register_delegation_annex_b_checks(registry);
  for (const auto& c : registry.for_requirement(id))
    if (c.name.find(name) != std::string::npos) return w.run(c.run, trace);
  ADD_FAILURE() << "no check " << name << " under " << id;
  return {};
}

TEST(DelegationChecks, EveryIdIsInTheCatalogue) {
  CheckRegistry registry;
  register_delegation_flow_checks(registry);
  register_key_custody_checks(registry);
  register_delegation_annex_b_checks(registry);
  for (const char* id :
       {"C.2.2.1",         "C.2.2.2.6",       "C.2.2.2.7",   "C.2.2.3",     "C.2.2.4.6",
        "C.2.2.4.7",       "C.3.2.1",         "C.3.2.2",     "C.3.2.3",     "Cmf.CertLcm.003",
        "Cmf.CertLcm.006", "Cmf.CertLcm.011", "Vnfm.Sc.003", "Vnfm.Sc.005", "Vnfm.Sc.006",
        "Vnfm.Sc.007",     "Vnfm.Sc.010",     "Vnfm.Sc.012", "Vnfm.Sc.013", "Vnfm.Sc.014",
        "Vnfm.Sc.017",     "Vnfm.Sc.018",     "Vnfm.Sc.019", "Vim.Sc.006",  "Vim.Sc.007",
        "Vim.Sc.008",      "5.2.3.1-b",       "5.2.3.1-d",   "5.2.3.1-e",   "Nfvo.Sc.006",
        "Nfvo.Sc.007",     "Vnfm.Sc.011"}) {
    EXPECT_FALSE(registry.for_requirement(id).empty()) << id;
    EXPECT_NE(Catalogue::builtin().find(id), nullptr) << id;
  }
}

TEST(DelegationChecks, AGoodTracePassesTheThreeFlows) {
  World w(kActors);
  const auto t = good();
  for (const char* id :
       {flows::kDelegateRegistration, flows::kDelegatedCsr, flows::kDelegatedInstall}) {
    auto r = flow(w, id, t.records);
    EXPECT_EQ(r.verdict, Verdict::pass) << id << ": " << r.reason;
  }
  auto r = flow(w, flows::kDelegatedInstall, t.records);
  EXPECT_TRUE(says(r, kVnfci + "/client: steps #0..#3 in order")) << r.reason;
  // A registration before the VNFM received its instantiation has no trigger.
  auto early = good();
  early.erase(ops::kInstantiateVnfRequest, "vnfm-1");
  auto r0 = flow(w, flows::kDelegateRegistration, early.records);
  EXPECT_EQ(r0.verdict, Verdict::fail) << r0.reason;
  EXPECT_TRUE(says(r0, "#0 without its trigger")) << r0.reason;
  // Nothing of the other flows: inconc.
  EXPECT_EQ(flow(w, flows::kDelegatedConfiguration, t.records).verdict, Verdict::inconc);
}

TEST(DelegationChecks, AGoodTracePassesKeyCustodyAndAnnexB) {
  World w(kActors);
  const auto t = good();
  const std::vector<std::pair<std::string, std::string>> ids = {
      {"C.2.2.3", "K2"},           {"Vim.Sc.008", "K6"},    {"Vnfm.Sc.005", "K7"},
      {"Vnfm.Sc.019", "key pair"}, {"Cmf.CertLcm.003", ""}, {"Cmf.CertLcm.006", ""},
      {"Vnfm.Sc.003", ""},         {"Vnfm.Sc.007", ""},     {"Vnfm.Sc.013", ""},
      {"Vnfm.Sc.014", ""},         {"Vim.Sc.006", ""},      {"Vim.Sc.007", ""},
      {"Vnfm.Sc.012", ""}};
  for (const auto& [id, name] : ids) {
    auto r = run_id(w, id, name, t.records);
    EXPECT_EQ(r.verdict, Verdict::pass) << id << ": " << r.reason;
  }
  // Software keys do not show the capability of tamper-resistant storage: not judged, and with
  // no HSM-made key the requirement stays inconc, naming what was not exercised.
  auto storage = run_id(w, "Vnfm.Sc.006", "", t.records);
  EXPECT_EQ(storage.verdict, Verdict::inconc) << storage.reason;
  EXPECT_TRUE(says(storage, "software-made delegation key(s) of this run not judged"))
      << storage.reason;
}

TEST(DelegationChecks, AMissingStepFailsNamingIt) {
  World w(kActors);
  auto t = good();
  t.erase(decisions::kCsrValidation, "cmf-1");
  auto r = flow(w, flows::kDelegatedCsr, t.records);
  EXPECT_EQ(r.verdict, Verdict::fail) << r.reason;
  EXPECT_TRUE(says(r, "#2 missing: no C.2.2.2.6#2 crypto CsrValidation")) << r.reason;
}

TEST(DelegationChecks, AStepUnderAnotherStepIdFails) {
  World w(kActors);
  auto t = good();
  for (auto& rec : t.records)
    if (rec.operation == decisions::kCertificateInstalled)
      rec.step = at(flows::kDelegatedInstall, 3);
  auto r = flow(w, flows::kDelegatedInstall, t.records);
  EXPECT_EQ(r.verdict, Verdict::fail) << r.reason;
  EXPECT_TRUE(says(r, "cites C.2.2.3#3 instead of C.2.2.3#2")) << r.reason;
}

TEST(DelegationChecks, AStepOutOfTableOrderFails) {
  World w(kActors);
  auto t = good();
  // The CA issues before the CMF relayed the CSR.
  auto issue = std::find_if(t.records.begin(), t.records.end(), [](const sim::TraceRecord& r) {
    return r.operation == decisions::kIssueCertificate;
  });
  auto relay = std::find_if(t.records.begin(), t.records.end(), [](const sim::TraceRecord& r) {
    return r.operation == ops::kCmpP10cr && r.kind == sim::RecordKind::send;
  });
  auto moved = *issue;
  t.records.erase(issue);
  t.records.insert(relay, moved);
  t.renumber();
  auto r = flow(w, flows::kDelegatedCsr, t.records);
  EXPECT_EQ(r.verdict, Verdict::fail) << r.reason;
  EXPECT_TRUE(says(r, "#4 out of table order")) << r.reason;
}

TEST(DelegationChecks, ARefusalFailsUnlessTheScenarioExpectsIt) {
  TraceBuilder t;
  registration(t);
  csr(t, false);
  {
    World w(kActors);
    auto r = flow(w, flows::kDelegatedCsr, t.records);
    EXPECT_EQ(r.verdict, Verdict::fail) << r.reason;
    EXPECT_TRUE(says(r, "refused at C.2.2.2.6#1 by cmf-1 (DelegateCheck: not the registered"))
        << r.reason;
  }
  World w(kActors, nlohmann::json::parse(R"({"delegation": {"not_installed": ["vnf-1-fw-1"],
      "refusals": [{"vnfci": "vnf-1-fw-1", "actor": "cmf-1", "operation": "DelegateCheck",
                    "step": "C.2.2.2.6#1", "reason_contains": "not the registered delegate"}]}})"));
  auto r = flow(w, flows::kDelegatedCsr, t.records);
  EXPECT_EQ(r.verdict, Verdict::pass) << r.reason;
  EXPECT_TRUE(says(r, "as the scenario expects")) << r.reason;
  EXPECT_EQ(run_id(w, "Cmf.CertLcm.006", "", t.records).verdict, Verdict::pass);
  // Another reason than the expected one fails.
  World other(kActors, nlohmann::json::parse(R"({"delegation": {"refusals": [{"vnfci":
      "vnf-1-fw-1", "operation": "DelegateCheck", "reason_contains": "certificate revoked"}]}})"));
  EXPECT_EQ(flow(other, flows::kDelegatedCsr, t.records).verdict, Verdict::fail);
}

TEST(DelegationChecks, ARegistrationRefusedForTheWholeRequestIsTheVnfcisRefusal) {
  TraceBuilder t;
  registration(t, false);
  World w(kActors, nlohmann::json::parse(R"({"delegation": {"not_installed": ["vnf-1-fw-1"],
      "refusals": [{"vnfci": "vnf-1-fw-1", "actor": "cmf-1", "operation": "RegisterDelegate",
                    "reason_contains": "not a delegate"}]}})"));
  w.set_params("cmf-1", nlohmann::json::parse(R"({"delegation": {"delegates": ["vnfm-2"]}})"));
  auto r = flow(w, flows::kDelegateRegistration, t.records);
  EXPECT_EQ(r.verdict, Verdict::pass) << r.reason;
  auto c = run_id(w, "Cmf.CertLcm.003", "", t.records);
  EXPECT_EQ(c.verdict, Verdict::pass) << c.reason;
  EXPECT_TRUE(says(c, "no delegate permission")) << c.reason;
}

TEST(DelegationChecks, AVimKeepingTheKeyFailsVimSc008) {
  World w(kActors);
  TraceBuilder t;
  registration(t);
  csr(t);
  install(t, {.vim_deletes = false});
  inventories(t, true);
  auto r = run_id(w, "Vim.Sc.008", "K6", t.records);
  EXPECT_EQ(r.verdict, Verdict::fail) << r.reason;
  EXPECT_TRUE(says(r, "vim-1 still holds key " + kKey)) << r.reason;
}

TEST(DelegationChecks, AVnfmSendingAfterDeletingFailsVnfmSc005) {
  World w(kActors);
  auto t = good();
  t.decision(
      "vnfm-1", decisions::kKeyCustody, at(flows::kDelegatedConfiguration, 0), outcomes::kSent,
      "key_fp=" + kKey + "; holder=vnfm-1; " + kAbout + "; peer=" + kVnfci + "; channel=mutual",
      kVnfci);
  auto r = run_id(w, "Vnfm.Sc.005", "K7", t.records);
  EXPECT_EQ(r.verdict, Verdict::fail) << r.reason;
  EXPECT_TRUE(says(r, "sent after deleting it")) << r.reason;
}

TEST(DelegationChecks, AVnfmKeepingAnInstalledKeyFailsVnfmSc005) {
  World w(kActors);
  auto t = good();
  for (auto it = t.records.begin(); it != t.records.end(); ++it)
    if (it->actor == "vnfm-1" && it->outcome == outcomes::kDeleted) {
      t.records.erase(it);
      break;
    }
  t.renumber();
  auto r = run_id(w, "Vnfm.Sc.005", "K7", t.records);
  EXPECT_EQ(r.verdict, Verdict::fail) << r.reason;
  EXPECT_TRUE(says(r, "kept after the installation succeeded")) << r.reason;
}

TEST(DelegationChecks, AKeySentOverDay0FailsTheFlowsKeyCustody) {
  World w(kActors);
  TraceBuilder t;
  registration(t);
  csr(t);
  install(t, {.vnfm_channel = values::kChannelDay0});
  inventories(t);
  auto r = run_id(w, "C.2.2.3", "K2", t.records);
  EXPECT_EQ(r.verdict, Verdict::fail) << r.reason;
  EXPECT_TRUE(says(r, "over channel \"day0\"")) << r.reason;
}

TEST(DelegationChecks, NoKeyPairCheckBeforeSendingFailsVnfmSc019) {
  World w(kActors);
  TraceBuilder t;
  registration(t);
  csr(t);
  install(t, {.vnfm_checks = false});
  auto r = run_id(w, "Vnfm.Sc.019", "", t.records);
  EXPECT_EQ(r.verdict, Verdict::fail) << r.reason;
  EXPECT_TRUE(says(r, "without checking the certificate against the key pair")) << r.reason;
}

// C.2.2.4.7's custody: the HSM made the key and releases it to the VNFCI's HMEE.
TraceBuilder hsm_custody(bool vnfm_takes_it) {
  TraceBuilder t;
  const std::string hsm_key = "fedcba9876543210";
  t.decision("vim-1", decisions::kSpawnActor, "", outcomes::kOk,
             "name=" + kVnfci + "; type=vnfci; trust_domain=default", kVnfci);
  t.decision("hsm-1", decisions::kKeyCustody, at(flows::kDelegatedCsrHsm, 0), outcomes::kGenerated,
             "key_fp=" + hsm_key + "; holder=hsm-1; " + kAbout + "; release_to=" + kVnfci);
  if (vnfm_takes_it) {
    t.decision("hsm-1", decisions::kKeyCustody, at(flows::kDelegatedHsmInstall, 4),
               outcomes::kReleased,
               "key_fp=" + hsm_key + "; holder=hsm-1; " + kAbout + "; peer=vnfm-1; channel=hsm-if",
               "vnfm-1");
    t.decision("vnfm-1", decisions::kKeyCustody, at(flows::kDelegatedHsmInstall, 4),
               outcomes::kReceived,
               "key_fp=" + hsm_key + "; holder=vnfm-1; " + kAbout + "; peer=hsm-1; channel=hsm-if",
               "hsm-1");
  }
  t.decision(
      "hsm-1", decisions::kKeyCustody, at(flows::kDelegatedHsmInstall, 4), outcomes::kReleased,
      "key_fp=" + hsm_key + "; holder=hsm-1; " + kAbout + "; peer=" + kVnfci + "; channel=hmee-hsm",
      kVnfci);
  t.decision(
      kVnfci, decisions::kKeyCustody, at(flows::kDelegatedHsmInstall, 4), outcomes::kReceived,
      "key_fp=" + hsm_key + "; holder=" + kVnfci + "; " + kAbout + "; peer=hsm-1; channel=hmee-hsm",
      "hsm-1");
  t.decision(kVnfci, decisions::kKeyCustody, at(flows::kDelegatedHsmInstall, 4), outcomes::kStored,
             "key_fp=" + hsm_key + "; holder=" + kVnfci + "; " + kAbout);
  t.decision("hsm-1", decisions::kKeyCustody, at(flows::kDelegatedHsmInstall, 4),
             outcomes::kDeleted, "key_fp=" + hsm_key + "; holder=hsm-1; " + kAbout);
  return t;
}

TEST(DelegationChecks, AVnfmHoldingAnHsmKeyFailsK4) {
  World w(kActors);
  auto good_hsm = hsm_custody(false);
  auto ok = run_id(w, "Vnfm.Sc.006", "K4", good_hsm.records);
  EXPECT_EQ(ok.verdict, Verdict::pass) << ok.reason;
  EXPECT_EQ(run_id(w, "C.2.2.4.7", "K4", good_hsm.records).verdict, Verdict::pass);
  auto bad = hsm_custody(true);
  auto r = run_id(w, "Vnfm.Sc.006", "K4", bad.records);
  EXPECT_EQ(r.verdict, Verdict::fail) << r.reason;
  EXPECT_TRUE(says(r, "vnfm-1 held key fedcba9876543210")) << r.reason;
  EXPECT_EQ(run_id(w, "C.2.2.4.7", "K4", bad.records).verdict, Verdict::fail);
}

TEST(DelegationChecks, ADirectKeyLeavingItsVnfciFailsK8InAMixedDeployment) {
  World w(kActors);
  TraceBuilder direct;
  direct.decision("vnf-2-fw-1", decisions::kKeyCustody, at(flows::kDirect, 4), outcomes::kGenerated,
                  "key_fp=aaaaaaaaaaaaaaaa; holder=vnf-2-fw-1; vnfci=vnf-2-fw-1; identity=client",
                  "");
  direct.decision("vnf-2-fw-1", decisions::kKeyCustody, at(flows::kDirect, 7), outcomes::kStored,
                  "key_fp=aaaaaaaaaaaaaaaa; holder=vnf-2-fw-1; vnfci=vnf-2-fw-1; identity=client");
  // Direct mode alone: K8 does not apply, K1 passes.
  EXPECT_EQ(run_id(w, "5.2.3.1-b", "K8", direct.records).verdict, Verdict::none);
  EXPECT_EQ(run_id(w, "C.2.1.1", "K1", direct.records).verdict, Verdict::pass);
  auto mixed = good();
  for (auto r : direct.records) mixed.records.push_back(r);
  mixed.decision("vnf-2-fw-1", decisions::kKeyCustody, at(flows::kDirect, 7), outcomes::kSent,
                 "key_fp=aaaaaaaaaaaaaaaa; holder=vnf-2-fw-1; vnfci=vnf-2-fw-1; identity=client; "
                 "peer=vnfm-1; channel=mutual",
                 "vnfm-1");
  mixed.renumber();
  auto r = run_id(w, "5.2.3.1-b", "K8", mixed.records);
  EXPECT_EQ(r.verdict, Verdict::fail) << r.reason;
  EXPECT_TRUE(says(r, "mixed deployment: ")) << r.reason;
  EXPECT_TRUE(says(r, "left its holder to vnfm-1")) << r.reason;
}

TEST(DelegationChecks, WithoutALedgerTheKeyChecksSayNothing) {
  World w(kActors);
  TraceBuilder t;
  registration(t);
  EXPECT_EQ(run_id(w, "C.2.2.3", "K2", t.records).verdict, Verdict::none);
  EXPECT_EQ(run_id(w, "C.2.1.1", "K1", t.records).verdict, Verdict::none);
}

// --- expect.delegation

sim::ScenarioLoad load(const std::string& expect) {
  static const auto registry = actors::builtin_registry();
  const std::string text = R"({
  "name": "expect-test",
  "epoch": "2026-01-01T00:00:00Z",
  "seed": 1,
  "duration": "1s",
  "actors": [{"name": "cmf-1", "type": "echo"}, {"name": "vnfm-1", "type": "echo"}],
  "covers": ["C.2.2.1"],
  "expect": )" + expect + "\n}\n";
  return sim::load_scenario_text("expect.json", text, registry,
                                 scenario_rules(Catalogue::builtin()));
}

TEST(DelegationExpectations, AWellFormedExpectationReads) {
  auto l = load(R"({"delegation": {"installed": ["vnf-1-fw-1"], "not_installed": ["vnf-1-fw-2"],
    "refusals": [{"vnfci": "vnf-1-fw-2", "actor": "vnf-1-fw-2", "operation": "CredentialRefused",
                  "step": "C.2.2.3#2", "reason_contains": "key does not match"}],
    "key_deleted": [{"actor": "vnfm-1", "vnfci": "vnf-1-fw-2", "reason": "attempts exhausted"}],
    "renewals": 1, "revoked": ["vnf-1-fw-1"]}})");
  ASSERT_TRUE(l.scenario) << (l.errors.empty() ? "" : sim::format_diagnostic(l.errors.front()));
  const auto x = Expectations::from_json(l.scenario->expect).delegation;
  EXPECT_TRUE(x.expects_installed("vnf-1-fw-1"));
  EXPECT_TRUE(x.expects_not_installed("vnf-1-fw-2"));
  ASSERT_EQ(x.refusals.size(), 1u);
  EXPECT_EQ(x.refusals[0].step, "C.2.2.3#2");
  ASSERT_EQ(x.key_deleted.size(), 1u);
  EXPECT_EQ(x.key_deleted[0].reason, "attempts exhausted");
  EXPECT_EQ(x.renewals, 1);
  EXPECT_EQ(x.revoked, std::vector<std::string>{"vnf-1-fw-1"});
}

TEST(DelegationExpectations, ProblemsAreReportedWithPointers) {
  auto l = load(R"({"delegation": {"instaled": [], "not_installed": ["x"],
    "refusals": [{"vnfci": "y", "operation": "DelegateCheck", "step": "C.2.1.1#3",
                  "reason_contains": ""}],
    "key_deleted": [{"actor": "vnfm-9", "vnfci": "x", "reason": "installd"}], "renewals": 0}})");
  EXPECT_FALSE(l.scenario);
  std::string all;
  for (const auto& d : l.errors) all += sim::format_diagnostic(d) + "\n";
  EXPECT_NE(all.find("unknown key \"instaled\" in \"delegation\" (did you mean \"installed\"?)"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("\"x\" has no entry in \"refusals\""), std::string::npos) << all;
  EXPECT_NE(all.find("is no step of a delegation flow"), std::string::npos) << all;
  EXPECT_NE(all.find("a delegation refusal needs \"reason_contains\""), std::string::npos) << all;
  EXPECT_NE(all.find("unknown actor \"vnfm-9\""), std::string::npos) << all;
  EXPECT_NE(all.find("(did you mean \"installed\"?) (at /expect/delegation/key_deleted/0/reason)"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("(at /expect/delegation/renewals)"), std::string::npos) << all;
}

}  // namespace
}  // namespace ifa026::conformance::delegation_checks_test

namespace ifa026::conformance::delegation_checks_test {
namespace {

TEST(DelegationChecks, ExpectedRenewalsAndRevocationsAreJudgedUnderVnfmSc010) {
  World w(kActors,
          nlohmann::json::parse(R"({"delegation": {"renewals": 1, "revoked": ["vnf-1-fw-1"]}})"));
  auto t = good();
  auto r = run_id(w, "Vnfm.Sc.010", "", t.records);
  EXPECT_EQ(r.verdict, Verdict::fail) << r.reason;
  EXPECT_TRUE(says(r, "0 delegated renewal(s), the scenario expects at least 1")) << r.reason;
  t.decision("ca-1", decisions::kRevokeCertificate, "", outcomes::kOk,
             "serial=0A1; identity=" + kVnfci + "/client", "cmf-1");
  t.decision("vnfm-1", decisions::kDelegatedCertificateStored, at(flows::kDelegatedCsr, 6),
             outcomes::kStored, kAbout + "; serial=0A2; purpose=renewal");
  auto ok = run_id(w, "Vnfm.Sc.010", "", t.records);
  EXPECT_EQ(ok.verdict, Verdict::pass) << ok.reason;
  EXPECT_TRUE(ok.observed.contains("revocation"));
  EXPECT_TRUE(ok.observed.contains("renewal"));
  // A renewal the VNFM gave up on (its alarm) fails, even when another renewal completed.
  t.decision(
      "vnfm-1", decisions::kExpiryAlarm, "", outcomes::kRaised,
      kAbout + "; reason=renewal failed: CSR refused: unknown delegation cmf-1-delegation-6");
  auto failed = run_id(w, "Vnfm.Sc.010", "", t.records);
  EXPECT_EQ(failed.verdict, Verdict::fail) << failed.reason;
  EXPECT_TRUE(says(failed, "did not complete (renewal failed: CSR refused: unknown delegation"))
      << failed.reason;
}

}  // namespace
}  // namespace ifa026::conformance::delegation_checks_test

namespace ifa026::conformance::delegation_checks_test {
namespace {

// vnfm-2 asks for vnfm-1's VNFCI: its walk is its own, refused; vnfm-1's completes.
TEST(DelegationChecks, AnotherVnfmsRefusedRequestIsItsOwnWalk) {
  auto actors = kActors;
  actors.emplace_back("vnfm-2", "vnfm");
  TraceBuilder t;
  registration(t);
  t.message("nfvo-1", "vnfm-2", ops::kInstantiateVnfRequest, "", true, reference_points::kOrVnfm);
  t.decision("vnfm-2", decisions::kDelegateRegistration, at(flows::kDelegateRegistration, 0),
             outcomes::kRequested, kAbout + "; vnf=vnf-1", "cmf-1");
  t.message("vnfm-2", "cmf-1", ops::kRegisterDelegateRequest, at(flows::kDelegateRegistration, 0),
            true, reference_points::kCmVnfm);
  t.decision("cmf-1", decisions::kRegisterDelegate, at(flows::kDelegateRegistration, 1),
             outcomes::kRejected,
             kAbout + "; vnf=vnf-1; delegate=vnfm-2; reason=delegated to vnfm-1", "vnfm-2");
  t.message("cmf-1", "vnfm-2", ops::kRegisterDelegateResponse, at(flows::kDelegateRegistration, 2),
            true, reference_points::kCmVnfm);
  {
    World w(actors);
    auto r = flow(w, flows::kDelegateRegistration, t.records);
    EXPECT_EQ(r.verdict, Verdict::fail) << r.reason;
    EXPECT_TRUE(says(r, kVnfci + "/client (vnfm-2): refused at C.2.2.1#1")) << r.reason;
  }
  World w(actors, nlohmann::json::parse(R"({"delegation": {"refusals": [{"vnfci": "vnf-1-fw-1",
      "actor": "cmf-1", "operation": "RegisterDelegate",
      "reason_contains": "delegated to vnfm-1"}]}})"));
  auto r = flow(w, flows::kDelegateRegistration, t.records);
  EXPECT_EQ(r.verdict, Verdict::pass) << r.reason;
  EXPECT_TRUE(says(r, kVnfci + "/client (vnfm-1): steps #0..#2 in order")) << r.reason;
  auto c = run_id(w, "Cmf.CertLcm.003", "", t.records);
  EXPECT_EQ(c.verdict, Verdict::pass) << c.reason;
}

}  // namespace
}  // namespace ifa026::conformance::delegation_checks_test

namespace ifa026::conformance::delegation_checks_test {
namespace {

// C.2.2.4.6 for a container: the VNFM's request to the CISM, which injects; the VNFCI installs.
TEST(DelegationChecks, TheContainerVariantOfC22446PassesThroughTheCism) {
  auto actors = kActors;
  actors.emplace_back("cism-1", "cism");
  TraceBuilder t;
  const char* f = flows::kDelegatedConfiguration;
  t.decision("cism-1", decisions::kSpawnActor, "", outcomes::kOk,
             "name=" + kVnfci + "; type=vnfci; trust_domain=default", kVnfci);
  t.decision("ca-1", decisions::kIssueCertificate, at(flows::kDelegatedCsr, 4), outcomes::kOk,
             "request=p10cr; serial=0B1; identity=" + kVnfci + "/client", "cmf-1");
  t.crypto("vnfm-1", decisions::kKeyPairCheck, at(f, 0), outcomes::kOk, kAbout, "cism-1");
  t.decision("vnfm-1", decisions::kCredentialInstall, at(f, 0), outcomes::kAttempted,
             kAbout + "; attempt=1", "cism-1");
  t.message("vnfm-1", "cism-1", ops::kOsContainerConfigurationRequest, at(f, 0), true,
            reference_points::kCismSi);
  t.message("cism-1", kVnfci, ops::kInjectCredentialsRequest, at(f, 0), true,
            reference_points::kNfviInject);
  t.decision(kVnfci, decisions::kCertificateInstalled, at(f, 1), outcomes::kOk,
             kAbout + "; serial=0B1; purpose=delegated", "cism-1");
  t.message(kVnfci, "cism-1", ops::kInjectCredentialsReport, at(f, 2), true,
            reference_points::kNfviInject);
  t.message("cism-1", "vnfm-1", ops::kOsContainerConfigurationResponse, at(f, 2), true,
            reference_points::kCismSi);
  t.decision("vnfm-1", decisions::kCredentialInstall, at(f, 2), outcomes::kInstalled, kAbout,
             "cism-1");
  World w(actors);
  auto r = flow(w, f, t.records);
  EXPECT_EQ(r.verdict, Verdict::pass) << r.reason;
  // The VNFCI installs a certificate the CA issued for another identity: the post-condition fails.
  for (auto& rec : t.records)
    if (rec.operation == decisions::kIssueCertificate)
      rec.detail = "request=p10cr; serial=0B1; identity=vnf-1-fw-9/client";
  auto bad = flow(w, f, t.records);
  EXPECT_EQ(bad.verdict, Verdict::fail) << bad.reason;
  EXPECT_TRUE(says(bad, "which the CA issued for vnf-1-fw-9/client")) << bad.reason;
}

// C.2.2.4.7: the certificate to the VNFCI, the key from the HSM into its HMEE.
TEST(DelegationChecks, TheHsmInstallationWalksItsSixSteps) {
  TraceBuilder t;
  const char* f = flows::kDelegatedHsmInstall;
  t.decision("vim-1", decisions::kSpawnActor, "", outcomes::kOk,
             "name=" + kVnfci + "; type=vnfci; trust_domain=default", kVnfci);
  t.decision("ca-1", decisions::kIssueCertificate, at(flows::kDelegatedCsrHsm, 4), outcomes::kOk,
             "request=p10cr; serial=0C1; identity=" + kVnfci + "/client", "cmf-1");
  t.crypto("vnfm-1", decisions::kKeyPairCheck, at(f, 0), outcomes::kOk, kAbout, kVnfci);
  t.decision("vnfm-1", decisions::kCredentialInstall, at(f, 0), outcomes::kAttempted,
             kAbout + "; attempt=1", kVnfci);
  t.message("vnfm-1", kVnfci, ops::kSetConfigurationRequest, at(f, 0), true,
            reference_points::kVeVnfmVnf);
  t.decision(kVnfci, decisions::kPendingKey, at(f, 1), outcomes::kPending, kAbout);
  t.decision(kVnfci, decisions::kHsmChannel, at(f, 2), outcomes::kOk, "vnfci=" + kVnfci, "hsm-1");
  t.message(kVnfci, "hsm-1", ops::kReleaseKeyPairRequest, at(f, 3), true,
            reference_points::kHmeeHsm);
  t.decision("hsm-1", decisions::kReleaseKeyPair, at(f, 3), outcomes::kReleased, kAbout, kVnfci);
  t.message("hsm-1", kVnfci, ops::kReleaseKeyPairResponse, at(f, 4), true,
            reference_points::kHmeeHsm);
  t.decision(kVnfci, decisions::kCertificateInstalled, at(f, 4), outcomes::kOk,
             kAbout + "; serial=0C1; purpose=delegated; key=hsm", "hsm-1");
  t.message(kVnfci, "vnfm-1", ops::kSetConfigurationResponse, at(f, 5), true,
            reference_points::kVeVnfmVnf);
  World w(kActors);
  auto r = flow(w, f, t.records);
  EXPECT_EQ(r.verdict, Verdict::pass) << r.reason;
  // The HSM refuses the release: the walk ends at #3, a fail unless expected.
  for (auto& rec : t.records)
    if (rec.operation == decisions::kReleaseKeyPair) {
      rec.outcome = outcomes::kRefused;
      rec.detail = kAbout + "; reason=handle is released to another VNFCI";
    }
  t.erase(ops::kReleaseKeyPairResponse, "hsm-1");
  t.erase(decisions::kCertificateInstalled, kVnfci);
  auto refused = flow(w, f, t.records);
  EXPECT_EQ(refused.verdict, Verdict::fail) << refused.reason;
  EXPECT_TRUE(says(refused, "refused at C.2.2.4.7#3 by hsm-1")) << refused.reason;
}

}  // namespace
}  // namespace ifa026::conformance::delegation_checks_test

namespace ifa026::conformance::delegation_checks_test {
namespace {

TEST(DelegationChecks, MoreAttemptsThanInstallAttemptsFailsVnfmSc005) {
  World w(kActors);
  w.set_params("vnfm-1", nlohmann::json::parse(R"({"delegation": {"install_attempts": 1}})"));
  auto t = good();
  t.decision("vnfm-1", decisions::kKeyCustody, at(flows::kDelegatedInstall, 0), outcomes::kSent,
             "key_fp=" + kKey + "; holder=vnfm-1; " + kAbout + "; peer=vim-1; channel=mutual",
             "vim-1");
  auto r = run_id(w, "Vnfm.Sc.005", "K7", t.records);
  EXPECT_EQ(r.verdict, Verdict::fail) << r.reason;
  EXPECT_TRUE(says(r, "sent 2 times, install_attempts is 1")) << r.reason;
}

}  // namespace
}  // namespace ifa026::conformance::delegation_checks_test

namespace ifa026::conformance::delegation_checks_test {
namespace {

TEST(DelegationChecks, TheOsssDelegationModeReachesTheVnfmThroughTheNfvo) {
  World w(kActors);
  sim::CommandSpec command;
  command.actor = "oss-1";
  command.command = "instantiate_ns";
  command.args = nlohmann::json::parse(
      R"({"ns": "ns-1", "vnfs": [{"vnf": "vnf-1", "vnfd_id": "vnfd-fw",
          "certificate_configuration": {"mode": "delegation"}}]})");
  w.scenario().workload.push_back(command);
  auto t = good();
  for (const char* id : {"Nfvo.Sc.006", "Nfvo.Sc.007", "Vnfm.Sc.011"}) {
    auto r = run_id(w, id, "", t.records);
    EXPECT_EQ(r.verdict, Verdict::pass) << id << ": " << r.reason;
  }
  // Without the NFVO's LCM operation the registration has no parameters from it.
  t.erase(decisions::kVnfLcmOperation, "vnfm-1");
  auto r = run_id(w, "Vnfm.Sc.011", "", t.records);
  EXPECT_EQ(r.verdict, Verdict::fail) << r.reason;
  EXPECT_TRUE(says(r, "without a VNF LCM operation from the NFVO")) << r.reason;
  EXPECT_EQ(run_id(w, "Nfvo.Sc.006", "", t.records).verdict, Verdict::fail);
  // A direct-mode request whose VNF ends up delegated fails Nfvo.Sc.006.
  w.scenario().workload.back().args["vnfs"][0]["certificate_configuration"]["mode"] = "direct";
  auto d = run_id(w, "Nfvo.Sc.006", "", good().records);
  EXPECT_EQ(d.verdict, Verdict::fail) << d.reason;
  EXPECT_TRUE(says(d, "the OSS asked vnf-1 in direct mode")) << d.reason;
}

}  // namespace
}  // namespace ifa026::conformance::delegation_checks_test

namespace ifa026::conformance::delegation_checks_test {
namespace {

TEST(DelegationChecks, AnHsmKeepingAReleasedKeyFailsC22447) {
  World w(kActors);
  auto t = hsm_custody(false);
  for (auto it = t.records.begin(); it != t.records.end(); ++it)
    if (it->actor == "hsm-1" && it->outcome == outcomes::kDeleted) {
      t.records.erase(it);
      break;
    }
  t.renumber();
  auto r = run_id(w, "C.2.2.4.7", "K4", t.records);
  EXPECT_EQ(r.verdict, Verdict::fail) << r.reason;
  EXPECT_TRUE(says(r, "hsm-1 kept key fedcba9876543210")) << r.reason;
}

}  // namespace
}  // namespace ifa026::conformance::delegation_checks_test

// ifa026-fuzz-seeds: writes the seed corpora of the fuzz targets (fuzz/corpus/<target>/, one
// file per input, named by its content's hash) from real objects of the pki API exchanged in the
// fuzz world (fuzz_world.hpp): a CMP client enrolling, renewing and revoking at the world's CA
// through CmpServer (requests and answers captured), the CSRs, certificates, CRLs, OCSP requests
// and responses, attestation evidence, results and key-attestation statements those flows use,
// scenarios of the scenario target's stand-in actor types, and an envelope of every typed message.
// docs/fuzzing.md says when to run it again (`make fuzz-seeds`).
//
//   ifa026-fuzz-seeds [--new-world] [CORPUS_FOLDER]
//
// --new-world makes and stores a new fuzz/world/ first (new certificates): every stored corpus
// input that holds a signature of the old world then stops verifying, so write all of them again.
#include <openssl/evp.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "actors/common/envelope.hpp"
#include "actors/messages/all_messages.hpp"
#include "fuzz/fuzz_targets.hpp"
#include "fuzz/fuzz_world.hpp"
#include "pki/attestation_evidence.hpp"
#include "pki/cmp_client.hpp"
#include "pki/cmp_server.hpp"
#include "pki/key_attestation.hpp"
#include "pki/ocsp.hpp"
#include "pki/seeded_key.hpp"

namespace fs = std::filesystem;
namespace pki = ifa026::pki;
namespace fuzz = ifa026::fuzz;
namespace messages = ifa026::actors::messages;

namespace {

class Corpus {
 public:
  explicit Corpus(fs::path folder) : folder_(std::move(folder)) {}

  void add(const std::string& target, const pki::Bytes& input) {
    const fs::path dir = folder_ / target;
    fs::create_directories(dir);
    std::ofstream(dir / name_of(input), std::ios::binary)
        .write(reinterpret_cast<const char*>(input.data()),
               static_cast<std::streamsize>(input.size()));
    ++counts_[target];
  }
  void add(const std::string& target, std::uint8_t selector, const pki::Bytes& der) {
    pki::Bytes input{selector};
    input.insert(input.end(), der.begin(), der.end());
    add(target, input);
  }
  void add_text(const std::string& target, const std::string& text) {
    add(target, pki::Bytes(text.begin(), text.end()));
  }
  const std::map<std::string, int>& counts() const { return counts_; }

 private:
  // libFuzzer's own naming: the SHA-1 of the content in hex.
  static std::string name_of(const pki::Bytes& input) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_Digest(input.data(), input.size(), digest, &length, EVP_sha1(), nullptr);
    static const char* hex = "0123456789abcdef";
    std::string name;
    for (unsigned int i = 0; i < length; ++i) {
      name += hex[digest[i] >> 4];
      name += hex[digest[i] & 15];
    }
    return name;
  }

  fs::path folder_;
  std::map<std::string, int> counts_;
};

pki::Bytes bytes_of(const std::string& text) {
  return pki::Bytes(text.begin(), text.end());
}

std::string http_post(const pki::Bytes& body, const std::string& path = "/pkix/",
                      const std::string& type = "application/pkixcmp") {
  return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + type +
         "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" +
         std::string(body.begin(), body.end());
}

template <class... M>
void add_default_envelopes(Corpus& corpus, messages::MessageList<M...>) {
  (corpus.add("typed_message", ifa026::actors::encode_envelope(messages::to_envelope(M{}))), ...);
}

void write_pki_seeds(Corpus& corpus, const fuzz::World& w) {
  const pki::Instant now = fuzz::world_now();
  pki::CertificateAuthority ca = w.ca();
  pki::CmpServerConfig config;
  config.ca_pubs = {w.ca_certificate};
  pki::CmpServer server(ca, config);
  const pki::Bytes secret = bytes_of(fuzz::kCredentialSecret);
  server.register_initial_credential(
      fuzz::kCredentialReference, secret,
      pki::InitialCredentialLimits{false, std::nullopt, std::nullopt, std::nullopt});

  std::vector<pki::Bytes> requests;
  std::vector<pki::Bytes> answers;
  pki::CmpClientConfig client_config;
  client_config.transport = [&](pki::ByteView request) {
    requests.emplace_back(request.begin(), request.end());
    answers.push_back(server.handle(request, now));
    return answers.back();
  };
  client_config.trust_anchors = {w.ca_certificate};
  pki::CmpClient client(client_config);
  const auto subject = pki::DistinguishedName::parse("CN=seed.fuzz.example.net,O=ifa026-sim,C=FR");
  const pki::SubjectAltName san{{"seed.fuzz.example.net"}, {"192.0.2.7"}, {}};
  std::vector<pki::Certificate> issued;
  auto keep = [&](const pki::CmpResult& result, const char* what) {
    if (!result.ok()) std::cerr << "seed " << what << " failed: " << result.error << "\n";
    if (result.certificate) issued.push_back(*result.certificate);
  };
  const pki::PrivateKey ir_key = pki::seeded_ec_p256_key("seed ir");
  keep(client.enrol_ir(fuzz::kCredentialReference, secret, ir_key, subject, san, now), "ir");
  keep(client.enrol_cr(w.entity_certificate, w.entity_key, pki::seeded_ec_p256_key("seed cr"),
                       subject, san, now),
       "cr");
  pki::CsrContent content;
  content.subject = subject;
  content.san = san;
  content.extended_key_usage = {pki::ExtendedKeyUsage::client_auth};
  content.nf_types = {"AMF", "SMF"};
  const pki::PrivateKey csr_key = pki::seeded_ec_p256_key("seed p10cr");
  const pki::Csr plain_csr = pki::Csr::create(content, csr_key);
  keep(client.enrol_p10cr(plain_csr, w.entity_certificate, w.entity_key, now), "p10cr");
  keep(client.enrol_p10cr_pbm(fuzz::kCredentialReference, secret, plain_csr, now), "p10cr pbm");
  if (!issued.empty()) {
    keep(client.renew_kur(issued.front(), ir_key, pki::seeded_ec_p256_key("seed kur"), now), "kur");
    keep(client.revoke_rr(issued.front(), ir_key, pki::RevocationReason::key_compromise, now),
         "rr");
  }
  // An unprotected garbage-free refusal: a request whose MAC is wrong.
  keep(client.enrol_ir(fuzz::kCredentialReference, bytes_of("wrong"), ir_key, subject, san, now),
       "ir with a wrong secret (refused, as intended)");
  for (const pki::Bytes& r : requests) {
    corpus.add("cmp_server", r);
    corpus.add("cmp_message", r);
    corpus.add_text("http_request", http_post(r));
  }
  for (const pki::Bytes& a : answers) corpus.add("cmp_message", a);
  if (!requests.empty()) {
    const pki::Bytes& r = requests.front();
    corpus.add_text("http_request", http_post(r) + http_post(r, "/pkix"));  // pipelined
    corpus.add_text("http_request", http_post(r, "/other"));
    corpus.add_text("http_request", http_post(r, "/pkix/", "text/plain"));
    corpus.add_text("http_request", http_post(bytes_of("!refused"), "/pkix/",
                                              "application/pkixcmp; charset=binary"));
    corpus.add_text("http_request", "GET /pkix/ HTTP/1.1\r\nHost: x\r\n\r\n");
    corpus.add_text("http_request",
                    "POST /pkix/ HTTP/1.0\r\nContent-Type: application/pkixcmp\r\n"
                    "Transfer-Encoding: chunked\r\n\r\n4\r\n0\x02\x01\x00\r\n0\r\n\r\n");
    corpus.add_text("http_request", http_post(pki::Bytes(3000, 0x30)));  // over the body limit
  }

  // Certificates, CSRs, CRLs.
  corpus.add("certificate", w.ca_certificate.der());
  corpus.add("certificate", w.entity_certificate.der());
  for (const pki::Certificate& c : issued) corpus.add("certificate", c.der());
  corpus.add("csr", plain_csr.der());
  pki::CsrContent attested_content = content;
  pki::KeyProperties properties{true, true, "fips140-3-l3", ""};
  const pki::PrivateKey hsm_key = pki::seeded_ec_p256_key("seed hsm key");
  const auto statement =
      pki::KeyAttestationStatement::create(hsm_key.public_key(), properties, bytes_of("nonce-1"),
                                           now, w.entity_key, {w.entity_certificate});
  attested_content.key_attestation = statement.der();
  const pki::Csr attested_csr = pki::Csr::create(attested_content, hsm_key);
  corpus.add("csr", attested_csr.der());
  corpus.add("crl", ca.crl(now, 86400).der());
  ca.revoke(w.entity_certificate.serial_hex(), now, pki::RevocationReason::superseded);
  for (const pki::Certificate& c : issued)
    ca.revoke(c.serial_hex(), now, pki::RevocationReason::unspecified);
  corpus.add("crl", ca.crl(now, 86400).der());

  // OCSP: requests (selector 0) and the CA's responses (selector 1).
  const auto lookup = [&ca](const std::string& serial) {
    pki::OcspStatusEntry entry;
    if (ca.is_revoked(serial)) {
      entry.status = pki::OcspCertStatus::revoked;
      entry.revoked_at = fuzz::world_now();
      entry.reason = pki::RevocationReason::key_compromise;
    }
    return entry;
  };
  const auto next = pki::Instant::from_seconds(now.seconds() + 3600);
  for (const pki::Certificate& c : {w.entity_certificate, w.ca_certificate}) {
    for (const auto& nonce : {std::optional<pki::Bytes>{}, std::optional(bytes_of("12345678"))}) {
      const pki::Bytes request = pki::make_ocsp_request(c, w.ca_certificate, nonce);
      corpus.add("ocsp", 0, request);
      corpus.add("ocsp", 1, pki::make_ocsp_response(request, ca, lookup, now, next));
    }
  }
  corpus.add("ocsp", 1, pki::make_ocsp_response(bytes_of("not a request"), ca, lookup, now, next));

  // Attestation: evidence (0), the verifier's result (1), key-attestation statements (2).
  const pki::Bytes digest(32, 0x5a);
  const auto evidence = pki::Evidence::create(
      {{"firmware", digest}, {"kernel", digest}, {"vnfc-image", digest}}, bytes_of("nonce-2"),
      hsm_key.public_key(), now, w.entity_key, {w.entity_certificate});
  corpus.add("attestation", 0, evidence.der());
  for (const bool allow_unlisted : {true, false}) {
    const auto result = pki::appraise(
        evidence, pki::ReferenceValues{{{"firmware", digest}}, allow_unlisted, 3600},
        bytes_of("nonce-2"), {w.ca_certificate}, now, w.entity_key, w.entity_certificate);
    corpus.add("attestation", 1, result.der());
  }
  corpus.add("attestation", 2, statement.der());
}

// The shipped scenarios are seeds too, read where they are (fuzz/run.sh passes scenarios/ to the
// target as a second seed folder): only scenarios of the stand-in types are written here.
void write_scenario_seeds(Corpus& corpus) {
  // Scenarios in the stand-in registry's types (scenario_target.cpp).
  corpus.add_text("scenario", R"({"name": "fuzz", "seed": 1, "duration": "10s",
  "actors": [
    {"name": "a", "type": "node", "params": {"name": "x", "enabled": true, "count": 3,
      "ratio": 0.5, "period": "2s", "peers": ["b"], "secrets": {"b": "s"},
      "processing": {"issue": "5ms"}, "vnfds": {"vnfd-1": {"vnfcs": {"ctl": {}}}}, "items": []}},
    {"name": "b", "type": "plain"}],
  "network": {"default_latency": {"fixed": "2ms"}},
  "workload": [{"at": "1s", "actor": "a", "command": "start"},
    {"at": "2s", "actor": "a", "command": "use", "args": {"vnfd": "vnfd-1",
      "vnfcs": {"ctl": "x"}, "after": "1s"}}]})");
}

void write_message_seeds(Corpus& corpus, const fuzz::World& w) {
  add_default_envelopes(corpus, messages::AllMessages{});
  messages::CertificateSigningRequest request;
  request.csr =
      pki::Csr::create(pki::CsrContent{pki::DistinguishedName::parse("CN=m"), {}, {}, {}, {}},
                       w.entity_key)
          .der();
  request.purpose = "enrolment";
  request.vnfci = "vnfci-1";
  corpus.add("typed_message",
             ifa026::actors::encode_envelope(messages::to_envelope(request, "C.4.1.1#0")));
  messages::CmpMessage cmp;
  cmp.exchange = 7;
  cmp.der = w.entity_certificate.der();
  cmp.end_entity = "vnfci-1/identity";
  corpus.add("typed_message", ifa026::actors::encode_envelope(messages::to_envelope("ir", cmp)));
}

}  // namespace

int main(int argc, char** argv) {
  try {
    bool new_world = false;
    fs::path folder = fs::path(IFA026_SOURCE_DIR) / "fuzz" / "corpus";
    for (int i = 1; i < argc; ++i) {
      const std::string arg = argv[i];
      if (arg == "--new-world") {
        new_world = true;
      } else if (arg.starts_with("-")) {
        std::cerr << "usage: ifa026-fuzz-seeds [--new-world] [CORPUS_FOLDER]\n";
        return 2;
      } else {
        folder = arg;
      }
    }
    const std::string world_folder = std::string(IFA026_SOURCE_DIR) + "/fuzz/world";
    if (new_world) fuzz::store_world(fuzz::make_world(), world_folder);
    const fuzz::World w = fuzz::load_world(world_folder);
    Corpus corpus(folder);
    write_pki_seeds(corpus, w);
    write_scenario_seeds(corpus);
    write_message_seeds(corpus, w);
    for (const auto& [target, count] : corpus.counts())
      std::cout << target << ": " << count << " inputs\n";
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "ifa026-fuzz-seeds: " << e.what() << "\n";
    return 1;
  }
}

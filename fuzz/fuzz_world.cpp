// The fuzz targets' fixed PKI (see fuzz_world.hpp).
#include "fuzz/fuzz_world.hpp"

#include <fstream>
#include <sstream>

#include "pki/names.hpp"
#include "pki/seeded_key.hpp"

#ifndef IFA026_SOURCE_DIR
#error "IFA026_SOURCE_DIR must name the checkout (fuzz/CMakeLists.txt)"
#endif

namespace ifa026::fuzz {
namespace {

constexpr std::int64_t kDaySeconds = 86400;
// 2026-01-01T00:00:00Z: the world's certificates begin here.
const pki::Instant kWorldStart = pki::Instant::from_seconds(1767225600);

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw pki::PkiError("fuzz world: cannot read " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void write_text(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out) throw pki::PkiError("fuzz world: cannot write " + path);
}

}  // namespace

pki::Instant world_now() {
  return pki::Instant::from_seconds(kWorldStart.seconds() + kDaySeconds);
}

pki::CertificateAuthority World::ca() const {
  return pki::CertificateAuthority(ca_key, ca_certificate);
}

World make_world() {
  pki::PrivateKey ca_key = pki::seeded_ec_p256_key("ifa026 fuzz world ca");
  auto ca = pki::CertificateAuthority::create_root(
      pki::DistinguishedName::parse("CN=Fuzz CA,O=ifa026-sim,C=FR"), ca_key, kWorldStart,
      3650 * kDaySeconds);
  pki::PrivateKey entity_key = pki::seeded_ec_p256_key("ifa026 fuzz world entity");
  pki::CsrContent content;
  content.subject = pki::DistinguishedName::parse("CN=entity.fuzz.example.net,O=ifa026-sim,C=FR");
  content.san = pki::SubjectAltName{{"entity.fuzz.example.net"}, {}, {}};
  pki::Certificate entity =
      ca.issue(pki::IssueRequest{pki::Csr::create(content, entity_key), kWorldStart, {}, {}, {}},
               pki::CertificateProfile{});
  return World{ca_key, ca.certificate(), entity_key, entity};
}

World load_world(const std::string& folder) {
  return World{pki::seeded_ec_p256_key("ifa026 fuzz world ca"),
               pki::Certificate::from_pem(read_text(folder + "/ca.pem")),
               pki::seeded_ec_p256_key("ifa026 fuzz world entity"),
               pki::Certificate::from_pem(read_text(folder + "/entity.pem"))};
}

void store_world(const World& world, const std::string& folder) {
  write_text(folder + "/ca.pem", world.ca_certificate.to_pem());
  write_text(folder + "/entity.pem", world.entity_certificate.to_pem());
}

const World& world() {
  static const World stored = load_world(IFA026_SOURCE_DIR "/fuzz/world");
  return stored;
}

}  // namespace ifa026::fuzz

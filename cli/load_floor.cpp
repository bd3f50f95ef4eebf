// The in-process enrolment floor of `ifa026 load --floor` (see load_floor.hpp).
#include "cli/load_floor.hpp"

#include <chrono>

#include "pki/certificate_authority.hpp"
#include "pki/cmp_client.hpp"
#include "pki/cmp_server.hpp"

namespace ifa026::cli {

namespace {

using FloorClock = std::chrono::steady_clock;

pki::DistinguishedName floor_ca_name(const std::string& role) {
  return pki::DistinguishedName{{{"O", "ifa026"}, {"CN", "ifa026 floor " + role}}};
}

}  // namespace

LoadResult measure_floor(const LoadPlan& plan) {
  const auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
  const pki::Instant now{std::chrono::duration_cast<std::chrono::nanoseconds>(since_epoch).count()};
  const pki::Instant not_before = pki::Instant::from_seconds(now.seconds() - 60);
  constexpr std::int64_t kYear = 365LL * 86400;
  pki::CertificateAuthority root = pki::CertificateAuthority::create_root(
      floor_ca_name("Root CA"), pki::PrivateKey::generate(), not_before, 20 * kYear);
  pki::CertificateAuthority intermediate = pki::CertificateAuthority::create_subordinate(
      root, floor_ca_name("Intermediate CA"), pki::PrivateKey::generate(), not_before, 10 * kYear,
      1);
  pki::CertificateAuthority issuing = pki::CertificateAuthority::create_subordinate(
      intermediate, floor_ca_name("Issuing CA"), pki::PrivateKey::generate(), not_before, 5 * kYear,
      0);

  pki::CmpServerConfig server_config;
  server_config.chain = {intermediate.certificate(), root.certificate()};
  server_config.ca_pubs = {root.certificate()};
  server_config.grant_implicit_confirm = plan.implicit_confirm;
  pki::CmpServer server(issuing, server_config);
  const std::string secret = "floor-secret";
  const pki::DistinguishedName subject{{{"CN", "floor.example.net"}}};
  pki::SubjectAltName san;
  san.dns = {"floor.example.net"};
  server.register_initial_credential("floor", pki::Bytes(secret.begin(), secret.end()),
                                     pki::InitialCredentialLimits{false, {}, subject, san});

  pki::CmpClientConfig client_config;
  client_config.transport = [&server, now](pki::ByteView request) {
    return server.handle(request, now);
  };
  client_config.trust_anchors = {root.certificate()};
  client_config.implicit_confirm = plan.implicit_confirm;
  pki::CmpClient client(client_config);

  LoadResult result;
  const std::uint64_t count = plan.known_operations().value_or(~0ULL);
  const auto keygen_start = FloorClock::now();
  std::vector<pki::PrivateKey> keys;
  if (plan.pregenerate) keys = generate_keys(plan.key_type, count, 1);
  result.keygen_seconds = std::chrono::duration<double>(FloorClock::now() - keygen_start).count();

  const auto start = FloorClock::now();
  const auto end = plan.duration_seconds
                       ? start + std::chrono::duration_cast<FloorClock::duration>(
                                     std::chrono::duration<double>(*plan.duration_seconds))
                       : FloorClock::time_point::max();
  auto last = start;
  for (std::uint64_t i = 0; i < count && last < end; ++i) {
    const auto begin = FloorClock::now();
    LoadOutcome outcome;
    try {
      const pki::PrivateKey key =
          plan.pregenerate ? keys[i] : pki::PrivateKey::generate(plan.key_type);
      outcome = classify_outcome(client.enrol_ir("floor", pki::Bytes(secret.begin(), secret.end()),
                                                 key, subject, san, now));
    } catch (const std::exception& e) {
      outcome = {kClientErrorGroup, e.what()};
    }
    last = FloorClock::now();
    result.samples.push_back({std::chrono::duration<double>(last - begin).count(), outcome.group});
    if (!outcome.ok()) result.examples.try_emplace(outcome.group, outcome.detail);
  }
  result.elapsed_seconds = std::chrono::duration<double>(last - start).count();
  return result;
}

}  // namespace ifa026::cli

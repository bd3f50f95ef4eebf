// The shared state and helpers of the `ca-live` actor's pieces (see ca_live_part.hpp).
#include "actors/ca_live/ca_live_part.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "actors/common/pki_clock.hpp"

namespace ifa026::actors::ca_live {

namespace {

std::vector<pki::Certificate> read_pem_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("ca-live: cannot read trust_anchors file " + path);
  std::ostringstream text;
  text << in.rdbuf();
  std::vector<pki::Certificate> certificates;
  try {
    certificates = pki::Certificate::all_from_pem(text.str());
  } catch (const std::exception& e) {
    throw std::runtime_error("ca-live: " + path + ": " + e.what());
  }
  if (certificates.empty()) throw std::runtime_error("ca-live: " + path + " holds no certificate");
  return certificates;
}

}  // namespace

CaLiveState::CaLiveState(sim::ActorContext& context, const sim::ActorSpec& spec, Tracer& tracer,
                         HandlerGuard& guard)
    : context(context), tracer(tracer), guard(guard), settings(read_settings(spec)) {
  for (const auto& file : settings.trust_anchor_files) {
    for (auto& certificate : read_pem_file(file)) {
      auto& list = certificate.subject() == certificate.issuer() ? anchors : intermediates;
      if (std::find(list.begin(), list.end(), certificate) == list.end())
        list.push_back(std::move(certificate));
    }
  }
  if (anchors.empty())
    throw std::runtime_error("ca-live: no self-signed (root) certificate in trust_anchors");
}

pki::Instant CaLivePart::now() const {
  return pki_now(context());
}

pki::TrustStore CaLivePart::trust_store() const {
  pki::TrustStore store;
  for (const auto& a : state_.anchors) store.add_anchor(a);
  for (const auto& c : state_.intermediates) store.add_intermediate(c);
  return store;
}

void CaLivePart::send_envelope(const std::string& to, const Envelope& envelope,
                               const char* reference_point) const {
  context().post(envelope_message(to, reference_point, envelope));
}

}  // namespace ifa026::actors::ca_live

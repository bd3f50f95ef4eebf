// Final-state certificate checks (see certificate_postcondition.hpp).
#include "conformance/certificate_postcondition.hpp"

#include <algorithm>
#include <cctype>
#include <exception>

#include "pki/chain_verifier.hpp"

namespace ifa026::conformance {

const actors::CertificateHolder* holder_of(sim::Simulation& simulation, const std::string& name) {
  return dynamic_cast<const actors::CertificateHolder*>(simulation.actor(name));
}

pki::Instant final_instant(const sim::Simulation& simulation) {
  return pki::Instant{simulation.epoch().at(simulation.now()).unix_ns};
}

bool same_serial(const std::string& a, const std::string& b) {
  auto norm = [](const std::string& s) {
    std::string out;
    for (char c : s) out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    const auto first = out.find_first_not_of('0');
    return first == std::string::npos ? std::string("0") : out.substr(first);
  };
  return !a.empty() && !b.empty() && norm(a) == norm(b);
}

std::string chain_problem(const actors::HeldCertificate& held,
                          const std::vector<pki::Certificate>& anchors) {
  try {
    if (held.chain.empty()) return "no chain was delivered with the certificate";
    const pki::Certificate* child = &held.certificate;
    for (const auto& next : held.chain) {
      if (!(child->issuer() == next.subject()))
        return "chain broken: \"" + child->subject().to_string() + "\" is not issued by \"" +
               next.subject().to_string() + "\"";
      if (!next.is_ca()) return "chain element \"" + next.subject().to_string() + "\" is no CA";
      child = &next;
    }
    const auto& root = held.chain.back();
    if (!(root.subject() == root.issuer()))
      return "chain ends at \"" + root.subject().to_string() + "\", not at a self-signed root";
    if (std::find(anchors.begin(), anchors.end(), root) == anchors.end())
      return "chain's root \"" + root.subject().to_string() + "\" is not a configured trust anchor";
    return "";
  } catch (const std::exception& e) {
    return std::string("chain does not decode: ") + e.what();
  }
}

HolderCheck check_current_certificate(sim::Simulation& simulation, const std::string& entity,
                                      const std::string& fqdn) {
  HolderCheck out;
  const auto* holder = holder_of(simulation, entity);
  if (holder == nullptr) {
    out.reason = entity +
                 " exposes no certificate state (not a certificate holder, or played by a "
                 "separate process)";
    out.observable = false;
    return out;
  }
  const auto current = holder->current_certificate();
  if (!current) {
    out.reason = entity + " holds no certificate at the end of the run";
    return out;
  }
  try {
    out.serial = current->certificate.serial_hex();
    const auto anchors = holder->trust_anchors();
    if (anchors.empty()) {
      out.reason = entity + " has no trust anchor configured";
      return out;
    }
    pki::TrustStore store;
    for (const auto& a : anchors) store.add_anchor(a);
    for (const auto& c : current->chain)
      if (std::find(anchors.begin(), anchors.end(), c) == anchors.end()) store.add_intermediate(c);
    pki::VerifyOptions options;
    options.expected_dns_name = fqdn;
    const auto at = final_instant(simulation);
    const auto verified = pki::verify_certificate(current->certificate, store, at, options);
    if (!verified.ok()) {
      out.reason = entity + "'s certificate " + out.serial + " does not verify at " +
                   simulation.epoch().format(simulation.now()) + ": " +
                   std::string(pki::to_string(verified.failure)) + " (" + verified.detail + ")";
      return out;
    }
    const auto dns = current->certificate.san().dns;
    if (std::find(dns.begin(), dns.end(), fqdn) == dns.end()) {
      out.reason = entity + "'s certificate SAN dNSName is not the registered FQDN " + fqdn;
      return out;
    }
    if (auto problem = chain_problem(*current, anchors); !problem.empty()) {
      out.reason = entity + ": " + problem;
      return out;
    }
    out.ok = true;
    out.reason = entity + " holds certificate " + out.serial + " for " + fqdn +
                 " chaining to its trust anchor at the end of the run";
    return out;
  } catch (const std::exception& e) {
    out.reason = entity + "'s certificate cannot be read: " + e.what();
    return out;
  }
}

}  // namespace ifa026::conformance

// Rule tables, their digest and the report MAC (see sf_rules.hpp).
#include "actors/sfm/sf_rules.hpp"

#include "pki/hmac.hpp"

namespace ifa026::actors::sf {

namespace {

std::string normalised(const std::string& rule) {
  std::string out;
  bool blank = false;
  for (char c : rule) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      blank = true;
      continue;
    }
    if (blank && !out.empty()) out += ' ';
    blank = false;
    out += c;
  }
  return out;
}

pki::Bytes bytes_of(const std::string& text) {
  return pki::Bytes(text.begin(), text.end());
}

pki::Bytes mac_input(const std::string& sf_id, const std::string& request_id, pki::ByteView nonce,
                     const std::string& rules_digest) {
  return bytes_of("ifa026-sf-report/1|" + sf_id + "|" + request_id + "|" + pki::to_hex(nonce) +
                  "|" + rules_digest);
}

}  // namespace

std::string canonical_rules(const std::vector<std::string>& rules) {
  std::string text = "ifa026-sf-rules/1\n";
  for (const auto& rule : rules) {
    const std::string r = normalised(rule);
    if (!r.empty()) text += r + "\n";
  }
  return text;
}

std::string rules_digest(const std::vector<std::string>& rules) {
  return pki::to_hex(pki::sha256(bytes_of(canonical_rules(rules))));
}

pki::Bytes report_mac(pki::ByteView credential, const std::string& sf_id,
                      const std::string& request_id, pki::ByteView nonce,
                      const std::string& rules_digest) {
  return pki::hmac_sha256(credential, mac_input(sf_id, request_id, nonce, rules_digest));
}

bool verify_report_mac(pki::ByteView credential, const std::string& sf_id,
                       const std::string& request_id, pki::ByteView nonce,
                       const std::string& rules_digest, pki::ByteView mac) {
  return pki::equal_constant_time(report_mac(credential, sf_id, request_id, nonce, rules_digest),
                                  mac);
}

}  // namespace ifa026::actors::sf

// The initial-credential book of a CMP server (see cmp_credentials.hpp).
#include "pki/cmp_credentials.hpp"

namespace ifa026::pki {

void InitialCredentials::add(std::string reference, Bytes secret, InitialCredentialLimits limits) {
  credentials_[std::move(reference)] =
      Credential{std::move(secret), std::make_unique<InitialCredentialLimits>(std::move(limits)),
                 false, std::nullopt};
}

bool InitialCredentials::usable(const std::string& reference, Instant now) const {
  auto it = credentials_.find(reference);
  if (it == credentials_.end() || it->second.used) return false;
  const auto& limits = it->second.limits;
  return !limits || !limits->expires || now < *limits->expires;
}

const InitialCredentials::Credential* InitialCredentials::find(const std::string& reference) const {
  auto it = credentials_.find(reference);
  return it == credentials_.end() ? nullptr : &it->second;
}

std::optional<std::string> InitialCredentials::refusal(const std::string& reference,
                                                       Instant now) const {
  const Credential& credential = credentials_.at(reference);
  if (credential.used) return "one-use initial credential already used";
  if (credential.limits && credential.limits->expires && now >= *credential.limits->expires) {
    return "initial credential expired";
  }
  return std::nullopt;
}

std::optional<DistinguishedName> InitialCredentials::subject_override(
    const std::string& reference) const {
  const Credential& credential = credentials_.at(reference);
  return credential.limits ? credential.limits->subject : std::nullopt;
}

std::optional<SubjectAltName> InitialCredentials::san_override(const std::string& reference) const {
  const Credential& credential = credentials_.at(reference);
  return credential.limits ? credential.limits->san : std::nullopt;
}

bool InitialCredentials::spend(const std::string& reference) {
  auto it = credentials_.find(reference);
  if (it == credentials_.end()) return false;
  Credential& credential = it->second;
  credential.reserved_by.reset();
  if (credential.limits && credential.limits->one_use) {
    credential.used = true;
    credential.limits.reset();  // spent: only the secret stays, for refusing a replay
    return true;
  }
  return false;
}

void InitialCredentials::reserve(const std::string& reference, const std::string& key) {
  auto it = credentials_.find(reference);
  if (it == credentials_.end() || it->second.used) return;
  if (it->second.limits && it->second.limits->one_use) it->second.reserved_by = key;
}

void InitialCredentials::release(const std::string& reference, const std::string& key) {
  auto it = credentials_.find(reference);
  if (it != credentials_.end() && it->second.reserved_by == key) it->second.reserved_by.reset();
}

std::optional<std::string> InitialCredentials::reserved_by(const std::string& reference) const {
  auto it = credentials_.find(reference);
  return it == credentials_.end() ? std::nullopt : it->second.reserved_by;
}

}  // namespace ifa026::pki

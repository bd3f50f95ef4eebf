// Which deterministic random bit generator OpenSSL draws private-key material from: the private
// DRBG of the calling thread in the default library context (the one EVP_PKEY key generation
// uses), told as its SP 800-90A mechanism and, where it has one, its cipher or digest. What the
// MANO entities record with each key they generate (Annex B Sc.002 / Sc.005).
#pragma once

#include <string>

namespace ifa026::pki {

// "CTR-DRBG/AES-256-CTR", "HASH-DRBG/SHA256", "HMAC-DRBG/SHA256", or the mechanism's name alone;
// "" when OpenSSL offers no DRBG (its error queue is cleared).
std::string private_key_drbg();

// True for the names of the three SP 800-90A DRBG mechanisms (CTR-DRBG, HASH-DRBG, HMAC-DRBG),
// with or without the "/parameter" part.
bool is_sp800_90a_drbg(const std::string& description);

}  // namespace ifa026::pki

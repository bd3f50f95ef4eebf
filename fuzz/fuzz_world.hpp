// The fixed PKI the fuzz targets decode against (docs/fuzzing.md): a root CA and an end entity
// certified by it, with keys derived from seed texts and certificates stored in fuzz/world/, so
// that the seed corpora (fuzz/seed_corpus.cpp writes both) and every later run of a target agree
// on who signed what: a seeded cr, kur or rr is signed by a certificate this CA really issued.
#pragma once

#include <string>

#include "pki/certificate.hpp"
#include "pki/certificate_authority.hpp"
#include "pki/key.hpp"

namespace ifa026::fuzz {

// The instant every target runs at: one day after the world's certificates begin.
pki::Instant world_now();
// The CMP initial credential (PBM) the CA side of the targets accepts, reusable.
inline constexpr const char* kCredentialReference = "fuzz";
inline constexpr const char* kCredentialSecret = "fuzz initial secret";

struct World {
  pki::PrivateKey ca_key;
  pki::Certificate ca_certificate;
  pki::PrivateKey entity_key;
  pki::Certificate entity_certificate;  // issued by the CA, valid at world_now()

  // A CA object for this world's root (fresh: no issued serials, no revocations).
  pki::CertificateAuthority ca() const;
};

// Builds a new world (new certificates; the keys are always the same).
World make_world();
// The world stored in `folder` (ca.pem, entity.pem); throws pki::PkiError naming the file.
World load_world(const std::string& folder);
void store_world(const World& world, const std::string& folder);
// The stored world of this checkout (fuzz/world/), loaded once.
const World& world();

}  // namespace ifa026::fuzz

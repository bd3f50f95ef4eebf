// X.509 certificate decoding (strict DER, PEM bundles) and the field getters. A Certificate keeps
// only its DER; the getters (and pki's OpenSSL calls, through ossl::certificate_x509) parse it
// through a small per-thread cache of recent parses.
#include "pki/certificate.hpp"
#include "pki/openssl_codec.hpp"
#include "pki/openssl_ownership.hpp"

#include <arpa/inet.h>
#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <array>
#include <climits>
#include <cstring>
#include <ctime>
#include <functional>
#include <limits>
#include <memory>
#include <string_view>
#include <unordered_map>

namespace ifa026::pki {

namespace {

using namespace ossl;  // NOLINT(google-build-using-namespace): internal helpers

X509Ptr parse_x509(ByteView der) {
  return decode_whole<X509, X509_free>(der, d2i_X509, "certificate",
                                       "certificate: not a DER X.509 certificate",
                                       "certificate: trailing bytes after the DER certificate");
}

// The key both tables below look DER up by.
std::size_t hash_of(ByteView der) {
  return std::hash<std::string_view>{}(
      std::string_view(reinterpret_cast<const char*>(der.data()), der.size()));
}

// The certificates this thread parsed lately, keyed by their DER. Every user of a Certificate's
// OpenSSL form (the getters, chain verification, the CMP client and server, OCSP) goes through it:
// a handler usually asks one certificate several things in a row, trust anchors and CA
// certificates are asked on every exchange, and decoding (the public key through the provider
// decoders) costs far more than hashing and comparing DER bytes. Bounded, with second-chance
// replacement (an entry used since the hand last passed it is kept one more round), so holding
// certificates still costs only their DER.
class RecentParses {
 public:
  // The parsed certificate, owned by the cache: valid until the next call in this thread.
  X509* get(ByteView der) {
    const std::size_t hash = hash_of(der);
    if (Entry* hit = find(der, hash)) return hit->x509.get();
    return insert(der, hash, parse_x509(der));  // throws on bad DER (nothing replaced)
  }

  // Keeps `x509`, decoded from `der`, for later lookups.
  void remember(ByteView der, X509Ptr x509) {
    const std::size_t hash = hash_of(der);
    if (find(der, hash) == nullptr) insert(der, hash, std::move(x509));
  }

 private:
  struct Entry {
    std::size_t hash = 0;
    Bytes der;
    X509Ptr x509;
    bool used = false;
  };

  Entry* find(ByteView der, std::size_t hash) {
    for (Entry& e : entries_) {
      if (e.hash == hash && e.x509 && e.der.size() == der.size() &&
          std::memcmp(e.der.data(), der.data(), der.size()) == 0) {
        e.used = true;
        return &e;
      }
    }
    return nullptr;
  }

  X509* insert(ByteView der, std::size_t hash, X509Ptr x509) {
    while (entries_[hand_].used) {
      entries_[hand_].used = false;
      hand_ = (hand_ + 1) % entries_.size();
    }
    Entry& slot = entries_[hand_];
    hand_ = (hand_ + 1) % entries_.size();
    slot.hash = hash;
    slot.der.assign(der.begin(), der.end());
    slot.x509 = std::move(x509);
    return slot.x509.get();
  }

  std::array<Entry, 64> entries_;
  std::size_t hand_ = 0;
};

// The DER of the certificates alive in this thread, so that decoding equal DER again shares the
// stored bytes instead of copying them: a trust anchor handed to thousands of VNFCIs, or a
// certificate both its holder and the CMF's inventory keep, is stored once. Only DER that passed
// Certificate::from_der's checks is interned. Entries of certificates since destroyed are swept
// whenever the table has doubled since the last sweep.
class InternedDer {
 public:
  std::shared_ptr<const Bytes> find(ByteView der) {
    const auto [first, last] = entries_.equal_range(hash_of(der));
    for (auto it = first; it != last; ++it) {
      std::shared_ptr<const Bytes> alive = it->second.lock();
      if (alive && alive->size() == der.size() &&
          std::memcmp(alive->data(), der.data(), der.size()) == 0)
        return alive;
    }
    return nullptr;
  }

  std::shared_ptr<const Bytes> add(Bytes der) {
    auto shared = std::make_shared<const Bytes>(std::move(der));
    if (entries_.size() >= sweep_at_) {
      std::erase_if(entries_, [](const auto& entry) { return entry.second.expired(); });
      sweep_at_ = std::max<std::size_t>(kFirstSweep, 2 * entries_.size());
    }
    entries_.emplace(hash_of(*shared), shared);
    return shared;
  }

 private:
  static constexpr std::size_t kFirstSweep = 1024;
  std::unordered_multimap<std::size_t, std::weak_ptr<const Bytes>> entries_;
  std::size_t sweep_at_ = kFirstSweep;
};

InternedDer& interned_der() {
  thread_local InternedDer table;
  return table;
}

RecentParses& recent_parses() {
  thread_local RecentParses cache;
  return cache;
}

X509* parsed(const Bytes& der) {
  return recent_parses().get(der);
}

Bytes encode_x509(X509* x509) {
  return encode_der(x509, i2d_X509, "certificate");
}

// Returns the decoded extension `nid`, nullptr when absent; throws when present but malformed or
// repeated.
template <typename T>
T* extension(X509* x509, int nid, const char* what) {
  int critical = -1;
  void* value = X509_get_ext_d2i(x509, nid, &critical, nullptr);
  if (value == nullptr) {
    if (critical == -1) {
      ERR_clear_error();
      return nullptr;
    }
    throw_decode_error(std::string("certificate: malformed or repeated ") + what);
  }
  return static_cast<T*>(value);
}

std::string ia5_string_text(const ASN1_IA5STRING* s) {
  if (s == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)),
                     static_cast<std::size_t>(ASN1_STRING_length(s)));
}

std::string san_ip_text(const ASN1_OCTET_STRING* s) {
  if (s == nullptr) throw DecodeError("subjectAltName: empty iPAddress");
  const unsigned char* data = ASN1_STRING_get0_data(s);
  int length = ASN1_STRING_length(s);
  char buffer[INET6_ADDRSTRLEN] = {};
  const char* text = nullptr;
  if (length == 4) {
    text = inet_ntop(AF_INET, data, buffer, sizeof buffer);
  } else if (length == 16) {
    text = inet_ntop(AF_INET6, data, buffer, sizeof buffer);
  }
  if (text == nullptr) throw DecodeError("subjectAltName: iPAddress of bad length");
  return text;
}

Bytes octet_string_bytes(const ASN1_OCTET_STRING* s) {
  const unsigned char* data = ASN1_STRING_get0_data(s);
  return Bytes(data, data + ASN1_STRING_length(s));
}

}  // namespace

namespace ossl {

X509Ptr certificate_x509(const Certificate& certificate) {
  X509* x509 = parsed(certificate.der());
  if (X509_up_ref(x509) != 1) throw_pki_error("X509_up_ref");
  return X509Ptr(x509);
}

}  // namespace ossl

Certificate Certificate::from_der(ByteView der) {
  // Every interned DER passed the checks below.
  if (auto known = interned_der().find(der)) return Certificate(std::move(known));
  X509Ptr x509 = parse_x509(der);
  // Re-encode from the decoded fields, not from the encoding OpenSSL cached while decoding, so
  // that BER inside the to-be-signed part is caught too.
  if (i2d_re_X509_tbs(x509.get(), nullptr) <= 0) throw_decode_error("certificate: re-encoding");
  Bytes reencoded = encode_x509(x509.get());
  require_same_encoding(reencoded, der, "certificate");
  recent_parses().remember(reencoded, std::move(x509));
  return Certificate(interned_der().add(std::move(reencoded)));
}

const Bytes& Certificate::der() const {
  static const Bytes kNone;  // a moved-from certificate
  return der_ ? *der_ : kNone;
}

Certificate Certificate::from_pem(std::string_view pem) {
  BioPtr bio = memory_bio(pem);
  X509Ptr x509(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
  if (!x509) throw_decode_error("certificate: no PEM certificate");
  Bytes der = encode_x509(x509.get());
  return from_der(der);
}

std::vector<Certificate> Certificate::all_from_pem(std::string_view pem) {
  BioPtr bio = memory_bio(pem);
  std::vector<Certificate> certificates;
  ERR_clear_error();
  for (;;) {
    X509Ptr x509(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
    if (!x509) {
      unsigned long error = ERR_peek_last_error();
      if (ERR_GET_LIB(error) == ERR_LIB_PEM && ERR_GET_REASON(error) == PEM_R_NO_START_LINE) {
        ERR_clear_error();  // the end of the bundle
        break;
      }
      throw_decode_error("certificate bundle: bad PEM certificate");
    }
    Bytes der = encode_x509(x509.get());
    certificates.push_back(from_der(der));
  }
  return certificates;
}

std::string Certificate::to_pem() const {
  X509* x509 = parsed(der());
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_X509(bio.get(), x509) != 1) {
    throw_pki_error("certificate: PEM encoding");
  }
  return memory_bio_text(bio.get());
}

DistinguishedName Certificate::subject() const {
  X509* x509 = parsed(der());
  return to_distinguished_name(X509_get_subject_name(x509));
}

DistinguishedName Certificate::issuer() const {
  X509* x509 = parsed(der());
  return to_distinguished_name(X509_get_issuer_name(x509));
}

std::string Certificate::serial_hex() const {
  X509* x509 = parsed(der());
  return ossl::serial_hex(X509_get0_serialNumber(x509), "certificate");
}

Instant Certificate::not_before() const {
  X509* x509 = parsed(der());
  return to_instant(X509_get0_notBefore(x509));
}

Instant Certificate::not_after() const {
  X509* x509 = parsed(der());
  return to_instant(X509_get0_notAfter(x509));
}

SubjectAltName Certificate::san() const {
  X509* x509 = parsed(der());
  SubjectAltName san;
  GeneralNamesPtr names(extension<GENERAL_NAMES>(x509, NID_subject_alt_name, "subjectAltName"));
  if (!names) return san;
  for (int i = 0; i < sk_GENERAL_NAME_num(names.get()); ++i) {
    const GENERAL_NAME* name = sk_GENERAL_NAME_value(names.get(), i);
    int type = -1;
    const void* value = GENERAL_NAME_get0_value(name, &type);
    switch (type) {
      case GEN_DNS:
        san.dns.push_back(ia5_string_text(static_cast<const ASN1_IA5STRING*>(value)));
        break;
      case GEN_IPADD:
        san.ip.push_back(san_ip_text(static_cast<const ASN1_OCTET_STRING*>(value)));
        break;
      case GEN_URI:
        san.uri.push_back(ia5_string_text(static_cast<const ASN1_IA5STRING*>(value)));
        break;
      default:
        break;  // other name forms are not used by the project
    }
  }
  return san;
}

PublicKey Certificate::public_key() const {
  X509* x509 = parsed(der());
  EVP_PKEY* key = X509_get_pubkey(x509);
  if (key == nullptr) throw_decode_error("certificate: subject public key");
  return PublicKey(std::shared_ptr<EVP_PKEY>(key, EVP_PKEY_free));
}

std::optional<Bytes> Certificate::subject_key_id() const {
  X509* x509 = parsed(der());
  OctetStringPtr id(
      extension<ASN1_OCTET_STRING>(x509, NID_subject_key_identifier, "subjectKeyIdentifier"));
  if (!id) return std::nullopt;
  return octet_string_bytes(id.get());
}

std::optional<Bytes> Certificate::authority_key_id() const {
  X509* x509 = parsed(der());
  AuthorityKeyIdPtr aki(
      extension<AUTHORITY_KEYID>(x509, NID_authority_key_identifier, "authorityKeyIdentifier"));
  if (!aki || aki->keyid == nullptr) return std::nullopt;
  return octet_string_bytes(aki->keyid);
}

bool Certificate::is_ca() const {
  X509* x509 = parsed(der());
  BasicConstraintsPtr constraints(
      extension<BASIC_CONSTRAINTS>(x509, NID_basic_constraints, "basicConstraints"));
  return constraints && constraints->ca != 0;
}

std::vector<ExtendedKeyUsage> Certificate::extended_key_usage() const {
  X509* x509 = parsed(der());
  std::vector<ExtendedKeyUsage> usages;
  ExtKeyUsagePtr eku(extension<EXTENDED_KEY_USAGE>(x509, NID_ext_key_usage, "extendedKeyUsage"));
  if (!eku) return usages;
  for (int i = 0; i < sk_ASN1_OBJECT_num(eku.get()); ++i) {
    switch (OBJ_obj2nid(sk_ASN1_OBJECT_value(eku.get(), i))) {
      case NID_client_auth:
        usages.push_back(ExtendedKeyUsage::client_auth);
        break;
      case NID_server_auth:
        usages.push_back(ExtendedKeyUsage::server_auth);
        break;
      case NID_code_sign:
        usages.push_back(ExtendedKeyUsage::code_signing);
        break;
      default:
        break;  // purposes the project does not model
    }
  }
  return usages;
}

std::vector<std::string> Certificate::nf_types() const {
  X509* x509 = parsed(der());
  std::vector<std::string> types;
  ObjectPtr oid(OBJ_txt2obj(kNfTypesOid, 1));
  if (!oid) throw_pki_error("certificate: nfTypes OID");
  int index = X509_get_ext_by_OBJ(x509, oid.get(), -1);
  if (index < 0) return types;
  if (X509_get_ext_by_OBJ(x509, oid.get(), index) >= 0) {
    throw DecodeError("certificate: repeated nfTypes extension");
  }
  const ASN1_OCTET_STRING* value = X509_EXTENSION_get_data(X509_get_ext(x509, index));
  if (value == nullptr) throw DecodeError("certificate: nfTypes extension without value");
  const unsigned char* p = ASN1_STRING_get0_data(value);
  const unsigned char* const start = p;
  long length = ASN1_STRING_length(value);
  AnySequencePtr sequence(d2i_ASN1_SEQUENCE_ANY(nullptr, &p, length));
  if (!sequence || p - start != length) {
    ERR_clear_error();
    throw DecodeError("certificate: nfTypes is not a SEQUENCE OF IA5String");
  }
  for (int i = 0; i < sk_ASN1_TYPE_num(sequence.get()); ++i) {
    const ASN1_TYPE* item = sk_ASN1_TYPE_value(sequence.get(), i);
    if (ASN1_TYPE_get(item) != V_ASN1_IA5STRING) {
      throw DecodeError("certificate: nfTypes entry is not an IA5String");
    }
    types.push_back(ia5_string_text(item->value.ia5string));
  }
  return types;
}

}  // namespace ifa026::pki

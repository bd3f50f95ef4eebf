// PKCS#10 requests: building and signing, strict DER decoding, and reading the requested content.
#include "pki/csr.hpp"
#include "pki/der.hpp"
#include "pki/der_check.hpp"
#include "pki/openssl_codec.hpp"
#include "pki/openssl_ownership.hpp"

#include <arpa/inet.h>
#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <climits>
#include <cstring>
#include <memory>

namespace ifa026::pki {

namespace {

using namespace ossl;  // NOLINT(google-build-using-namespace): internal helpers

struct TypeStackFree {
  void operator()(STACK_OF(ASN1_TYPE) * s) const { sk_ASN1_TYPE_pop_free(s, ASN1_TYPE_free); }
};
struct OpensslFree {
  void operator()(void* p) const { OPENSSL_free(p); }
};

using OctetPtr = Owned<ASN1_OCTET_STRING, ASN1_OCTET_STRING_free>;
using Ia5Ptr = Owned<ASN1_IA5STRING, ASN1_IA5STRING_free>;
using TypePtr = Owned<ASN1_TYPE, ASN1_TYPE_free>;
using EkuPtr = Owned<EXTENDED_KEY_USAGE, EXTENDED_KEY_USAGE_free>;
using TypeStackPtr = std::unique_ptr<STACK_OF(ASN1_TYPE), TypeStackFree>;
using OpensslBytes = std::unique_ptr<unsigned char, OpensslFree>;
using OpensslChars = std::unique_ptr<char, OpensslFree>;

ObjectPtr object_from_oid(const char* oid) {
  ObjectPtr obj(OBJ_txt2obj(oid, 1));
  if (!obj) throw_pki_error(std::string("OBJ_txt2obj ") + oid);
  return obj;
}

std::string oid_text(const ASN1_OBJECT* obj) {
  char buf[128] = {};
  int n = OBJ_obj2txt(buf, sizeof buf, obj, 1);
  if (n <= 0 || static_cast<std::size_t>(n) >= sizeof buf) return {};
  return std::string(buf, static_cast<std::size_t>(n));
}

const EVP_MD* signing_digest(KeyType type) {
  switch (type) {
    case KeyType::ed25519:
      return nullptr;
    case KeyType::ec_p384:
      return EVP_sha384();
    case KeyType::ec_p256:
    case KeyType::rsa2048:
    case KeyType::rsa3072:
      break;
  }
  return EVP_sha256();
}

// ---- building --------------------------------------------------------------------------------

NamePtr csr_x509_name(const DistinguishedName& dn) {
  NamePtr name(X509_NAME_new());
  if (!name) throw_pki_error("X509_NAME_new");
  for (const auto& [type, value] : dn.attributes) {
    if (type != "CN" && type != "O" && type != "OU" && type != "C" && type != "ST" && type != "L") {
      throw PkiError("subject: unsupported attribute type '" + type + "'");
    }
    if (value.empty() || value.size() > static_cast<std::size_t>(INT_MAX)) {
      throw PkiError("subject: bad value for attribute '" + type + "'");
    }
    if (X509_NAME_add_entry_by_txt(name.get(), type.c_str(), MBSTRING_UTF8,
                                   reinterpret_cast<const unsigned char*>(value.data()),
                                   static_cast<int>(value.size()), -1, 0) != 1) {
      throw_pki_error("subject " + type + "=" + value);
    }
  }
  return name;
}

void check_ia5_token(std::string_view kind, const std::string& value) {
  if (value.empty()) throw PkiError(std::string(kind) + ": empty value");
  for (char c : value) {
    auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7f) {
      throw PkiError(std::string(kind) + " '" + value + "': only printable ASCII without spaces");
    }
  }
}

void push_general_name(GENERAL_NAMES* names, int gen_type, std::string_view kind,
                       const std::string& value) {
  check_ia5_token(kind, value);
  GeneralNamePtr gn(a2i_GENERAL_NAME(nullptr, nullptr, nullptr, gen_type, value.c_str(), 0));
  if (!gn) throw_pki_error(std::string(kind) + " '" + value + "'");
  if (sk_GENERAL_NAME_push(names, gn.get()) <= 0) throw_pki_error("sk_GENERAL_NAME_push");
  gn.release();
}

void push_extension(STACK_OF(X509_EXTENSION) * stack, ExtensionPtr ext, std::string_view what) {
  if (!ext) throw_pki_error(what);
  if (sk_X509_EXTENSION_push(stack, ext.get()) <= 0) throw_pki_error("sk_X509_EXTENSION_push");
  ext.release();
}

ExtensionPtr san_extension(const SubjectAltName& san, bool critical) {
  GeneralNamesPtr names(GENERAL_NAMES_new());
  if (!names) throw_pki_error("GENERAL_NAMES_new");
  for (const auto& dns : san.dns) push_general_name(names.get(), GEN_DNS, "SAN DNS name", dns);
  for (const auto& ip : san.ip) push_general_name(names.get(), GEN_IPADD, "SAN IP address", ip);
  for (const auto& uri : san.uri) push_general_name(names.get(), GEN_URI, "SAN URI", uri);
  return ExtensionPtr(X509V3_EXT_i2d(NID_subject_alt_name, critical ? 1 : 0, names.get()));
}

ExtensionPtr eku_extension(const std::vector<ExtendedKeyUsage>& usages) {
  EkuPtr eku(sk_ASN1_OBJECT_new_null());
  if (!eku) throw_pki_error("sk_ASN1_OBJECT_new_null");
  for (ExtendedKeyUsage usage : usages) {
    int nid = extended_key_usage_nid(usage);
    ObjectPtr obj(OBJ_nid2obj(nid));
    if (!obj || sk_ASN1_OBJECT_push(eku.get(), obj.get()) <= 0) throw_pki_error("EKU object");
    obj.release();
  }
  return ExtensionPtr(X509V3_EXT_i2d(NID_ext_key_usage, 0, eku.get()));
}

// RFC 9310: NFTypes ::= SEQUENCE SIZE (1..MAX) OF NFType; NFType ::= IA5String (SIZE (1..32)).
ExtensionPtr nf_types_extension(const std::vector<std::string>& nf_types) {
  TypeStackPtr seq(sk_ASN1_TYPE_new_null());
  if (!seq) throw_pki_error("sk_ASN1_TYPE_new_null");
  for (const std::string& nf : nf_types) {
    check_ia5_token("nfType", nf);
    if (nf.size() > kMaxNfTypeLength) {
      throw PkiError("nfType '" + nf + "': longer than 32 characters (RFC 9310)");
    }
    Ia5Ptr str(ASN1_IA5STRING_new());
    if (!str || ASN1_STRING_set(str.get(), nf.data(), static_cast<int>(nf.size())) != 1) {
      throw_pki_error("nfType IA5String");
    }
    TypePtr item(ASN1_TYPE_new());
    if (!item) throw_pki_error("ASN1_TYPE_new");
    ASN1_TYPE_set(item.get(), V_ASN1_IA5STRING, str.release());
    if (sk_ASN1_TYPE_push(seq.get(), item.get()) <= 0) throw_pki_error("sk_ASN1_TYPE_push");
    item.release();
  }
  unsigned char* raw = nullptr;
  int length = i2d_ASN1_SEQUENCE_ANY(seq.get(), &raw);
  if (length <= 0) throw_pki_error("encode nfTypes");
  OpensslBytes der(raw);
  OctetPtr value(ASN1_OCTET_STRING_new());
  if (!value || ASN1_OCTET_STRING_set(value.get(), der.get(), length) != 1) {
    throw_pki_error("nfTypes OCTET STRING");
  }
  ObjectPtr oid = object_from_oid(kNfTypesOid);
  return ExtensionPtr(X509_EXTENSION_create_by_OBJ(nullptr, oid.get(), 0, value.get()));
}

// ---- decoding --------------------------------------------------------------------------------

ReqPtr parse_req(ByteView der) {
  if (der.empty()) throw DecodeError("CSR DER: empty input");
  if (der.size() > static_cast<std::size_t>(LONG_MAX)) throw DecodeError("CSR DER: too large");
  const unsigned char* p = der.data();
  ReqPtr req(d2i_X509_REQ(nullptr, &p, static_cast<long>(der.size())));
  if (!req) throw_decode_error("CSR DER");
  if (p != der.data() + der.size()) {
    ERR_clear_error();
    throw DecodeError("CSR DER: trailing bytes after the request");
  }
  return req;
}

// The request as re-encoded by OpenSSL must be byte-identical to the input, including the
// re-encoded (not cached) CertificationRequestInfo: rejects BER, non-canonical lengths, unsorted
// SETs and other ambiguous encodings.
void check_canonical(X509_REQ* req, ByteView der) {
  unsigned char* raw = nullptr;
  int length = i2d_X509_REQ(req, &raw);
  if (length <= 0) throw_decode_error("CSR DER (re-encoding)");
  OpensslBytes whole(raw);
  if (static_cast<std::size_t>(length) != der.size() ||
      std::memcmp(whole.get(), der.data(), der.size()) != 0) {
    throw DecodeError("CSR DER: not in canonical DER form");
  }
  der::Header outer;
  if (der::read_header(der, 0, outer) != der::Framing::ok || outer.tag != der::kSequence) {
    throw DecodeError("CSR DER: outer SEQUENCE");
  }
  const std::size_t header = outer.header_length;
  raw = nullptr;
  length = i2d_re_X509_REQ_tbs(req, &raw);
  if (length <= 0) throw_decode_error("CSR DER (re-encoding the request info)");
  OpensslBytes tbs(raw);
  if (header + static_cast<std::size_t>(length) > der.size() ||
      std::memcmp(tbs.get(), der.data() + header, static_cast<std::size_t>(length)) != 0) {
    throw DecodeError("CSR DER: request info not in canonical DER form");
  }
}

std::string short_name(const ASN1_OBJECT* obj) {
  int nid = OBJ_obj2nid(obj);
  if (const char* name = attribute_short_name(nid)) return name;
  if (nid == NID_undef) return oid_text(obj);
  const char* sn = OBJ_nid2sn(nid);
  return sn != nullptr ? sn : oid_text(obj);
}

std::string asn1_to_utf8(const ASN1_STRING* str, std::string_view what) {
  unsigned char* raw = nullptr;
  int length = ASN1_STRING_to_UTF8(&raw, str);
  if (length < 0) throw_decode_error(what);
  OpensslBytes owned(raw);
  return std::string(reinterpret_cast<const char*>(owned.get()), static_cast<std::size_t>(length));
}

std::string csr_ia5_text(const ASN1_STRING* str) {
  const unsigned char* data = ASN1_STRING_get0_data(str);
  int length = ASN1_STRING_length(str);
  if (data == nullptr || length <= 0) return {};
  return std::string(reinterpret_cast<const char*>(data), static_cast<std::size_t>(length));
}

DistinguishedName read_name(const X509_NAME* name) {
  DistinguishedName dn;
  if (name == nullptr) return dn;
  int count = X509_NAME_entry_count(name);
  for (int i = 0; i < count; ++i) {
    const X509_NAME_ENTRY* entry = X509_NAME_get_entry(name, i);
    if (entry == nullptr) throw DecodeError("CSR subject: missing entry");
    std::string type = short_name(X509_NAME_ENTRY_get_object(entry));
    std::string value = asn1_to_utf8(X509_NAME_ENTRY_get_data(entry), "CSR subject " + type);
    dn.attributes.emplace_back(std::move(type), std::move(value));
  }
  return dn;
}

std::string csr_ip_text(const ASN1_OCTET_STRING* ip) {
  const unsigned char* data = ASN1_STRING_get0_data(ip);
  int length = ASN1_STRING_length(ip);
  char buf[INET6_ADDRSTRLEN] = {};
  int family = length == 4 ? AF_INET : length == 16 ? AF_INET6 : 0;
  if (family == 0 || data == nullptr) throw DecodeError("CSR SAN: IP address of bad length");
  if (inet_ntop(family, data, buf, sizeof buf) == nullptr) {
    throw DecodeError("CSR SAN: unprintable IP address");
  }
  return buf;
}

template <typename T>
using D2i = T* (*)(T**, const unsigned char**, long);

// Decodes an extension's value with `d2i`, requiring it to consume the whole OCTET STRING.
template <typename T, typename Deleter>
std::unique_ptr<T, Deleter> extension_value(X509_EXTENSION* ext, D2i<T> d2i,
                                            std::string_view what) {
  const ASN1_OCTET_STRING* value = X509_EXTENSION_get_data(ext);
  const unsigned char* data = value != nullptr ? ASN1_STRING_get0_data(value) : nullptr;
  int length = value != nullptr ? ASN1_STRING_length(value) : 0;
  if (data == nullptr || length <= 0) throw DecodeError(std::string(what) + ": empty");
  der::check_canonical(ByteView(data, static_cast<std::size_t>(length)), what);
  const unsigned char* p = data;
  std::unique_ptr<T, Deleter> decoded(d2i(nullptr, &p, length));
  if (!decoded) throw_decode_error(what);
  if (p != data + length) {
    ERR_clear_error();
    throw DecodeError(std::string(what) + ": trailing bytes");
  }
  return decoded;
}

SubjectAltName read_san(X509_EXTENSION* ext) {
  auto names = extension_value<GENERAL_NAMES, Free<GENERAL_NAMES_free>>(ext, d2i_GENERAL_NAMES,
                                                                        "CSR subjectAltName");
  SubjectAltName san;
  for (int i = 0; i < sk_GENERAL_NAME_num(names.get()); ++i) {
    const GENERAL_NAME* gn = sk_GENERAL_NAME_value(names.get(), i);
    int type = 0;
    const void* value = GENERAL_NAME_get0_value(gn, &type);
    if (value == nullptr) throw DecodeError("CSR subjectAltName: empty name");
    switch (type) {
      case GEN_DNS:
        san.dns.push_back(csr_ia5_text(static_cast<const ASN1_STRING*>(value)));
        break;
      case GEN_URI:
        san.uri.push_back(csr_ia5_text(static_cast<const ASN1_STRING*>(value)));
        break;
      case GEN_IPADD:
        san.ip.push_back(csr_ip_text(static_cast<const ASN1_OCTET_STRING*>(value)));
        break;
      default:
        break;  // other name forms are not part of the profile
    }
  }
  return san;
}

std::vector<ExtendedKeyUsage> read_eku(X509_EXTENSION* ext) {
  auto eku = extension_value<EXTENDED_KEY_USAGE, Free<EXTENDED_KEY_USAGE_free>>(
      ext, d2i_EXTENDED_KEY_USAGE, "CSR extendedKeyUsage");
  return extended_key_usages(eku.get());
}

std::vector<std::string> read_nf_types(X509_EXTENSION* ext) {
  auto seq =
      extension_value<ASN1_SEQUENCE_ANY, TypeStackFree>(ext, d2i_ASN1_SEQUENCE_ANY, "CSR nfTypes");
  int count = sk_ASN1_TYPE_num(seq.get());
  if (count <= 0) throw DecodeError("CSR nfTypes: empty sequence");
  std::vector<std::string> nf_types;
  for (int i = 0; i < count; ++i) {
    const ASN1_TYPE* item = sk_ASN1_TYPE_value(seq.get(), i);
    if (item == nullptr || item->type != V_ASN1_IA5STRING) {
      throw DecodeError("CSR nfTypes: element is not an IA5String");
    }
    std::string nf = csr_ia5_text(item->value.ia5string);
    if (nf.empty()) throw DecodeError("CSR nfTypes: empty element");
    nf_types.push_back(std::move(nf));
  }
  return nf_types;
}

ExtensionStackPtr read_extensions(X509_REQ* req) {
  ExtensionStackPtr exts(X509_REQ_get_extensions(req));
  if (!exts) {
    bool has_request = X509_REQ_get_attr_by_NID(req, NID_ext_req, -1) >= 0 ||
                       X509_REQ_get_attr_by_NID(req, NID_ms_ext_req, -1) >= 0;
    if (has_request) throw_decode_error("CSR extensionRequest");
    ERR_clear_error();
    exts.reset(sk_X509_EXTENSION_new_null());
    if (!exts) throw_pki_error("sk_X509_EXTENSION_new_null");
  }
  return exts;
}

std::optional<Bytes> read_attestation(X509_REQ* req) {
  ObjectPtr oid = object_from_oid(kKeyAttestationAttributeOid);
  int index = X509_REQ_get_attr_by_OBJ(req, oid.get(), -1);
  if (index < 0) return std::nullopt;
  if (X509_REQ_get_attr_by_OBJ(req, oid.get(), index) >= 0) {
    throw DecodeError("CSR key attestation: attribute present twice");
  }
  X509_ATTRIBUTE* attr = X509_REQ_get_attr(req, index);
  if (attr == nullptr || X509_ATTRIBUTE_count(attr) != 1) {
    throw DecodeError("CSR key attestation: attribute must have exactly one value");
  }
  const ASN1_TYPE* value = X509_ATTRIBUTE_get0_type(attr, 0);
  if (value == nullptr || value->type != V_ASN1_OCTET_STRING) {
    throw DecodeError("CSR key attestation: value is not an OCTET STRING");
  }
  const unsigned char* data = ASN1_STRING_get0_data(value->value.octet_string);
  int length = ASN1_STRING_length(value->value.octet_string);
  if (length <= 0 || data == nullptr) return Bytes{};
  return Bytes(data, data + length);
}

CsrContent read_content(X509_REQ* req) {
  CsrContent content;
  content.subject = read_name(X509_REQ_get_subject_name(req));
  ExtensionStackPtr exts = read_extensions(req);
  bool seen_san = false;
  bool seen_eku = false;
  bool seen_nf = false;
  auto once = [](bool& seen, std::string_view what) {
    if (seen) throw DecodeError("CSR: duplicate " + std::string(what) + " extension");
    seen = true;
  };
  for (int i = 0; i < sk_X509_EXTENSION_num(exts.get()); ++i) {
    X509_EXTENSION* ext = sk_X509_EXTENSION_value(exts.get(), i);
    const ASN1_OBJECT* obj = ext != nullptr ? X509_EXTENSION_get_object(ext) : nullptr;
    if (obj == nullptr) throw DecodeError("CSR: malformed extension");
    int nid = OBJ_obj2nid(obj);
    if (nid == NID_subject_alt_name) {
      once(seen_san, "subjectAltName");
      content.san = read_san(ext);
    } else if (nid == NID_ext_key_usage) {
      once(seen_eku, "extendedKeyUsage");
      content.extended_key_usage = read_eku(ext);
    } else if (oid_text(obj) == kNfTypesOid) {
      once(seen_nf, "nfTypes");
      content.nf_types = read_nf_types(ext);
    }
  }
  content.key_attestation = read_attestation(req);
  return content;
}

int no_passphrase(char* /*buf*/, int /*size*/, int /*rwflag*/, void* /*u*/) {
  return -1;
}

}  // namespace

Csr Csr::create(const CsrContent& content, const PrivateKey& key) {
  ReqPtr req(X509_REQ_new());
  if (!req) throw_pki_error("X509_REQ_new");
  if (X509_REQ_set_version(req.get(), X509_REQ_VERSION_1) != 1) {
    throw_pki_error("X509_REQ_set_version");
  }
  NamePtr subject = csr_x509_name(content.subject);
  if (X509_REQ_set_subject_name(req.get(), subject.get()) != 1) {
    throw_pki_error("X509_REQ_set_subject_name");
  }
  if (X509_REQ_set_pubkey(req.get(), key.native()) != 1) throw_pki_error("X509_REQ_set_pubkey");

  ExtensionStackPtr exts(sk_X509_EXTENSION_new_null());
  if (!exts) throw_pki_error("sk_X509_EXTENSION_new_null");
  if (!content.san.empty()) {
    // RFC 5280 §4.2.1.6: critical when the subject is empty.
    push_extension(exts.get(), san_extension(content.san, content.subject.attributes.empty()),
                   "subjectAltName extension");
  }
  if (!content.extended_key_usage.empty()) {
    push_extension(exts.get(), eku_extension(content.extended_key_usage),
                   "extendedKeyUsage extension");
  }
  if (!content.nf_types.empty()) {
    push_extension(exts.get(), nf_types_extension(content.nf_types), "nfTypes extension");
  }
  if (sk_X509_EXTENSION_num(exts.get()) > 0 &&
      X509_REQ_add_extensions(req.get(), exts.get()) != 1) {
    throw_pki_error("X509_REQ_add_extensions");
  }

  if (content.key_attestation) {
    const Bytes& statement = *content.key_attestation;
    if (statement.size() > static_cast<std::size_t>(INT_MAX)) {
      throw PkiError("key attestation statement too large");
    }
    static const unsigned char kEmpty = 0;
    ObjectPtr oid = object_from_oid(kKeyAttestationAttributeOid);
    if (X509_REQ_add1_attr_by_OBJ(req.get(), oid.get(), V_ASN1_OCTET_STRING,
                                  statement.empty() ? &kEmpty : statement.data(),
                                  static_cast<int>(statement.size())) != 1) {
      throw_pki_error("key attestation attribute");
    }
  }

  if (X509_REQ_sign(req.get(), key.native(), signing_digest(key.type())) <= 0) {
    throw_pki_error("X509_REQ_sign");
  }
  unsigned char* raw = nullptr;
  int length = i2d_X509_REQ(req.get(), &raw);
  if (length <= 0) throw_pki_error("i2d_X509_REQ");
  OpensslBytes der(raw);
  return Csr(Bytes(der.get(), der.get() + length));
}

Csr Csr::from_der(ByteView der) {
  ReqPtr req = parse_req(der);
  der::check_canonical(der, "CSR DER");
  if (X509_REQ_get_version(req.get()) != X509_REQ_VERSION_1) {
    throw DecodeError("CSR DER: version is not v1 (0)");
  }
  if (X509_REQ_get0_pubkey(req.get()) == nullptr) throw_decode_error("CSR DER: public key");
  check_canonical(req.get(), der);
  (void)read_content(req.get());  // every field the project reads must decode
  ERR_clear_error();
  return Csr(Bytes(der.begin(), der.end()));
}

Csr Csr::from_pem(std::string_view pem) {
  if (pem.size() > static_cast<std::size_t>(INT_MAX)) throw DecodeError("CSR PEM: too large");
  static const char kEmpty = 0;
  BioPtr bio(BIO_new_mem_buf(pem.empty() ? &kEmpty : pem.data(), static_cast<int>(pem.size())));
  if (!bio) throw_pki_error("BIO_new_mem_buf");
  unsigned char* raw = nullptr;
  long length = 0;
  if (PEM_bytes_read_bio(&raw, &length, nullptr, PEM_STRING_X509_REQ, bio.get(), no_passphrase,
                         nullptr) != 1) {
    throw_decode_error("CSR PEM");
  }
  OpensslBytes der(raw);
  if (length <= 0) throw DecodeError("CSR PEM: empty");
  return from_der(ByteView(der.get(), static_cast<std::size_t>(length)));
}

std::string Csr::to_pem() const {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio) throw_pki_error("BIO_new");
  if (PEM_write_bio(bio.get(), PEM_STRING_X509_REQ, "", der_.data(),
                    static_cast<long>(der_.size())) <= 0) {
    throw_pki_error("PEM_write_bio");
  }
  char* data = nullptr;
  long length = BIO_get_mem_data(bio.get(), &data);
  if (length <= 0 || data == nullptr) throw_pki_error("CSR PEM");
  return std::string(data, static_cast<std::size_t>(length));
}

CsrContent Csr::content() const {
  ReqPtr req = parse_req(der_);
  CsrContent content = read_content(req.get());
  ERR_clear_error();
  return content;
}

PublicKey Csr::public_key() const {
  ReqPtr req = parse_req(der_);
  EVP_PKEY* key = X509_REQ_get_pubkey(req.get());
  if (key == nullptr) throw_decode_error("CSR public key");
  return PublicKey(std::shared_ptr<EVP_PKEY>(key, EVP_PKEY_free));
}

bool Csr::signature_valid() const {
  ReqPtr req = parse_req(der_);
  EVP_PKEY* key = X509_REQ_get0_pubkey(req.get());
  int rc = key != nullptr ? X509_REQ_verify(req.get(), key) : 0;
  ERR_clear_error();
  return rc == 1;
}

}  // namespace ifa026::pki

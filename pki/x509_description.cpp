// Certificates, CSRs and CRLs described for people (see x509_description.hpp).
#include "pki/x509_description.hpp"

#include <openssl/asn1.h>
#include <openssl/core_names.h>
#include <openssl/objects.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "pki/crl.hpp"
#include "pki/csr.hpp"
#include "pki/openssl_ownership.hpp"

namespace ifa026::pki {

namespace {

using namespace ossl;

std::string bio_text(BIO* bio) {
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio, &data);
  return length > 0 && data ? std::string(data, static_cast<std::size_t>(length)) : std::string();
}

// OpenSSL's short name of an object (its long name, or the dotted OID, when it has none).
std::string object_name(const ASN1_OBJECT* object) {
  const int nid = OBJ_obj2nid(object);
  if (nid != NID_undef) {
    if (const char* sn = OBJ_nid2sn(nid)) return sn;
  }
  char text[128];
  OBJ_obj2txt(text, sizeof text, object, 1);
  return text;
}

ExtensionDescription describe_extension(X509_EXTENSION* extension) {
  ExtensionDescription out;
  out.name = object_name(X509_EXTENSION_get_object(extension));
  out.critical = X509_EXTENSION_get_critical(extension) != 0;
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (bio && X509V3_EXT_print(bio.get(), extension, 0, 0) == 1) {
    out.value = bio_text(bio.get());
  } else {
    // An extension OpenSSL cannot print (a private one): its value's DER as hex.
    const ASN1_OCTET_STRING* data = X509_EXTENSION_get_data(extension);
    static constexpr char kHex[] = "0123456789ABCDEF";
    for (int i = 0; data && i < ASN1_STRING_length(data); ++i) {
      const unsigned char b = ASN1_STRING_get0_data(data)[i];
      out.value += kHex[b >> 4];
      out.value += kHex[b & 15];
    }
  }
  // One line: OpenSSL prints some values over several indented lines.
  std::string line;
  bool space = false;
  for (char c : out.value) {
    if (c == '\n' || c == '\r') {
      space = true;
      continue;
    }
    if (space) {
      while (!line.empty() && line.back() == ' ') line.pop_back();
      if (!line.empty()) line += "; ";
      space = false;
      if (c == ' ') continue;
    }
    if (c == ' ' && !line.empty() && (line.back() == ' ' || line.ends_with("; "))) continue;
    line += c;
  }
  while (!line.empty() && (line.back() == ' ' || line.back() == ';')) line.pop_back();
  out.value = line;
  return out;
}

std::string signature_name(int nid) {
  if (nid == NID_undef) return "unknown";
  const char* ln = OBJ_nid2ln(nid);
  return ln ? ln : "unknown";
}

std::string key_name(const EVP_PKEY* key) {
  if (!key) return "";
  const int id = EVP_PKEY_get_base_id(key);
  if (id == EVP_PKEY_EC) {
    char group[64] = {};
    std::size_t length = 0;
    if (EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group,
                                       &length) == 1) {
      const std::string g(group, length);
      if (g == "prime256v1") return "EC P-256";
      if (g == "secp384r1") return "EC P-384";
      if (g == "secp521r1") return "EC P-521";
      return "EC " + g;
    }
    return "EC";
  }
  if (id == EVP_PKEY_RSA) return "RSA " + std::to_string(EVP_PKEY_get_bits(key));
  if (id == EVP_PKEY_ED25519) return "Ed25519";
  if (id == EVP_PKEY_ED448) return "Ed448";
  const char* name = OBJ_nid2sn(id);
  return name ? name : "unknown";
}

}  // namespace

X509Description describe_certificate(ByteView der) {
  const Certificate certificate = Certificate::from_der(der);
  X509Description out;
  out.kind = "certificate";
  out.serial = certificate.serial_hex();
  out.subject = certificate.subject().to_string();
  out.issuer = certificate.issuer().to_string();
  out.not_before = certificate.not_before();
  out.not_after = certificate.not_after();
  out.pem = certificate.to_pem();
  const unsigned char* p = certificate.der().data();
  X509Ptr x509(d2i_X509(nullptr, &p, static_cast<long>(certificate.der().size())));
  if (!x509) throw DecodeError("certificate: OpenSSL cannot decode the DER");
  out.key = key_name(X509_get0_pubkey(x509.get()));
  out.signature = signature_name(X509_get_signature_nid(x509.get()));
  for (int i = 0; i < X509_get_ext_count(x509.get()); ++i)
    out.extensions.push_back(describe_extension(X509_get_ext(x509.get(), i)));
  return out;
}

X509Description describe_csr(ByteView der) {
  const Csr csr = Csr::from_der(der);
  X509Description out;
  out.kind = "csr";
  out.subject = csr.content().subject.to_string();
  out.pem = csr.to_pem();
  const unsigned char* p = csr.der().data();
  ReqPtr request(d2i_X509_REQ(nullptr, &p, static_cast<long>(csr.der().size())));
  if (!request) throw DecodeError("CSR: OpenSSL cannot decode the DER");
  out.key = key_name(X509_REQ_get0_pubkey(request.get()));
  out.signature = signature_name(X509_REQ_get_signature_nid(request.get()));
  ExtensionStackPtr extensions(X509_REQ_get_extensions(request.get()));
  for (int i = 0; extensions && i < sk_X509_EXTENSION_num(extensions.get()); ++i)
    out.extensions.push_back(describe_extension(sk_X509_EXTENSION_value(extensions.get(), i)));
  return out;
}

X509Description describe_crl(ByteView der) {
  const Crl crl = Crl::from_der(der);
  X509Description out;
  out.kind = "crl";
  out.serial = crl.has_number() ? std::to_string(crl.number()) : "";
  out.issuer = crl.issuer().to_string();
  out.not_before = crl.this_update();
  out.not_after = crl.next_update();
  out.pem = crl.to_pem();
  const unsigned char* p = crl.der().data();
  CrlPtr native(d2i_X509_CRL(nullptr, &p, static_cast<long>(crl.der().size())));
  if (!native) throw DecodeError("CRL: OpenSSL cannot decode the DER");
  out.signature = signature_name(X509_CRL_get_signature_nid(native.get()));
  for (int i = 0; i < X509_CRL_get_ext_count(native.get()); ++i)
    out.extensions.push_back(describe_extension(X509_CRL_get_ext(native.get(), i)));
  return out;
}

}  // namespace ifa026::pki

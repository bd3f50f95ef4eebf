// Reading a CRMF certificate template (see crmf_template.hpp): the public key from the template's
// DER through pki/der (3.0 has no getter), the subject and extensions through OpenSSL's getters.
#include "pki/crmf_template.hpp"

#include <openssl/asn1.h>
#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <arpa/inet.h>

#include <algorithm>

#include "pki/der.hpp"
#include "pki/openssl_codec.hpp"
#include "pki/openssl_ownership.hpp"

namespace ifa026::pki {

namespace {

using namespace ossl;  // NOLINT(google-build-using-namespace): internal helpers

[[noreturn]] void bad_template(const std::string& why) {
  ERR_clear_error();
  throw CertTemplateError("certificate template: " + why);
}

std::string string_text(const ASN1_STRING* s, const char* what) {
  unsigned char* utf8 = nullptr;
  int n = s != nullptr ? ASN1_STRING_to_UTF8(&utf8, s) : -1;
  if (n < 0) bad_template(std::string(what) + ": not a string");
  OpenSslBytes owned(utf8);
  return std::string(reinterpret_cast<const char*>(utf8), static_cast<std::size_t>(n));
}

std::string object_text(const ASN1_OBJECT* obj) {
  char buffer[128];
  int n = OBJ_obj2txt(buffer, sizeof buffer, obj, 1);
  return n > 0 && static_cast<std::size_t>(n) < sizeof buffer ? std::string(buffer) : "?";
}

DistinguishedName template_subject(const X509_NAME* name) {
  DistinguishedName dn;
  for (int i = 0; i < X509_NAME_entry_count(name); ++i) {
    const X509_NAME_ENTRY* entry = X509_NAME_get_entry(name, i);
    const ASN1_OBJECT* obj = X509_NAME_ENTRY_get_object(entry);
    const char* type = attribute_short_name(OBJ_obj2nid(obj));
    if (type == nullptr) bad_template("unsupported subject attribute " + object_text(obj));
    dn.attributes.emplace_back(type, string_text(X509_NAME_ENTRY_get_data(entry), "subject"));
  }
  return dn;
}

std::string template_ip_text(const ASN1_OCTET_STRING* address) {
  int length = ASN1_STRING_length(address);
  const unsigned char* data = ASN1_STRING_get0_data(address);
  char buffer[INET6_ADDRSTRLEN] = {};
  int family = length == 4 ? AF_INET : length == 16 ? AF_INET6 : -1;
  if (family < 0 || data == nullptr || inet_ntop(family, data, buffer, sizeof buffer) == nullptr) {
    bad_template("subjectAltName: bad IP address");
  }
  return buffer;
}

SubjectAltName template_san(X509_EXTENSION* ext) {
  Owned<GENERAL_NAMES, GENERAL_NAMES_free> names(static_cast<GENERAL_NAMES*>(X509V3_EXT_d2i(ext)));
  if (!names) bad_template("subjectAltName undecodable");
  SubjectAltName san;
  for (int i = 0; i < sk_GENERAL_NAME_num(names.get()); ++i) {
    const GENERAL_NAME* gn = sk_GENERAL_NAME_value(names.get(), i);
    switch (gn->type) {
      case GEN_DNS:
        san.dns.push_back(string_text(gn->d.dNSName, "dNSName"));
        break;
      case GEN_URI:
        san.uri.push_back(string_text(gn->d.uniformResourceIdentifier, "URI"));
        break;
      case GEN_IPADD:
        san.ip.push_back(template_ip_text(gn->d.iPAddress));
        break;
      default:
        break;  // other name forms are not part of the profile
    }
  }
  return san;
}

std::vector<ExtendedKeyUsage> template_eku(X509_EXTENSION* ext) {
  Owned<EXTENDED_KEY_USAGE, EXTENDED_KEY_USAGE_free> eku(
      static_cast<EXTENDED_KEY_USAGE*>(X509V3_EXT_d2i(ext)));
  if (!eku) bad_template("extendedKeyUsage undecodable");
  return extended_key_usages(eku.get());
}

// RFC 9310 NFTypes ::= SEQUENCE SIZE (1..MAX) OF NFType (IA5String).
std::vector<std::string> template_nf_types(X509_EXTENSION* ext) {
  const ASN1_OCTET_STRING* value = X509_EXTENSION_get_data(ext);
  const unsigned char* p = ASN1_STRING_get0_data(value);
  long length = ASN1_STRING_length(value);
  AnySequencePtr seq(d2i_ASN1_SEQUENCE_ANY(nullptr, &p, length));
  if (!seq || p != ASN1_STRING_get0_data(value) + length || sk_ASN1_TYPE_num(seq.get()) <= 0) {
    bad_template("nfTypes undecodable");
  }
  std::vector<std::string> nf_types;
  for (int i = 0; i < sk_ASN1_TYPE_num(seq.get()); ++i) {
    const ASN1_TYPE* item = sk_ASN1_TYPE_value(seq.get(), i);
    if (item == nullptr || item->type != V_ASN1_IA5STRING) bad_template("nfTypes: not IA5");
    std::string nf = string_text(item->value.ia5string, "nfTypes");
    if (nf.empty()) bad_template("nfTypes: empty element");
    nf_types.push_back(std::move(nf));
  }
  return nf_types;
}

// What the template asks for, as a CSR's content would say it (no key attestation in CRMF).

}  // namespace

// CertTemplate.publicKey ([6] IMPLICIT SubjectPublicKeyInfo): 3.0 has no getter, so it is read
// from the template's DER. Its possession is what the CRMF POP (checked by OpenSSL) proved.
PublicKey template_public_key(const OSSL_CRMF_CERTTEMPLATE* tmpl) {
  unsigned char* out = nullptr;
  int n = i2d_OSSL_CRMF_CERTTEMPLATE(tmpl, &out);
  if (n <= 0) bad_template("cannot encode");
  OpenSslBytes owned(out);
  ByteView in(out, static_cast<std::size_t>(n));
  const auto whole = der::next_element(in);
  const auto fields =
      whole && whole->tag == der::kSequence ? der::split_elements(whole->content) : std::nullopt;
  if (!fields) bad_template("undecodable");
  const der::Element* key = der::find_element(*fields, der::context_tag(6));
  if (key == nullptr) bad_template("no public key");
  der::Writer spki;  // the [6] IMPLICIT contents as the SEQUENCE they stand for
  spki.element(der::kSequence, key->content);
  try {
    return PublicKey::from_der(spki.bytes());
  } catch (const PkiError& e) {
    bad_template(std::string("public key: ") + e.what());
  }
}

CsrContent template_content(const OSSL_CRMF_CERTTEMPLATE* tmpl) {
  CsrContent content;
  if (const X509_NAME* subject = OSSL_CRMF_CERTTEMPLATE_get0_subject(tmpl)) {
    content.subject = template_subject(subject);
  }
  static const Bytes kNfTypes = oid_content(kNfTypesOid);
  const STACK_OF(X509_EXTENSION)* exts = OSSL_CRMF_CERTTEMPLATE_get0_extensions(tmpl);
  bool seen_san = false, seen_eku = false, seen_nf = false;
  auto once = [](bool& seen, const char* what) {
    if (seen) bad_template(std::string("duplicate ") + what + " extension");
    seen = true;
  };
  for (int i = 0; exts != nullptr && i < sk_X509_EXTENSION_num(exts); ++i) {
    X509_EXTENSION* ext = sk_X509_EXTENSION_value(exts, i);
    const ASN1_OBJECT* obj = ext != nullptr ? X509_EXTENSION_get_object(ext) : nullptr;
    if (obj == nullptr) bad_template("malformed extension");
    int nid = OBJ_obj2nid(obj);
    if (nid == NID_subject_alt_name) {
      once(seen_san, "subjectAltName");
      content.san = template_san(ext);
    } else if (nid == NID_ext_key_usage) {
      once(seen_eku, "extendedKeyUsage");
      content.extended_key_usage = template_eku(ext);
    } else if (std::equal(kNfTypes.begin(), kNfTypes.end(), OBJ_get0_data(obj),
                          OBJ_get0_data(obj) + OBJ_length(obj))) {
      once(seen_nf, "nfTypes");
      content.nf_types = template_nf_types(ext);
    }
  }
  return content;
}

}  // namespace ifa026::pki

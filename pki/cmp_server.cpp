// CMPv2 responder on OSSL_CMP_SRV_CTX (one per transaction), its own protected error messages
// (3.0 always says badRequest), a small DER reader for what 3.0 has no getters for, and the
// reading of CRMF certificate templates (key, subject, subjectAltName, EKU, nfTypes) to issue from.
#include "pki/cmp_server.hpp"
#include "pki/openssl_codec.hpp"
#include "pki/openssl_ownership.hpp"

#include <openssl/asn1.h>
#include <openssl/bn.h>
#include <openssl/cmp.h>
#include <openssl/crmf.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include <arpa/inet.h>

#include <algorithm>
#include <cstring>
#include <ctime>
#include <initializer_list>
#include <utility>

namespace ifa026::pki {

namespace {

using namespace ossl;  // NOLINT(google-build-using-namespace): internal helpers

void free_x509_stack(STACK_OF(X509) * s) {
  sk_X509_pop_free(s, X509_free);
}

using MsgPtr = Owned<OSSL_CMP_MSG, OSSL_CMP_MSG_free>;
using SrvCtxPtr = Owned<OSSL_CMP_SRV_CTX, OSSL_CMP_SRV_CTX_free>;
using X509StackPtr = Owned<STACK_OF(X509), free_x509_stack>;
using MdCtxPtr = Owned<EVP_MD_CTX, EVP_MD_CTX_free>;
using ObjectPtr = Owned<ASN1_OBJECT, ASN1_OBJECT_free>;

// ---- DER reading -------------------------------------------------------------------------

struct Tlv {
  std::uint8_t tag = 0;
  ByteView content;
  ByteView whole;
};

bool next_tlv(ByteView& in, Tlv& out) {
  if (in.size() < 2) return false;
  std::uint8_t tag = in[0];
  if ((tag & 0x1f) == 0x1f) return false;
  std::size_t pos = 1;
  std::size_t length = in[pos++];
  if ((length & 0x80) != 0) {
    std::size_t n = length & 0x7f;
    if (n == 0 || n > 4 || in.size() < pos + n) return false;
    length = 0;
    for (std::size_t i = 0; i < n; ++i) length = (length << 8) | in[pos++];
  }
  if (in.size() - pos < length) return false;
  out.tag = tag;
  out.content = in.subspan(pos, length);
  out.whole = in.subspan(0, pos + length);
  in = in.subspan(pos + length);
  return true;
}

// All TLVs of `content`; false when it does not split exactly.
bool children(ByteView content, std::vector<Tlv>& out) {
  out.clear();
  while (!content.empty()) {
    Tlv t;
    if (!next_tlv(content, t)) return false;
    out.push_back(t);
  }
  return true;
}

const Tlv* find_tag(const std::vector<Tlv>& list, std::uint8_t tag) {
  for (const Tlv& t : list) {
    if (t.tag == tag) return &t;
  }
  return nullptr;
}

bool same(ByteView a, ByteView b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin());
}

std::optional<long> small_integer(const Tlv& t) {
  if ((t.tag != 0x02 && t.tag != 0x0a) || t.content.empty() || t.content.size() > 4) {
    return std::nullopt;
  }
  long v = (t.content[0] & 0x80) != 0 ? -1 : 0;
  for (std::uint8_t b : t.content) v = (v << 8) | b;
  return v;
}

Bytes oid_der_content(const char* dotted) {
  ObjectPtr obj(OBJ_txt2obj(dotted, 1));
  if (!obj) throw_pki_error("OBJ_txt2obj");
  const unsigned char* data = OBJ_get0_data(obj.get());
  return Bytes(data, data + OBJ_length(obj.get()));
}

Bytes oid_der_content(int nid) {
  const ASN1_OBJECT* obj = OBJ_nid2obj(nid);
  const unsigned char* data = OBJ_get0_data(obj);
  return Bytes(data, data + OBJ_length(obj));
}

struct ParsedMessage {
  int body = -1;
  ByteView body_content;                // inside the explicit body tag
  ByteView sender;                      // GeneralName TLV
  ByteView sender_name;                 // Name DER when sender is a directoryName
  std::optional<Bytes> protection_alg;  // OID content
  std::optional<Bytes> sender_kid;
  std::optional<Bytes> transaction_id;
  std::optional<Bytes> sender_nonce;
  bool has_protection = false;
  std::vector<ByteView> extra_certs;
};

std::optional<Bytes> octets(const Tlv& explicit_tag) {
  ByteView in = explicit_tag.content;
  Tlv inner;
  if (!next_tlv(in, inner) || inner.tag != 0x04 || !in.empty()) return std::nullopt;
  return Bytes(inner.content.begin(), inner.content.end());
}

bool parse_message(ByteView der, ParsedMessage& m) {
  Tlv top;
  ByteView in = der;
  if (!next_tlv(in, top) || top.tag != 0x30) return false;
  std::vector<Tlv> parts;
  if (!children(top.content, parts) || parts.size() < 2) return false;
  if (parts[0].tag != 0x30 || (parts[1].tag & 0xe0) != 0xa0) return false;
  m.body = parts[1].tag & 0x1f;
  m.body_content = parts[1].content;
  for (std::size_t i = 2; i < parts.size(); ++i) {
    if (parts[i].tag == 0xa0) m.has_protection = true;
    if (parts[i].tag == 0xa1) {
      ByteView certs_in = parts[i].content;
      Tlv seq;
      std::vector<Tlv> certs;
      if (next_tlv(certs_in, seq) && children(seq.content, certs)) {
        for (const Tlv& c : certs) m.extra_certs.push_back(c.whole);
      }
    }
  }
  std::vector<Tlv> header;
  if (!children(parts[0].content, header) || header.size() < 3) return false;
  m.sender = header[1].whole;
  if (header[1].tag == 0xa4) m.sender_name = header[1].content;
  for (std::size_t i = 3; i < header.size(); ++i) {
    const Tlv& field = header[i];
    switch (field.tag) {
      case 0xa1: {
        ByteView alg_in = field.content;
        Tlv alg;
        std::vector<Tlv> alg_parts;
        if (next_tlv(alg_in, alg) && children(alg.content, alg_parts) && !alg_parts.empty() &&
            alg_parts[0].tag == 0x06) {
          m.protection_alg = Bytes(alg_parts[0].content.begin(), alg_parts[0].content.end());
        }
        break;
      }
      case 0xa2:
        m.sender_kid = octets(field);
        break;
      case 0xa4:
        m.transaction_id = octets(field);
        break;
      case 0xa5:
        m.sender_nonce = octets(field);
        break;
      default:
        break;
    }
  }
  return true;
}

// PKIStatusInfo ::= SEQUENCE { status, statusString PKIFreeText OPTIONAL, failInfo OPTIONAL }
void read_status_info(const Tlv& si, CmpMessageInfo& info) {
  std::vector<Tlv> f;
  if (si.tag != 0x30 || !children(si.content, f) || f.empty()) return;
  if (auto v = small_integer(f[0])) info.status = static_cast<int>(*v);
  for (std::size_t i = 1; i < f.size(); ++i) {
    if (f[i].tag == 0x30) {
      std::vector<Tlv> texts;
      if (children(f[i].content, texts)) {
        for (const Tlv& t : texts) {
          if (!info.status_text.empty()) info.status_text += "; ";
          info.status_text.append(t.content.begin(), t.content.end());
        }
      }
    } else if (f[i].tag == 0x03 && !f[i].content.empty()) {
      for (std::size_t bit = 0; bit < (f[i].content.size() - 1) * 8 && bit < 32; ++bit) {
        if ((f[i].content[1 + bit / 8] & (0x80 >> (bit % 8))) != 0) info.fail_info |= 1u << bit;
      }
    }
  }
}

// ---- DER writing -------------------------------------------------------------------------

Bytes tlv(std::uint8_t tag, ByteView content) {
  Bytes out{tag};
  std::size_t n = content.size();
  if (n < 0x80) {
    out.push_back(static_cast<std::uint8_t>(n));
  } else {
    Bytes len;
    while (n > 0) {
      len.insert(len.begin(), static_cast<std::uint8_t>(n & 0xff));
      n >>= 8;
    }
    out.push_back(static_cast<std::uint8_t>(0x80 | len.size()));
    out.insert(out.end(), len.begin(), len.end());
  }
  out.insert(out.end(), content.begin(), content.end());
  return out;
}

Bytes cat(std::initializer_list<ByteView> parts) {
  Bytes out;
  for (ByteView p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

Bytes failure_bits(std::uint32_t bits) {
  int highest = -1;
  for (int i = 0; i < 32; ++i) {
    if ((bits & (1u << i)) != 0) highest = i;
  }
  if (highest < 0) return {0x00};
  Bytes out(1 + highest / 8 + 1, 0);
  out[0] = static_cast<std::uint8_t>(7 - highest % 8);
  for (int i = 0; i <= highest; ++i) {
    if ((bits & (1u << i)) != 0) out[1 + i / 8] |= static_cast<std::uint8_t>(0x80 >> (i % 8));
  }
  return out;
}

Bytes random_bytes(std::size_t n) {
  Bytes out(n);
  if (RAND_bytes(out.data(), static_cast<int>(n)) != 1) throw_pki_error("RAND_bytes");
  return out;
}

std::string generalized_time(Instant now) {
  std::time_t t = static_cast<std::time_t>(now.seconds());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y%m%d%H%M%SZ", &tm);
  return buffer;
}

Bytes subject_name_der(const Certificate& c) {
  X509Ptr x = certificate_x509(c);
  unsigned char* out = nullptr;
  int n = i2d_X509_NAME(X509_get_subject_name(x.get()), &out);
  if (n <= 0) throw_pki_error("i2d_X509_NAME");
  OpenSslBytes owned(out);
  return Bytes(out, out + n);
}

std::string strip_hex(std::string hex) {
  std::size_t first = hex.find_first_not_of('0');
  return first == std::string::npos ? "0" : hex.substr(first);
}

std::string serial_hex(const ASN1_INTEGER* serial) {
  BignumPtr bn(ASN1_INTEGER_to_BN(serial, nullptr));
  if (!bn) return "";
  char* hex = BN_bn2hex(bn.get());
  if (hex == nullptr) return "";
  std::string out = strip_hex(hex);
  OPENSSL_free(hex);
  return out;
}

int silent_log(const char*, const char*, int, OSSL_CMP_severity, const char*) {
  return 1;
}

OSSL_CMP_PKISI* status(int pki_status, std::optional<CmpFailure> failure, const std::string& text) {
  return OSSL_CMP_STATUSINFO_new(pki_status, failure ? 1 << static_cast<int>(*failure) : 0,
                                 text.empty() ? nullptr : text.c_str());
}

std::string to_hex_key(const Bytes& b) {
  return to_hex(b);
}

// ---- CRMF certificate template -----------------------------------------------------------

// A refusal of the request with this failure (caught in cert_request).
using Refusal = std::pair<CmpFailure, std::string>;

[[noreturn]] void bad_template(const std::string& why) {
  ERR_clear_error();
  throw Refusal(CmpFailure::bad_cert_template, "certificate template: " + why);
}

// CertTemplate.publicKey ([6] IMPLICIT SubjectPublicKeyInfo): 3.0 has no getter, so it is read
// from the template's DER. Its possession is what the CRMF POP (checked by OpenSSL) proved.
PublicKey template_public_key(const OSSL_CRMF_CERTTEMPLATE* tmpl) {
  unsigned char* out = nullptr;
  int n = i2d_OSSL_CRMF_CERTTEMPLATE(tmpl, &out);
  if (n <= 0) bad_template("cannot encode");
  OpenSslBytes owned(out);
  ByteView in(out, static_cast<std::size_t>(n));
  Tlv whole;
  std::vector<Tlv> fields;
  if (!next_tlv(in, whole) || whole.tag != 0x30 || !children(whole.content, fields)) {
    bad_template("undecodable");
  }
  const Tlv* key = find_tag(fields, 0xa6);
  if (key == nullptr) bad_template("no public key");
  try {
    return PublicKey::from_der(tlv(0x30, key->content));
  } catch (const PkiError& e) {
    bad_template(std::string("public key: ") + e.what());
  }
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
    const char* type = nullptr;
    switch (OBJ_obj2nid(obj)) {
      case NID_commonName:
        type = "CN";
        break;
      case NID_organizationName:
        type = "O";
        break;
      case NID_organizationalUnitName:
        type = "OU";
        break;
      case NID_countryName:
        type = "C";
        break;
      case NID_stateOrProvinceName:
        type = "ST";
        break;
      case NID_localityName:
        type = "L";
        break;
      default:
        bad_template("unsupported subject attribute " + object_text(obj));
    }
    dn.attributes.emplace_back(type, string_text(X509_NAME_ENTRY_get_data(entry), "subject"));
  }
  return dn;
}

std::string ip_text(const ASN1_OCTET_STRING* address) {
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
        san.ip.push_back(ip_text(gn->d.iPAddress));
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

void free_any_sequence(ASN1_SEQUENCE_ANY* s) {
  sk_ASN1_TYPE_pop_free(s, ASN1_TYPE_free);
}

// RFC 9310 NFTypes ::= SEQUENCE SIZE (1..MAX) OF NFType (IA5String).
std::vector<std::string> template_nf_types(X509_EXTENSION* ext) {
  const ASN1_OCTET_STRING* value = X509_EXTENSION_get_data(ext);
  const unsigned char* p = ASN1_STRING_get0_data(value);
  long length = ASN1_STRING_length(value);
  Owned<ASN1_SEQUENCE_ANY, free_any_sequence> seq(d2i_ASN1_SEQUENCE_ANY(nullptr, &p, length));
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
CsrContent template_content(const OSSL_CRMF_CERTTEMPLATE* tmpl) {
  CsrContent content;
  if (const X509_NAME* subject = OSSL_CRMF_CERTTEMPLATE_get0_subject(tmpl)) {
    content.subject = template_subject(subject);
  }
  static const Bytes kNfTypes = oid_der_content(kNfTypesOid);
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
    } else if (same(ByteView(OBJ_get0_data(obj), static_cast<std::size_t>(OBJ_length(obj))),
                    kNfTypes)) {
      once(seen_nf, "nfTypes");
      content.nf_types = template_nf_types(ext);
    }
  }
  return content;
}

}  // namespace

// ---- public helpers ------------------------------------------------------------------------

std::optional<std::string_view> cmp_body_name(int body) {
  switch (static_cast<CmpBody>(body)) {
    case CmpBody::ir:
      return "ir";
    case CmpBody::ip:
      return "ip";
    case CmpBody::cr:
      return "cr";
    case CmpBody::cp:
      return "cp";
    case CmpBody::p10cr:
      return "p10cr";
    case CmpBody::kur:
      return "kur";
    case CmpBody::kup:
      return "kup";
    case CmpBody::rr:
      return "rr";
    case CmpBody::rp:
      return "rp";
    case CmpBody::pkiconf:
      return "pkiConf";
    case CmpBody::genm:
      return "genm";
    case CmpBody::genp:
      return "genp";
    case CmpBody::error:
      return "error";
    case CmpBody::cert_conf:
      return "certConf";
    case CmpBody::poll_req:
      return "pollReq";
    case CmpBody::poll_rep:
      return "pollRep";
  }
  return std::nullopt;
}

std::string_view to_string(CmpFailure failure) {
  static constexpr std::string_view kNames[] = {"badAlg",
                                                "badMessageCheck",
                                                "badRequest",
                                                "badTime",
                                                "badCertId",
                                                "badDataFormat",
                                                "wrongAuthority",
                                                "incorrectData",
                                                "missingTimeStamp",
                                                "badPOP",
                                                "certRevoked",
                                                "certConfirmed",
                                                "wrongIntegrity",
                                                "badRecipientNonce",
                                                "timeNotAvailable",
                                                "unacceptedPolicy",
                                                "unacceptedExtension",
                                                "addInfoNotAvailable",
                                                "badSenderNonce",
                                                "badCertTemplate",
                                                "signerNotTrusted",
                                                "transactionIdInUse",
                                                "unsupportedVersion",
                                                "notAuthorized",
                                                "systemUnavail",
                                                "systemFailure",
                                                "duplicateCertReq"};
  int i = static_cast<int>(failure);
  return i >= 0 && i <= 26 ? kNames[i] : "unknown";
}

CmpMessageInfo inspect_cmp_message(ByteView der) {
  const unsigned char* p = der.data();
  MsgPtr msg(d2i_OSSL_CMP_MSG(nullptr, &p, static_cast<long>(der.size())));
  if (!msg || p != der.data() + der.size()) throw_decode_error("CMP message DER");
  return peek_cmp_message(der);
}

CmpMessageInfo peek_cmp_message(ByteView der) {
  ByteView whole = der;
  Tlv top;
  if (!next_tlv(whole, top) || !whole.empty()) throw DecodeError("CMP message DER");
  ParsedMessage m;
  if (!parse_message(der, m)) throw DecodeError("CMP message DER: unexpected structure");
  CmpMessageInfo info;
  info.body = m.body;
  info.transaction_id = m.transaction_id.value_or(Bytes{});
  info.sender_kid = m.sender_kid.value_or(Bytes{});
  info.protected_ = m.has_protection;
  ByteView in = m.body_content;
  Tlv content;
  if (!next_tlv(in, content)) return info;
  std::vector<Tlv> f;
  switch (static_cast<CmpBody>(m.body)) {
    case CmpBody::ip:
    case CmpBody::cp:
    case CmpBody::kup: {
      if (!children(content.content, f)) break;
      const Tlv* responses = find_tag(f, 0x30);
      std::vector<Tlv> list, response;
      if (responses == nullptr || !children(responses->content, list) || list.empty() ||
          !children(list[0].content, response) || response.size() < 2) {
        break;
      }
      read_status_info(response[1], info);
      std::vector<Tlv> pair, cert_or_enc;
      if (response.size() >= 3 && children(response[2].content, pair) && !pair.empty() &&
          pair[0].tag == 0xa0) {
        ByteView cert_in = pair[0].content;
        Tlv cert;
        if (next_tlv(cert_in, cert)) info.certificate = Bytes(cert.whole.begin(), cert.whole.end());
      }
      break;
    }
    case CmpBody::rp: {
      std::vector<Tlv> statuses;
      if (children(content.content, f) && !f.empty() && children(f[0].content, statuses) &&
          !statuses.empty()) {
        read_status_info(statuses[0], info);
      }
      break;
    }
    case CmpBody::error:
      if (children(content.content, f) && !f.empty()) read_status_info(f[0], info);
      break;
    default:
      break;
  }
  return info;
}

// ---- server --------------------------------------------------------------------------------

struct CmpServer::Transaction {
  CmpServer* server = nullptr;
  SrvCtxPtr srv;
  std::string key;
  CmpBody kind = CmpBody::ir;
  Instant now;
  Instant last_activity;
  std::optional<std::string> reference;
  std::optional<Certificate> signer;
  std::optional<Certificate> issued;
  Bytes request_der;  // the current request, for fields 3.0 has no getters for
  bool finished = false;
};

struct CmpServerAccess {
  using Transaction = CmpServer::Transaction;

  static Transaction& of(OSSL_CMP_SRV_CTX* srv) {
    return *static_cast<Transaction*>(OSSL_CMP_SRV_CTX_get0_custom_ctx(srv));
  }

  static OSSL_CMP_PKISI* reject(Transaction& t, CmpFailure failure, const std::string& text) {
    t.finished = true;
    return status(OSSL_CMP_PKISTATUS_rejection, failure, text);
  }

  static OSSL_CMP_PKISI* cert_request(OSSL_CMP_SRV_CTX* srv, const OSSL_CMP_MSG* /*req*/,
                                      int /*cert_req_id*/, const OSSL_CRMF_MSG* crm,
                                      const X509_REQ* p10cr, X509** cert_out,
                                      STACK_OF(X509) * *chain_out, STACK_OF(X509) * *ca_pubs) {
    Transaction& t = of(srv);
    CmpServer& s = *t.server;
    try {
      // p10cr: the CSR (the CA checks its signature). ir/cr/kur: the certificate template,
      // whose proof of possession OpenSSL verified before calling here.
      std::optional<Csr> csr;
      std::optional<PublicKey> proven_key;
      CsrContent requested;
      if (p10cr != nullptr) {
        unsigned char* out = nullptr;
        int n = i2d_X509_REQ(p10cr, &out);
        if (n <= 0) return reject(t, CmpFailure::bad_data_format, "p10cr: cannot encode");
        OpenSslBytes owned(out);
        csr = Csr::from_der(ByteView(out, static_cast<std::size_t>(n)));
        requested = csr->content();
      } else {
        const OSSL_CRMF_CERTTEMPLATE* tmpl =
            crm != nullptr ? OSSL_CRMF_MSG_get0_tmpl(crm) : nullptr;
        if (tmpl == nullptr) return reject(t, CmpFailure::bad_cert_template, "no template");
        proven_key = template_public_key(tmpl);
        requested = template_content(tmpl);
      }

      std::optional<DistinguishedName> subject;
      std::optional<SubjectAltName> san;
      if (t.kind == CmpBody::kur) {
        if (!t.signer) return reject(t, CmpFailure::not_authorized, "kur: no signer certificate");
        const OSSL_CRMF_CERTID* old_id = OSSL_CRMF_MSG_get0_regCtrl_oldCertID(crm);
        if (old_id != nullptr &&
            serial_hex(OSSL_CRMF_CERTID_get0_serialNumber(old_id)) != t.signer->serial_hex()) {
          return reject(t, CmpFailure::bad_cert_id, "kur: oldCertID is not the signing cert");
        }
        subject = t.signer->subject();
        san = t.signer->san();
      } else if (t.signer && !t.reference && s.config_.signer_identity_by_default) {
        // A signed request that names no subject or no subjectAltName is for the signer's.
        if (requested.subject.attributes.empty()) subject = t.signer->subject();
        if (requested.san.empty()) san = t.signer->san();
      }
      if (t.reference) {
        const CmpServer::Credential& credential = s.credentials_.at(*t.reference);
        if (credential.limits && credential.limits->subject) subject = credential.limits->subject;
        if (credential.limits && credential.limits->san) san = credential.limits->san;
      }
      if (proven_key && !subject && requested.subject.attributes.empty()) {
        return reject(t, CmpFailure::bad_cert_template, "certificate template: no subject");
      }
      if (s.authorise) {
        CmpRequestInfo info{t.kind, t.reference, t.signer, csr, requested, std::nullopt};
        if (auto refusal = s.authorise(info)) {
          return reject(t, refusal->failure, refusal->reason);
        }
      }
      Certificate issued = [&] {
        try {
          if (csr) {
            return s.ca_.issue(IssueRequest{*csr, t.now, subject, san, std::nullopt},
                               s.config_.profile);
          }
          return s.ca_.issue_for_key(
              ProvenKeyIssueRequest{*proven_key, requested, t.now, subject, san, std::nullopt},
              s.config_.profile);
        } catch (const PkiError& e) {
          std::string what = e.what();
          throw Refusal(what.find("proof of possession") != std::string::npos
                            ? CmpFailure::bad_pop
                            : CmpFailure::bad_request,
                        what);
        }
      }();
      X509Ptr x = certificate_x509(issued);
      X509StackPtr chain(sk_X509_new_null());
      X509StackPtr pubs(sk_X509_new_null());
      if (!chain || !pubs) return reject(t, CmpFailure::system_failure, "out of memory");
      std::vector<Certificate> chain_certs{s.ca_.certificate()};
      chain_certs.insert(chain_certs.end(), s.config_.chain.begin(), s.config_.chain.end());
      for (const Certificate& c : chain_certs) {
        X509Ptr cx = certificate_x509(c);
        if (sk_X509_push(chain.get(), cx.get()) > 0) cx.release();
      }
      if (t.kind == CmpBody::ir) {
        for (const Certificate& c : s.config_.ca_pubs) {
          X509Ptr cx = certificate_x509(c);
          if (sk_X509_push(pubs.get(), cx.get()) > 0) cx.release();
        }
      }
      t.issued = issued;
      if (t.reference) {
        CmpServer::Credential& credential = s.credentials_.at(*t.reference);
        if (credential.limits && credential.limits->one_use) {
          credential.used = true;
          credential.limits.reset();  // spent: only the secret stays, for refusing a replay
        }
      }
      *cert_out = x.release();
      *chain_out = chain.release();
      if (sk_X509_num(pubs.get()) > 0) *ca_pubs = pubs.release();
      return status(OSSL_CMP_PKISTATUS_accepted, std::nullopt, "");
    } catch (const Refusal& refusal) {
      ERR_clear_error();
      return reject(t, refusal.first, refusal.second);
    } catch (const DecodeError& e) {
      ERR_clear_error();
      return reject(t, CmpFailure::bad_data_format, e.what());
    } catch (const std::exception& e) {
      ERR_clear_error();
      return reject(t, CmpFailure::system_failure, e.what());
    }
  }

  static RevocationReason reason_of(ByteView request_der) {
    ParsedMessage m;
    if (!parse_message(request_der, m)) return RevocationReason::unspecified;
    ByteView in = m.body_content;
    Tlv list;
    std::vector<Tlv> details, fields, extensions;
    if (!next_tlv(in, list) || !children(list.content, details) || details.empty() ||
        !children(details[0].content, fields) || fields.size() < 2 ||
        !children(fields[1].content, extensions)) {
      return RevocationReason::unspecified;
    }
    const Bytes reason_oid = oid_der_content(NID_crl_reason);
    for (const Tlv& ext : extensions) {
      std::vector<Tlv> e;
      if (!children(ext.content, e) || e.size() < 2 || !same(e[0].content, reason_oid)) continue;
      ByteView value = e.back().content;
      Tlv enumerated;
      if (!next_tlv(value, enumerated)) break;
      auto v = small_integer(enumerated);
      if (!v) break;
      if (auto reason = modelled_reason(*v)) return *reason;
    }
    return RevocationReason::unspecified;
  }

  static OSSL_CMP_PKISI* rr(OSSL_CMP_SRV_CTX* srv, const OSSL_CMP_MSG* /*req*/,
                            const X509_NAME* issuer, const ASN1_INTEGER* serial) {
    Transaction& t = of(srv);
    CmpServer& s = *t.server;
    try {
      t.finished = true;
      X509Ptr ca = certificate_x509(s.ca_.certificate());
      if (issuer == nullptr || serial == nullptr ||
          X509_NAME_cmp(issuer, X509_get_subject_name(ca.get())) != 0) {
        return reject(t, CmpFailure::bad_cert_id, "rr: issuer/serial not of this CA");
      }
      std::string hex = serial_hex(serial);
      if (s.ca_.is_revoked(hex)) return reject(t, CmpFailure::cert_revoked, "already revoked");
      if (!t.signer || t.signer->serial_hex() != hex) {
        std::optional<CmpRefusal> refusal = CmpRefusal("rr must be signed by the certificate");
        if (s.authorise) {
          CmpRequestInfo info{t.kind, t.reference, t.signer, std::nullopt, std::nullopt, hex};
          refusal = s.authorise(info);
        }
        if (refusal) return reject(t, refusal->failure, refusal->reason);
      }
      s.ca_.revoke(hex, t.now, reason_of(t.request_der));
      return status(OSSL_CMP_PKISTATUS_accepted, std::nullopt, "");
    } catch (const std::exception& e) {
      ERR_clear_error();
      return reject(t, CmpFailure::system_failure, e.what());
    }
  }

  static int genm(OSSL_CMP_SRV_CTX* srv, const OSSL_CMP_MSG*, const STACK_OF(OSSL_CMP_ITAV) *,
                  STACK_OF(OSSL_CMP_ITAV) * *out) {
    of(srv).finished = true;
    *out = sk_OSSL_CMP_ITAV_new_null();
    return *out != nullptr;
  }

  static void error(OSSL_CMP_SRV_CTX* srv, const OSSL_CMP_MSG*, const OSSL_CMP_PKISI*,
                    const ASN1_INTEGER*, const OSSL_CMP_PKIFREETEXT*) {
    Transaction& t = of(srv);
    t.finished = true;
    revoke_unconfirmed(t);
  }

  static void revoke_unconfirmed(Transaction& t) {
    if (!t.issued) return;
    try {
      t.server->ca_.revoke(t.issued->serial_hex(), t.now, RevocationReason::cessation_of_operation);
    } catch (const std::exception&) {
      ERR_clear_error();
    }
    t.issued.reset();
  }

  static int cert_conf(OSSL_CMP_SRV_CTX* srv, const OSSL_CMP_MSG*, int /*cert_req_id*/,
                       const ASN1_OCTET_STRING* cert_hash, const OSSL_CMP_PKISI* si) {
    Transaction& t = of(srv);
    t.finished = true;
    if (!t.issued) return 0;
    try {
      X509Ptr x = certificate_x509(*t.issued);
      int md_nid = NID_undef;
      int pk_nid = NID_undef;
      if (cert_hash != nullptr &&
          OBJ_find_sigid_algs(X509_get_signature_nid(x.get()), &md_nid, &pk_nid) == 1 &&
          md_nid != NID_undef) {
        const EVP_MD* md = EVP_get_digestbynid(md_nid);
        unsigned char digest[EVP_MAX_MD_SIZE];
        unsigned int length = 0;
        if (md != nullptr && X509_digest(x.get(), md, digest, &length) == 1 &&
            (static_cast<unsigned int>(ASN1_STRING_length(cert_hash)) != length ||
             std::memcmp(ASN1_STRING_get0_data(cert_hash), digest, length) != 0)) {
          ERR_raise_data(ERR_LIB_CMP, CMP_R_CERTHASH_UNMATCHED, "certConf hash mismatch");
          revoke_unconfirmed(t);
          return 0;
        }
      }
      // A rejection (status present and not accepted) withdraws the certificate.
      if (si != nullptr) {
        Owned<OSSL_CMP_PKISI, OSSL_CMP_PKISI_free> copy(OSSL_CMP_PKISI_dup(si));
        unsigned char* out = nullptr;
        int n = copy ? i2d_OSSL_CMP_PKISI(copy.get(), &out) : 0;
        OpenSslBytes owned(out);
        CmpMessageInfo info;
        ByteView in(out, n > 0 ? static_cast<std::size_t>(n) : 0);
        Tlv tl;
        if (n > 0 && next_tlv(in, tl)) read_status_info(tl, info);
        if (info.status && *info.status != OSSL_CMP_PKISTATUS_accepted) revoke_unconfirmed(t);
      }
      return 1;
    } catch (const std::exception&) {
      ERR_clear_error();
      return 0;
    }
  }
};

CmpServer::CmpServer(CertificateAuthority& ca, CmpServerConfig config)
    : ca_(ca), config_(std::move(config)) {
  for (const Certificate& c : config_.chain) {
    if (!(c.subject() == c.issuer())) signer_chain_.push_back(c);
  }
}

CmpServer::~CmpServer() = default;

void CmpServer::register_initial_credential(std::string reference, Bytes secret,
                                            InitialCredentialLimits limits) {
  credentials_[std::move(reference)] = Credential{
      std::move(secret), std::make_unique<InitialCredentialLimits>(std::move(limits)), false};
}

bool CmpServer::credential_usable(const std::string& reference, Instant now) const {
  auto it = credentials_.find(reference);
  if (it == credentials_.end() || it->second.used) return false;
  const auto& limits = it->second.limits;
  return !limits || !limits->expires || now < *limits->expires;
}

CmpServer::ClosedKey CmpServer::closed_key(const std::string& hex_key) {
  Bytes id;
  id.reserve(hex_key.size() / 2);
  auto nibble = [](char c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; };  // to_hex's
  for (std::size_t i = 0; i + 1 < hex_key.size(); i += 2)
    id.push_back(static_cast<std::uint8_t>(nibble(hex_key[i]) << 4 | nibble(hex_key[i + 1])));
  ClosedKey key{};
  const Bytes digest = id.size() == key.size() ? id : sha256(id);
  std::copy_n(digest.begin(), key.size(), key.begin());
  return key;
}

void CmpServer::remember_closed(const std::string& key, Instant now) {
  closed_[closed_key(key)] = now;
  if (closed_.size() > config_.max_remembered_transactions) {
    // Forget the oldest.
    auto oldest = closed_.begin();
    for (auto it = closed_.begin(); it != closed_.end(); ++it) {
      if (it->second < oldest->second) oldest = it;
    }
    closed_.erase(oldest);
  }
}

std::size_t CmpServer::expire_transactions(Instant now, std::int64_t idle_seconds) {
  for (auto it = closed_.begin(); it != closed_.end();) {
    if (now.unix_ns - it->second.unix_ns >= config_.replay_window_seconds * 1'000'000'000LL) {
      it = closed_.erase(it);
    } else {
      ++it;
    }
  }
  std::size_t dropped = 0;
  for (auto it = transactions_.begin(); it != transactions_.end();) {
    if (now.unix_ns - it->second->last_activity.unix_ns >= idle_seconds * 1'000'000'000LL) {
      // An issued but never confirmed certificate is withdrawn (RFC 4210 §5.3.18).
      it->second->now = now;
      CmpServerAccess::revoke_unconfirmed(*it->second);
      closed_[closed_key(it->first)] = now;
      it = transactions_.erase(it);
      ++dropped;
    } else {
      ++it;
    }
  }
  return dropped;
}

namespace {

// The request facts an error response echoes.
struct ErrorContext {
  Bytes recipient;  // GeneralName TLV
  std::optional<Bytes> transaction_id;
  std::optional<Bytes> recip_nonce;
};

Bytes signature_alg_id(EVP_PKEY* key, const EVP_MD** md) {
  int base = EVP_PKEY_get_base_id(key);
  if (base == EVP_PKEY_ED25519) {
    *md = nullptr;
    return tlv(0x30, tlv(0x06, oid_der_content(NID_ED25519)));
  }
  *md = EVP_sha256();
  int sig_nid = NID_undef;
  if (OBJ_find_sigid_by_algs(&sig_nid, NID_sha256, base) != 1) throw_pki_error("sig alg");
  Bytes content = tlv(0x06, oid_der_content(sig_nid));
  if (base == EVP_PKEY_RSA) content = cat({content, Bytes{0x05, 0x00}});
  return tlv(0x30, content);
}

// A signed error message; its extraCerts hold the CA's certificate and `chain` (the certificates
// above it without the self-signed root), as OpenSSL fills them for the messages it signs.
Bytes build_error(const CertificateAuthority& ca, const std::vector<Certificate>& chain,
                  const ErrorContext& ctx, CmpFailure failure, const std::string& text,
                  Instant now) {
  const EVP_MD* md = nullptr;
  Bytes alg = signature_alg_id(ca.key().native(), &md);
  Bytes sender = tlv(0xa4, subject_name_der(ca.certificate()));
  Bytes recipient = ctx.recipient.empty() ? tlv(0xa4, tlv(0x30, {})) : ctx.recipient;
  std::string time = generalized_time(now);
  Bytes header_content = cat(
      {tlv(0x02, Bytes{0x02}), sender, recipient,
       tlv(0xa0,
           tlv(0x18, ByteView(reinterpret_cast<const std::uint8_t*>(time.data()), time.size()))),
       tlv(0xa1, alg)});
  if (auto ski = ca.certificate().subject_key_id()) {
    header_content = cat({header_content, tlv(0xa2, tlv(0x04, *ski))});
  }
  if (ctx.transaction_id) {
    header_content = cat({header_content, tlv(0xa4, tlv(0x04, *ctx.transaction_id))});
  }
  header_content = cat({header_content, tlv(0xa5, tlv(0x04, random_bytes(16)))});
  if (ctx.recip_nonce) {
    header_content = cat({header_content, tlv(0xa6, tlv(0x04, *ctx.recip_nonce))});
  }
  Bytes header = tlv(0x30, header_content);
  std::string shown = text.empty() ? std::string(to_string(failure)) : text;
  if (shown.size() > 512) shown.resize(512);
  Bytes status_info = tlv(
      0x30, cat({tlv(0x02, Bytes{0x02}),
                 tlv(0x30, tlv(0x0c, ByteView(reinterpret_cast<const std::uint8_t*>(shown.data()),
                                              shown.size()))),
                 tlv(0x03, failure_bits(failure_bit(failure)))}));
  Bytes body = tlv(0xb7, tlv(0x30, status_info));
  Bytes protected_part = tlv(0x30, cat({header, body}));

  MdCtxPtr mctx(EVP_MD_CTX_new());
  if (!mctx || EVP_DigestSignInit(mctx.get(), nullptr, md, nullptr, ca.key().native()) != 1) {
    throw_pki_error("CMP error protection");
  }
  std::size_t length = 0;
  if (EVP_DigestSign(mctx.get(), nullptr, &length, protected_part.data(), protected_part.size()) !=
      1) {
    throw_pki_error("CMP error protection");
  }
  Bytes signature(length + 1, 0);
  if (EVP_DigestSign(mctx.get(), signature.data() + 1, &length, protected_part.data(),
                     protected_part.size()) != 1) {
    throw_pki_error("CMP error protection");
  }
  signature.resize(length + 1);
  Bytes protection = tlv(0xa0, tlv(0x03, signature));
  Bytes certs = ca.certificate().der();
  for (const Certificate& c : chain) certs = cat({certs, c.der()});
  Bytes extra = tlv(0xa1, tlv(0x30, certs));
  return tlv(0x30, cat({header, body, protection, extra}));
}

bool is_request_body(int body) {
  switch (static_cast<CmpBody>(body)) {
    case CmpBody::ir:
    case CmpBody::cr:
    case CmpBody::p10cr:
    case CmpBody::kur:
    case CmpBody::rr:
    case CmpBody::genm:
      return true;
    default:
      return false;
  }
}

}  // namespace

Bytes CmpServer::handle(ByteView request_der, Instant now) {
  ERR_clear_error();
  try {
    Bytes out = handle_impl(request_der, now);
    ERR_clear_error();
    return out;
  } catch (const std::exception& e) {
    ERR_clear_error();
    try {
      return build_error(ca_, signer_chain_, ErrorContext{}, CmpFailure::system_failure, e.what(),
                         now);
    } catch (const std::exception&) {
      ERR_clear_error();
      return {};
    }
  }
}

Bytes CmpServer::handle_impl(ByteView request_der, Instant now) {
  const unsigned char* p = request_der.data();
  MsgPtr req(request_der.empty()
                 ? nullptr
                 : d2i_OSSL_CMP_MSG(nullptr, &p, static_cast<long>(request_der.size())));
  ParsedMessage m;
  bool canonical = false;
  if (req && p == request_der.data() + request_der.size()) {
    // Only DER: what OpenSSL re-encodes (and so protects) must be what arrived.
    unsigned char* again = nullptr;
    int n = i2d_OSSL_CMP_MSG(req.get(), &again);
    OpenSslBytes owned(again);
    canonical = n > 0 && same(ByteView(again, static_cast<std::size_t>(n)), request_der);
  }
  if (!canonical || !parse_message(request_der, m)) {
    std::string why = "undecodable CMP message: " + take_openssl_errors();
    return build_error(ca_, signer_chain_, ErrorContext{}, CmpFailure::bad_data_format, why, now);
  }
  ErrorContext ectx{Bytes(m.sender.begin(), m.sender.end()), m.transaction_id, m.sender_nonce};
  auto fail = [&](CmpFailure f, const std::string& text) {
    ERR_clear_error();
    return build_error(ca_, signer_chain_, ectx, f, text, now);
  };
  if (!m.transaction_id || m.transaction_id->empty()) {
    return fail(CmpFailure::bad_request, "missing transactionID");
  }
  int body = OSSL_CMP_MSG_get_bodytype(req.get());
  const std::string key = to_hex_key(*m.transaction_id);
  auto existing = transactions_.find(key);
  std::unique_ptr<Transaction> fresh;
  Transaction* t = nullptr;
  if (is_request_body(body)) {
    if (existing != transactions_.end() || closed_.count(closed_key(key)) != 0) {
      return fail(CmpFailure::transaction_id_in_use, "transactionID in use or replayed");
    }
    fresh = std::make_unique<Transaction>();
    t = fresh.get();
    t->server = this;
    t->key = key;
    t->kind = static_cast<CmpBody>(body);
    t->srv.reset(OSSL_CMP_SRV_CTX_new(nullptr, nullptr));
    if (!t->srv) throw_pki_error("OSSL_CMP_SRV_CTX_new");
    if (OSSL_CMP_SRV_CTX_init(t->srv.get(), t, &CmpServerAccess::cert_request, &CmpServerAccess::rr,
                              &CmpServerAccess::genm, &CmpServerAccess::error,
                              &CmpServerAccess::cert_conf, nullptr) != 1 ||
        OSSL_CMP_SRV_CTX_set_send_unprotected_errors(t->srv.get(), 0) != 1 ||
        OSSL_CMP_SRV_CTX_set_accept_unprotected(t->srv.get(), 0) != 1 ||
        OSSL_CMP_SRV_CTX_set_accept_raverified(t->srv.get(), 0) != 1 ||
        OSSL_CMP_SRV_CTX_set_grant_implicit_confirm(t->srv.get(), config_.grant_implicit_confirm) !=
            1) {
      throw_pki_error("OSSL_CMP_SRV_CTX_init");
    }
    OSSL_CMP_CTX* ctx = OSSL_CMP_SRV_CTX_get0_cmp_ctx(t->srv.get());
    X509Ptr ca_cert = certificate_x509(ca_.certificate());
    StorePtr store(X509_STORE_new());
    if (!store || X509_STORE_add_cert(store.get(), ca_cert.get()) != 1) {
      throw_pki_error("X509_STORE");
    }
    for (const Certificate& anchor : config_.extra_trust_anchors) {
      X509Ptr x = certificate_x509(anchor);
      if (X509_STORE_add_cert(store.get(), x.get()) != 1) throw_pki_error("X509_STORE_add_cert");
    }
    X509_VERIFY_PARAM_set_flags(X509_STORE_get0_param(store.get()), X509_V_FLAG_PARTIAL_CHAIN);
    // OpenSSL builds the chain of its own signing certificate from these for the extraCerts of
    // every message it signs (rp, pkiConf, genp, error), leaving out the self-signed root.
    X509StackPtr untrusted(sk_X509_new_null());
    if (!untrusted) throw_pki_error("sk_X509_new_null");
    for (const Certificate& c : signer_chain_) {
      X509Ptr x = certificate_x509(c);
      if (sk_X509_push(untrusted.get(), x.get()) > 0) x.release();
    }
    if (OSSL_CMP_CTX_set_log_cb(ctx, &silent_log) != 1 ||
        OSSL_CMP_CTX_set1_cert(ctx, ca_cert.get()) != 1 ||
        OSSL_CMP_CTX_set1_pkey(ctx, ca_.key().native()) != 1 ||
        OSSL_CMP_CTX_set0_trustedStore(ctx, store.get()) != 1 ||
        // (An empty stack would leave the context without one, which OpenSSL 3.0 does not expect.)
        (sk_X509_num(untrusted.get()) > 0 &&
         OSSL_CMP_CTX_set1_untrusted(ctx, untrusted.get()) != 1) ||
        OSSL_CMP_CTX_set_option(ctx, OSSL_CMP_OPT_MSG_TIMEOUT, 0) != 1 ||
        OSSL_CMP_CTX_set_option(ctx, OSSL_CMP_OPT_TOTAL_TIMEOUT, 0) != 1) {
      throw_pki_error("server OSSL_CMP_CTX setup");
    }
    store.release();
  } else {
    if (existing == transactions_.end()) {
      return fail(CmpFailure::bad_request, "no open transaction with this transactionID");
    }
    t = existing->second.get();
  }
  t->now = now;
  t->request_der.assign(request_der.begin(), request_der.end());
  OSSL_CMP_CTX* ctx = OSSL_CMP_SRV_CTX_get0_cmp_ctx(t->srv.get());
  X509_VERIFY_PARAM_set_time(X509_STORE_get0_param(OSSL_CMP_CTX_get0_trustedStore(ctx)),
                             static_cast<time_t>(now.seconds()));

  // A failure before OpenSSL processes the request ends the transaction it belongs to.
  auto refuse = [&](CmpFailure f, const std::string& text) {
    remember_closed(key, now);
    if (!fresh) {
      t->now = now;
      CmpServerAccess::revoke_unconfirmed(*t);
      transactions_.erase(key);
    }
    return fail(f, text);
  };

  // Protection: PBM from an initial credential, or a signature.
  static const Bytes kPbmOid = oid_der_content(NID_id_PasswordBasedMAC);
  if (!m.protection_alg || !m.has_protection) {
    return refuse(CmpFailure::bad_message_check, "request is not protected");
  }
  bool pbm = *m.protection_alg == kPbmOid;
  if (pbm) {
    std::string reference(m.sender_kid ? std::string(m.sender_kid->begin(), m.sender_kid->end())
                                       : std::string());
    auto cred = credentials_.find(reference);
    if (cred == credentials_.end()) {
      return refuse(CmpFailure::not_authorized, "unknown initial credential reference");
    }
    if (fresh) {
      if (t->kind != CmpBody::ir && t->kind != CmpBody::cr && t->kind != CmpBody::p10cr &&
          t->kind != CmpBody::genm) {
        return refuse(CmpFailure::not_authorized, "kur/rr need signature protection");
      }
      t->reference = reference;
    } else if (t->reference != reference) {
      return refuse(CmpFailure::bad_message_check, "senderKID differs within the transaction");
    }
    if (OSSL_CMP_CTX_set1_secretValue(ctx, cred->second.secret.data(),
                                      static_cast<int>(cred->second.secret.size())) != 1 ||
        OSSL_CMP_CTX_set1_referenceValue(ctx,
                                         reinterpret_cast<const unsigned char*>(reference.data()),
                                         static_cast<int>(reference.size())) != 1) {
      throw_pki_error("OSSL_CMP_CTX_set1_secretValue");
    }
    if (OSSL_CMP_validate_msg(ctx, req.get()) != 1) {
      return refuse(CmpFailure::bad_message_check,
                    "PBM protection check failed: " + take_openssl_errors());
    }
    // Credential limits are checked once the MAC proves the sender knows the secret.
    if (fresh && cred->second.used) {
      return refuse(CmpFailure::not_authorized, "one-use initial credential already used");
    }
    if (fresh && cred->second.limits && cred->second.limits->expires &&
        now >= *cred->second.limits->expires) {
      return refuse(CmpFailure::not_authorized, "initial credential expired");
    }
  } else {
    if (t->reference) {
      return refuse(CmpFailure::bad_message_check, "PBM transaction continued with a signature");
    }
    // Find the protecting certificate among extraCerts (sender name and senderKID).
    std::optional<Certificate> signer;
    for (ByteView der : m.extra_certs) {
      try {
        Certificate c = Certificate::from_der(der);
        if (!same(subject_name_der(c), m.sender_name)) continue;
        if (m.sender_kid && c.subject_key_id() != m.sender_kid) continue;
        signer = c;
        break;
      } catch (const PkiError&) {
        ERR_clear_error();
      }
    }
    if (OSSL_CMP_validate_msg(ctx, req.get()) != 1) {
      std::string why = take_openssl_errors();
      if (signer && now >= signer->not_after()) why = "signer certificate expired; " + why;
      return refuse(CmpFailure::bad_message_check, "signature protection check failed: " + why);
    }
    if (fresh) {
      if (!signer) {
        return refuse(CmpFailure::signer_not_trusted, "protecting certificate not in extraCerts");
      }
      if (signer->issuer() == ca_.certificate().subject() && ca_.is_revoked(signer->serial_hex())) {
        return refuse(CmpFailure::cert_revoked, "protecting certificate is revoked");
      }
      t->signer = signer;
    }
  }
  ERR_clear_error();
  MsgPtr rsp(OSSL_CMP_SRV_process_request(t->srv.get(), req.get()));
  if (!rsp) return refuse(CmpFailure::system_failure, "no response: " + take_openssl_errors());
  unsigned char* out = nullptr;
  int n = i2d_OSSL_CMP_MSG(rsp.get(), &out);
  if (n <= 0) return refuse(CmpFailure::system_failure, "cannot encode the response");
  OpenSslBytes owned(out);
  Bytes response(out, out + n);
  t->last_activity = now;

  CmpMessageInfo info = peek_cmp_message(response);
  bool awaiting_conf =
      (info.body == static_cast<int>(CmpBody::ip) || info.body == static_cast<int>(CmpBody::cp) ||
       info.body == static_cast<int>(CmpBody::kup)) &&
      t->issued && !t->finished && OSSL_CMP_CTX_get_option(ctx, OSSL_CMP_OPT_IMPLICIT_CONFIRM) != 1;
  if (fresh && awaiting_conf) {
    transactions_.emplace(key, std::move(fresh));
  } else if (!fresh && !awaiting_conf) {
    if (info.body == static_cast<int>(CmpBody::error)) CmpServerAccess::revoke_unconfirmed(*t);
    transactions_.erase(key);
  }
  if (!awaiting_conf) remember_closed(key, now);
  ERR_clear_error();
  return response;
}

}  // namespace ifa026::pki

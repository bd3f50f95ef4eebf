// Building and signing the CA's CMP error message (see cmp_error_message.hpp) with pki/der's
// Writer: header (pvno 2, sender = the CA's name, recipient, messageTime, protectionAlg,
// senderKID = the CA's SKI, transactionID, a fresh senderNonce, recipNonce), ErrorMsgContent,
// signature protection and extraCerts.
#include "pki/cmp_error_message.hpp"

#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/x509.h>

#include "pki/der.hpp"
#include "pki/openssl_codec.hpp"
#include "pki/openssl_ownership.hpp"

namespace ifa026::pki {

namespace {

using namespace ossl;  // NOLINT(google-build-using-namespace): internal helpers

constexpr std::int64_t kPvno = 2;             // cmp2000
constexpr std::int64_t kStatusRejection = 2;  // PKIStatus rejection
constexpr std::size_t kMaxStatusTextSize = 512;

std::string dotted(int nid) {
  char text[128];
  const int n = OBJ_obj2txt(text, sizeof text, OBJ_nid2obj(nid), 1);
  if (n <= 0 || static_cast<std::size_t>(n) >= sizeof text) throw_pki_error("OBJ_obj2txt");
  return text;
}

// The AlgorithmIdentifier of the CA key's signature (SHA-256 with it; pure Ed25519) and the
// digest to sign with (nullptr for Ed25519).
Bytes signature_algorithm(EVP_PKEY* key, const EVP_MD** md) {
  const int base = EVP_PKEY_get_base_id(key);
  der::Writer algorithm;
  if (base == EVP_PKEY_ED25519) {
    *md = nullptr;
    algorithm.sequence([](der::Writer& w) { w.object_identifier(dotted(NID_ED25519)); });
    return algorithm.take();
  }
  *md = EVP_sha256();
  int sig_nid = NID_undef;
  if (OBJ_find_sigid_by_algs(&sig_nid, NID_sha256, base) != 1) throw_pki_error("sig alg");
  algorithm.sequence([&](der::Writer& w) {
    w.object_identifier(dotted(sig_nid));
    if (base == EVP_PKEY_RSA) w.null();
  });
  return algorithm.take();
}

Bytes sign(const CertificateAuthority& ca, const EVP_MD* md, ByteView data) {
  Owned<EVP_MD_CTX, EVP_MD_CTX_free> context(EVP_MD_CTX_new());
  if (!context || EVP_DigestSignInit(context.get(), nullptr, md, nullptr, ca.key().native()) != 1) {
    throw_pki_error("CMP error protection");
  }
  std::size_t length = 0;
  if (EVP_DigestSign(context.get(), nullptr, &length, data.data(), data.size()) != 1) {
    throw_pki_error("CMP error protection");
  }
  Bytes signature(length, 0);
  if (EVP_DigestSign(context.get(), signature.data(), &length, data.data(), data.size()) != 1) {
    throw_pki_error("CMP error protection");
  }
  signature.resize(length);
  return signature;
}

}  // namespace

Bytes build_cmp_error(const CertificateAuthority& ca, const std::vector<Certificate>& chain,
                      const CmpErrorContext& context, CmpFailure failure, const std::string& text,
                      Instant now) {
  const EVP_MD* md = nullptr;
  const Bytes algorithm = signature_algorithm(ca.key().native(), &md);
  der::Writer header;
  header.sequence([&](der::Writer& h) {
    h.integer(kPvno);
    h.explicit_tag(4, [&](der::Writer& sender) { sender.raw(subject_name_der(ca.certificate())); });
    if (context.recipient.empty()) {
      h.explicit_tag(4, [](der::Writer& recipient) { recipient.sequence(der::Writer()); });
    } else {
      h.raw(context.recipient);
    }
    h.explicit_tag(
        0, [&](der::Writer& time) { time.generalized_time(Instant::from_seconds(now.seconds())); });
    h.explicit_tag(1, [&](der::Writer& alg) { alg.raw(algorithm); });
    if (auto ski = ca.certificate().subject_key_id()) {
      h.explicit_tag(2, [&](der::Writer& kid) { kid.octet_string(*ski); });
    }
    if (context.transaction_id) {
      h.explicit_tag(4, [&](der::Writer& id) { id.octet_string(*context.transaction_id); });
    }
    h.explicit_tag(5, [](der::Writer& nonce) { nonce.octet_string(random_bytes(16)); });
    if (context.recip_nonce) {
      h.explicit_tag(6, [&](der::Writer& nonce) { nonce.octet_string(*context.recip_nonce); });
    }
  });
  const std::string shown =
      der::utf8_text(text.empty() ? std::string(to_string(failure)) : text, kMaxStatusTextSize);
  // ErrorMsgContent ::= SEQUENCE { pKIStatusInfo PKIStatusInfo, ... }
  der::Writer body;
  body.explicit_tag(static_cast<unsigned>(CmpBody::error), [&](der::Writer& error) {
    error.sequence([&](der::Writer& content) {
      content.sequence([&](der::Writer& status) {
        status.integer(kStatusRejection);
        status.sequence([&](der::Writer& texts) { texts.utf8_string(shown); });
        status.named_bits(failure_bit(failure));
      });
    });
  });
  der::Writer protected_part;
  protected_part.sequence([&](der::Writer& w) { w.raw(header.bytes()).raw(body.bytes()); });
  const Bytes signature = sign(ca, md, protected_part.bytes());

  der::Writer message;
  message.sequence([&](der::Writer& m) {
    m.raw(header.bytes()).raw(body.bytes());
    m.explicit_tag(0, [&](der::Writer& protection) { protection.bit_string(signature); });
    m.explicit_tag(1, [&](der::Writer& extra) {
      extra.sequence([&](der::Writer& certs) {
        certs.raw(ca.certificate().der());
        for (const Certificate& c : chain) certs.raw(c.der());
      });
    });
  });
  return message.take();
}

}  // namespace ifa026::pki

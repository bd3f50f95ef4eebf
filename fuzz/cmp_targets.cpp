// The fuzz targets of CMP (fuzz_targets.hpp): the message peek every side uses to route and
// trace a PKIMessage, checked against OpenSSL's own reading, and the CA's CmpServer::handle on a
// request, which must always answer with a CMP message.
#include <openssl/cmp.h>

#include <memory>
#include <optional>
#include <string>

#include "fuzz/fuzz_targets.hpp"
#include "fuzz/fuzz_world.hpp"
#include "pki/cmp_message.hpp"
#include "pki/cmp_server.hpp"

namespace ifa026::fuzz {
namespace {

std::optional<pki::CmpMessageInfo> try_peek(pki::ByteView der) {
  try {
    return pki::peek_cmp_message(der);
  } catch (const pki::DecodeError&) {
    return std::nullopt;
  }
}

// The DER OpenSSL writes for the message it read from `der`, when it reads all of it.
std::optional<pki::Bytes> openssl_reencoded(pki::ByteView der) {
  const unsigned char* p = der.data();
  const std::unique_ptr<OSSL_CMP_MSG, decltype(&OSSL_CMP_MSG_free)> msg(
      d2i_OSSL_CMP_MSG(nullptr, &p, static_cast<long>(der.size())), OSSL_CMP_MSG_free);
  if (!msg || p != der.data() + der.size()) return std::nullopt;
  unsigned char* out = nullptr;
  const int length = i2d_OSSL_CMP_MSG(msg.get(), &out);
  if (length <= 0) return std::nullopt;
  pki::Bytes bytes(out, out + length);
  OPENSSL_free(out);
  return bytes;
}

bool is_response_body(int body) {
  switch (static_cast<pki::CmpBody>(body)) {
    case pki::CmpBody::ip:
    case pki::CmpBody::cp:
    case pki::CmpBody::kup:
    case pki::CmpBody::rp:
    case pki::CmpBody::pkiconf:
    case pki::CmpBody::genp:
    case pki::CmpBody::error:
      return true;
    default:
      return false;
  }
}

}  // namespace

void cmp_message(const std::uint8_t* data, std::size_t size) {
  const pki::ByteView der(data, size);
  const auto peeked = try_peek(der);
  try {
    (void)pki::inspect_cmp_message(der);
  } catch (const pki::DecodeError&) {
  }
  if (peeked) (void)pki::cmp_body_name(peeked->body);
  // What the peek reads must be what OpenSSL, which handles the message, reads: the same body,
  // transaction and sender, whatever encoding details OpenSSL normalises.
  const auto reencoded = openssl_reencoded(der);
  if (!peeked || !reencoded) return;
  const auto normal = try_peek(*reencoded);
  if (!normal)
    contract_broken("cmp_message", "OpenSSL's own encoding of the message is not peeked");
  if (normal->body != peeked->body || normal->transaction_id != peeked->transaction_id ||
      normal->sender_kid != peeked->sender_kid || normal->protected_ != peeked->protected_) {
    contract_broken("cmp_message", "the peek reads other fields than OpenSSL does");
  }
}

void cmp_server(const std::uint8_t* data, std::size_t size) {
  const World& w = world();
  pki::CertificateAuthority ca = w.ca();
  pki::CmpServerConfig config;
  config.ca_pubs = {w.ca_certificate};
  pki::CmpServer server(ca, config);
  server.register_initial_credential(
      kCredentialReference,
      pki::Bytes(kCredentialSecret, kCredentialSecret + std::string(kCredentialSecret).size()),
      pki::InitialCredentialLimits{false, std::nullopt, std::nullopt, std::nullopt});
  // A policy that refuses some requests, so refusals are answered too.
  server.authorise = [](const pki::CmpRequestInfo& info) -> std::optional<pki::CmpRefusal> {
    if (info.requested && info.requested->subject.common_name() == "refused") {
      return pki::CmpRefusal("refused by the fuzz policy");
    }
    return std::nullopt;
  };
  const pki::ByteView request(data, size);
  const pki::Instant now = world_now();
  // Twice: the second time the transaction is open or ended (retransmission, replay).
  for (int round = 0; round < 2; ++round) {
    const pki::Bytes response = server.handle(request, now);
    const auto info = try_peek(response);
    if (!info) contract_broken("cmp_server", "the answer is not a CMP message");
    if (!is_response_body(info->body)) contract_broken("cmp_server", "the answer is no response");
  }
  server.expire_transactions(pki::Instant::from_seconds(now.seconds() + 86400), 60);
}

}  // namespace ifa026::fuzz

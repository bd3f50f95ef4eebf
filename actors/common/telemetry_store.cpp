// The encrypted telemetry store (see telemetry_store.hpp).
#include "actors/common/telemetry_store.hpp"

#include <utility>

#include "pki/aead.hpp"

namespace ifa026::actors::telemetry {

namespace {

pki::Bytes nonce_of(std::uint64_t index) {
  pki::Bytes nonce(pki::kAes256GcmNonceSize, 0);
  for (int i = 0; i < 8; ++i)
    nonce[pki::kAes256GcmNonceSize - 1 - i] = static_cast<std::uint8_t>(index >> (8 * i));
  return nonce;
}

}  // namespace

TelemetryStore::TelemetryStore(std::string owner, pki::Bytes key, bool plaintext)
    : owner_(std::move(owner)), key_(std::move(key)), plaintext_(plaintext) {}

pki::Bytes TelemetryStore::aad(const StoredRecord& r) const {
  const std::string text =
      owner_ + "|" + r.source + "|" + std::to_string(r.seq) + "|" + r.encoding + "|" + r.raw_digest;
  return pki::Bytes(text.begin(), text.end());
}

const StoredRecord& TelemetryStore::add(const std::string& source, std::uint64_t seq,
                                        const std::string& encoding, const std::string& raw_digest,
                                        std::size_t raw_size, pki::ByteView payload) {
  StoredRecord r;
  r.index = records_.size() + 1;
  r.source = source;
  r.seq = seq;
  r.encoding = encoding;
  r.raw_digest = raw_digest;
  r.raw_size = raw_size;
  r.nonce = nonce_of(r.index);
  r.sealed = plaintext_ ? pki::Bytes(payload.begin(), payload.end())
                        : pki::aes256gcm_seal(key_, r.nonce, payload, aad(r));
  records_.push_back(std::move(r));
  return records_.back();
}

std::optional<pki::Bytes> TelemetryStore::open(const StoredRecord& record,
                                               pki::ByteView key) const {
  return pki::aes256gcm_open(key, record.nonce, record.sealed, aad(record));
}

bool TelemetryStore::tamper(std::uint64_t index, std::uint64_t& tampered) {
  if (records_.empty()) return false;
  if (index == 0) index = records_.size();
  if (index > records_.size()) return false;
  StoredRecord& r = records_[index - 1];
  if (r.sealed.empty()) return false;
  r.sealed[r.sealed.size() / 2] ^= 0x01;
  tampered = index;
  return true;
}

std::vector<std::uint64_t> TelemetryStore::verify() const {
  std::vector<std::uint64_t> failed;
  for (const auto& r : records_)
    if (!open(r, key_)) failed.push_back(r.index);
  return failed;
}

std::optional<pki::Bytes> parse_store_key(const std::string& hex) {
  auto key = pki::from_hex(hex);
  if (!key || key->size() != pki::kAes256GcmKeySize) return std::nullopt;
  return key;
}

}  // namespace ifa026::actors::telemetry

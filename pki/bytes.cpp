// OpenSSL error-queue capture, the PkiError/DecodeError throwers, hex and SHA-256 helpers.
#include "pki/bytes.hpp"

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <string>

namespace ifa026::pki {

std::string take_openssl_errors() {
  std::string text;
  const char* data = nullptr;
  int flags = 0;
  while (unsigned long code = ERR_get_error_all(nullptr, nullptr, nullptr, &data, &flags)) {
    if (!text.empty()) text += "; ";
    const char* lib = ERR_lib_error_string(code);
    const char* reason = ERR_reason_error_string(code);
    text += lib != nullptr ? lib : "lib(" + std::to_string(ERR_GET_LIB(code)) + ")";
    text += ':';
    text += reason != nullptr ? reason : "reason(" + std::to_string(ERR_GET_REASON(code)) + ")";
    if ((flags & ERR_TXT_STRING) != 0 && data != nullptr && *data != '\0') {
      text += " (";
      text += data;
      text += ')';
    }
    data = nullptr;
    flags = 0;
  }
  return text;
}

namespace {

std::string error_message(std::string_view operation) {
  std::string queue = take_openssl_errors();
  std::string message(operation);
  message += ": ";
  message += queue.empty() ? "unknown error" : queue;
  return message;
}

}  // namespace

void throw_pki_error(std::string_view operation) {
  throw PkiError(error_message(operation));
}

void throw_decode_error(std::string_view what) {
  throw DecodeError(error_message(what));
}

std::string to_hex(ByteView bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(bytes.size() * 2);
  for (std::uint8_t b : bytes) {
    hex += kDigits[b >> 4];
    hex += kDigits[b & 0x0f];
  }
  return hex;
}

std::optional<Bytes> from_hex(std::string_view hex) {
  if (hex.size() % 2 != 0) return std::nullopt;
  auto digit = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  Bytes bytes;
  bytes.reserve(hex.size() / 2);
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    const int high = digit(hex[i]);
    const int low = digit(hex[i + 1]);
    if (high < 0 || low < 0) return std::nullopt;
    bytes.push_back(static_cast<std::uint8_t>(high * 16 + low));
  }
  return bytes;
}

Bytes random_bytes(std::size_t n) {
  Bytes bytes(n);
  if (n != 0 && RAND_bytes(bytes.data(), static_cast<int>(n)) != 1) throw_pki_error("random bytes");
  return bytes;
}

Bytes sha256(ByteView data) {
  Bytes digest(EVP_MAX_MD_SIZE);
  unsigned int length = 0;
  static const std::uint8_t kEmpty = 0;
  const std::uint8_t* input = data.empty() ? &kEmpty : data.data();
  if (EVP_Digest(input, data.size(), digest.data(), &length, EVP_sha256(), nullptr) != 1) {
    throw_pki_error("sha256");
  }
  digest.resize(length);
  return digest;
}

}  // namespace ifa026::pki

// Telemetry encodings through zlib (see telemetry_codec.hpp).
#include "actors/common/telemetry_codec.hpp"

#include <zlib.h>

#include <stdexcept>

namespace ifa026::actors::telemetry {

pki::Bytes deflate(pki::ByteView raw) {
  uLongf size = compressBound(static_cast<uLong>(raw.size()));
  pki::Bytes out(size);
  if (compress2(out.data(), &size, raw.data(), static_cast<uLong>(raw.size()), 9) != Z_OK)
    throw std::runtime_error("zlib: compress2 failed");
  out.resize(size);
  return out;
}

std::optional<pki::Bytes> inflate(pki::ByteView compressed) {
  z_stream stream{};
  if (inflateInit(&stream) != Z_OK) throw std::runtime_error("zlib: inflateInit failed");
  pki::Bytes out;
  std::uint8_t chunk[4096];
  stream.next_in = const_cast<Bytef*>(compressed.data());
  stream.avail_in = static_cast<uInt>(compressed.size());
  int status = Z_OK;
  while (status == Z_OK) {
    stream.next_out = chunk;
    stream.avail_out = sizeof chunk;
    status = ::inflate(&stream, Z_NO_FLUSH);
    if (status != Z_OK && status != Z_STREAM_END) break;
    out.insert(out.end(), chunk, chunk + (sizeof chunk - stream.avail_out));
    if (out.size() > kMaxRawRecord) status = Z_MEM_ERROR;
    if (status == Z_OK && stream.avail_in == 0 && stream.avail_out != 0) status = Z_BUF_ERROR;
  }
  const bool complete = status == Z_STREAM_END && stream.avail_in == 0;
  inflateEnd(&stream);
  if (!complete) return std::nullopt;
  return out;
}

pki::Bytes encode(const std::string& encoding, pki::ByteView raw) {
  if (encoding == kEncodingDeflate) return deflate(raw);
  return pki::Bytes(raw.begin(), raw.end());
}

std::optional<pki::Bytes> decode(const std::string& encoding, pki::ByteView payload) {
  if (encoding == kEncodingIdentity) return pki::Bytes(payload.begin(), payload.end());
  if (encoding == kEncodingDeflate) return inflate(payload);
  return std::nullopt;
}

std::string raw_digest(pki::ByteView raw) {
  return pki::to_hex(pki::sha256(raw));
}

}  // namespace ifa026::actors::telemetry

// The payload of every NFV message between actors: operation, flow step and a body, encoded as CBOR
// (nlohmann::json) with DER objects as CBOR byte strings, so sizes on the simulated network are
// real and a tampered byte is noticed when decoding or verifying. docs/mano-certificates.md lists
// the operations and their bodies.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "pki/bytes.hpp"
#include "sim/message.hpp"

namespace ifa026::actors {

struct Envelope {
  std::string operation;  // e.g. "RegisterEntityRequest"
  std::string step;       // flow step, e.g. "C.4.1.1#0"; empty outside Annex C flows
  nlohmann::json body = nlohmann::json::object();
};

pki::Bytes encode_envelope(const Envelope& envelope);
// The plain message carrying `envelope` to `to` (operation and step repeat the envelope's, for
// the trace).
sim::Message envelope_message(const std::string& to, const std::string& reference_point,
                              const Envelope& envelope);
// Nullopt (and `error` set when given) for anything that is not a CBOR map with a string
// "operation", an optional string "step" and an object "body".
std::optional<Envelope> decode_envelope(pki::ByteView bytes, std::string* error = nullptr);

// Byte strings in a body (CBOR byte strings).
void set_bytes(nlohmann::json& body, const std::string& key, pki::ByteView bytes);
// Nullopt when absent or not a byte string.
std::optional<pki::Bytes> get_bytes(const nlohmann::json& body, const std::string& key);
// A list of byte strings (e.g. a certificate chain).
void set_bytes_list(nlohmann::json& body, const std::string& key,
                    const std::vector<pki::Bytes>& list);
std::optional<std::vector<pki::Bytes>> get_bytes_list(const nlohmann::json& body,
                                                      const std::string& key);
// A string member, or `fallback` when absent or not a string.
std::string get_string(const nlohmann::json& body, const std::string& key,
                       const std::string& fallback = "");

}  // namespace ifa026::actors

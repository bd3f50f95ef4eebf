// One CMP PKIMessage to a real CMP server over HTTP (RFC 6712), outside any simulation: a POST
// of the DER as application/pkixcmp to http://HOST:PORT/PATH and the DER answer, through
// OpenSSL's own HTTP client (OSSL_HTTP_transfer), with a wall-clock timeout. Used by the `ca-live`
// actor (docs/live-ca.md), which relays the simulated clients' requests to such a server. Never
// throws for what the server or the network does: every failure is an answer with a reason.
#pragma once

#include <optional>
#include <string>

#include "pki/bytes.hpp"

namespace ifa026::pki {

// Where a CMP server listens, read from "http://HOST:PORT/PATH" (no user, query or fragment).
struct CmpHttpUrl {
  std::string host;
  std::string port;  // "80" when the URL names none
  std::string path;  // at least "/"
  std::string text() const { return "http://" + host + ":" + port + path; }
};

// The URL's parts, or nullopt with why not in `why`: not a URL, https (not built: a live CA is
// reached over plain HTTP, e.g. on loopback or through a TLS-terminating proxy the operator
// runs), or a user, query or fragment part.
std::optional<CmpHttpUrl> parse_cmp_http_url(const std::string& url, std::string* why = nullptr);

struct CmpHttpAnswer {
  Bytes der;          // the response body (a PKIMessage, as far as its first bytes show)
  std::string error;  // why there is no answer: connection, timeout, HTTP status, content type
  bool ok() const { return error.empty(); }
};

// POSTs `request` and waits at most `timeout_seconds` (at least 1) for the whole answer. An
// answer counts only with status 200, Content-Type application/pkixcmp and an ASN.1 body of at
// most 1 MiB. No proxy is used, whatever the environment says.
CmpHttpAnswer post_cmp_message(const CmpHttpUrl& url, ByteView request, int timeout_seconds);

}  // namespace ifa026::pki

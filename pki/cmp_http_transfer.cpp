// CMP over HTTP to a real server with OpenSSL's HTTP client (see cmp_http_transfer.hpp).
#include "pki/cmp_http_transfer.hpp"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/http.h>

#include <algorithm>
#include <limits>

#include "pki/openssl_ownership.hpp"

namespace ifa026::pki {

namespace {

using namespace ossl;  // NOLINT(google-build-using-namespace): internal helpers

constexpr const char* kContentType = "application/pkixcmp";
constexpr std::size_t kMaxAnswerBytes = 1 << 20;

using CharsPtr = Owned<char, free_openssl_chars>;

std::string or_default(std::string text, const char* fallback) {
  return text.empty() ? std::string(fallback) : text;
}

}  // namespace

std::optional<CmpHttpUrl> parse_cmp_http_url(const std::string& url, std::string* why) {
  auto fail = [&](std::string reason) -> std::optional<CmpHttpUrl> {
    if (why != nullptr) *why = std::move(reason);
    return std::nullopt;
  };
  if (!url.starts_with("http://") && !url.starts_with("https://"))
    return fail("not an http:// URL");
  int ssl = 0;
  char* user = nullptr;
  char* host = nullptr;
  char* port = nullptr;
  char* path = nullptr;
  char* query = nullptr;
  char* fragment = nullptr;
  const int parsed = OSSL_HTTP_parse_url(url.c_str(), &ssl, &user, &host, &port, nullptr, &path,
                                         &query, &fragment);
  CharsPtr owned[] = {CharsPtr(user), CharsPtr(host),  CharsPtr(port),
                      CharsPtr(path), CharsPtr(query), CharsPtr(fragment)};
  const std::string errors = take_openssl_errors();
  if (parsed != 1) return fail("not a URL" + (errors.empty() ? "" : ": " + errors));
  if (ssl != 0)
    return fail("https is not built: reach the CA over http (loopback, or a TLS proxy)");
  if (user != nullptr && *user != '\0') return fail("a URL with a user part is not supported");
  if ((query != nullptr && *query != '\0') || (fragment != nullptr && *fragment != '\0'))
    return fail("a URL with a query or fragment is not supported");
  if (host == nullptr || *host == '\0') return fail("the URL names no host");
  CmpHttpUrl out;
  out.host = host;
  out.port = or_default(port != nullptr ? port : "", "80");
  out.path = or_default(path != nullptr ? path : "", "/");
  return out;
}

CmpHttpAnswer post_cmp_message(const CmpHttpUrl& url, ByteView request, int timeout_seconds) {
  CmpHttpAnswer answer;
  ERR_clear_error();
  if (request.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
    answer.error = "request too large";
    return answer;
  }
  BioPtr body(BIO_new_mem_buf(request.data(), static_cast<int>(request.size())));
  if (!body) {
    answer.error = "cannot buffer the request: " + take_openssl_errors();
    return answer;
  }
  // proxy "" (not nullptr): OpenSSL would otherwise take http_proxy from the environment.
  BioPtr response(OSSL_HTTP_transfer(nullptr, url.host.c_str(), url.port.c_str(), url.path.c_str(),
                                     0, "", nullptr, nullptr, nullptr, nullptr, nullptr, 0, nullptr,
                                     kContentType, body.get(), kContentType, 1, kMaxAnswerBytes,
                                     std::max(1, timeout_seconds), 0));
  if (!response) {
    answer.error = or_default(take_openssl_errors(), "no answer");
    return answer;
  }
  char* data = nullptr;
  const long size = BIO_get_mem_data(response.get(), &data);
  if (size <= 0 || data == nullptr) {
    answer.error = "empty answer";
    return answer;
  }
  answer.der.assign(reinterpret_cast<const std::uint8_t*>(data),
                    reinterpret_cast<const std::uint8_t*>(data) + size);
  ERR_clear_error();
  return answer;
}

}  // namespace ifa026::pki

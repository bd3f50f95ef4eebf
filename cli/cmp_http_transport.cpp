// Blocking CMP-over-HTTP client exchanges with deadlines (see cmp_http_transport.hpp): Beast's
// asynchronous operations on a private io_context, run until each one completes or times out.
#include "cli/cmp_http_transport.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <optional>
#include <utility>
#include <vector>

namespace ifa026::cli {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

struct CmpHttpTransport::Impl {
  std::string host;
  std::string port;
  std::string path;
  std::chrono::milliseconds timeout;
  net::io_context io;
  std::optional<beast::tcp_stream> stream;
  std::optional<tcp::resolver::results_type> endpoints;

  std::string where() const { return host + ":" + port; }

  // Runs the queued operation to its end; its handler stores the error code.
  void run() {
    io.restart();
    io.run();
  }

  void connect(std::chrono::steady_clock::time_point deadline) {
    if (!endpoints) {
      tcp::resolver resolver(io);
      beast::error_code ec;
      auto found = resolver.resolve(host, port, ec);
      if (ec) throw CmpTransportError("cannot resolve " + where() + ": " + ec.message());
      endpoints = std::move(found);
    }
    stream.emplace(io);
    stream->expires_at(deadline);
    beast::error_code error;
    stream->async_connect(*endpoints,
                          [&error](beast::error_code ec, const tcp::endpoint&) { error = ec; });
    run();
    if (error) {
      stream.reset();
      throw CmpTransportError(
          "cannot connect to " + where() + ": " +
          (error == beast::error::timeout ? std::string("timed out") : error.message()));
    }
  }

  pki::Bytes post(pki::ByteView body, std::chrono::steady_clock::time_point deadline, bool* sent) {
    http::request<http::vector_body<std::uint8_t>> request{http::verb::post, path, 11};
    request.set(http::field::host, host);
    request.set(http::field::user_agent, "ifa026-load");
    request.set(http::field::content_type, "application/pkixcmp");
    request.set(http::field::cache_control, "no-cache");
    request.keep_alive(true);
    request.body().assign(body.begin(), body.end());
    request.prepare_payload();
    stream->expires_at(deadline);
    beast::error_code error;
    http::async_write(*stream, request,
                      [&error](beast::error_code ec, std::size_t) { error = ec; });
    run();
    if (error) throw beast::system_error(error);
    *sent = true;
    beast::flat_buffer buffer;
    http::response_parser<http::vector_body<std::uint8_t>> parser;
    parser.body_limit(1 << 20);
    http::async_read(*stream, buffer, parser,
                     [&error](beast::error_code ec, std::size_t) { error = ec; });
    run();
    if (error) throw beast::system_error(error);
    auto& response = parser.get();
    const bool keep = response.keep_alive();
    if (response.result() != http::status::ok) {
      stream.reset();
      throw CmpTransportError("HTTP " + std::to_string(response.result_int()) + " " +
                              std::string(response.reason()) + " from " + where() + path);
    }
    pki::Bytes out = std::move(response.body());
    if (!keep) stream.reset();
    return out;
  }
};

CmpHttpTransport::CmpHttpTransport(std::string host, std::string port, std::string path,
                                   std::chrono::milliseconds timeout)
    : impl_(std::make_unique<Impl>()) {
  impl_->host = std::move(host);
  impl_->port = std::move(port);
  impl_->path = std::move(path);
  impl_->timeout = timeout;
}

CmpHttpTransport::~CmpHttpTransport() = default;

void CmpHttpTransport::close() {
  if (!impl_->stream) return;
  beast::error_code ignored;
  impl_->stream->socket().shutdown(tcp::socket::shutdown_both, ignored);
  impl_->stream.reset();
}

pki::Bytes CmpHttpTransport::exchange(pki::ByteView request) {
  const auto deadline = std::chrono::steady_clock::now() + impl_->timeout;
  // A kept connection the server has closed since fails before anything was answered: one more
  // try on a new connection.
  for (int attempt = 0;; ++attempt) {
    const bool reused = impl_->stream.has_value();
    if (!reused) impl_->connect(deadline);
    bool sent = false;
    try {
      return impl_->post(request, deadline, &sent);
    } catch (const beast::system_error& e) {
      impl_->stream.reset();
      const auto& code = e.code();
      if (code == beast::error::timeout) {
        throw CmpTransportError("no answer from " + impl_->where() + " within " +
                                std::to_string(impl_->timeout.count()) + " ms");
      }
      const bool closed = code == http::error::end_of_stream || code == net::error::eof ||
                          code == net::error::connection_reset || code == net::error::broken_pipe;
      if (reused && closed && attempt == 0) continue;
      throw CmpTransportError(std::string(sent ? "receiving from " : "sending to ") +
                              impl_->where() + ": " + code.message());
    }
  }
}

}  // namespace ifa026::cli

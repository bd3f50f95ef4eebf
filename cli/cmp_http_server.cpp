// The RFC 6712 CMP-over-HTTP server of `ifa026 ca serve` (see cmp_http_server.hpp): async accept
// and one async read/handle/write loop per connection, each on its own strand; the handler
// answers later through a callback posted back to the connection's strand.
#include "cli/cmp_http_server.hpp"

#include <algorithm>
#include <atomic>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cctype>
#include <chrono>
#include <csignal>
#include <exception>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>

namespace ifa026::cli {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

// What the sessions share with the server. Outside the anonymous namespace: CmpHttpServer::Impl,
// which has external linkage, holds it (-Wsubobject-linkage in a unity build).
struct CmpHttpShared {
  CmpHttpServerOptions options;
  CmpHttpServer::Handler handler;
  std::atomic<std::size_t> connections{0};  // sessions alive
};

namespace {

constexpr const char* kCmpContentType = "application/pkixcmp";

bool is_cmp_content_type(std::string_view value) {
  std::string type(value.substr(0, value.find(';')));
  while (!type.empty() && (type.back() == ' ' || type.back() == '\t')) type.pop_back();
  std::transform(type.begin(), type.end(), type.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return type == kCmpContentType;
}

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, CmpHttpShared& shared) : stream_(std::move(socket)), shared_(shared) {
    shared_.connections.fetch_add(1);
  }
  ~Session() { shared_.connections.fetch_sub(1); }
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  void start() {
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->read(); });
  }

 private:
  void read() {
    parser_.emplace();
    parser_->body_limit(shared_.options.body_limit);
    // One deadline for the whole request: trickling bytes does not extend it.
    stream_.expires_after(std::chrono::seconds(shared_.options.read_timeout_seconds));
    http::async_read(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
  }

  void on_read(beast::error_code ec) {
    if (ec == http::error::end_of_stream) return close();
    if (ec == http::error::body_limit) {
      return reply(http::status::payload_too_large, "text/plain",
                   "request body over " + std::to_string(shared_.options.body_limit) + " bytes\n",
                   false, 11);
    }
    if (ec == http::error::header_limit) {
      return reply(http::status::request_header_fields_too_large, "text/plain",
                   "request header too large\n", false, 11);
    }
    if (ec.category() == http::make_error_code(http::error::bad_version).category() &&
        ec != http::error::partial_message) {
      return reply(http::status::bad_request, "text/plain",
                   "malformed HTTP request: " + ec.message() + "\n", false, 11);
    }
    if (ec) return;  // timeout, reset, or a request cut short: drop the connection
    const auto& request = parser_->get();
    const bool keep_alive = request.keep_alive();
    const unsigned version = request.version();
    std::string_view target(request.target().data(), request.target().size());
    if (target != "/pkix" && !target.starts_with("/pkix/")) {
      return reply(http::status::not_found, "text/plain", "CMP is served under /pkix/\n",
                   keep_alive, version);
    }
    if (request.method() != http::verb::post) {
      return reply(http::status::method_not_allowed, "text/plain", "use POST\n", keep_alive,
                   version);
    }
    auto content_type = request.find(http::field::content_type);
    if (content_type == request.end() ||
        !is_cmp_content_type({content_type->value().data(), content_type->value().size()})) {
      return reply(http::status::unsupported_media_type, "text/plain",
                   "Content-Type must be application/pkixcmp\n", keep_alive, version);
    }
    const std::string& body = request.body();
    std::vector<std::uint8_t> der(body.begin(), body.end());
    auto respond = [self = shared_from_this(), keep_alive,
                    version](std::optional<std::vector<std::uint8_t>> response) {
      net::post(self->stream_.get_executor(), [self, keep_alive, version,
                                               response = std::move(response)] {
        if (!response) {
          return self->reply(http::status::internal_server_error, "text/plain",
                             "internal error: the answer could not be stored\n", false, version);
        }
        self->reply(http::status::ok, kCmpContentType,
                    std::string(response->begin(), response->end()), keep_alive, version);
      });
    };
    try {
      shared_.handler(std::move(der), respond);
    } catch (const std::exception& e) {
      return reply(http::status::internal_server_error, "text/plain",
                   std::string("internal error: ") + e.what() + "\n", false, version);
    }
  }

  void reply(http::status status, const char* content_type, std::string body, bool keep_alive,
             unsigned version) {
    auto response = std::make_shared<http::response<http::string_body>>(status, version);
    response->set(http::field::server, "ifa026-ca");
    response->set(http::field::content_type, content_type);
    response->set(http::field::cache_control, "no-cache");
    if (status == http::status::method_not_allowed) response->set(http::field::allow, "POST");
    response->keep_alive(keep_alive);
    response->body() = std::move(body);
    response->prepare_payload();
    stream_.expires_after(std::chrono::seconds(shared_.options.read_timeout_seconds));
    http::async_write(stream_, *response,
                      [self = shared_from_this(), response](beast::error_code ec, std::size_t) {
                        if (ec) return;
                        if (!response->keep_alive()) return self->close();
                        self->read();
                      });
  }

  void close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  CmpHttpShared& shared_;
};

}  // namespace

struct CmpHttpServer::Impl {
  explicit Impl(const CmpHttpServerOptions& options, Handler handler)
      : io(std::max(1, options.threads)), acceptor(net::make_strand(io)), signals(io), ticker(io) {
    shared.options = options;
    shared.handler = std::move(handler);
  }

  void accept() {
    acceptor.async_accept(net::make_strand(io), [this](beast::error_code ec, tcp::socket socket) {
      if (ec == net::error::operation_aborted || !acceptor.is_open()) return;
      if (!ec) {
        if (shared.connections.load() >= shared.options.max_connections) {
          beast::error_code ignored;
          socket.close(ignored);  // over the limit: the ones already open go on being served
        } else {
          std::make_shared<Session>(std::move(socket), shared)->start();
        }
      }
      accept();
    });
  }

  void stop() {
    net::post(acceptor.get_executor(), [this] {
      beast::error_code ignored;
      acceptor.close(ignored);
      io.stop();
    });
  }

  void tick() {
    if (shared.options.tick_seconds <= 0 || !shared.options.tick) return;
    ticker.expires_after(std::chrono::seconds(shared.options.tick_seconds));
    ticker.async_wait([this](beast::error_code ec) {
      if (ec) return;
      try {
        shared.options.tick();
      } catch (const std::exception&) {
        // The tick's own business (it logs what it must); the server goes on.
      }
      tick();
    });
  }

  net::io_context io;
  tcp::acceptor acceptor;
  net::signal_set signals;
  net::steady_timer ticker;
  CmpHttpShared shared;
};

CmpHttpServer::CmpHttpServer(const CmpHttpServerOptions& options, Handler handler)
    : impl_(std::make_unique<Impl>(options, std::move(handler))) {
  const std::string where = options.host + ":" + std::to_string(options.port);
  try {
    tcp::resolver resolver(impl_->io);
    auto results = resolver.resolve(options.host, std::to_string(options.port),
                                    tcp::resolver::passive | tcp::resolver::numeric_service);
    if (results.empty()) throw std::runtime_error("no address");
    tcp::endpoint endpoint = results.begin()->endpoint();
    impl_->acceptor.open(endpoint.protocol());
    impl_->acceptor.set_option(net::socket_base::reuse_address(true));
    impl_->acceptor.bind(endpoint);
    impl_->acceptor.listen(net::socket_base::max_listen_connections);
  } catch (const std::exception& e) {
    throw std::runtime_error("cannot listen on " + where + ": " + e.what());
  }
}

CmpHttpServer::~CmpHttpServer() = default;

std::string CmpHttpServer::host() const {
  auto address = impl_->acceptor.local_endpoint().address();
  return address.is_v6() ? "[" + address.to_string() + "]" : address.to_string();
}

unsigned short CmpHttpServer::port() const {
  return impl_->acceptor.local_endpoint().port();
}

void CmpHttpServer::run() {
  impl_->signals.add(SIGINT);
  impl_->signals.add(SIGTERM);
  impl_->signals.async_wait([this](beast::error_code ec, int) {
    if (!ec) stop();
  });
  impl_->accept();
  impl_->tick();
  std::vector<std::thread> workers;
  for (int i = 1; i < std::max(1, impl_->shared.options.threads); ++i) {
    workers.emplace_back([this] { impl_->io.run(); });
  }
  impl_->io.run();
  for (std::thread& t : workers) t.join();
}

void CmpHttpServer::stop() {
  impl_->stop();
}

}  // namespace ifa026::cli

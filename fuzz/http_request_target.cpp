// The fuzz target of `ifa026 ca serve`'s HTTP side (fuzz_targets.hpp): the real CmpHttpServer
// (cli/cmp_http_server.cpp, compiled in here) listens on loopback once per process, and each
// input is written to a new connection as raw bytes, then the write side is closed. The server
// must answer with HTTP responses only and close the connection; one that keeps it open longer
// than kAnswerSeconds is a hang. Through a socket rather than a hook inside the server, so the
// target follows the server as it changes (docs/fuzzing.md).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <memory>
#include <utility>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "cli/cmp_http_server.hpp"
#include "fuzz/fuzz_targets.hpp"

namespace ifa026::fuzz {
namespace {

constexpr int kAnswerSeconds = 10;

// The server, started on first use; it serves until the process ends.
class LoopbackServer {
 public:
  LoopbackServer() {
    cli::CmpHttpServerOptions options;
    options.threads = 1;
    options.body_limit = 2048;  // so the fuzzer reaches 413 with inputs of a few kB
    options.read_timeout_seconds = 5;
    // The handler stands for the CA: it echoes the body, or throws (the server's 500) when the
    // body starts with '!'.
    server_ = std::make_unique<cli::CmpHttpServer>(
        options, [](std::vector<std::uint8_t> body, cli::CmpHttpServer::Respond respond) {
          if (!body.empty() && body[0] == '!') throw std::runtime_error("fuzz handler refuses");
          respond(std::move(body));
        });
    port_ = server_->port();
    std::thread([this] { server_->run(); }).detach();
  }
  unsigned short port() const { return port_; }

 private:
  std::unique_ptr<cli::CmpHttpServer> server_;
  unsigned short port_ = 0;
};

int connect_loopback(unsigned short port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) contract_broken("http_request", "no socket");
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
    contract_broken("http_request", "cannot connect to the server");
  }
  return fd;
}

// Sends `request`, closes the write side and reads until the server closes; the reply bytes.
std::string exchange(int fd, std::string_view request) {
  std::string reply;
  std::size_t sent = 0;
  bool write_closed = false;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(kAnswerSeconds);
  while (true) {
    if (!write_closed && sent == request.size()) {
      ::shutdown(fd, SHUT_WR);
      write_closed = true;
    }
    pollfd p{fd, static_cast<short>(POLLIN | (write_closed ? 0 : POLLOUT)), 0};
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0)
      contract_broken("http_request", "the server neither answered nor closed");
    if (::poll(&p, 1, static_cast<int>(left.count())) < 0 && errno != EINTR) break;
    if (p.revents & (POLLIN | POLLHUP | POLLERR)) {
      char buffer[4096];
      const ssize_t got = ::recv(fd, buffer, sizeof buffer, 0);
      if (got <= 0) break;  // closed (or reset after a refusal)
      reply.append(buffer, static_cast<std::size_t>(got));
    }
    if (!write_closed && (p.revents & POLLOUT)) {
      const ssize_t put =
          ::send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL | MSG_DONTWAIT);
      if (put < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
        write_closed = true;  // the server closed its side: read what it said
      } else if (put > 0) {
        sent += static_cast<std::size_t>(put);
      }
    }
  }
  return reply;
}

}  // namespace

void http_request(const std::uint8_t* data, std::size_t size) {
  // Never destroyed: its thread serves until the process ends.
  static const LoopbackServer* const server = new LoopbackServer;
  const int fd = connect_loopback(server->port());
  const std::string reply =
      exchange(fd, std::string_view(reinterpret_cast<const char*>(data), size));
  ::close(fd);
  if (!reply.empty() && !reply.starts_with("HTTP/1.")) {
    contract_broken("http_request", "the server wrote something other than an HTTP response");
  }
}

}  // namespace ifa026::fuzz

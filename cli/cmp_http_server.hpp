// CMP over HTTP (RFC 6712) for `ifa026 ca serve`: a Boost.Beast HTTP/1.1 server on a small
// Asio thread pool that passes POSTed application/pkixcmp bodies under /pkix/ to a handler.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace ifa026::cli {

struct CmpHttpServerOptions {
  std::string host = "127.0.0.1";
  unsigned short port = 0;  // 0: the system picks a free port (see port())
  int threads = 2;
  std::size_t body_limit = 1 << 20;  // larger requests get 413
  int idle_timeout_seconds = 30;     // a connection silent this long is closed
};

class CmpHttpServer {
 public:
  // Takes a request body (DER), returns the response body (DER). Calls are serialised by the
  // server (one at a time); an exception becomes a 500.
  using Handler = std::function<std::vector<std::uint8_t>(std::span<const std::uint8_t>)>;

  // Binds and listens (throws std::runtime_error naming the address if it cannot).
  CmpHttpServer(const CmpHttpServerOptions& options, Handler handler);
  ~CmpHttpServer();
  CmpHttpServer(const CmpHttpServer&) = delete;
  CmpHttpServer& operator=(const CmpHttpServer&) = delete;

  // The bound address and port (the real one when options.port was 0).
  std::string host() const;
  unsigned short port() const;

  // Serves until stop() or SIGINT/SIGTERM; returns after the worker threads have ended.
  void run();
  // Stops accepting and ends run(); callable from any thread.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ifa026::cli

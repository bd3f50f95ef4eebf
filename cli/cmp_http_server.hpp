// CMP over HTTP (RFC 6712) for `ifa026 ca serve`: a Boost.Beast HTTP/1.1 server on a small
// Asio thread pool that passes POSTed application/pkixcmp bodies under /pkix/ to a handler, and
// refuses the rest with a status (400 malformed, 404 path, 405 method, 413 body too large,
// 415 content type, 431 header too large), closing slow clients (docs/ca-serve.md, "Serving").
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace ifa026::cli {

struct CmpHttpServerOptions {
  std::string host = "127.0.0.1";
  unsigned short port = 0;           // 0: the system picks a free port (see port())
  int threads = 4;                   // Asio threads; handlers may block one (e.g. on a lock)
  std::size_t body_limit = 1 << 20;  // a larger Content-Length gets 413 before the body is read
  // A request (its header and body) must arrive whole within this many seconds of the first
  // byte awaited (a slow or silent client, slowloris): else the connection is closed. An answer
  // the client does not take within it is dropped the same way.
  int read_timeout_seconds = 10;
  // Connections open at once; one more is closed at once (the others keep being served).
  std::size_t max_connections = 512;
  // Called every tick_seconds on a server thread, if set (0: never).
  int tick_seconds = 0;
  std::function<void()> tick;
};

class CmpHttpServer {
 public:
  // The answer to one request: the response body (DER), or none for a 500.
  using Respond = std::function<void(std::optional<std::vector<std::uint8_t>>)>;
  // Takes a request body (DER) and answers it through `respond`, at once or later from any
  // thread (e.g. once the answer's changes are durable). Called concurrently from the server's
  // threads: the handler serialises what needs it. An exception becomes a 500.
  using Handler = std::function<void(std::vector<std::uint8_t>, Respond)>;

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

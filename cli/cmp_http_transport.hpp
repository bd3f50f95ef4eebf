// The client side of CMP over HTTP (RFC 6712) for `ifa026 load`: a blocking POST of one DER
// request to http://HOST:PORT/PATH, with a deadline per exchange, usable as a
// pki::CmpClient transport. The connection stays open for the messages of one transaction
// (ir, certConf) while the server keeps it alive, and close() ends it between transactions, as
// `openssl cmp` does, so a single-connection server (OpenSSL's mock) serves every client in turn.
#pragma once

#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>

#include "pki/bytes.hpp"

namespace ifa026::cli {

// No answer: the server could not be reached, did not answer in time, answered something other
// than HTTP 200, or closed the connection. The text says which.
struct CmpTransportError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class CmpHttpTransport {
 public:
  CmpHttpTransport(std::string host, std::string port, std::string path,
                   std::chrono::milliseconds timeout);
  ~CmpHttpTransport();
  CmpHttpTransport(const CmpHttpTransport&) = delete;
  CmpHttpTransport& operator=(const CmpHttpTransport&) = delete;

  // POSTs `request` (application/pkixcmp) and returns the body of the 200 answer. Throws
  // CmpTransportError. Connect, send and receive share one deadline of `timeout`.
  pki::Bytes exchange(pki::ByteView request);
  // Closes the connection (the next exchange opens a new one).
  void close();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ifa026::cli

// `ifa026 load`'s run: client threads, each a pki::CmpClient over its own CmpHttpTransport, doing
// the timed operations (ir, kur or rr) a shared schedule hands out (a count, or a rate, for a
// duration), after the untimed setup kur and rr need (each client's ir, or one ir per rr) and the
// keys --pregenerate makes. Every timed operation's latency and outcome go to load_report.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "cli/load_outcome.hpp"
#include "pki/bytes.hpp"
#include "pki/certificate.hpp"
#include "pki/key.hpp"

namespace ifa026::cli {

enum class LoadOperation { ir, kur, rr };
const char* to_string(LoadOperation operation);

struct LoadPlan {
  // The server: http://HOST:PORT/PATH.
  std::string host;
  std::string port;
  std::string path = "/pkix/";
  std::chrono::milliseconds timeout{10000};  // per HTTP exchange

  LoadOperation operation = LoadOperation::ir;
  // How an ir is protected: PBM with the reference (may hold {n}) and secret, or signed.
  std::string reference;
  pki::Bytes secret;
  std::optional<pki::Certificate> signer_certificate;
  std::optional<pki::PrivateKey> signer_key;
  // What an ir asks for; "{n}" in each is the number of the enrolment (1, 2, ...). The subject in
  // RFC 4514 or OpenSSL's slash form (cli/subject_argument), "" for none.
  std::string subject;
  std::vector<std::string> dns;
  std::vector<std::string> ip;

  std::vector<pki::Certificate> trusted;
  std::vector<pki::Certificate> untrusted;
  std::optional<pki::Certificate> server_certificate;
  bool implicit_confirm = false;

  int clients = 1;
  // Stop after this many operations, or when `duration` has passed (whichever comes first); at
  // most `rate` operations a second, all clients together (none: each client as fast as it can).
  std::optional<std::uint64_t> count;
  std::optional<double> duration_seconds;
  std::optional<double> rate;

  pki::KeyType key_type = pki::KeyType::ec_p256;
  bool pregenerate = false;

  // If set, each timed operation that succeeded is written there as it ends, one line each:
  // "ir SERIAL SUBJECT" / "kur SERIAL SUBJECT" (the certificate received, serial in hex and
  // subject in RFC 4514), "rr SERIAL" (the certificate revoked). Flushed line by line, so it
  // holds what the server acknowledged even when the server dies in the middle of the run.
  std::string record_file;

  // How many timed operations the plan makes, if that is known before the run (a count, or a
  // rate for a duration).
  std::optional<std::uint64_t> known_operations() const;
};

struct LoadSample {
  double seconds = 0;  // latency of the whole operation (request, answer, confirmation)
  std::string group;   // "" for success (load_outcome)
};

struct LoadResult {
  std::vector<LoadSample> samples;  // the timed operations, in the order they ended
  double elapsed_seconds = 0;       // from the first timed operation's start to the last's end
  std::map<std::string, std::string> examples;  // the first detail of each failure group
  // The untimed part: key pregeneration and the enrolments kur and rr need first.
  double keygen_seconds = 0;
  std::uint64_t setup_done = 0;
  std::uint64_t setup_failed = 0;
  double setup_seconds = 0;
  std::map<std::string, std::uint64_t> setup_errors;
  // Start-time lag behind the rate's schedule (only with a rate), the largest seen.
  double max_lag_seconds = 0;
};

// Called now and then from the calling thread while the run goes: operations ended, failed.
using LoadProgress = std::function<void(std::uint64_t done, std::uint64_t failed)>;

// Runs `plan` against its server. Never throws for what the server does; a failed setup
// enrolment ends the run before the timed part (setup_failed > 0, no samples).
LoadResult run_load(const LoadPlan& plan, const LoadProgress& progress);

// The keys a run asks for: generated on `threads` threads.
std::vector<pki::PrivateKey> generate_keys(pki::KeyType type, std::uint64_t count, int threads);

}  // namespace ifa026::cli

// The client threads of `ifa026 load` and their shared schedule (see load_run.hpp).
#include "cli/load_run.hpp"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <exception>
#include <latch>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>

#include "cli/cmp_http_transport.hpp"
#include "cli/subject_argument.hpp"
#include "pki/cmp_client.hpp"
#include "pki/dn_text.hpp"

namespace ifa026::cli {

namespace {

using LoadClock = std::chrono::steady_clock;

pki::Instant load_wall_clock() {
  // Certificates and answers are verified at the real time: this talks to real servers.
  const auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
  return pki::Instant{std::chrono::duration_cast<std::chrono::nanoseconds>(since_epoch).count()};
}

double seconds_between(LoadClock::time_point a, LoadClock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

// Hands out the timed operations: the next number (0, 1, ...) and when it may start.
class LoadSchedule {
 public:
  struct Ticket {
    std::uint64_t number;
    LoadClock::time_point start;
  };

  LoadSchedule(const LoadPlan& plan, LoadClock::time_point start)
      : limit_(plan.known_operations()), rate_(plan.rate), start_(start) {
    if (plan.duration_seconds) {
      end_ = start + std::chrono::duration_cast<LoadClock::duration>(
                         std::chrono::duration<double>(*plan.duration_seconds));
    }
  }

  std::optional<Ticket> next() {
    if (over_.load()) return std::nullopt;
    const std::uint64_t number = issued_.fetch_add(1);
    LoadClock::time_point at = LoadClock::now();
    if (rate_) {
      at = start_ + std::chrono::duration_cast<LoadClock::duration>(
                        std::chrono::duration<double>(static_cast<double>(number) / *rate_));
    }
    if ((limit_ && number >= *limit_) || (end_ && at >= *end_)) {
      over_.store(true);
      return std::nullopt;
    }
    return Ticket{number, at};
  }

 private:
  std::optional<std::uint64_t> limit_;
  std::optional<double> rate_;
  LoadClock::time_point start_;
  std::optional<LoadClock::time_point> end_;
  std::atomic<std::uint64_t> issued_{0};
  std::atomic<bool> over_{false};
};

// One client: a CmpClient over its own HTTP connection.
class LoadClient {
 public:
  explicit LoadClient(const LoadPlan& plan)
      : plan_(plan), transport_(plan.host, plan.port, plan.path, plan.timeout), cmp_(config()) {}
  LoadClient(const LoadClient&) = delete;
  LoadClient& operator=(const LoadClient&) = delete;

  // The ir numbered `number` (its {n}), for `key`.
  pki::CmpResult enrol(std::uint64_t number, const pki::PrivateKey& key) {
    const pki::DistinguishedName subject =
        subject_argument("--subject", with_number(plan_.subject, number));
    pki::SubjectAltName san;
    for (const std::string& dns : plan_.dns) san.dns.push_back(with_number(dns, number));
    san.ip = plan_.ip;
    if (plan_.signer_certificate) {
      return finished(cmp_.enrol_ir_signed(*plan_.signer_certificate, *plan_.signer_key, key,
                                           subject, san, load_wall_clock()));
    }
    return finished(cmp_.enrol_ir(with_number(plan_.reference, number), plan_.secret, key, subject,
                                  san, load_wall_clock()));
  }

  pki::CmpResult renew(const pki::Certificate& certificate, const pki::PrivateKey& key,
                       const pki::PrivateKey& fresh) {
    return finished(cmp_.renew_kur(certificate, key, fresh, load_wall_clock()));
  }

  pki::CmpResult revoke(const pki::Certificate& certificate, const pki::PrivateKey& key) {
    return finished(
        cmp_.revoke_rr(certificate, key, pki::RevocationReason::superseded, load_wall_clock()));
  }

 private:
  pki::CmpClientConfig config() {
    pki::CmpClientConfig config;
    config.transport = [this](pki::ByteView request) { return transport_.exchange(request); };
    config.trust_anchors = plan_.trusted;
    config.untrusted = plan_.untrusted;
    config.server_cert = plan_.server_certificate;
    config.implicit_confirm = plan_.implicit_confirm;
    // Each answer and the new certificate are verified at the time they arrive, as any client
    // does: a certificate issued a second after the request was sent is valid by then.
    config.clock = [] { return load_wall_clock(); };
    return config;
  }

  // Each transaction on a connection of its own (cmp_http_transport.hpp).
  pki::CmpResult finished(pki::CmpResult result) {
    transport_.close();
    return result;
  }

  const LoadPlan& plan_;
  CmpHttpTransport transport_;
  pki::CmpClient cmp_;
};

// A certificate a client holds, with its key.
struct HeldCertificate {
  pki::Certificate certificate;
  pki::PrivateKey key;
};

// What the threads share.
struct LoadShared {
  std::mutex mutex;  // guards `result` and `last_end` while the clients run
  LoadResult result;
  LoadClock::time_point last_end;
  std::atomic<std::uint64_t> done{0};
  std::atomic<std::uint64_t> failed{0};
  std::atomic<int> running{0};  // clients not yet through their timed operations
  std::atomic<std::uint64_t> setup_next{0};
  std::vector<std::optional<HeldCertificate>> setup_certificates;  // rr: one per timed operation
  std::vector<pki::PrivateKey> keys;  // --pregenerate: one per operation
  std::FILE* record = nullptr;        // LoadPlan::record_file, guarded by `mutex`

  void note_received(const std::string& line) {
    if (record == nullptr) return;
    std::lock_guard lock(mutex);
    std::fputs((line + "\n").c_str(), record);
    std::fflush(record);
  }

  void note_setup(const LoadOutcome& outcome) {
    std::lock_guard lock(mutex);
    if (outcome.ok()) {
      ++result.setup_done;
      return;
    }
    ++result.setup_failed;
    ++result.setup_errors[outcome.group];
    result.examples.try_emplace("setup: " + outcome.group, outcome.detail);
  }
};

LoadOutcome attempt(const std::function<pki::CmpResult()>& operation) {
  try {
    return classify_outcome(operation());
  } catch (const std::exception& e) {
    return {kClientErrorGroup, e.what()};
  }
}

// The untimed enrolment a client needs before kur (its own certificate) or rr (one certificate
// per timed rr, numbered as the rr that revokes it).
std::optional<HeldCertificate> setup_enrolment(LoadClient& client, const LoadPlan& plan,
                                               LoadShared& shared, std::uint64_t number) {
  pki::PrivateKey key = pki::PrivateKey::generate(plan.key_type);
  pki::CmpResult result;
  const LoadOutcome outcome = attempt([&] {
    result = client.enrol(number, key);
    return result;
  });
  shared.note_setup(outcome);
  if (!outcome.ok() || !result.certificate) return std::nullopt;
  return HeldCertificate{*result.certificate, key};
}

struct LoadGates {
  std::latch set_up;  // every client has done its setup
  std::latch go;      // the main thread has started the clock (or aborted)
  std::atomic<bool> abort{false};
  LoadSchedule* schedule = nullptr;
};

void client_thread(const LoadPlan& plan, LoadShared& shared, int index, LoadGates& gates) {
  std::optional<LoadClient> client;
  std::optional<HeldCertificate> own;
  try {
    client.emplace(plan);
    if (plan.operation == LoadOperation::kur) {
      own = setup_enrolment(*client, plan, shared, static_cast<std::uint64_t>(index) + 1);
    } else if (plan.operation == LoadOperation::rr) {
      for (std::uint64_t n = shared.setup_next.fetch_add(1); n < shared.setup_certificates.size();
           n = shared.setup_next.fetch_add(1)) {
        shared.setup_certificates[n] = setup_enrolment(*client, plan, shared, n + 1);
      }
    }
  } catch (const std::exception& e) {
    shared.note_setup({kClientErrorGroup, e.what()});
  }
  gates.set_up.count_down();
  gates.go.wait();
  struct Leaving {
    std::atomic<int>& running;
    ~Leaving() { running.fetch_sub(1); }
  } leaving{shared.running};
  if (gates.abort.load() || !client) return;

  std::vector<LoadSample> samples;
  std::map<std::string, std::string> examples;
  LoadClock::time_point last_end{};
  double max_lag = 0;
  while (auto ticket = gates.schedule->next()) {
    if (plan.rate) {
      std::this_thread::sleep_until(ticket->start);
      max_lag = std::max(max_lag, seconds_between(ticket->start, LoadClock::now()));
    }
    const std::uint64_t number = ticket->number;
    const auto begin = LoadClock::now();
    std::string received;  // the line for LoadPlan::record_file
    auto holding = [&](const char* op, const pki::CmpResult& result) {
      if (result.ok() && result.certificate) {
        received = std::string(op) + " " + result.certificate->serial_hex() + " " +
                   pki::to_rfc4514(result.certificate->subject());
      }
      return result;
    };
    const LoadOutcome outcome = attempt([&]() -> pki::CmpResult {
      auto new_key = [&] {
        return plan.pregenerate ? shared.keys.at(number) : pki::PrivateKey::generate(plan.key_type);
      };
      switch (plan.operation) {
        case LoadOperation::ir:
          return holding("ir", client->enrol(number + 1, new_key()));
        case LoadOperation::kur: {
          pki::PrivateKey fresh = new_key();
          pki::CmpResult result = client->renew(own->certificate, own->key, fresh);
          if (result.ok() && result.certificate) own = HeldCertificate{*result.certificate, fresh};
          return holding("kur", result);
        }
        case LoadOperation::rr: {
          const std::optional<HeldCertificate>& held = shared.setup_certificates.at(number);
          pki::CmpResult result = client->revoke(held->certificate, held->key);
          if (result.ok()) received = "rr " + held->certificate.serial_hex();
          return result;
        }
      }
      return {};
    });
    const auto end = LoadClock::now();
    last_end = std::max(last_end, end);
    samples.push_back({seconds_between(begin, end), outcome.group});
    if (outcome.ok()) {
      if (!received.empty()) shared.note_received(received);
      shared.done.fetch_add(1);
    } else {
      shared.failed.fetch_add(1);
      examples.try_emplace(outcome.group, outcome.detail);
    }
  }
  std::lock_guard lock(shared.mutex);
  auto& all = shared.result.samples;
  all.insert(all.end(), samples.begin(), samples.end());
  for (auto& [group, detail] : examples) shared.result.examples.try_emplace(group, detail);
  shared.last_end = std::max(shared.last_end, last_end);
  shared.result.max_lag_seconds = std::max(shared.result.max_lag_seconds, max_lag);
}

}  // namespace

const char* to_string(LoadOperation operation) {
  switch (operation) {
    case LoadOperation::ir:
      return "ir";
    case LoadOperation::kur:
      return "kur";
    case LoadOperation::rr:
      return "rr";
  }
  return "?";
}

std::optional<std::uint64_t> LoadPlan::known_operations() const {
  std::optional<std::uint64_t> known = count;
  if (rate && duration_seconds) {
    const auto scheduled = static_cast<std::uint64_t>(std::ceil(*rate * *duration_seconds));
    known = known ? std::min(*known, scheduled) : scheduled;
  }
  return known;
}

std::vector<pki::PrivateKey> generate_keys(pki::KeyType type, std::uint64_t count, int threads) {
  std::vector<std::optional<pki::PrivateKey>> made(count);
  std::atomic<std::uint64_t> next{0};
  std::vector<std::thread> workers;
  for (int t = 0; t < std::max(1, threads); ++t) {
    workers.emplace_back([&] {
      for (std::uint64_t i = next.fetch_add(1); i < count; i = next.fetch_add(1)) {
        made[i] = pki::PrivateKey::generate(type);
      }
    });
  }
  for (std::thread& worker : workers) worker.join();
  std::vector<pki::PrivateKey> keys;
  keys.reserve(count);
  for (auto& key : made) keys.push_back(std::move(*key));
  return keys;
}

LoadResult run_load(const LoadPlan& plan, const LoadProgress& progress) {
  LoadShared shared;
  if (!plan.record_file.empty()) {
    shared.record = std::fopen(plan.record_file.c_str(), "w");
    if (shared.record == nullptr) {
      throw std::runtime_error("cannot write " + plan.record_file + ": " + std::strerror(errno));
    }
  }
  struct Closing {
    std::FILE*& file;
    ~Closing() {
      if (file != nullptr) std::fclose(file);
    }
  } closing{shared.record};
  const int threads = std::max(1, plan.clients);
  const auto keygen_start = LoadClock::now();
  if (plan.pregenerate) {
    const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    shared.keys =
        generate_keys(plan.key_type, plan.known_operations().value_or(0), std::min(threads, cores));
  }
  shared.result.keygen_seconds = seconds_between(keygen_start, LoadClock::now());
  if (plan.operation == LoadOperation::rr) {
    shared.setup_certificates.resize(plan.known_operations().value_or(0));
  }

  LoadGates gates{std::latch(threads), std::latch(1)};
  std::vector<std::thread> clients;
  const auto setup_start = LoadClock::now();
  for (int i = 0; i < threads; ++i) {
    clients.emplace_back(client_thread, std::cref(plan), std::ref(shared), i, std::ref(gates));
  }
  gates.set_up.wait();
  shared.result.setup_seconds = seconds_between(setup_start, LoadClock::now());
  const auto start = LoadClock::now();
  LoadSchedule schedule(plan, start);
  gates.schedule = &schedule;
  gates.abort.store(shared.result.setup_failed > 0);
  shared.last_end = start;
  shared.running.store(threads);
  gates.go.count_down();

  // The main thread reports progress until every client is through.
  while (shared.running.load() > 0) {
    if (progress) progress(shared.done.load(), shared.failed.load());
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  for (std::thread& client : clients) client.join();
  shared.result.elapsed_seconds =
      shared.result.samples.empty() ? 0 : seconds_between(start, shared.last_end);
  return std::move(shared.result);
}

}  // namespace ifa026::cli

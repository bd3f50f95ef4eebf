// `ifa026 load`: a CMP load generator (like EJBCA's clientToolBox CMP stress test) for any
// CMPv2-over-HTTP server, and --floor, the in-process cryptography of one enrolment to compare
// it with. The options become a LoadPlan (cli/load_run), the result a summary (cli/load_report).
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "cli/arguments.hpp"
#include "cli/commands.hpp"
#include "cli/load_floor.hpp"
#include "cli/load_report.hpp"
#include "cli/load_run.hpp"
#include "cli/progress_line.hpp"
#include "cli/subject_argument.hpp"
#include "pki/entity_identity.hpp"

namespace ifa026::cli {

namespace {

constexpr const char* kLoadHelp =
    R"(Usage: ifa026 load --server HOST:PORT [--path PATH] [--op ir|kur|rr]
                   (--ref REF --secret SECRET | --cert FILE --key FILE)
                   [--subject DN | --subject-template DN] [--dns NAME]... [--ip ADDRESS]...
                   [--trusted FILE] [--untrusted FILE] [--srvcert FILE] [--implicit-confirm]
                   [--clients N] [--count N] [--duration D] [--rate R]
                   [--key-type p256|rsa2048] [--pregenerate] [--timeout SECONDS] [--json]
                   [--record FILE]
       ifa026 load --floor [--count N] [--key-type TYPE] [--pregenerate] [--implicit-confirm]
                   [--json]

Drives a CMPv2-over-HTTP server (RFC 4210, RFC 6712: `ifa026 ca serve`, OpenSSL's mock server
`openssl cmp -port`, a vendor CA) with concurrent clients, and reports operations/s, latency
percentiles and the failures counted by PKIFailureInfo name. See docs/load.md.

Operations (--op, default ir):
  ir    an initial enrolment, protected by PBM (--ref, --secret) or signed (--cert, --key)
  kur   a key update: each client first enrols once by ir (untimed, with the ir options), then
        renews its own current certificate with each timed kur, signed with it
  rr    a revocation: one certificate per rr is first enrolled by ir (untimed), then each timed
        rr revokes one of them, signed with that certificate
Each operation is one transaction, confirmed (certConf, pkiConf) unless --implicit-confirm, on
an HTTP connection of its own; its latency runs from the first request to the last answer.

  --server HOST:PORT  the server (http://HOST:PORT/PATH; IPv6 as [ADDRESS]:PORT)
  --path PATH         the HTTP path (default /pkix/)
  --ref REF --secret SECRET
                      PBM: the reference (senderKID) and shared secret ("pass:" in front, as
                      openssl cmp writes it, is dropped)
  --cert FILE --key FILE
                      signature: the certificate and (unencrypted PEM) key an ir is signed with

What an ir asks for:
  --subject DN        RFC 4514 ("CN=x,O=y", last RDN first: the certificate holds O, then CN)
                      or OpenSSL's slash form ("/O=y/CN=x", the order written: O, then CN);
                      none by default (the server's choice)
  --subject-template DN
                      the same with {n} in it, the number of the enrolment (1, 2, ...), for
                      per-request names; {n} works in --ref and --dns too
  --dns NAME, --ip ADDRESS
                      subjectAltNames (repeatable)
A server that binds identities to credentials (ifa026 ca serve) needs them registered first:
one `ca register --reusable` credential for one identity, or `ca register --count N` with the
same {n} templates; OpenSSL's mock server accepts any subject (docs/load.md).

  --trusted FILE      PEM trust anchors for signed answers and for the new certificate
  --untrusted FILE    PEM intermediates
  --srvcert FILE      pin the server's certificate
  --implicit-confirm  ask for implicit confirmation (no certConf/pkiConf when granted)

How much:
  --clients N         concurrent clients, one thread each (default 1)
  --count N           operations in all (default 100 without --duration)
  --duration D        start no operation after D (30, 30s, 500ms, 2m)
  --rate R            start at most R operations a second, all clients together (R or R/s)
  --key-type TYPE     p256 (default), p384, rsa2048, rsa3072: the enrolled keys
  --pregenerate       make every key before the clock starts, so the figures are the server's
                      (needs --count, or --rate with --duration; so does rr)
  --timeout SECONDS   per HTTP exchange (default 10): an unreachable or silent server is a
                      transport error, never a hang
  --record FILE       write each operation that succeeded to FILE as it ends ("ir SERIAL
                      SUBJECT", "kur SERIAL SUBJECT", "rr SERIAL"): what the server answered,
                      to check against its store after a crash

--floor measures the cryptography of one enrolment on this machine without any server: ir, ip,
certConf and pkiConf between a client and a CA (root, intermediate, issuing CA; ec-p256) in one
process and one thread, PBM-protected, every answer and the new certificate verified. It prints
enrolments/s to compare a server's operations/s with (default --count 200).

Output: a summary on stdout, or with --json one JSON object; a progress line on stderr when it
is a terminal. Exit codes: 0 every operation succeeded, 1 some failed (refused, not accepted by
the client, or no answer), 2 bad usage, 3 runtime error.
)";

long long load_integer_option(const Arguments& args, const std::string& name, long long fallback,
                              long long min, long long max) {
  auto value = args.value(name);
  if (!value) return fallback;
  char* end = nullptr;
  errno = 0;
  const long long v = std::strtoll(value->c_str(), &end, 10);
  if (value->empty() || *end != '\0' || errno != 0 || v < min || v > max) {
    throw UsageError(name + " expects an integer from " + std::to_string(min) + " to " +
                     std::to_string(max) + ", got '" + *value + "'");
  }
  return v;
}

// A positive number with an optional unit suffix from `units` (suffix, factor).
double number_with_unit(const std::string& option, const std::string& text,
                        const std::vector<std::pair<std::string, double>>& units,
                        const char* expected) {
  char* end = nullptr;
  errno = 0;
  const double v = std::strtod(text.c_str(), &end);
  const std::string unit(end);
  double factor = 0;
  for (const auto& [suffix, f] : units) {
    if (unit == suffix) factor = f;
  }
  if (text.empty() || end == text.c_str() || errno != 0 || factor == 0 || !std::isfinite(v) ||
      v <= 0) {
    throw UsageError(option + " expects " + expected + ", got '" + text + "'");
  }
  return v * factor;
}

std::string read_option_file(const std::string& option, const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw UsageError(option + ": cannot read '" + path + "'");
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<pki::Certificate> certificates_option(const Arguments& args, const std::string& name) {
  auto path = args.value(name);
  if (!path) return {};
  try {
    auto all = pki::Certificate::all_from_pem(read_option_file(name, *path));
    if (all.empty()) throw UsageError(name + ": no certificate in '" + *path + "'");
    return all;
  } catch (const pki::PkiError& e) {
    throw UsageError(name + ": '" + *path + "' is not PEM certificates: " + e.what());
  }
}

pki::KeyType key_type_option(const Arguments& args) {
  const std::string name = args.value("--key-type").value_or("p256");
  if (name == "p256" || name == "ec-p256") return pki::KeyType::ec_p256;
  if (name == "p384" || name == "ec-p384") return pki::KeyType::ec_p384;
  if (name == "rsa2048" || name == "rsa-2048") return pki::KeyType::rsa2048;
  if (name == "rsa3072" || name == "rsa-3072") return pki::KeyType::rsa3072;
  throw UsageError("--key-type: unknown key type '" + name + "' (p256, p384, rsa2048, rsa3072)");
}

// "HOST:PORT", "[V6]:PORT", optionally "http://" in front and a path behind.
void server_option(const std::string& text, LoadPlan& plan) {
  std::string rest = text;
  if (rest.starts_with("http://")) rest = rest.substr(7);
  if (rest.starts_with("https://")) throw UsageError("--server: TLS is not supported, use http");
  if (auto slash = rest.find('/'); slash != std::string::npos) {
    plan.path = rest.substr(slash);
    rest.resize(slash);
  }
  const auto colon = rest.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == rest.size()) {
    throw UsageError("--server expects HOST:PORT, got '" + text + "'");
  }
  std::string host = rest.substr(0, colon);
  if (host.starts_with('[') && host.ends_with(']')) host = host.substr(1, host.size() - 2);
  const std::string port = rest.substr(colon + 1);
  char* end = nullptr;
  const long value = std::strtol(port.c_str(), &end, 10);
  if (*end != '\0' || value < 1 || value > 65535) {
    throw UsageError("--server: '" + port + "' is not a port number");
  }
  plan.host = host;
  plan.port = port;
}

void check_subject(const std::string& option, const std::string& text) {
  // The first and a later number: a template must be a name for any of them.
  for (unsigned long long n : {1ULL, 1000ULL}) subject_argument(option, with_number(text, n));
}

std::string key_type_name(pki::KeyType type) {
  switch (type) {
    case pki::KeyType::ec_p256:
      return "p256";
    case pki::KeyType::ec_p384:
      return "p384";
    case pki::KeyType::rsa2048:
      return "rsa2048";
    case pki::KeyType::rsa3072:
      return "rsa3072";
    case pki::KeyType::ed25519:
      return "ed25519";
  }
  return "?";
}

// The options both modes share: how many, which keys.
void amount_options(const Arguments& args, LoadPlan& plan, long long default_count) {
  if (args.value("--count")) plan.count = load_integer_option(args, "--count", 0, 1, 1000000000);
  if (auto d = args.value("--duration")) {
    plan.duration_seconds = number_with_unit(
        "--duration", *d, {{"", 1}, {"s", 1}, {"ms", 0.001}, {"m", 60}, {"h", 3600}},
        "a duration (30, 30s, 500ms, 2m)");
  }
  if (auto r = args.value("--rate")) {
    plan.rate =
        number_with_unit("--rate", *r, {{"", 1}, {"/s", 1}}, "operations a second (R or R/s)");
  }
  if (!plan.count && !plan.duration_seconds) plan.count = default_count;
  plan.key_type = key_type_option(args);
  plan.pregenerate = args.flag("--pregenerate");
  plan.record_file = args.value("--record").value_or("");
  if (plan.pregenerate && !plan.known_operations()) {
    throw UsageError("--pregenerate needs --count, or --rate with --duration (how many keys)");
  }
  plan.implicit_confirm = args.flag("--implicit-confirm");
}

nlohmann::json amount_settings(const LoadPlan& plan) {
  return {{"clients", plan.clients},
          {"key_type", key_type_name(plan.key_type)},
          {"pregenerated", plan.pregenerate},
          {"implicit_confirm", plan.implicit_confirm},
          {"count", plan.count ? nlohmann::json(*plan.count) : nlohmann::json()},
          {"rate", plan.rate ? nlohmann::json(*plan.rate) : nlohmann::json()},
          {"duration_s",
           plan.duration_seconds ? nlohmann::json(*plan.duration_seconds) : nlohmann::json()}};
}

int print_report(const LoadHeader& header, const LoadResult& result, bool json) {
  const LoadSummary summary = summarize(result);
  if (json) {
    std::printf("%s\n", to_json(header, result, summary).dump(2).c_str());
  } else {
    std::fputs(to_text(header, result, summary).c_str(), stdout);
  }
  std::fflush(stdout);
  const auto transport = summary.errors.find(kTransportGroup);
  if (transport != summary.errors.end() && transport->second == summary.failed &&
      summary.done == 0) {
    auto example = result.examples.find(kTransportGroup);
    std::fprintf(stderr, "ifa026 load: error: no answer from the server in any operation: %s\n",
                 example == result.examples.end() ? "" : example->second.c_str());
  }
  return summary.failed > 0 || result.setup_failed > 0 ? 1 : 0;
}

int floor_command(const Arguments& args) {
  for (const char* option : {"--server", "--path", "--ref", "--secret", "--cert", "--key",
                             "--subject", "--subject-template", "--dns", "--ip", "--trusted",
                             "--untrusted", "--srvcert", "--clients", "--rate", "--timeout"}) {
    if (args.value(option)) {
      throw UsageError(std::string(option) + " does not go with --floor (no server is involved)");
    }
  }
  if (args.value("--op") && *args.value("--op") != "ir") {
    throw UsageError("--floor measures an ir; --op " + *args.value("--op") +
                     " does not go with it");
  }
  LoadPlan plan;
  amount_options(args, plan, 200);
  LoadHeader header;
  header.what = "floor: ir, ip, certConf, pkiConf in one process and one thread (PBM), " +
                key_type_name(plan.key_type) + " keys " +
                (plan.pregenerate ? "pregenerated" : "made per enrolment");
  header.settings = amount_settings(plan);
  header.settings["floor"] = true;
  header.settings["operation"] = "ir";
  header.settings["protection"] = "pbm";
  return print_report(header, measure_floor(plan), args.flag("--json"));
}

}  // namespace

int load_command(const Args& raw) {
  Arguments args(raw, {"--server",    "--path",     "--op",
                       "--ref",       "--secret",   "--cert",
                       "--key",       "--subject",  "--subject-template",
                       "--dns",       "--ip",       "--trusted",
                       "--untrusted", "--srvcert",  "--clients",
                       "--count",     "--duration", "--rate",
                       "--key-type",  "--timeout",  "--record"},
                 {"--pregenerate", "--implicit-confirm", "--json", "--floor", "--help", "-h"});
  if (args.flag("--help") || args.flag("-h")) {
    std::fputs(kLoadHelp, stdout);
    return 0;
  }
  if (!args.positional().empty()) {
    throw UsageError("unexpected argument '" + args.positional().front() + "'");
  }
  if (args.flag("--floor")) return floor_command(args);

  LoadPlan plan;
  const auto server = args.value("--server");
  if (!server || server->empty()) throw UsageError("--server is required (or --floor)");
  server_option(*server, plan);
  if (auto path = args.value("--path")) plan.path = path->starts_with('/') ? *path : "/" + *path;
  const std::string op = args.value("--op").value_or("ir");
  if (op == "ir") {
    plan.operation = LoadOperation::ir;
  } else if (op == "kur") {
    plan.operation = LoadOperation::kur;
  } else if (op == "rr") {
    plan.operation = LoadOperation::rr;
  } else {
    throw UsageError("--op: unknown operation '" + op + "' (ir, kur or rr)");
  }

  const bool pbm = args.value("--ref") || args.value("--secret");
  const bool signature = args.value("--cert") || args.value("--key");
  if (pbm && signature) {
    throw UsageError("--ref/--secret (PBM) and --cert/--key (signature) exclude each other");
  }
  if (pbm) {
    if (!args.value("--ref") || args.value("--ref")->empty())
      throw UsageError("--ref is required with --secret");
    if (!args.value("--secret") || args.value("--secret")->empty()) {
      throw UsageError("--secret is required with --ref");
    }
    plan.reference = *args.value("--ref");
    std::string secret = *args.value("--secret");
    if (secret.starts_with("pass:")) secret = secret.substr(5);
    plan.secret.assign(secret.begin(), secret.end());
  } else if (signature) {
    if (!args.value("--cert")) throw UsageError("--cert is required with --key");
    if (!args.value("--key")) throw UsageError("--key is required with --cert");
    auto certificates = certificates_option(args, "--cert");
    plan.signer_certificate = certificates.front();
    plan.untrusted.insert(plan.untrusted.end(), certificates.begin() + 1, certificates.end());
    try {
      plan.signer_key = pki::PrivateKey::from_pem(read_option_file("--key", *args.value("--key")));
    } catch (const pki::PkiError& e) {
      throw UsageError("--key: '" + *args.value("--key") +
                       "' is not an unencrypted PEM key: " + e.what());
    }
  } else {
    throw UsageError("an ir needs --ref and --secret (PBM) or --cert and --key (signature)");
  }

  if (args.value("--subject") && args.value("--subject-template")) {
    throw UsageError("--subject and --subject-template exclude each other");
  }
  if (auto subject = args.value("--subject")) {
    if (subject->find("{n}") != std::string::npos) {
      throw UsageError("--subject: '{n}' goes in --subject-template");
    }
    check_subject("--subject", *subject);
    plan.subject = *subject;
  }
  if (auto subject = args.value("--subject-template")) {
    if (subject->find("{n}") == std::string::npos) {
      throw UsageError("--subject-template: no '{n}' in '" + *subject + "' (use --subject)");
    }
    check_subject("--subject-template", *subject);
    plan.subject = *subject;
  }
  plan.dns = args.values("--dns");
  for (const std::string& name : plan.dns) {
    if (name.empty()) throw UsageError("--dns: empty name");
  }
  for (const std::string& address : args.values("--ip")) {
    auto canonical = pki::canonical_ip(address);
    if (!canonical) throw UsageError("--ip: '" + address + "' is not an IPv4 or IPv6 address");
    plan.ip.push_back(*canonical);
  }
  plan.trusted = certificates_option(args, "--trusted");
  auto untrusted = certificates_option(args, "--untrusted");
  plan.untrusted.insert(plan.untrusted.end(), untrusted.begin(), untrusted.end());
  if (args.value("--srvcert"))
    plan.server_certificate = certificates_option(args, "--srvcert").front();

  plan.clients = static_cast<int>(load_integer_option(args, "--clients", 1, 1, 1024));
  plan.timeout = std::chrono::seconds(load_integer_option(args, "--timeout", 10, 1, 600));
  amount_options(args, plan, 100);
  if (plan.operation == LoadOperation::rr && !plan.known_operations()) {
    throw UsageError(
        "--op rr needs --count, or --rate with --duration: each rr revokes a certificate "
        "enrolled before the clock starts");
  }

  LoadHeader header;
  const std::string url =
      "http://" + (plan.host.find(':') != std::string::npos ? "[" + plan.host + "]" : plan.host) +
      ":" + plan.port + plan.path;
  header.what = std::string(to_string(plan.operation)) + " against " + url + " (" +
                (pbm ? "PBM" : "signed") + " ir), " + std::to_string(plan.clients) +
                (plan.clients == 1 ? " client, " : " clients, ") + key_type_name(plan.key_type) +
                " keys " + (plan.pregenerate ? "pregenerated" : "made per operation");
  header.settings = amount_settings(plan);
  header.settings["server"] = url;
  header.settings["operation"] = to_string(plan.operation);
  header.settings["protection"] = pbm ? "pbm" : "signature";

  ProgressLine progress("load");
  const auto total = plan.known_operations();
  LoadResult result = run_load(plan, [&](std::uint64_t done, std::uint64_t failed) {
    progress.show([&] {
      const double seconds = progress.elapsed_seconds();
      char text[160];
      std::snprintf(text, sizeof text, "%llu%s done, %llu failed, %.0f operations/s",
                    static_cast<unsigned long long>(done),
                    total ? ("/" + std::to_string(*total)).c_str() : "",
                    static_cast<unsigned long long>(failed),
                    seconds > 0 ? static_cast<double>(done + failed) / seconds : 0.0);
      return std::string(text);
    });
  });
  progress.finish();
  return print_report(header, result, args.flag("--json"));
}

}  // namespace ifa026::cli

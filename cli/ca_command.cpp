// `ifa026 ca init|register|serve|crl`: a real-world CA over a CA directory (pki/ca_store) that
// enrols over CMP/HTTP (RFC 6712) with any RFC 4210 client, e.g. `openssl cmp`.
#include <atomic>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "cli/arguments.hpp"
#include "cli/cmp_http_server.hpp"
#include "cli/commands.hpp"
#include "cli/group_commit.hpp"
#include "cli/subject_argument.hpp"
#include "pki/ca_store.hpp"
#include "pki/cmp_server.hpp"
#include "pki/dn_text.hpp"
#include "pki/entity_identity.hpp"

namespace ifa026::cli {

namespace {

constexpr const char* kCaHelp = R"(Usage: ifa026 ca SUBCOMMAND --dir DIR [OPTIONS]

A certification authority for real use (wall-clock time, files in DIR) enrolling over CMPv2
(RFC 4210) on HTTP (RFC 6712).

Subcommands:
  init      create a root, an intermediate and an issuing CA in DIR
  register  register an end entity's identity (subject, DNS names, addresses) and its initial
            credential (reference and shared secret), or a registration authority's (--ra)
  serve     serve CMP over HTTP at http://HOST:PORT/pkix/ (each client gets certificates
            for its own identity only; a registration authority's for others too)
  crl       write the issuing CA's current CRL

Run ifa026 ca SUBCOMMAND --help for its options.
Exit codes: 0 ok, 2 bad input or usage (e.g. DIR is not a CA directory), 3 runtime error.
)";

constexpr const char* kInitHelp =
    R"(Usage: ifa026 ca init --dir DIR [--name NAME] [--org ORG] [--key-type TYPE]

Creates DIR (if needed) with a root CA, an intermediate CA and the issuing CA, valid from now:
  root.crt, intermediate.crt, ca.crt (issuing CA), chain.pem (issuing, intermediate, root),
  root.key, intermediate.key, ca.key (mode 0600), and the empty credential, issuance,
  revocation and CRL-number records. Refuses a DIR that already holds a CA.

  --name NAME      common-name prefix: "NAME Root CA", ... (default ifa026)
  --org ORG        organisation (O) of the CA names (default ifa026)
  --key-type TYPE  ec-p256 (default), ec-p384, rsa-2048, rsa-3072, ed25519

Exit codes: 0 created, 2 bad usage or DIR already a CA, 3 runtime error.
)";

constexpr const char* kRegisterHelp =
    R"(Usage: ifa026 ca register --dir DIR --ref REF (--secret SECRET | --secret-hex HEX)
                          --subject DN [--dns NAME]... [--ip ADDRESS]... [--reusable]
                          [--valid-days N] [--ra [--ra-domain DOMAIN]...] [--count N]

Registers an end entity's identity and its initial credential for an ir/cr/p10cr protected by
password-based MAC (the client's -ref REF -secret pass:SECRET). The credential binds the whole
identity: the subject DN and the subjectAltNames given with --dns and --ip (each repeatable). A
request must ask for exactly that subject (or none) and exactly those names (or none; the
certificate then gets the registered ones); anything else is refused with badCertTemplate. The
credential is one-use unless --reusable, and expires after N days (default 30; 0 = never). A
running `ca serve` picks it up at once. The secret is stored in DIR/credentials.json (mode 0600).

The DN is written in one of two forms, which list the attributes in opposite orders:
  RFC 4514      "CN=vnfm-1.example.net,O=Operator": the last RDN first, as `openssl x509
                -nameopt RFC2253` prints; the certificate holds O, then CN. Escapes \, \+ \\
                \" \; \< \> \= \# "\ " and hex pairs (\2C).
  OpenSSL       "/O=Operator/CN=vnfm-1.example.net" (leading slash): the order written, as
                `openssl req -subj` and `openssl cmp -subject` read it; the certificate holds O,
                then CN. \/ escapes a slash, \+ a plus.
Both lines above register the same identity. Attribute types: CN, O, OU, C, ST, L.

  --subject DN        the registered subject (required)
  --dns NAME          a registered dNSName (repeatable)
  --ip ADDRESS        a registered iPAddress, IPv4 or IPv6 (repeatable)
  --secret-hex HEX    the secret as hex digits (a binary secret, e.g. one a CMF generated)
  --ra                a registration authority's credential: the certificate enrolled with it
                      may request (cr, p10cr) certificates for other end entities, each
                      request naming the entity's subject and subjectAltName, and revoke any
                      certificate this CA issued (docs/ca-serve.md)
  --ra-domain DOMAIN  with --ra: the RA may request only dNSNames in DOMAIN or below it
                      (repeatable; none: any name)
  --count N           N credentials at once, {n} in --ref, --subject and --dns standing for
                      1..N (e.g. --ref 'ee-{n}' --subject 'CN=ee-{n}.example.net'), as
                      `ifa026 load --subject-template` asks for them

Exit codes: 0 registered, 2 bad usage, bad DN, name or address, or REF already registered,
3 runtime error.
)";

constexpr const char* kServeHelp =
    R"(Usage: ifa026 ca serve --dir DIR --port PORT [--host HOST] [--days N] [--read-timeout S]
                       [--max-connections N] [--body-limit BYTES]

Serves CMP over HTTP (RFC 6712): POST application/pkixcmp to http://HOST:PORT/pkix/. Accepts
ir/cr/p10cr with a registered initial credential (PBM), ir/cr/p10cr/kur/rr signed by a
certificate of this CA, certConf. A requester gets certificates only for its own identity: the
registered subject and subjectAltNames of its credential (else badCertTemplate), or those of the
certificate it signs with (else notAuthorized). An rr may revoke the signing certificate or
another one of the same identity. A certificate enrolled with an RA credential (register --ra)
may request for other end entities and revoke any certificate this CA issued. Every signed answer (ip,
cp, kup, rp, pkiConf, error) carries the issuing and intermediate CA certificates in extraCerts,
so a client trusting only DIR/root.crt verifies it. Issued certificates (with who asked),
revocations and used credentials are journalled in DIR and synced before the answer goes out,
so a server restarted after any stop, kill -9 included, remembers every answered one. Requests
are read concurrently; refused: malformed HTTP (400), another path (404), not POST (405), a
body over the limit (413), another Content-Type (415); a request not whole within the read
timeout has its connection closed. Prints "listening on http://HOST:PORT/pkix/" first (PORT 0 picks a free port and prints
it), then one line per request on stderr. Stops on SIGINT or SIGTERM. See docs/ca-serve.md.

  --port PORT  TCP port (0 = any free one)
  --host HOST  address to listen on (default 127.0.0.1)
  --days N     validity of issued certificates in days (default 365, at most 1096)
  --read-timeout S       a request must arrive whole within S seconds (default 10)
  --max-connections N    connections open at once; more are closed at once (default 512)
  --body-limit BYTES     largest request body (default 1048576)

Exit codes: 0 stopped by a signal, 2 bad usage or DIR not a CA directory, 3 runtime error.
)";

constexpr const char* kCrlHelp =
    R"(Usage: ifa026 ca crl --dir DIR --out FILE [--next-update-days N] [--der]

Writes a CRL of the issuing CA listing every revocation recorded in DIR, with the next CRL
number (kept in DIR/crl.json). PEM unless --der.

  --next-update-days N  nextUpdate this many days after now (default 7)

Exit codes: 0 written, 2 bad usage or DIR not a CA directory, 3 runtime error.
)";

pki::Instant wall_clock_now() {
  // The CA program runs in the real world, not in the simulator: wall-clock time.
  const auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
  return pki::Instant{std::chrono::duration_cast<std::chrono::nanoseconds>(since_epoch).count()};
}

long long integer_option(const Arguments& args, const std::string& name, long long fallback,
                         long long min, long long max) {
  auto value = args.value(name);
  if (!value) return fallback;
  char* end = nullptr;
  errno = 0;
  long long v = std::strtoll(value->c_str(), &end, 10);
  if (value->empty() || *end != '\0' || errno != 0 || v < min || v > max) {
    throw UsageError(name + " expects an integer from " + std::to_string(min) + " to " +
                     std::to_string(max) + ", got '" + *value + "'");
  }
  return v;
}

std::string required(const Arguments& args, const std::string& name) {
  auto value = args.value(name);
  if (!value || value->empty()) throw UsageError(name + " is required");
  return *value;
}

bool wants_help(const Arguments& args, const char* help) {
  if (!args.flag("--help") && !args.flag("-h")) return false;
  std::fputs(help, stdout);
  return true;
}

void no_positional(const Arguments& args) {
  if (!args.positional().empty()) {
    throw UsageError("unexpected argument '" + args.positional().front() + "'");
  }
}

// A DNS name as a certificate's dNSName holds it: labels of letters, digits and hyphens (not
// at either end), at most 63 octets each and 253 in all; a leading "*." wildcard label.
bool dns_name(std::string name) {
  if (name.starts_with("*.")) name = name.substr(2);
  if (name.empty() || name.size() > 253) return false;
  std::size_t start = 0;
  while (start <= name.size()) {
    std::size_t end = name.find('.', start);
    if (end == std::string::npos) end = name.size();
    const std::string label = name.substr(start, end - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') {
      return false;
    }
    for (char c : label) {
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') return false;
    }
    start = end + 1;
  }
  return true;
}

pki::CaStore open_store(const std::string& dir) {
  try {
    return pki::CaStore::open(dir);
  } catch (const pki::NotACaDirectory& e) {
    throw UsageError(e.what());
  }
}

int init(const Args& raw) {
  Arguments args(raw, {"--dir", "--name", "--org", "--key-type"}, {"--help", "-h"});
  if (wants_help(args, kInitHelp)) return 0;
  no_positional(args);
  const std::string dir = required(args, "--dir");
  pki::CaStoreOptions options;
  options.name = args.value("--name").value_or(options.name);
  options.organization = args.value("--org").value_or(options.organization);
  if (auto type = args.value("--key-type")) {
    auto parsed = pki::key_type_from_string(*type);
    if (!parsed) throw UsageError("--key-type: unknown key type '" + *type + "'");
    options.key_type = *parsed;
  }
  if (options.name.empty() || options.organization.empty()) {
    throw UsageError("--name and --org must not be empty");
  }
  if (pki::CaStore::is_ca_directory(dir)) throw UsageError(dir + " already holds a CA");
  pki::CaStore store = pki::CaStore::create(dir, wall_clock_now(), options);
  std::printf("created CA in %s: issuing CA \"%s\" (serial %s), root \"%s\"\n", dir.c_str(),
              pki::to_rfc4514(store.issuing_ca().certificate().subject()).c_str(),
              store.issuing_ca().certificate().serial_hex().c_str(),
              pki::to_rfc4514(store.root().subject()).c_str());
  std::printf("trust anchor: %s/root.crt; chain: %s/chain.pem\n", dir.c_str(), dir.c_str());
  return 0;
}

int register_credential(const Args& raw) {
  Arguments args(raw,
                 {"--dir", "--ref", "--secret", "--secret-hex", "--subject", "--dns", "--ip",
                  "--valid-days", "--ra-domain", "--count"},
                 {"--reusable", "--ra", "--help", "-h"});
  if (wants_help(args, kRegisterHelp)) return 0;
  no_positional(args);
  const std::string dir = required(args, "--dir");
  pki::StoredCredential credential;
  credential.reference = required(args, "--ref");
  if (args.value("--secret") && args.value("--secret-hex"))
    throw UsageError("give --secret or --secret-hex, not both");
  if (auto hex = args.value("--secret-hex")) {
    auto bytes = pki::from_hex(*hex);
    if (!bytes || bytes->empty()) throw UsageError("--secret-hex: expected hex digits");
    credential.secret = std::move(*bytes);
  } else {
    const auto secret = args.value("--secret");
    if (!secret || secret->empty()) throw UsageError("--secret (or --secret-hex) is required");
    credential.secret.assign(secret->begin(), secret->end());
  }
  credential.ra = args.flag("--ra");
  for (const std::string& domain : args.values("--ra-domain")) {
    if (!credential.ra) throw UsageError("--ra-domain needs --ra");
    if (!dns_name(domain) || domain.starts_with("*."))
      throw UsageError("--ra-domain: '" + domain + "' is not a DNS domain");
    credential.ra_domains.push_back(domain);
  }
  credential.one_use = !args.flag("--reusable");
  const long long days = integer_option(args, "--valid-days", 30, 0, 36500);
  const pki::Instant now = wall_clock_now();
  credential.registered = now;
  if (days > 0) credential.expires = pki::Instant::from_seconds(now.seconds() + days * 86400);
  for (const std::string& address : args.values("--ip")) {
    auto canonical = pki::canonical_ip(address);
    if (!canonical) throw UsageError("--ip: '" + address + "' is not an IPv4 or IPv6 address");
    credential.san.ip.push_back(*canonical);
  }
  // --count N: N credentials, {n} in --ref, --subject and --dns numbering them 1..N.
  const auto count = static_cast<std::uint64_t>(integer_option(args, "--count", 1, 1, 1000000));
  const std::string reference = credential.reference;
  if (args.value("--count") && reference.find("{n}") == std::string::npos) {
    throw UsageError("--count needs {n} in --ref (one reference per credential)");
  }
  auto numbered = [](std::string text, std::uint64_t n) {
    for (auto at = text.find("{n}"); at != std::string::npos; at = text.find("{n}", at)) {
      text.replace(at, 3, std::to_string(n));
    }
    return text;
  };
  std::vector<pki::StoredCredential> all;
  for (std::uint64_t n = 1; n <= count; ++n) {
    pki::StoredCredential c = credential;
    c.reference = args.value("--count") ? numbered(reference, n) : reference;
    const std::string subject = required(args, "--subject");
    c.subject =
        subject_argument("--subject", args.value("--count") ? numbered(subject, n) : subject);
    if (c.subject->attributes.empty()) throw UsageError("--subject: empty DN");
    for (const std::string& pattern : args.values("--dns")) {
      const std::string name = args.value("--count") ? numbered(pattern, n) : pattern;
      if (!dns_name(name)) throw UsageError("--dns: '" + name + "' is not a DNS name");
      c.san.dns.push_back(name);
    }
    all.push_back(std::move(c));
  }
  pki::CaStore store = open_store(dir);
  for (const pki::StoredCredential& c : all) {
    if (store.credential(c.reference)) {
      throw UsageError("reference '" + c.reference + "' is already registered");
    }
  }
  store.register_credentials(all);
  if (count > 1) {
    std::printf("registered %llu %s%s credentials '%s' to '%s'\n",
                static_cast<unsigned long long>(count), credential.one_use ? "one-use" : "reusable",
                credential.ra ? " RA" : "", all.front().reference.c_str(),
                all.back().reference.c_str());
    return 0;
  }
  credential = all.front();
  const std::string names =
      credential.san.empty() ? "" : " (" + pki::describe_san(credential.san) + ")";
  std::printf("registered %s%s credential '%s' for %s%s%s\n",
              credential.one_use ? "one-use" : "reusable", credential.ra ? " RA" : "",
              credential.reference.c_str(), pki::to_rfc4514(*credential.subject).c_str(),
              names.c_str(),
              days > 0 ? (", expires in " + std::to_string(days) + " days").c_str() : "");
  return 0;
}

std::string body_name(int body) {
  if (auto name = pki::cmp_body_name(body)) return std::string(*name);
  return "body " + std::to_string(body);
}

// "ir -> ip status 0", "cr -> error status 2 (notAuthorized: ...)" for the log.
std::string describe(pki::ByteView request, pki::ByteView response) {
  std::string line;
  try {
    line = body_name(pki::inspect_cmp_message(request).body);
  } catch (const std::exception&) {
    line = "undecodable request";
  }
  try {
    pki::CmpMessageInfo info = pki::inspect_cmp_message(response);
    line += " -> " + body_name(info.body);
    if (info.status) line += " status " + std::to_string(*info.status);
    if (info.fail_info != 0 || !info.status_text.empty()) {
      line += " (";
      for (int bit = 0; bit <= static_cast<int>(pki::CmpFailure::duplicate_cert_req); ++bit) {
        if (info.has_failure(static_cast<pki::CmpFailure>(bit))) {
          line += std::string(pki::to_string(static_cast<pki::CmpFailure>(bit))) + ": ";
        }
      }
      line += info.status_text + ")";
    }
    if (info.certificate) {
      line += " serial " + pki::Certificate::from_der(*info.certificate).serial_hex();
    }
  } catch (const std::exception&) {
    line += " -> ?";
  }
  return line;
}

int serve(const Args& raw) {
  Arguments args(raw,
                 {"--dir", "--port", "--host", "--days", "--read-timeout", "--max-connections",
                  "--body-limit"},
                 {"--help", "-h"});
  if (wants_help(args, kServeHelp)) return 0;
  no_positional(args);
  const std::string dir = required(args, "--dir");
  required(args, "--port");
  CmpHttpServerOptions options;
  options.port = static_cast<unsigned short>(integer_option(args, "--port", 0, 0, 65535));
  options.host = args.value("--host").value_or("127.0.0.1");
  options.read_timeout_seconds =
      static_cast<int>(integer_option(args, "--read-timeout", 10, 1, 3600));
  options.max_connections =
      static_cast<std::size_t>(integer_option(args, "--max-connections", 512, 1, 100000));
  options.body_limit =
      static_cast<std::size_t>(integer_option(args, "--body-limit", 1 << 20, 1024, 64LL << 20));
  pki::CertificateProfile profile;
  profile.validity_seconds = integer_option(args, "--days", 365, 1, 1096) * 86400;

  pki::CaStore store = open_store(dir);
  if (const std::uint64_t dropped = store.start_serving(); dropped > 0) {
    std::fprintf(stderr,
                 "%s/journal.log: dropped a torn last record (%llu bytes, never answered)\n",
                 dir.c_str(), static_cast<unsigned long long>(dropped));
  }
  pki::StoredCmpServer cmp(store, profile);
  // The CmpServer and the store are not thread-safe: requests are handled one at a time (the
  // cryptography is the cost), their answers wait for the group commit (docs/ca-serve.md).
  std::mutex cmp_mutex;
  std::atomic<bool> failed{false};
  CmpHttpServer* running = nullptr;
  std::optional<GroupCommit> committer;
  committer.emplace([&store] { return store.commit(); },
                    [&failed, &running](const std::string& why) {
                      std::fprintf(stderr, "cannot store the CA's changes: %s; stopping\n",
                                   why.c_str());
                      failed.store(true);
                      if (running != nullptr) running->stop();
                    });
  options.tick_seconds = 10;
  options.tick = [&] {
    std::uint64_t ticket = 0;
    {
      std::lock_guard lock(cmp_mutex);
      cmp.expire(wall_clock_now());
      ticket = store.last_change();
    }
    committer->when_durable(ticket, [](bool) {});
  };
  CmpHttpServer server(
      options, [&](std::vector<std::uint8_t> body, CmpHttpServer::Respond respond) {
        pki::Bytes response;
        std::uint64_t ticket = 0;
        {
          std::lock_guard lock(cmp_mutex);
          response = cmp.handle(body, wall_clock_now());
          ticket = store.last_change();
        }
        std::fprintf(stderr, "%s\n", describe(body, response).c_str());
        committer->when_durable(ticket, [respond = std::move(respond),
                                         response = std::move(response)](bool durable) mutable {
          if (durable) {
            respond(std::move(response));
          } else {
            respond(std::nullopt);
          }
        });
      });
  running = &server;
  std::printf("listening on http://%s:%u/pkix/\n", server.host().c_str(),
              static_cast<unsigned>(server.port()));
  std::fflush(stdout);
  server.run();
  committer.reset();  // the last commit; the answers it releases go nowhere now
  if (failed.load()) return 3;
  store.stop_serving();
  std::fprintf(stderr, "stopped\n");
  return 0;
}

int crl(const Args& raw) {
  Arguments args(raw, {"--dir", "--out", "--next-update-days"}, {"--der", "--help", "-h"});
  if (wants_help(args, kCrlHelp)) return 0;
  no_positional(args);
  const std::string dir = required(args, "--dir");
  const std::string out = required(args, "--out");
  const long long days = integer_option(args, "--next-update-days", 7, 1, 3650);
  pki::CaStore store = open_store(dir);
  // Opened before the CRL is made, so an unwritable FILE does not use up a CRL number.
  FILE* file = std::fopen(out.c_str(), "wb");
  if (file == nullptr) throw std::runtime_error("cannot write " + out);
  std::optional<pki::Crl> made;
  try {
    made = store.make_crl(wall_clock_now(), days * 86400);
  } catch (...) {
    std::fclose(file);
    throw;
  }
  const pki::Crl& list = *made;
  std::string content =
      args.flag("--der") ? std::string(list.der().begin(), list.der().end()) : list.to_pem();
  const bool written = std::fwrite(content.data(), 1, content.size(), file) == content.size();
  if (std::fclose(file) != 0 || !written) throw std::runtime_error("cannot write " + out);
  std::printf("wrote CRL number %llu with %zu revoked certificate(s) to %s\n",
              static_cast<unsigned long long>(list.number()), list.revoked().size(), out.c_str());
  return 0;
}

}  // namespace

int ca_command(const Args& raw) {
  if (raw.empty()) throw UsageError("expected a subcommand: init, register, serve or crl");
  const std::string& sub = raw.front();
  const Args rest(raw.begin() + 1, raw.end());
  if (sub == "--help" || sub == "-h" || sub == "help") {
    std::fputs(kCaHelp, stdout);
    return 0;
  }
  if (sub == "init") return init(rest);
  if (sub == "register") return register_credential(rest);
  if (sub == "serve") return serve(rest);
  if (sub == "crl") return crl(rest);
  throw UsageError("unknown subcommand '" + sub + "' (init, register, serve or crl)");
}

}  // namespace ifa026::cli

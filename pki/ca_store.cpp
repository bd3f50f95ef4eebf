// Persistence of a CA directory for `ifa026 ca` (see ca_store.hpp): atomic file writes with the
// right permissions, flock-guarded read-modify-write of the JSON indexes, and the CmpServer
// wrapper that records issuances, revocations and consumed credentials.
#include "pki/ca_store.hpp"
#include "pki/base64.hpp"
#include "pki/ca_journal.hpp"
#include "pki/dn_text.hpp"
#include "pki/entity_identity.hpp"
#include "pki/openssl_codec.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <unordered_map>
#include <unordered_set>
#include <utility>

namespace ifa026::pki {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr int kFormatVersion = 1;
constexpr const char* kFormatName = "ifa026-ca";
constexpr mode_t kSecretMode = 0600;
constexpr mode_t kPublicMode = 0644;
constexpr std::int64_t kClockSkewSeconds = 60;
// Unconfirmed issuances (no certConf) are withdrawn after this long.
constexpr std::int64_t kTransactionIdleSeconds = 600;

std::string system_error(const std::string& what, const fs::path& path) {
  return what + " " + path.string() + ": " + std::strerror(errno);
}

// Writes `content` to a temporary file with `mode`, then renames it over `path`; with `sync`,
// the file is fsynced before the rename and the directory after it.
void write_file(const fs::path& path, std::string_view content, mode_t mode, bool sync = true) {
  const fs::path temp = path.string() + ".tmp" + std::to_string(::getpid());
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  if (fd < 0) throw PkiError(system_error("cannot create", temp));
  bool ok = ::fchmod(fd, mode) == 0;  // the umask may have narrowed or the file pre-existed
  std::size_t done = 0;
  while (ok && done < content.size()) {
    ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0)
      ok = false;
    else
      done += static_cast<std::size_t>(n);
  }
  ok = ok && (!sync || ::fsync(fd) == 0);
  std::string error = ok ? "" : system_error("cannot write", temp);
  if (::close(fd) != 0 && ok) error = system_error("cannot close", temp);
  if (!error.empty() || ::rename(temp.c_str(), path.c_str()) != 0) {
    if (error.empty()) error = system_error("cannot rename to", path);
    ::unlink(temp.c_str());
    throw PkiError(error);
  }
  if (!sync) return;
  int dir = ::open(path.parent_path().empty() ? "." : path.parent_path().c_str(),
                   O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir < 0) return;
  const bool synced = ::fsync(dir) == 0;
  ::close(dir);
  if (!synced) throw PkiError(system_error("cannot sync the directory of", path));
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw PkiError("cannot read " + path.string());
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

json read_json(const fs::path& path, const json& fallback) {
  if (!fs::exists(path)) return fallback;
  try {
    return json::parse(read_file(path));
  } catch (const json::exception& e) {
    throw PkiError(path.string() + ": not valid JSON: " + e.what());
  }
}

void write_json(const fs::path& path, const json& value, mode_t mode) {
  write_file(path, value.dump(2) + "\n", mode);
}

// An exclusive flock on DIR/.lock for the lifetime of the object.
class DirectoryLock {
 public:
  explicit DirectoryLock(const fs::path& dir) {
    const fs::path path = dir / ".lock";
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, kSecretMode);
    if (fd_ < 0) throw PkiError(system_error("cannot open", path));
    while (::flock(fd_, LOCK_EX) != 0) {
      if (errno == EINTR) continue;
      ::close(fd_);
      throw PkiError(system_error("cannot lock", path));
    }
  }
  ~DirectoryLock() { ::close(fd_); }  // closing releases the lock
  DirectoryLock(const DirectoryLock&) = delete;
  DirectoryLock& operator=(const DirectoryLock&) = delete;

 private:
  int fd_ = -1;
};

// A serial as the CA spells it (text that is not hex stays as given, and matches no record).
std::string serial_key(std::string_view serial) {
  return ossl::normalized_serial(serial).value_or(std::string(serial));
}

Bytes hex_bytes(std::string_view hex) {
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  if (hex.size() % 2 != 0) throw PkiError("odd-length hex string");
  Bytes out;
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    int hi = nibble(hex[i]);
    int lo = nibble(hex[i + 1]);
    if (hi < 0 || lo < 0) throw PkiError("not a hex string");
    out.push_back(static_cast<std::uint8_t>(hi * 16 + lo));
  }
  return out;
}

Instant seconds(std::int64_t s) {
  return Instant::from_seconds(s);
}

DistinguishedName ca_name(const CaStoreOptions& options, const std::string& role) {
  DistinguishedName name;
  name.attributes = {{"O", options.organization}, {"CN", options.name + " " + role}};
  return name;
}

json to_json(const StoredCredential& c) {
  json j{{"reference", c.reference},
         {"secret_hex", to_hex(c.secret)},
         {"one_use", c.one_use},
         {"used", c.used},
         {"registered", c.registered.seconds()}};
  if (c.subject) j["subject"] = to_rfc4514(*c.subject);
  if (!c.san.dns.empty()) j["dns"] = c.san.dns;
  if (!c.san.ip.empty()) j["ip"] = c.san.ip;
  if (c.used_at) j["used_at"] = c.used_at->seconds();
  if (c.expires) j["expires"] = c.expires->seconds();
  if (c.ra) j["ra"] = true;
  if (!c.ra_domains.empty()) j["ra_domains"] = c.ra_domains;
  return j;
}

// credentials.json and issued.json write names in RFC 4514 and say so with this key; files
// without it (earlier versions) hold them in certificate order (DistinguishedName::to_string).
constexpr const char* kNameFormKey = "dn_form";
constexpr const char* kRfc4514 = "rfc4514";

// An issued record's name text in RFC 4514 (an older text that does not parse stays as it was).
std::string rfc4514_text(const std::string& text, bool rfc4514) {
  if (rfc4514) return text;
  try {
    return to_rfc4514(DistinguishedName::parse(text));
  } catch (const PkiError&) {
    return text;
  }
}

StoredCredential credential_from_json(const json& j, bool rfc4514) {
  StoredCredential c;
  c.reference = j.at("reference").get<std::string>();
  c.secret = hex_bytes(j.at("secret_hex").get<std::string>());
  c.one_use = j.value("one_use", true);
  c.used = j.value("used", false);
  c.registered = seconds(j.value("registered", std::int64_t{0}));
  if (j.contains("subject")) {
    const std::string text = j["subject"].get<std::string>();
    c.subject = rfc4514 ? parse_rfc4514(text) : DistinguishedName::parse(text);
  }
  if (j.contains("dns")) c.san.dns = j["dns"].get<std::vector<std::string>>();
  if (j.contains("ip")) c.san.ip = j["ip"].get<std::vector<std::string>>();
  if (j.contains("used_at")) c.used_at = seconds(j["used_at"].get<std::int64_t>());
  if (j.contains("expires")) c.expires = seconds(j["expires"].get<std::int64_t>());
  c.ra = j.value("ra", false);
  if (j.contains("ra_domains")) c.ra_domains = j["ra_domains"].get<std::vector<std::string>>();
  return c;
}

json to_json(const IssuedRecord& r) {
  json j{{"serial", r.serial_hex},
         {"subject", r.subject},
         {"not_before", r.not_before.seconds()},
         {"not_after", r.not_after.seconds()},
         {"issued_at", r.issued_at.seconds()},
         {"file", r.file}};
  if (r.reference) j["reference"] = *r.reference;
  if (r.signer_subject) j["signer_subject"] = *r.signer_subject;
  if (r.signer_serial) j["signer_serial"] = *r.signer_serial;
  return j;
}

IssuedRecord issued_from_json(const json& j, bool rfc4514) {
  IssuedRecord r;
  r.serial_hex = j.at("serial").get<std::string>();
  r.subject = rfc4514_text(j.value("subject", ""), rfc4514);
  r.not_before = seconds(j.value("not_before", std::int64_t{0}));
  r.not_after = seconds(j.value("not_after", std::int64_t{0}));
  r.issued_at = seconds(j.value("issued_at", std::int64_t{0}));
  r.file = j.value("file", "");
  if (j.contains("reference")) r.reference = j["reference"].get<std::string>();
  if (j.contains("signer_subject")) {
    r.signer_subject = rfc4514_text(j["signer_subject"].get<std::string>(), rfc4514);
  }
  if (j.contains("signer_serial")) r.signer_serial = j["signer_serial"].get<std::string>();
  return r;
}

RevocationRecord revocation_from_json(const json& j, bool /*rfc4514*/) {
  RevocationRecord r;
  r.serial_hex = j.at("serial").get<std::string>();
  r.revoked_at = seconds(j.at("revoked_at").get<std::int64_t>());
  r.reason = static_cast<RevocationReason>(j.value("reason", 0));
  return r;
}

// A list file as written now: {"KEY": [...], "dn_form": "rfc4514"}.
json list_file(const char* key, json list) {
  return json{{key, std::move(list)}, {kNameFormKey, kRfc4514}};
}

// The items of a list file; `from_json` is told whether the file's names are RFC 4514.
template <typename T, typename F>
std::vector<T> read_list(const fs::path& path, const char* key, F from_json) {
  std::vector<T> out;
  try {
    json j = read_json(path, json{{key, json::array()}, {kNameFormKey, kRfc4514}});
    const bool rfc4514 = j.value(kNameFormKey, "") == kRfc4514;
    for (const json& item : j.at(key)) out.push_back(from_json(item, rfc4514));
  } catch (const json::exception& e) {
    throw PkiError(path.string() + ": " + e.what());
  }
  return out;
}

}  // namespace

// A file's identity, to tell whether another process replaced it (every write renames a new
// file over the old one, so the inode changes). Outside the anonymous namespace: CaStore::State
// holds one (-Wsubobject-linkage in a unity build).
struct CaStoreFileStamp {
  ino_t inode = 0;
  off_t size = -1;
  std::int64_t mtime_ns = 0;
  bool operator==(const CaStoreFileStamp&) const = default;
};
using FileStamp = CaStoreFileStamp;

namespace {

FileStamp stamp_of(const fs::path& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return {};
  return {st.st_ino, st.st_size,
          static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec};
}

// A list snapshot from its items' JSON texts: one item a line.
std::string list_text(const char* key, const std::vector<std::string>& items, bool name_form) {
  std::size_t size = 64;
  for (const std::string& item : items) size += item.size() + 3;
  std::string text;
  text.reserve(size);
  text += "{\n\"";
  text += key;
  text += "\": [";
  for (std::size_t i = 0; i < items.size(); ++i) {
    text += i == 0 ? "\n" : ",\n";
    text += items[i];
  }
  text += "\n]";
  if (name_form) text += std::string(",\n\"") + kNameFormKey + "\": \"" + kRfc4514 + "\"";
  text += "\n}\n";
  return text;
}

json to_json(const RevocationRecord& r) {
  return json{{"serial", r.serial_hex},
              {"revoked_at", r.revoked_at.seconds()},
              {"reason", static_cast<int>(r.reason)}};
}

// Everything written in the directory's file system reaches the disk.
void sync_file_system(const fs::path& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) throw PkiError(system_error("cannot open", dir));
  const bool ok = ::syncfs(fd) == 0;
  ::close(fd);
  if (!ok) throw PkiError(system_error("cannot sync the file system of", dir));
}

void fsync_directory(const fs::path& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) throw PkiError(system_error("cannot open", dir));
  const bool ok = ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) throw PkiError(system_error("cannot sync", dir));
}

}  // namespace

// What a CaStore holds in memory: its records with their JSON texts (a snapshot is their
// concatenation), the journal lines not yet written, and which snapshots changed.
struct CaStore::State {
  mutable std::mutex mutex;  // everything below except journal, serve_lock_fd
  std::vector<StoredCredential> credentials;
  std::vector<std::string> credential_text;
  std::map<std::string, std::size_t> credential_index;
  std::vector<IssuedRecord> issued;
  std::vector<std::string> issued_text;
  std::unordered_map<std::string, std::size_t> issued_index;  // by serial_key
  std::unordered_map<std::string, Bytes> issued_der;          // issued or journalled here
  std::vector<RevocationRecord> revocations;
  std::unordered_set<std::string> revoked;   // by serial_key
  FileStamp credentials_stamp;               // credentials.json as last read or written
  std::uint64_t credentials_generation = 0;  // counts merges that brought something new
  std::uint64_t credentials_reported = 0;    // the generation refresh_credentials last told
  std::string pending_lines;                 // journal lines not written yet
  std::vector<std::string> pending_files;    // serials whose issued/SERIAL.crt is not written
  bool credentials_dirty = false, issued_dirty = false, revocations_dirty = false;
  std::uint64_t changes = 0;
  std::uint64_t durable = 0;
  std::uint64_t dropped_bytes = 0;  // the torn journal tail open() found
  std::uint64_t intact_bytes = 0;

  std::mutex commit_mutex;  // one commit at a time
  std::unique_ptr<JournalWriter> journal;
  int serve_lock_fd = -1;

  void put_credential(const StoredCredential& c) {
    auto it = credential_index.find(c.reference);
    if (it == credential_index.end()) {
      credential_index[c.reference] = credentials.size();
      credentials.push_back(c);
      credential_text.push_back(to_json(c).dump());
    } else {
      credentials[it->second] = c;
      credential_text[it->second] = to_json(c).dump();
    }
  }
  bool use_credential(const std::string& reference, Instant when) {
    auto it = credential_index.find(reference);
    if (it == credential_index.end() || credentials[it->second].used) return false;
    StoredCredential& c = credentials[it->second];
    c.used = true;
    c.used_at = when;
    credential_text[it->second] = to_json(c).dump();
    return true;
  }
  bool put_issued(const IssuedRecord& r) {
    const std::string key = serial_key(r.serial_hex);
    if (issued_index.contains(key)) return false;
    issued_index[key] = issued.size();
    issued.push_back(r);
    issued_text.push_back(to_json(r).dump());
    return true;
  }
  bool put_revocation(const RevocationRecord& r) {
    if (!revoked.insert(serial_key(r.serial_hex)).second) return false;
    revocations.push_back(r);
    return true;
  }
  // Reads credentials.json (the caller holds the directory lock) and merges it: credentials
  // registered meanwhile are added, a use this store knows of is kept.
  void merge_credentials_file(const fs::path& dir) {
    const FileStamp stamp = stamp_of(dir / "credentials.json");
    for (const StoredCredential& c : read_list<StoredCredential>(
             dir / "credentials.json", "credentials", credential_from_json)) {
      auto it = credential_index.find(c.reference);
      if (it == credential_index.end()) {
        put_credential(c);
        ++credentials_generation;
      } else if (c.used && !credentials[it->second].used) {
        put_credential(c);
        ++credentials_generation;
      }
    }
    credentials_stamp = stamp;
  }
};

CaStore::CaStore(fs::path dir, Certificate root, Certificate intermediate,
                 CertificateAuthority issuing)
    : dir_(std::move(dir)),
      root_(std::move(root)),
      intermediate_(std::move(intermediate)),
      issuing_(std::move(issuing)),
      state_(std::make_unique<State>()) {}

CaStore::CaStore(CaStore&&) noexcept = default;
CaStore& CaStore::operator=(CaStore&&) noexcept = default;

CaStore::~CaStore() {
  if (state_ && state_->serve_lock_fd >= 0) ::close(state_->serve_lock_fd);
}

bool CaStore::is_ca_directory(const fs::path& dir) {
  std::error_code ec;
  return fs::is_regular_file(dir / "ca.json", ec);
}

CaStore CaStore::create(const fs::path& dir, Instant now, const CaStoreOptions& options) {
  if (is_ca_directory(dir)) throw PkiError(dir.string() + " already holds a CA (ca.json)");
  fs::create_directories(dir / "issued");
  // Wall-clock validity: this is the real-world CA program, not the simulator (DESIGN.md §5's
  // "simulated time" rule is for the simulation); a minute back for clients' clock skew.
  const Instant not_before = seconds(now.seconds() - kClockSkewSeconds);
  PrivateKey root_key = PrivateKey::generate(options.key_type);
  PrivateKey intermediate_key = PrivateKey::generate(options.key_type);
  PrivateKey issuing_key = PrivateKey::generate(options.key_type);
  CertificateAuthority root = CertificateAuthority::create_root(
      ca_name(options, "Root CA"), root_key, not_before, options.root_validity_seconds);
  CertificateAuthority intermediate = CertificateAuthority::create_subordinate(
      root, ca_name(options, "Intermediate CA"), intermediate_key, not_before,
      options.intermediate_validity_seconds, 1);
  CertificateAuthority issuing = CertificateAuthority::create_subordinate(
      intermediate, ca_name(options, "Issuing CA"), issuing_key, not_before,
      options.issuing_validity_seconds, 0);

  write_file(dir / "root.key", root_key.to_pem(), kSecretMode);
  write_file(dir / "intermediate.key", intermediate_key.to_pem(), kSecretMode);
  write_file(dir / "ca.key", issuing_key.to_pem(), kSecretMode);
  write_file(dir / "root.crt", root.certificate().to_pem(), kPublicMode);
  write_file(dir / "intermediate.crt", intermediate.certificate().to_pem(), kPublicMode);
  write_file(dir / "ca.crt", issuing.certificate().to_pem(), kPublicMode);
  write_file(dir / "chain.pem",
             issuing.certificate().to_pem() + intermediate.certificate().to_pem() +
                 root.certificate().to_pem(),
             kPublicMode);
  write_json(dir / "credentials.json", list_file("credentials", json::array()), kSecretMode);
  write_json(dir / "issued.json", list_file("certificates", json::array()), kPublicMode);
  write_json(dir / "revoked.json", json{{"revocations", json::array()}}, kPublicMode);
  write_json(dir / "crl.json", json{{"number", 0}}, kPublicMode);
  // The marker last, so a half-made directory is not taken for a CA.
  write_json(dir / "ca.json",
             json{{"format", kFormatName},
                  {"version", kFormatVersion},
                  {"created", now.seconds()},
                  {"key_type", std::string(to_string(options.key_type))}},
             kPublicMode);
  return open(dir);
}

CaStore CaStore::open(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    throw NotACaDirectory(dir.string() + ": no such directory");
  }
  if (!is_ca_directory(dir)) {
    throw NotACaDirectory(dir.string() + ": not a CA directory (no ca.json; make one with init)");
  }
  json marker = read_json(dir / "ca.json", json::object());
  if (!marker.is_object() || marker.value("format", "") != kFormatName ||
      marker.value("version", 0) != kFormatVersion) {
    throw NotACaDirectory(dir.string() + "/ca.json: not an " + kFormatName + " version " +
                          std::to_string(kFormatVersion) + " directory");
  }
  for (const char* name : {"root.crt", "intermediate.crt", "ca.crt", "ca.key"}) {
    if (!fs::is_regular_file(dir / name, ec)) {
      throw NotACaDirectory(dir.string() + ": CA directory lacks " + name);
    }
  }
  Certificate root = Certificate::from_pem(read_file(dir / "root.crt"));
  Certificate intermediate = Certificate::from_pem(read_file(dir / "intermediate.crt"));
  CertificateAuthority issuing(PrivateKey::from_pem(read_file(dir / "ca.key")),
                               Certificate::from_pem(read_file(dir / "ca.crt")));
  CaStore store(dir, std::move(root), std::move(intermediate), std::move(issuing));
  State& s = *store.state_;
  {
    // Under the lock: a serving store rewrites the snapshots and then empties the journal.
    DirectoryLock lock(dir);
    s.merge_credentials_file(dir);
    for (const IssuedRecord& r :
         read_list<IssuedRecord>(dir / "issued.json", "certificates", issued_from_json)) {
      s.put_issued(r);
    }
    for (const RevocationRecord& r :
         read_list<RevocationRecord>(dir / "revoked.json", "revocations", revocation_from_json)) {
      s.put_revocation(r);
    }
    const JournalContents journal = read_journal(dir / "journal.log");
    s.intact_bytes = journal.intact_bytes;
    s.dropped_bytes = journal.dropped_bytes;
    try {
      for (const json& record : journal.records) {
        if (record.contains("issued")) {
          const json& j = record["issued"];
          IssuedRecord r = issued_from_json(j, true);
          auto der = from_base64(j.value("der", ""));
          if (!der) throw PkiError("certificate " + r.serial_hex + " is not base64");
          s.issued_der[serial_key(r.serial_hex)] = *der;
          s.issued_dirty = s.put_issued(r) || s.issued_dirty;
          s.pending_files.push_back(serial_key(r.serial_hex));
        } else if (record.contains("revoked")) {
          s.revocations_dirty = s.put_revocation(revocation_from_json(record["revoked"], true)) ||
                                s.revocations_dirty;
        } else if (record.contains("used")) {
          const json& j = record["used"];
          s.credentials_dirty = s.use_credential(j.at("reference").get<std::string>(),
                                                 seconds(j.at("at").get<std::int64_t>())) ||
                                s.credentials_dirty;
        }
      }
    } catch (const json::exception& e) {
      throw PkiError((dir / "journal.log").string() + ": " + e.what());
    }
  }
  for (const RevocationRecord& r : s.revocations) {
    store.issuing_.revoke(r.serial_hex, r.revoked_at, r.reason);
  }
  return store;
}

void CaStore::register_credential(const StoredCredential& credential) {
  register_credentials({credential});
}

void CaStore::register_credentials(const std::vector<StoredCredential>& credentials) {
  for (const StoredCredential& credential : credentials) {
    if (credential.reference.empty()) throw PkiError("the reference must not be empty");
    if (credential.secret.empty()) throw PkiError("the secret must not be empty");
  }
  State& s = *state_;
  DirectoryLock lock(dir_);
  std::lock_guard guard(s.mutex);
  s.merge_credentials_file(dir_);
  std::set<std::string> fresh;
  for (const StoredCredential& credential : credentials) {
    if (s.credential_index.contains(credential.reference) ||
        !fresh.insert(credential.reference).second) {
      throw PkiError("reference '" + credential.reference + "' is already registered");
    }
  }
  for (const StoredCredential& credential : credentials) s.put_credential(credential);
  ++s.credentials_generation;
  write_file(dir_ / "credentials.json", list_text("credentials", s.credential_text, true),
             kSecretMode);
  s.credentials_stamp = stamp_of(dir_ / "credentials.json");
}

std::vector<StoredCredential> CaStore::credentials() const {
  std::lock_guard guard(state_->mutex);
  return state_->credentials;
}

std::optional<StoredCredential> CaStore::credential(const std::string& reference) const {
  std::lock_guard guard(state_->mutex);
  auto it = state_->credential_index.find(reference);
  if (it == state_->credential_index.end()) return std::nullopt;
  return state_->credentials[it->second];
}

bool CaStore::refresh_credentials() {
  State& s = *state_;
  bool same = false;
  {
    std::lock_guard guard(s.mutex);
    same = stamp_of(dir_ / "credentials.json") == s.credentials_stamp;
  }
  std::optional<DirectoryLock> lock;
  if (!same) lock.emplace(dir_);
  std::lock_guard guard(s.mutex);
  // Again under the lock: a commit of this store may have rewritten the file meanwhile (and
  // noted its new stamp before letting the lock go).
  if (!same && stamp_of(dir_ / "credentials.json") != s.credentials_stamp) {
    s.merge_credentials_file(dir_);
  }
  const bool news = s.credentials_generation != s.credentials_reported;
  s.credentials_reported = s.credentials_generation;
  return news;
}

void CaStore::changed(std::string journal_line) {
  {
    std::lock_guard guard(state_->mutex);
    ++state_->changes;
    if (state_->journal) {
      state_->pending_lines += journal_line;
      return;
    }
  }
  commit();  // not serving: straight to the snapshots
}

void CaStore::mark_credential_used(const std::string& reference, Instant when) {
  {
    std::lock_guard guard(state_->mutex);
    if (!state_->use_credential(reference, when)) return;
    state_->credentials_dirty = true;
  }
  changed(journal_line(json{{"used", {{"reference", reference}, {"at", when.seconds()}}}}));
}

void CaStore::record_issued(const Certificate& certificate, Instant when,
                            const std::optional<std::string>& reference,
                            const std::optional<Certificate>& signer) {
  IssuedRecord record;
  record.serial_hex = certificate.serial_hex();
  record.subject = to_rfc4514(certificate.subject());
  record.not_before = certificate.not_before();
  record.not_after = certificate.not_after();
  record.issued_at = when;
  record.reference = reference;
  if (signer) {
    record.signer_subject = to_rfc4514(signer->subject());
    record.signer_serial = signer->serial_hex();
  }
  record.file = "issued/" + certificate.serial_hex() + ".crt";
  const std::string key = serial_key(record.serial_hex);
  {
    std::lock_guard guard(state_->mutex);
    if (!state_->put_issued(record)) return;
    state_->issued_dirty = true;
    state_->issued_der[key] = certificate.der();
    state_->pending_files.push_back(key);
  }
  json j = to_json(record);
  j["der"] = to_base64(certificate.der());
  changed(journal_line(json{{"issued", j}}));
}

void CaStore::record_revocation(const std::string& serial_hex, Instant when,
                                RevocationReason reason) {
  const std::string serial = serial_key(serial_hex);
  if (!issuing_.is_revoked(serial)) issuing_.revoke(serial, when, reason);
  const RevocationRecord record{serial, when, reason};
  {
    std::lock_guard guard(state_->mutex);
    if (!state_->put_revocation(record)) return;
    state_->revocations_dirty = true;
  }
  changed(journal_line(json{{"revoked", to_json(record)}}));
}

bool CaStore::is_recorded_revoked(const std::string& serial_hex) const {
  std::lock_guard guard(state_->mutex);
  return state_->revoked.contains(serial_key(serial_hex));
}

std::vector<IssuedRecord> CaStore::issued() const {
  std::lock_guard guard(state_->mutex);
  return state_->issued;
}

std::vector<RevocationRecord> CaStore::revocations() const {
  std::lock_guard guard(state_->mutex);
  return state_->revocations;
}

bool CaStore::is_issued(const std::string& serial_hex) const {
  std::lock_guard guard(state_->mutex);
  return state_->issued_index.contains(serial_key(serial_hex));
}

std::optional<IssuedRecord> CaStore::issued_record(const std::string& serial_hex) const {
  std::lock_guard guard(state_->mutex);
  auto it = state_->issued_index.find(serial_key(serial_hex));
  if (it == state_->issued_index.end()) return std::nullopt;
  return state_->issued[it->second];
}

std::optional<Certificate> CaStore::issued_certificate(const std::string& serial_hex) const {
  const std::string serial = serial_key(serial_hex);
  std::string file;
  {
    std::lock_guard guard(state_->mutex);
    auto der = state_->issued_der.find(serial);
    if (der != state_->issued_der.end()) return Certificate::from_der(der->second);
    auto it = state_->issued_index.find(serial);
    if (it == state_->issued_index.end() || state_->issued[it->second].file.empty()) {
      return std::nullopt;
    }
    file = state_->issued[it->second].file;
  }
  try {
    const std::string der = read_file(dir_ / file);
    return Certificate::from_der(
        ByteView(reinterpret_cast<const std::uint8_t*>(der.data()), der.size()));
  } catch (const PkiError&) {
    return std::nullopt;
  }
}

Crl CaStore::make_crl(Instant this_update, std::int64_t next_update_seconds) {
  DirectoryLock lock(dir_);
  json state = read_json(dir_ / "crl.json", json{{"number", 0}});
  const std::uint64_t last = state.value("number", std::uint64_t{0});
  // Continue the numbering this directory last published.
  if (issuing_.last_crl_number() < last) issuing_.set_last_crl_number(last);
  Crl crl = issuing_.crl(this_update, next_update_seconds);
  write_json(dir_ / "crl.json",
             json{{"number", crl.number()}, {"this_update", this_update.seconds()}}, kPublicMode);
  return crl;
}

std::uint64_t CaStore::last_change() const {
  std::lock_guard guard(state_->mutex);
  return state_->changes;
}

std::uint64_t CaStore::commit() {
  State& s = *state_;
  std::lock_guard one(s.commit_mutex);
  {
    std::lock_guard guard(s.mutex);
    if (s.changes == s.durable) return s.changes;
  }
  // Under the directory lock (`ca register` may be writing credentials.json), what the changes
  // so far amount to, taken at one moment: the journal lines, the certificate files, the
  // snapshots.
  DirectoryLock lock(dir_);
  std::string lines, credentials, issued, revoked;
  std::vector<std::pair<fs::path, Bytes>> files;
  std::uint64_t upto = 0;
  {
    std::lock_guard guard(s.mutex);
    upto = s.changes;
    lines.swap(s.pending_lines);
    for (const std::string& serial : s.pending_files) {
      auto it = s.issued_index.find(serial);
      auto der = s.issued_der.find(serial);
      if (it != s.issued_index.end() && der != s.issued_der.end()) {
        files.emplace_back(dir_ / s.issued[it->second].file, der->second);
      }
    }
    s.pending_files.clear();
    if (s.credentials_dirty) {
      if (stamp_of(dir_ / "credentials.json") != s.credentials_stamp) {
        s.merge_credentials_file(dir_);
      }
      credentials = list_text("credentials", s.credential_text, true);
    }
    if (s.issued_dirty) issued = list_text("certificates", s.issued_text, true);
    if (s.revocations_dirty) {
      std::vector<std::string> items;
      items.reserve(s.revocations.size());
      for (const RevocationRecord& r : s.revocations) items.push_back(to_json(r).dump());
      revoked = list_text("revocations", items, false);
    }
    s.credentials_dirty = s.issued_dirty = s.revocations_dirty = false;
  }
  // The journal first: once it is synced, the changes survive whatever happens next.
  if (s.journal && !lines.empty()) s.journal->append_and_sync(lines);
  if (!files.empty()) fs::create_directories(dir_ / "issued");
  for (const auto& [path, der] : files) {
    // Each file's record in the journal holds its DER: open() writes it again if it is lost.
    write_file(path, std::string_view(reinterpret_cast<const char*>(der.data()), der.size()),
               kPublicMode, false);
  }
  if (!s.journal && !files.empty()) sync_file_system(dir_);
  // Then the snapshots, each synced: a crash leaves the old one or the new one.
  if (!credentials.empty()) {
    write_file(dir_ / "credentials.json", credentials, kSecretMode);
    std::lock_guard guard(s.mutex);
    s.credentials_stamp = stamp_of(dir_ / "credentials.json");
  }
  if (!issued.empty()) write_file(dir_ / "issued.json", issued, kPublicMode);
  if (!revoked.empty()) write_file(dir_ / "revoked.json", revoked, kPublicMode);
  std::lock_guard guard(s.mutex);
  s.durable = std::max(s.durable, upto);
  return upto;
}

std::uint64_t CaStore::start_serving() {
  State& s = *state_;
  if (s.serve_lock_fd < 0) {
    const fs::path path = dir_ / "serve.lock";
    int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, kSecretMode);
    if (fd < 0) throw PkiError(system_error("cannot open", path));
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      ::close(fd);
      throw PkiError("another `ca serve` is serving " + dir_.string() + " (" + path.string() +
                     " is locked)");
    }
    s.serve_lock_fd = fd;
  }
  {
    std::lock_guard guard(s.mutex);
    // Everything open() read and replayed is rewritten, the snapshots included.
    s.credentials_dirty = s.issued_dirty = s.revocations_dirty = true;
    ++s.changes;
  }
  commit();
  sync_file_system(dir_);  // the certificate files commit() wrote from the journal
  fsync_directory(dir_ / "issued");
  fsync_directory(dir_);
  // The journal holds nothing the synced snapshots lack: empty it (its torn tail too).
  s.journal = std::make_unique<JournalWriter>(dir_ / "journal.log", 0);
  return s.dropped_bytes;
}

void CaStore::stop_serving() {
  State& s = *state_;
  if (!s.journal) return;
  commit();
  sync_file_system(dir_);
  fsync_directory(dir_ / "issued");
  fsync_directory(dir_);
  s.journal->truncate();
  s.journal.reset();
  if (s.serve_lock_fd >= 0) ::close(s.serve_lock_fd);
  s.serve_lock_fd = -1;
}

// ---------------------------------------------------------------------------------------------

namespace {

CmpServerConfig store_config(CaStore& store, CertificateProfile profile) {
  CmpServerConfig config;
  config.profile = std::move(profile);
  config.chain = store.chain_above_issuing();
  config.ca_pubs = {store.root()};
  config.signer_identity_by_default = true;
  return config;
}

}  // namespace

StoredCmpServer::StoredCmpServer(CaStore& store, CertificateProfile profile)
    : store_(store), server_(store.issuing_ca(), store_config(store, std::move(profile))) {
  server_.authorise = [this](const CmpRequestInfo& info) { return policy(info); };
  // A one-use credential is spent when its certificate is confirmed, not when it is issued
  // (docs/cmp-reliability.md): record it then.
  server_.on_credential_spent = [this](const std::string& reference, Instant when) {
    store_.mark_credential_used(reference, when);
    if (auto found = credentials_.find(reference); found != credentials_.end()) {
      found->second.used = true;
      found->second.used_at = when;
    }
  };
  sync_credentials();
}

std::optional<CmpRefusal> StoredCmpServer::policy(const CmpRequestInfo& info) {
  if (info.reference) {
    reference_ = info.reference;
    auto found = credentials_.find(*info.reference);
    const StoredCredential* credential = found == credentials_.end() ? nullptr : &found->second;
    if (credential == nullptr) return CmpRefusal("unknown initial credential reference");
    if (credential->one_use && credential->used) return "one-use initial credential already used";
    if (!credential->subject) {
      return CmpRefusal("initial credential '" + credential->reference +
                        "' binds no subject; register it again with --subject");
    }
    if (!info.requested) return std::nullopt;
    if (auto why = identity_mismatch(EntityIdentity{*credential->subject, credential->san},
                                     *info.requested, "credential '" + credential->reference + "'",
                                     true, NameText::rfc4514)) {
      return CmpRefusal(CmpFailure::bad_cert_template, *why);
    }
    return std::nullopt;
  }
  if (!info.signer) return CmpRefusal("request neither MAC-protected nor signed");
  signer_ = info.signer;
  if (info.body != CmpBody::kur) {
    if (auto ra = ra_credential_of(*info.signer)) return ra_policy(info, *ra);
  }
  const EntityIdentity own = identity_of(*info.signer);
  const std::string who = "signer " + to_rfc4514(own.subject);
  if (info.body == CmpBody::rr) {
    // CmpServer asks only when the rr is not signed by the certificate it revokes: an end entity
    // may also revoke another certificate issued for its own identity.
    std::optional<Certificate> target =
        info.revoke_serial ? store_.issued_certificate(*info.revoke_serial) : std::nullopt;
    if (!target)
      return CmpRefusal("rr: certificate " + info.revoke_serial.value_or("?") +
                        " was not issued by this server");
    const EntityIdentity theirs = identity_of(*target);
    if (!(theirs.subject == own.subject) || !same_san(theirs.san, own.san)) {
      return CmpRefusal("rr: " + who + " may revoke only certificates of its own identity, not " +
                        to_rfc4514(theirs.subject) + " (" + describe_san(theirs.san) + ")");
    }
    return std::nullopt;
  }
  if (!info.requested) return std::nullopt;
  if (auto why = identity_mismatch(own, *info.requested, who, true, NameText::rfc4514)) {
    return CmpRefusal(std::string(cmp_body_name(static_cast<int>(info.body)).value_or("request")) +
                      " by an end entity is only for its own identity: " + *why);
  }
  return std::nullopt;
}

std::optional<StoredCredential> StoredCmpServer::ra_credential_of(const Certificate& signer) {
  const std::optional<IssuedRecord> record = store_.issued_record(signer.serial_hex());
  if (!record || !record->reference) return std::nullopt;
  auto it = credentials_.find(*record->reference);
  if (it == credentials_.end() || !it->second.ra) return std::nullopt;
  return it->second;
}

namespace {

// True when `name` is `domain` or a name below it (without regard to case).
bool in_domain(std::string name, std::string domain) {
  auto lower = [](std::string& text) {
    for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  };
  lower(name);
  lower(domain);
  if (name.starts_with("*.")) name = name.substr(2);
  return name == domain || (name.size() > domain.size() && name.ends_with("." + domain));
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

}  // namespace

std::optional<CmpRefusal> StoredCmpServer::ra_policy(const CmpRequestInfo& info,
                                                     const StoredCredential& ra) {
  const std::string who = "RA " + info.signer->subject().to_string();
  if (info.body == CmpBody::rr) {
    // Revocation on behalf of an end entity: any certificate this CA issued.
    if (!info.revoke_serial || !store_.issued_certificate(*info.revoke_serial))
      return CmpRefusal("rr: certificate " + info.revoke_serial.value_or("?") +
                        " was not issued by this server");
    return std::nullopt;
  }
  // A request on behalf of another end entity names it whole: the CA imposes nothing from the
  // RA's own certificate.
  if (!info.requested || info.requested->subject.attributes.empty() || info.requested->san.empty())
    return CmpRefusal(CmpFailure::bad_cert_template,
                      who +
                          ": a request for an end entity must name its subject and its "
                          "subjectAltName");
  if (ra.ra_domains.empty()) return std::nullopt;
  if (!info.requested->san.ip.empty() || !info.requested->san.uri.empty())
    return CmpRefusal(who + " may request only DNS names in " + joined(ra.ra_domains) + ", not " +
                      describe_san(info.requested->san));
  for (const std::string& name : info.requested->san.dns) {
    bool inside = false;
    for (const std::string& domain : ra.ra_domains) inside = inside || in_domain(name, domain);
    if (!inside)
      return CmpRefusal(who + " may request names only in " + joined(ra.ra_domains) + ", not " +
                        name);
  }
  return std::nullopt;
}

void StoredCmpServer::sync_credentials() {
  if (!store_.refresh_credentials() && !credentials_.empty()) return;
  for (const StoredCredential& c : store_.credentials()) {
    credentials_[c.reference] = c;
    if (registered_.contains(c.reference)) continue;
    std::optional<SubjectAltName> san;
    if (!c.san.empty()) san = c.san;
    server_.register_initial_credential(
        c.reference, c.secret, InitialCredentialLimits{c.one_use, c.expires, c.subject, san});
    registered_.insert(c.reference);
  }
}

Bytes StoredCmpServer::handle(ByteView request_der, Instant now) {
  reference_.reset();
  signer_.reset();
  sync_credentials();
  // Certificates whose certConf never came are withdrawn by expire(), which the server calls
  // every few seconds: not per request, as it walks every transaction remembered for replay.
  Bytes response = server_.handle(request_der, now);
  persist(request_der, response, now);
  return response;
}

void StoredCmpServer::expire(Instant now) {
  reference_.reset();
  signer_.reset();
  if (server_.expire_transactions(now, kTransactionIdleSeconds) == 0) return;
  std::vector<std::string> candidates;
  for (const auto& [id, issued] : unconfirmed_) candidates.push_back(issued.first);
  record_fresh_revocations(candidates, now);
}

void StoredCmpServer::persist(ByteView request, ByteView response, Instant now) {
  // Which certificates this request may have revoked: an rr's (any: the whole store is looked
  // at), or the one its transaction issued (a certConf or error rejecting it); expire() looks at
  // those of expired transactions. Nothing else revokes (pki/cmp_revocation,
  // pki/cmp_confirmation).
  std::vector<std::string> candidates;
  bool any = false;
  try {
    const CmpMessageInfo asked = peek_cmp_message(request);
    const std::string id = to_hex(asked.transaction_id);
    any = asked.body == static_cast<int>(CmpBody::rr);
    if (auto it = unconfirmed_.find(id); it != unconfirmed_.end()) {
      candidates.push_back(it->second.first);
      if (asked.body == static_cast<int>(CmpBody::cert_conf) ||
          asked.body == static_cast<int>(CmpBody::error)) {
        unconfirmed_.erase(it);
      }
    }
  } catch (const DecodeError&) {
    // Refused undecoded: it changed nothing.
  }
  try {
    CmpMessageInfo info = peek_cmp_message(response);
    const bool issuance = info.body == static_cast<int>(CmpBody::ip) ||
                          info.body == static_cast<int>(CmpBody::cp) ||
                          info.body == static_cast<int>(CmpBody::kup);
    if (issuance && info.status && (*info.status == 0 || *info.status == 1) && info.certificate) {
      const Certificate issued = Certificate::from_der(*info.certificate);
      store_.record_issued(issued, now, reference_, reference_ ? std::nullopt : signer_);
      unconfirmed_[to_hex(info.transaction_id)] = {serial_key(issued.serial_hex()), now};
    }
  } catch (const DecodeError&) {
    // Our own responses always decode; nothing to record otherwise.
  }
  if (reference_) {
    auto it = credentials_.find(*reference_);
    if (it != credentials_.end()) {
      StoredCredential& c = it->second;
      if (c.one_use && !c.used && !(c.expires && now >= *c.expires) &&
          !server_.credential_usable(c.reference, now)) {
        store_.mark_credential_used(c.reference, now);
        c.used = true;
        c.used_at = now;
      }
    }
  }
  if (any) {
    for (const IssuedRecord& r : store_.issued()) candidates.push_back(serial_key(r.serial_hex));
  }
  record_fresh_revocations(candidates, now);
  // Forget transactions the server has forgotten too (no certConf within the wait).
  std::erase_if(unconfirmed_, [&](const auto& entry) {
    return now.seconds() - entry.second.second.seconds() > 2 * kTransactionIdleSeconds;
  });
}

void StoredCmpServer::record_fresh_revocations(const std::vector<std::string>& candidates,
                                               Instant now) {
  std::vector<std::string> fresh;
  for (const std::string& serial : candidates) {
    if (store_.issuing_ca().is_revoked(serial) && !store_.is_recorded_revoked(serial)) {
      fresh.push_back(serial);
    }
  }
  if (fresh.empty()) return;
  // The CA tells revocation times and reasons only through a CRL (this one is not published;
  // CaStore::make_crl numbers the published ones from crl.json).
  std::map<std::string, RevokedEntry> entries;
  for (const RevokedEntry& e : store_.issuing_ca().crl(now, 86400).revoked()) {
    entries[serial_key(e.serial_hex)] = e;
  }
  for (const std::string& serial : fresh) {
    auto it = entries.find(serial);
    if (it != entries.end()) {
      store_.record_revocation(serial, it->second.revoked_at, it->second.reason);
    } else {
      store_.record_revocation(serial, now, RevocationReason::unspecified);
    }
  }
  std::erase_if(unconfirmed_,
                [&](const auto& entry) { return store_.is_recorded_revoked(entry.second.first); });
}

}  // namespace ifa026::pki

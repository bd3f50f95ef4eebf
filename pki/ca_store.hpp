// A CA directory on disk for the real-world `ifa026 ca` program: root -> intermediate -> issuing
// CA keys and certificates, registered initial credentials, issued certificates, revocations and
// the CRL number, and a CmpServer whose issuances, revocations and used credentials persist there.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "pki/bytes.hpp"
#include "pki/certificate.hpp"
#include "pki/certificate_authority.hpp"
#include "pki/cmp_server.hpp"
#include "pki/crl.hpp"
#include "pki/key.hpp"
#include "pki/names.hpp"

namespace ifa026::pki {

// The directory does not exist or holds no CA created by CaStore::create.
class NotACaDirectory : public PkiError {
 public:
  using PkiError::PkiError;
};

struct StoredCredential {
  std::string reference;
  Bytes secret;
  // The identity the credential is for: a request must ask for this subject (or none) and for
  // exactly these subjectAltNames (or none: the CA then issues with them). A credential without a
  // subject (written by an older version) is refused.
  std::optional<DistinguishedName> subject;
  SubjectAltName san;  // dNSNames and IP addresses
  bool one_use = true;
  bool used = false;
  std::optional<Instant> used_at;
  std::optional<Instant> expires;  // refused at or after this instant
  Instant registered;
  // A registration authority's credential (`ca register --ra`): a certificate issued on it may
  // request certificates for other end entities (cr, p10cr; under `ra_domains` when any are
  // given) and revoke any certificate this CA issued (docs/ca-serve.md, "Registration
  // authorities").
  bool ra = false;
  std::vector<std::string> ra_domains;  // DNS domains the RA may request names in; empty: any
};

struct IssuedRecord {
  std::string serial_hex;
  std::string subject;  // RFC 4514 (pki::to_rfc4514), as are signer_subject and the files' names
  Instant not_before;
  Instant not_after;
  Instant issued_at;
  // Who asked: the initial credential (PBM-protected request), or the certificate that signed
  // the request (its subject and serial).
  std::optional<std::string> reference;
  std::optional<std::string> signer_subject;
  std::optional<std::string> signer_serial;
  std::string file;  // relative to the directory: issued/SERIAL.crt
};

struct RevocationRecord {
  std::string serial_hex;
  Instant revoked_at;
  RevocationReason reason = RevocationReason::unspecified;
};

struct CaStoreOptions {
  std::string name = "ifa026";  // CN prefix: "<name> Root CA", ...
  std::string organization = "ifa026";
  KeyType key_type = KeyType::ec_p256;
  std::int64_t root_validity_seconds = 20LL * 365 * 86400;
  std::int64_t intermediate_validity_seconds = 10LL * 365 * 86400;
  std::int64_t issuing_validity_seconds = 5LL * 365 * 86400;
};

// Files in the directory:
//   ca.json (marker and format version), root.crt, root.key, intermediate.crt, intermediate.key,
//   ca.crt + ca.key (the issuing CA), chain.pem (issuing, intermediate, root),
//   credentials.json, issued.json + issued/SERIAL.crt (DER), revoked.json, crl.json, .lock,
//   journal.log and serve.lock (while or after `ca serve` runs).
// credentials.json and issued.json write names in RFC 4514 ("dn_form": "rfc4514"; a file without
// that key, from an earlier version, holds them in certificate order and is still read).
// Keys and credentials.json are 0600, everything else 0644.
//
// The state is read once (open) and kept in memory. credentials.json, issued.json and
// revoked.json are snapshots, each written whole to a temporary file, fsynced and renamed over
// the old one, under an flock on .lock, so `ca register` may run while `ca serve` does. A
// serving store (start_serving) also appends every change to journal.log (pki/ca_journal), and
// commit() makes the changes made so far durable: the journal lines fdatasynced first, then the
// changed snapshots rewritten; open() applies the journal over the snapshots, so a change is
// never lost once commit() returned, whatever the process did next (kill -9 included). A serving
// store writes fresh synced snapshots and empties the journal when it starts and stops.
// Not thread-safe, except commit(), last_change() and refresh_credentials(), which may run on
// another thread than the changes (the group commit of `ca serve`, docs/ca-serve.md).
class CaStore {
 public:
  // Creates the hierarchy in `dir` (created if missing; refused if it already holds a CA).
  // `now` is the wall-clock time: this is the real-world CA program, not the simulator, so its
  // certificates are valid from the current time (less a minute of clock-skew tolerance).
  static CaStore create(const std::filesystem::path& dir, Instant now,
                        const CaStoreOptions& options = {});
  // Loads a directory made by create() (its snapshots, then its journal); throws NotACaDirectory
  // if it is not one. The issuing CA gets back every stored revocation.
  static CaStore open(const std::filesystem::path& dir);
  static bool is_ca_directory(const std::filesystem::path& dir);
  CaStore(CaStore&&) noexcept;
  CaStore& operator=(CaStore&&) noexcept;
  ~CaStore();

  const std::filesystem::path& dir() const { return dir_; }
  CertificateAuthority& issuing_ca() { return issuing_; }
  const Certificate& root() const { return root_; }
  const Certificate& intermediate() const { return intermediate_; }
  // Certificates above the issuing CA, nearest first (intermediate, root).
  std::vector<Certificate> chain_above_issuing() const { return {intermediate_, root_}; }

  // Throws PkiError if a reference is already registered or empty, or a secret is empty; writes
  // credentials.json at once (merged with what another process registered meanwhile).
  void register_credential(const StoredCredential& credential);
  void register_credentials(const std::vector<StoredCredential>& credentials);
  std::vector<StoredCredential> credentials() const;
  std::optional<StoredCredential> credential(const std::string& reference) const;
  // Re-reads credentials.json if another process changed it since this store last read or wrote
  // it (a stat() otherwise), keeping what this store knows of use; true if it did.
  bool refresh_credentials();
  void mark_credential_used(const std::string& reference, Instant when);

  // `reference` or `signer` names who asked (see IssuedRecord).
  void record_issued(const Certificate& certificate, Instant when,
                     const std::optional<std::string>& reference,
                     const std::optional<Certificate>& signer = std::nullopt);
  // The stored certificate of an issued serial (hex, any case or leading zeros), if any.
  std::optional<Certificate> issued_certificate(const std::string& serial_hex) const;
  std::optional<IssuedRecord> issued_record(const std::string& serial_hex) const;
  void record_revocation(const std::string& serial_hex, Instant when, RevocationReason reason);
  bool is_recorded_revoked(const std::string& serial_hex) const;
  std::vector<IssuedRecord> issued() const;
  std::vector<RevocationRecord> revocations() const;
  bool is_issued(const std::string& serial_hex) const;

  // A CRL of the issuing CA listing every stored revocation, numbered one past the last CRL
  // this directory produced (the number persists in crl.json).
  Crl make_crl(Instant this_update, std::int64_t next_update_seconds);

  // Makes this the directory's one serving store: takes DIR/serve.lock (PkiError if another
  // process holds it), writes synced snapshots of everything (a torn journal tail dropped, the
  // certificate files of journalled issuances rewritten) and empties the journal. From then on
  // changes are journalled and need commit(). Returns how many torn bytes open() dropped.
  std::uint64_t start_serving();
  // The number of the last change made (each record_*, mark_credential_used counts one).
  std::uint64_t last_change() const;
  // Makes every change made so far durable (see above) and returns the last one's number.
  // Without start_serving, record_* and mark_credential_used commit by themselves.
  std::uint64_t commit();
  // commit(), then synced snapshots and an empty journal, and serve.lock released.
  void stop_serving();

 private:
  struct State;
  CaStore(std::filesystem::path dir, Certificate root, Certificate intermediate,
          CertificateAuthority issuing);
  void changed(std::string journal_line);

  std::filesystem::path dir_;
  Certificate root_;
  Certificate intermediate_;
  CertificateAuthority issuing_;
  std::unique_ptr<State> state_;
};

// The CMP responder of a CaStore: a CmpServer with the store's credentials, a certificate chain
// up to the root (the root also as caPubs in ip), that writes every issuance, revocation and
// consumed one-use credential to the store, so a restarted server remembers them. A credential
// registered in the store by another process is picked up at the next request. Not
// thread-safe: callers serialise handle() and expire(), and commit the store before answering.
//
// Policy (who may ask for what; docs/ca-serve.md): a requester is an end entity and may ask
// only for its own identity (pki/entity_identity). With an initial credential (PBM) that is the
// registered subject and subjectAltNames: anything else is refused with badCertTemplate. Signed
// with a certificate of this CA (ir, cr, p10cr, kur) it is that certificate's subject and
// subjectAltNames: anything else is refused with notAuthorized. An rr may revoke the signing
// certificate or another certificate of this CA issued for the same identity (notAuthorized
// otherwise). The exception is a registration authority: a certificate issued on an RA
// credential (StoredCredential::ra) may ask with cr or p10cr for any identity that names a
// subject and a subjectAltName (each dNSName inside the RA's domains, when it has any), and may
// revoke any certificate this CA issued.
class StoredCmpServer {
 public:
  explicit StoredCmpServer(CaStore& store, CertificateProfile profile = {});
  Bytes handle(ByteView request_der, Instant now);
  // Withdraws (revokes, and records) certificates whose certConf has not come within the
  // confirmation wait (CmpServer::expire_transactions); a server calls it every few seconds.
  void expire(Instant now);
  CmpServer& server() { return server_; }

 private:
  void sync_credentials();
  void persist(ByteView request, ByteView response, Instant now);
  void record_fresh_revocations(const std::vector<std::string>& candidates, Instant now);

  CaStore& store_;
  CmpServer server_;
  std::map<std::string, StoredCredential> credentials_;  // by reference, as the store has them
  std::set<std::string> registered_;                     // references registered with server_
  // Issuances not confirmed yet, by transactionID (hex): the serial, and when. A certConf or
  // error ends the transaction (and may withdraw the certificate), or the wait expires.
  std::map<std::string, std::pair<std::string, Instant>> unconfirmed_;
  std::optional<CmpRefusal> policy(const CmpRequestInfo& info);
  // The RA credential `signer` was issued on, if it was issued on one.
  std::optional<StoredCredential> ra_credential_of(const Certificate& signer);
  std::optional<CmpRefusal> ra_policy(const CmpRequestInfo& info, const StoredCredential& ra);

  std::optional<std::string> reference_;  // the credential the current request used
  std::optional<Certificate> signer_;     // the certificate that signed it
};

}  // namespace ifa026::pki

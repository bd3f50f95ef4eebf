// A private key held elsewhere (an HSM): a PrivateKey whose EVP_PKEY belongs to an in-process
// OpenSSL 3 provider ("ifa026-remote", loaded into a library context of its own) that knows the
// public half and hands every signature to the signer the caller installed on this thread
// (RemoteSignerScope). OpenSSL code that signs with such a key (a TLS 1.3 CertificateVerify in
// pki::TlsChannel, PrivateKey::sign) gets the signer's bytes as if they were its own.
//
//   PrivateKey key = remote_private_key(public_key, "hsm-1/key-1");
//   RemoteSignerScope scope(signer);   // signer(label, message) -> signature or nullopt
//   Bytes signature = key.sign(data);  // asks signer("hsm-1/key-1", data)
//
// What is signed: the whole message, as PrivateKey::sign does it (ECDSA over SHA-256 for P-256,
// SHA-384 for P-384): the provider implements the one-shot digest-sign call OpenSSL's libssl
// makes (EVP_DigestSign with the TLS 1.3 content to sign: 64 spaces, the context string, a zero
// byte and the transcript hash) and the streaming one, and hands the signer the message, never a
// digest; it accepts only the digest the key type's signer uses (SHA-256 for P-256, SHA-384 for
// P-384), which is the one TLS 1.3 pairs with each curve. EC keys only (P-256, P-384): TLS 1.3
// needs RSA-PSS for RSA keys, which PrivateKey::sign does not make, and Ed25519 is not wired.
//
// The key's private half is nowhere in this process: to_der()/to_pem() fail, the provider exports
// public parameters only, so OpenSSL can compare the key with a certificate's
// (SSL_check_private_key) but never copies it into another provider. A signer that refuses
// (nullopt, or no signer installed) makes the signing operation fail, with "remote signer" and
// the label in OpenSSL's error queue.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "pki/bytes.hpp"
#include "pki/key.hpp"

namespace ifa026::pki {

// Signs `message` with the remote key `label`; nullopt when it cannot.
using RemoteSignFunction =
    std::function<std::optional<Bytes>(const std::string& label, ByteView message)>;

// A key whose public half is `public_key` (EC P-256 or P-384) and whose signatures come from the
// signer installed when one is needed, asked with `label` (e.g. the HSM's key handle). Throws
// PkiError for another key type or an empty label.
PrivateKey remote_private_key(const PublicKey& public_key, const std::string& label);

// The label of a remote key; nullopt for an ordinary one.
std::optional<std::string> remote_key_label(const PrivateKey& key);

// Installs `signer` for remote keys on this thread until destroyed (the previous one is
// restored). `signer` must outlive the scope.
class RemoteSignerScope {
 public:
  explicit RemoteSignerScope(const RemoteSignFunction& signer);
  ~RemoteSignerScope();
  RemoteSignerScope(const RemoteSignerScope&) = delete;
  RemoteSignerScope& operator=(const RemoteSignerScope&) = delete;

 private:
  const RemoteSignFunction* previous_;
};

}  // namespace ifa026::pki

// CMPv2 client sessions on OSSL_CMP_CTX with a transfer callback into a caller transport (or HTTP)
// and simulated-time verification; requests are plain RFC 4210/4211 messages.
#include "pki/cmp_client.hpp"
#include "pki/openssl_codec.hpp"
#include "pki/openssl_ownership.hpp"

#include <openssl/asn1.h>
#include <openssl/cmp.h>
#include <openssl/crmf.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include <memory>
#include <utility>

namespace ifa026::pki {

namespace {

using namespace ossl;  // NOLINT(google-build-using-namespace): internal helpers

using CtxPtr = Owned<OSSL_CMP_CTX, OSSL_CMP_CTX_free>;
using MsgPtr = Owned<OSSL_CMP_MSG, OSSL_CMP_MSG_free>;

Certificate from_x509(X509* x) {
  unsigned char* out = nullptr;
  int n = i2d_X509(x, &out);
  if (n <= 0) throw_pki_error("i2d_X509");
  OpenSslBytes owned(out);
  return Certificate::from_der(ByteView(out, static_cast<std::size_t>(n)));
}

std::vector<Certificate> from_stack(STACK_OF(X509) * stack) {
  CertificateStackPtr owned(stack);
  std::vector<Certificate> out;
  for (int i = 0; stack != nullptr && i < sk_X509_num(stack); ++i) {
    out.push_back(from_x509(sk_X509_value(stack, i)));
  }
  return out;
}

NamePtr cmp_x509_name(const DistinguishedName& dn) {
  NamePtr name(X509_NAME_new());
  if (!name) throw_pki_error("X509_NAME_new");
  for (const auto& [type, value] : dn.attributes) {
    if (X509_NAME_add_entry_by_txt(name.get(), type.c_str(), MBSTRING_UTF8,
                                   reinterpret_cast<const unsigned char*>(value.c_str()), -1, -1,
                                   0) != 1) {
      throw_pki_error("X509_NAME_add_entry_by_txt " + type);
    }
  }
  return name;
}

StorePtr make_store(const std::vector<Certificate>& anchors, Instant now) {
  StorePtr store(X509_STORE_new());
  if (!store) throw_pki_error("X509_STORE_new");
  for (const Certificate& c : anchors) {
    X509Ptr x = certificate_x509(c);
    if (X509_STORE_add_cert(store.get(), x.get()) != 1) throw_pki_error("X509_STORE_add_cert");
  }
  X509_VERIFY_PARAM* param = X509_STORE_get0_param(store.get());
  X509_VERIFY_PARAM_set_flags(param, X509_V_FLAG_PARTIAL_CHAIN);
  X509_VERIFY_PARAM_set_time(param, static_cast<time_t>(now.seconds()));
  return store;
}

void check(int rc, const char* what) {
  if (rc != 1) throw_pki_error(what);
}

}  // namespace

struct CmpClient::Operation {
  int type = OSSL_CMP_IR;  // OSSL_CMP_IR/CR/P10CR/KUR, or -1 for rr
  std::optional<std::string> reference;
  Bytes secret;
  const Certificate* cert = nullptr;
  const PrivateKey* key = nullptr;
  const PrivateKey* new_key = nullptr;
  std::optional<DistinguishedName> subject;
  SubjectAltName san;
  std::optional<Csr> p10;
  const Certificate* old_cert = nullptr;
  int revocation_reason = -1;
  // Transfer state.
  CmpClient* client = nullptr;
  std::string transport_error;
  X509_STORE* trusted = nullptr;      // owned by the OpenSSL context
  X509_STORE* out_trusted = nullptr;  // owned by run()
};

// Runs the transport for one message; never lets an exception into OpenSSL's frames.
struct CmpClientTransfer {
  static OSSL_CMP_MSG* send(CmpClient::Operation& op, const OSSL_CMP_MSG* req) {
    unsigned char* out = nullptr;
    int n = i2d_OSSL_CMP_MSG(req, &out);
    if (n <= 0) return nullptr;
    OpenSslBytes owned(out);
    Bytes request(out, out + n);
    op.client->sent_.push_back(request);
    Bytes reply;
    try {
      reply = op.client->config_.transport(request);
    } catch (const std::exception& e) {
      op.transport_error = std::string("transport: ") + e.what();
      return nullptr;
    } catch (...) {
      op.transport_error = "transport: unknown exception";
      return nullptr;
    }
    ERR_clear_error();  // the queue belongs to this message from here on
    if (const auto& clock = op.client->config_.clock) {
      // Verify this reply (and, for the final one, the new certificate) at the clock's time.
      const auto seconds = static_cast<time_t>(clock().seconds());
      for (X509_STORE* store : {op.trusted, op.out_trusted})
        if (store != nullptr) X509_VERIFY_PARAM_set_time(X509_STORE_get0_param(store), seconds);
    }
    if (reply.empty()) {
      op.transport_error = "transport: no reply";
      return nullptr;
    }
    const unsigned char* p = reply.data();
    OSSL_CMP_MSG* rsp = d2i_OSSL_CMP_MSG(nullptr, &p, static_cast<long>(reply.size()));
    if (rsp == nullptr) op.transport_error = "transport: reply is not a CMP message";
    return rsp;
  }

  static OSSL_CMP_MSG* callback(OSSL_CMP_CTX* ctx, const OSSL_CMP_MSG* req) {
    auto* op = static_cast<CmpClient::Operation*>(OSSL_CMP_CTX_get_transfer_cb_arg(ctx));
    return op == nullptr ? nullptr : send(*op, req);
  }
};

CmpClient::CmpClient(CmpClientConfig config) : config_(std::move(config)) {}

CmpResult CmpClient::run(Operation& op, Instant now) {
  ERR_clear_error();
  sent_.clear();
  op.client = this;
  CmpResult result;
  CtxPtr ctx(OSSL_CMP_CTX_new(nullptr, nullptr));
  if (!ctx) throw_pki_error("OSSL_CMP_CTX_new");
  OSSL_CMP_CTX* c = ctx.get();
  check(OSSL_CMP_CTX_set_log_cb(c, &silent_cmp_log), "OSSL_CMP_CTX_set_log_cb");
  check(OSSL_CMP_CTX_set_option(c, OSSL_CMP_OPT_MSG_TIMEOUT, 0), "MSG_TIMEOUT");
  check(OSSL_CMP_CTX_set_option(c, OSSL_CMP_OPT_TOTAL_TIMEOUT, 0), "TOTAL_TIMEOUT");
  // CA certificates usually lack digitalSignature; they still protect CMP responses.
  check(OSSL_CMP_CTX_set_option(c, OSSL_CMP_OPT_IGNORE_KEYUSAGE, 1), "IGNORE_KEYUSAGE");
  check(OSSL_CMP_CTX_set_option(c, OSSL_CMP_OPT_IMPLICIT_CONFIRM, config_.implicit_confirm),
        "IMPLICIT_CONFIRM");

  StorePtr trusted = make_store(config_.trust_anchors, now);
  check(OSSL_CMP_CTX_set0_trustedStore(c, trusted.get()), "OSSL_CMP_CTX_set0_trustedStore");
  op.trusted = trusted.release();
  // The new certificate is checked against the same anchors (OSSL_CMP_certConf_cb).
  StorePtr out_trusted;
  if (!config_.trust_anchors.empty() && op.type >= 0) {
    out_trusted = make_store(config_.trust_anchors, now);
    check(OSSL_CMP_CTX_set_certConf_cb(c, &OSSL_CMP_certConf_cb), "set_certConf_cb");
    check(OSSL_CMP_CTX_set_certConf_cb_arg(c, out_trusted.get()), "set_certConf_cb_arg");
    op.out_trusted = out_trusted.get();
  }
  if (!config_.untrusted.empty()) {
    CertificateStackPtr stack(sk_X509_new_null());
    for (const Certificate& u : config_.untrusted) {
      X509Ptr x = certificate_x509(u);
      if (!stack || sk_X509_push(stack.get(), x.get()) <= 0) throw_pki_error("sk_X509_push");
      x.release();
    }
    check(OSSL_CMP_CTX_set1_untrusted(c, stack.get()), "OSSL_CMP_CTX_set1_untrusted");
  }
  if (config_.server_cert) {
    X509Ptr x = certificate_x509(*config_.server_cert);
    check(OSSL_CMP_CTX_set1_srvCert(c, x.get()), "OSSL_CMP_CTX_set1_srvCert");
  }
  if (config_.transport) {
    check(OSSL_CMP_CTX_set_transfer_cb(c, &CmpClientTransfer::callback), "set_transfer_cb");
    check(OSSL_CMP_CTX_set_transfer_cb_arg(c, &op), "OSSL_CMP_CTX_set_transfer_cb_arg");
  } else {
    check(OSSL_CMP_CTX_set1_server(c, config_.http_server.c_str()), "set1_server");
    check(OSSL_CMP_CTX_set_serverPort(c, config_.http_port), "set_serverPort");
    check(OSSL_CMP_CTX_set1_serverPath(c, config_.http_path.c_str()), "set1_serverPath");
    check(OSSL_CMP_CTX_set_option(c, OSSL_CMP_OPT_MSG_TIMEOUT, config_.http_timeout_seconds),
          "MSG_TIMEOUT");
    check(OSSL_CMP_CTX_set_option(c, OSSL_CMP_OPT_TOTAL_TIMEOUT, 3 * config_.http_timeout_seconds),
          "TOTAL_TIMEOUT");
  }

  // Protection.
  if (op.reference) {
    check(OSSL_CMP_CTX_set1_referenceValue(
              c, reinterpret_cast<const unsigned char*>(op.reference->data()),
              static_cast<int>(op.reference->size())),
          "set1_referenceValue");
    check(OSSL_CMP_CTX_set1_secretValue(c, op.secret.data(), static_cast<int>(op.secret.size())),
          "set1_secretValue");
  } else {
    X509Ptr x = certificate_x509(*op.cert);
    check(OSSL_CMP_CTX_set1_cert(c, x.get()), "OSSL_CMP_CTX_set1_cert");
    check(OSSL_CMP_CTX_set1_pkey(c, op.key->native()), "OSSL_CMP_CTX_set1_pkey");
  }

  // Request content.
  if (op.new_key != nullptr) {
    EVP_PKEY* pkey = op.new_key->native();
    if (EVP_PKEY_up_ref(pkey) != 1) throw_pki_error("EVP_PKEY_up_ref");
    if (OSSL_CMP_CTX_set0_newPkey(c, 1, pkey) != 1) {
      EVP_PKEY_free(pkey);
      throw_pki_error("OSSL_CMP_CTX_set0_newPkey");
    }
  }
  if (op.old_cert != nullptr) {
    X509Ptr x = certificate_x509(*op.old_cert);
    check(OSSL_CMP_CTX_set1_oldCert(c, x.get()), "OSSL_CMP_CTX_set1_oldCert");
  }
  if (op.subject) {
    NamePtr name = cmp_x509_name(*op.subject);
    check(OSSL_CMP_CTX_set1_subjectName(c, name.get()), "set1_subjectName");
  }
  auto push_san = [&](int type, const std::string& value) {
    GeneralNamePtr gn(a2i_GENERAL_NAME(nullptr, nullptr, nullptr, type, value.c_str(), 0));
    if (!gn) throw_pki_error("subjectAltName " + value);
    check(OSSL_CMP_CTX_push1_subjectAltName(c, gn.get()), "push1_subjectAltName");
  };
  for (const std::string& d : op.san.dns) push_san(GEN_DNS, d);
  for (const std::string& i : op.san.ip) push_san(GEN_IPADD, i);
  for (const std::string& u : op.san.uri) push_san(GEN_URI, u);
  if (op.p10) {
    const unsigned char* p = op.p10->der().data();
    ReqPtr req(d2i_X509_REQ(nullptr, &p, static_cast<long>(op.p10->der().size())));
    if (!req) throw_pki_error("d2i_X509_REQ");
    check(OSSL_CMP_CTX_set1_p10CSR(c, req.get()), "OSSL_CMP_CTX_set1_p10CSR");
  }
  if (op.new_key != nullptr && op.type >= 0 && op.type != OSSL_CMP_P10CR &&
      !config_.extended_key_usage.empty()) {
    ExtKeyUsagePtr eku(sk_ASN1_OBJECT_new_null());
    if (!eku) throw_pki_error("extendedKeyUsage");
    for (ExtendedKeyUsage usage : config_.extended_key_usage) {
      ObjectPtr object(OBJ_nid2obj(ossl::extended_key_usage_nid(usage)));
      if (!object || sk_ASN1_OBJECT_push(eku.get(), object.get()) <= 0) {
        throw_pki_error("extendedKeyUsage");
      }
      object.release();
    }
    ExtensionStackPtr extensions(sk_X509_EXTENSION_new_null());
    ExtensionPtr extension(X509V3_EXT_i2d(NID_ext_key_usage, 0, eku.get()));
    if (!extensions || !extension ||
        sk_X509_EXTENSION_push(extensions.get(), extension.get()) <= 0) {
      throw_pki_error("extendedKeyUsage extension");
    }
    extension.release();
    check(OSSL_CMP_CTX_set0_reqExtensions(c, extensions.get()), "set0_reqExtensions");
    extensions.release();
  }
  if (op.type < 0) {
    check(OSSL_CMP_CTX_set_option(c, OSSL_CMP_OPT_REVOCATION_REASON, op.revocation_reason),
          "REVOCATION_REASON");
  }

  ERR_clear_error();
  bool done = false;
  if (op.type < 0) {
    done = OSSL_CMP_exec_RR_ses(c) == 1;
  } else {
    done = OSSL_CMP_exec_certreq(c, op.type, nullptr) != nullptr;
  }
  std::string errors = take_openssl_errors();

  result.status = OSSL_CMP_CTX_get_status(c);
  int fail_info = OSSL_CMP_CTX_get_failInfoCode(c);
  result.fail_info = fail_info > 0 ? static_cast<std::uint32_t>(fail_info) : 0;
  char buffer[1024];
  if (result.status >= 0 && OSSL_CMP_CTX_snprint_PKIStatus(c, buffer, sizeof buffer) != nullptr) {
    result.status_text = buffer;
  }
  ERR_clear_error();
  if (done && op.type >= 0) {
    if (X509* cert = OSSL_CMP_CTX_get0_newCert(c)) result.certificate = from_x509(cert);
    result.chain = from_stack(OSSL_CMP_CTX_get1_newChain(c));
    if (result.chain.empty()) result.chain = from_stack(OSSL_CMP_CTX_get1_extraCertsIn(c));
    result.ca_pubs = from_stack(OSSL_CMP_CTX_get1_caPubs(c));
    if (!result.certificate) done = false;
    result.certificate_verified = done && op.out_trusted != nullptr;
  }
  if (!done) {
    std::string text = errors;
    if (!op.transport_error.empty()) text = op.transport_error + (text.empty() ? "" : "; " + text);
    result.error = text.empty() ? "CMP operation failed" : text;
  } else if (result.status < 0) {
    result.status = 0;
  }
  ERR_clear_error();
  return result;
}

CmpResult CmpClient::enrol_ir(const std::string& reference, ByteView secret,
                              const PrivateKey& new_key, const DistinguishedName& subject,
                              const SubjectAltName& san, Instant now) {
  Operation op;
  op.type = OSSL_CMP_IR;
  op.reference = reference;
  op.secret.assign(secret.begin(), secret.end());
  op.new_key = &new_key;
  op.subject = subject;
  op.san = san;
  return run(op, now);
}

CmpResult CmpClient::enrol_ir_signed(const Certificate& client_cert, const PrivateKey& client_key,
                                     const PrivateKey& new_key, const DistinguishedName& subject,
                                     const SubjectAltName& san, Instant now) {
  Operation op;
  op.type = OSSL_CMP_IR;
  op.cert = &client_cert;
  op.key = &client_key;
  op.new_key = &new_key;
  op.subject = subject;
  op.san = san;
  return run(op, now);
}

CmpResult CmpClient::enrol_cr(const Certificate& client_cert, const PrivateKey& client_key,
                              const PrivateKey& new_key, const DistinguishedName& subject,
                              const SubjectAltName& san, Instant now) {
  Operation op;
  op.type = OSSL_CMP_CR;
  op.cert = &client_cert;
  op.key = &client_key;
  op.new_key = &new_key;
  op.subject = subject;
  op.san = san;
  return run(op, now);
}

CmpResult CmpClient::enrol_p10cr(const Csr& csr, const Certificate& client_cert,
                                 const PrivateKey& client_key, Instant now) {
  Operation op;
  op.type = OSSL_CMP_P10CR;
  op.cert = &client_cert;
  op.key = &client_key;
  op.p10 = csr;
  return run(op, now);
}

CmpResult CmpClient::enrol_p10cr_pbm(const std::string& reference, ByteView secret, const Csr& csr,
                                     Instant now) {
  Operation op;
  op.type = OSSL_CMP_P10CR;
  op.reference = reference;
  op.secret.assign(secret.begin(), secret.end());
  op.p10 = csr;
  return run(op, now);
}

CmpResult CmpClient::renew_kur(const Certificate& old_cert, const PrivateKey& old_key,
                               const PrivateKey& new_key, Instant now) {
  Operation op;
  op.type = OSSL_CMP_KUR;
  op.cert = &old_cert;
  op.key = &old_key;
  op.old_cert = &old_cert;
  op.new_key = &new_key;
  return run(op, now);
}

CmpResult CmpClient::revoke_rr(const Certificate& cert, const PrivateKey& key,
                               RevocationReason reason, Instant now) {
  Operation op;
  op.type = -1;
  op.cert = &cert;
  op.key = &key;
  op.old_cert = &cert;
  op.revocation_reason = static_cast<int>(reason);
  return run(op, now);
}

CmpResult CmpClient::revoke_rr_for(const Certificate& target, const Certificate& signer_cert,
                                   const PrivateKey& signer_key, RevocationReason reason,
                                   Instant now) {
  Operation op;
  op.type = -1;
  op.cert = &signer_cert;
  op.key = &signer_key;
  op.old_cert = &target;
  op.revocation_reason = static_cast<int>(reason);
  return run(op, now);
}

}  // namespace ifa026::pki

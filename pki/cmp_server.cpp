// The CMP server's entry point (see cmp_server.hpp): decoding a request (DER only), answering
// what cannot be a transaction step with the CA's own error message, finding or opening its
// transaction, checking its protection, letting OpenSSL process it, and keeping or ending the
// transaction by the answer.
#include "pki/cmp_server.hpp"

#include <openssl/cmp.h>
#include <openssl/err.h>
#include <openssl/x509_vfy.h>

#include <algorithm>
#include <utility>

#include "pki/cmp_confirmation.hpp"
#include "pki/cmp_error_message.hpp"
#include "pki/cmp_message_parts.hpp"
#include "pki/cmp_protection.hpp"
#include "pki/cmp_transaction.hpp"
#include "pki/openssl_codec.hpp"

namespace ifa026::pki {

namespace {

using namespace ossl;  // NOLINT(google-build-using-namespace): internal helpers

using MsgPtr = Owned<OSSL_CMP_MSG, OSSL_CMP_MSG_free>;

// The bodies that open a transaction (the others continue one).
bool is_request_body(int body) {
  switch (static_cast<CmpBody>(body)) {
    case CmpBody::ir:
    case CmpBody::cr:
    case CmpBody::p10cr:
    case CmpBody::kur:
    case CmpBody::rr:
    case CmpBody::genm:
      return true;
    default:
      return false;
  }
}

// The request decoded by OpenSSL, when it is DER: what OpenSSL re-encodes (and so protects)
// must be what arrived.
MsgPtr decode_request(ByteView request_der) {
  if (request_der.empty()) return nullptr;
  const unsigned char* p = request_der.data();
  MsgPtr request(d2i_OSSL_CMP_MSG(nullptr, &p, static_cast<long>(request_der.size())));
  if (!request || p != request_der.data() + request_der.size()) return nullptr;
  unsigned char* again = nullptr;
  const int n = i2d_OSSL_CMP_MSG(request.get(), &again);
  OpenSslBytes owned(again);
  if (n <= 0 || static_cast<std::size_t>(n) != request_der.size() ||
      !std::equal(request_der.begin(), request_der.end(), again)) {
    return nullptr;
  }
  return request;
}

}  // namespace

std::string_view to_string(CmpWithdrawalReason reason) {
  switch (reason) {
    case CmpWithdrawalReason::rejected_by_holder:
      return "rejected by the holder in its certConf";
    case CmpWithdrawalReason::hash_mismatch:
      return "certConf for another certificate";
    case CmpWithdrawalReason::client_error:
      return "error message from the client";
    case CmpWithdrawalReason::refused_request:
      return "a later request of the transaction was refused";
    case CmpWithdrawalReason::not_confirmed:
      return "unconfirmed: no certConf within the confirmation wait";
    case CmpWithdrawalReason::superseded:
      return "unconfirmed: superseded by a new transaction under the same credential";
    case CmpWithdrawalReason::ca_rekeyed:
      return "unconfirmed when the CA was re-keyed";
  }
  return "unconfirmed";
}

CmpServer::CmpServer(CertificateAuthority& ca, CmpServerConfig config)
    : ca_(&ca),
      config_(std::move(config)),
      transactions_(CmpTransactionStore::Limits{
          config_.replay_window_seconds, config_.max_remembered_transactions,
          config_.retransmission_window_seconds, config_.max_retransmission_answers}) {
  for (const Certificate& c : config_.chain) {
    if (!(c.subject() == c.issuer())) signer_chain_.push_back(c);
  }
  responder_.reset(new CmpResponder{*ca_, config_, signer_chain_, credentials_, authorise,
                                    on_withdrawn, on_credential_spent});
}

std::size_t CmpServer::rekey(CertificateAuthority& ca, Instant now) {
  // An idle time of zero ends every open transaction; they withdraw with the old CA.
  const std::size_t ended = transactions_.expire(now, 0, [now](CmpTransaction& t) {
    t.now = now;
    withdraw_unconfirmed(t, CmpWithdrawalReason::ca_rekeyed);
  });
  ca_ = &ca;
  responder_.reset(new CmpResponder{*ca_, config_, signer_chain_, credentials_, authorise,
                                    on_withdrawn, on_credential_spent});
  return ended;
}

CmpServer::~CmpServer() = default;

void CmpServer::register_initial_credential(std::string reference, Bytes secret,
                                            InitialCredentialLimits limits) {
  credentials_.add(std::move(reference), std::move(secret), std::move(limits));
}

bool CmpServer::credential_usable(const std::string& reference, Instant now) const {
  return credentials_.usable(reference, now);
}

std::size_t CmpServer::expire_transactions(Instant now) {
  return expire_transactions(now, config_.confirm_wait_seconds);
}

std::size_t CmpServer::expire_transactions(Instant now, std::int64_t idle_seconds) {
  return transactions_.expire(now, idle_seconds, [now](CmpTransaction& t) {
    // An issued but never confirmed certificate is withdrawn (RFC 4210 §5.3.18).
    t.now = now;
    withdraw_unconfirmed(t, CmpWithdrawalReason::not_confirmed);
  });
}

void CmpServer::end_open(const std::string& key, Instant now, CmpWithdrawalReason why) {
  CmpTransaction* t = transactions_.find(key);
  if (t == nullptr) return;
  t->now = now;
  withdraw_unconfirmed(*t, why);
  transactions_.remember_closed(key, now, t->last_request_hash, {});
  transactions_.close(key);
}

Bytes CmpServer::handle(ByteView request_der, Instant now) {
  ERR_clear_error();
  last_was_retransmission_ = false;
  try {
    Bytes out = handle_impl(request_der, now);
    ERR_clear_error();
    return out;
  } catch (const std::exception& e) {
    ERR_clear_error();
    try {
      return build_cmp_error(*ca_, signer_chain_, CmpErrorContext{}, CmpFailure::system_failure,
                             e.what(), now);
    } catch (const std::exception&) {
      ERR_clear_error();
      return {};
    }
  }
}

Bytes CmpServer::handle_impl(ByteView request_der, Instant now) {
  MsgPtr req = decode_request(request_der);
  const std::optional<CmpMessageParts> parts =
      req ? read_cmp_message_parts(request_der) : std::nullopt;
  if (!parts) {
    std::string why = "undecodable CMP message: " + take_openssl_errors();
    return build_cmp_error(*ca_, signer_chain_, CmpErrorContext{}, CmpFailure::bad_data_format, why,
                           now);
  }
  const CmpMessageParts& m = *parts;
  const CmpErrorContext ectx{Bytes(m.sender.begin(), m.sender.end()), m.transaction_id,
                             m.sender_nonce};
  auto fail = [&](CmpFailure f, const std::string& text) {
    ERR_clear_error();
    return build_cmp_error(*ca_, signer_chain_, ectx, f, text, now);
  };
  if (!m.transaction_id || m.transaction_id->empty()) {
    return fail(CmpFailure::bad_request, "missing transactionID");
  }
  const int body = OSSL_CMP_MSG_get_bodytype(req.get());
  const std::string key = to_hex(*m.transaction_id);
  const Bytes request_hash = sha256(request_der);
  std::unique_ptr<CmpTransaction> fresh;
  CmpTransaction* t = transactions_.find(key);
  if (t != nullptr && t->last_request_hash == request_hash) {
    // A retransmission (its answer was lost, or the network duplicated it): the same answer,
    // nothing else (RFC 4210 §5.1.1: same transactionID and nonces).
    last_was_retransmission_ = true;
    return t->last_response;
  }
  if (t == nullptr) {
    if (const auto ended = transactions_.ended(key, request_hash, now)) {
      if (ended->answer != nullptr) {
        last_was_retransmission_ = true;
        return *ended->answer;
      }
      const std::string age =
          std::to_string((now.unix_ns - ended->ended.unix_ns) / kNanosPerSecond);
      if (ended->identical) {
        return fail(
            is_request_body(body) ? CmpFailure::transaction_id_in_use : CmpFailure::bad_request,
            "replayed request: byte-identical to the last message of a transaction that "
            "ended " +
                age + " s ago (its answer is repeated only within " +
                std::to_string(config_.retransmission_window_seconds) +
                " s of a transaction's end)");
      }
      return fail(
          is_request_body(body) ? CmpFailure::transaction_id_in_use : CmpFailure::bad_request,
          "replayed or reused transactionID: its transaction ended " + age + " s ago");
    }
  }
  if (is_request_body(body)) {
    if (t != nullptr) {
      return fail(CmpFailure::transaction_id_in_use,
                  "transactionID in use by an open transaction (not a retransmission of its last "
                  "request)");
    }
    fresh = open_cmp_transaction(*responder_, key, static_cast<CmpBody>(body));
    t = fresh.get();
  } else if (t == nullptr) {
    return fail(CmpFailure::bad_request, "no open transaction with this transactionID");
  }
  t->now = now;
  t->request_der.assign(request_der.begin(), request_der.end());
  OSSL_CMP_CTX* ctx = t->cmp_context();
  X509_VERIFY_PARAM_set_time(X509_STORE_get0_param(OSSL_CMP_CTX_get0_trustedStore(ctx)),
                             static_cast<time_t>(now.seconds()));

  // A failure before OpenSSL processes the request ends the transaction it belongs to.
  auto refuse = [&](CmpFailure f, const std::string& text) {
    Bytes answer = fail(f, text);
    if (!fresh) {
      t->now = now;
      withdraw_unconfirmed(*t, CmpWithdrawalReason::refused_request);
      transactions_.close(key);
    }
    transactions_.remember_closed(key, now, request_hash, answer);
    return answer;
  };

  if (auto refusal = check_request_protection(*t, fresh != nullptr, m, req.get(), now)) {
    return refuse(refusal->failure, refusal->text);
  }
  // A new transaction under a one-use credential another open transaction reserved (its ip was
  // lost, its client gave up and started afresh): the newer one supersedes it, whose certificate
  // is withdrawn. Only a holder of the secret gets here (the MAC verified).
  if (fresh && t->reference) {
    if (auto holder = credentials_.reserved_by(*t->reference); holder && *holder != key)
      end_open(*holder, now, CmpWithdrawalReason::superseded);
  }
  ERR_clear_error();
  MsgPtr rsp(OSSL_CMP_SRV_process_request(t->srv.get(), req.get()));
  if (!rsp) return refuse(CmpFailure::system_failure, "no response: " + take_openssl_errors());
  unsigned char* out = nullptr;
  int n = i2d_OSSL_CMP_MSG(rsp.get(), &out);
  if (n <= 0) return refuse(CmpFailure::system_failure, "cannot encode the response");
  OpenSslBytes owned(out);
  Bytes response(out, out + n);
  t->last_activity = now;

  const CmpMessageInfo info = peek_cmp_message(response);
  const bool issuance = info.body == static_cast<int>(CmpBody::ip) ||
                        info.body == static_cast<int>(CmpBody::cp) ||
                        info.body == static_cast<int>(CmpBody::kup);
  const bool awaiting_conf = issuance && t->issued && !t->finished &&
                             OSSL_CMP_CTX_get_option(ctx, OSSL_CMP_OPT_IMPLICIT_CONFIRM) != 1;
  if (issuance && t->issued && t->reference) {
    // The one-use credential is only reserved until the certConf (or spent now, the certificate
    // being confirmed implicitly).
    if (awaiting_conf) {
      credentials_.reserve(*t->reference, key);
    } else if (!t->finished && credentials_.spend(*t->reference)) {
      tell_credential_spent(*responder_, *t->reference, now);
    }
  }
  if (issuance && !awaiting_conf && !t->finished) t->issued.reset();  // implicitly confirmed
  if (awaiting_conf) {
    t->last_request_hash = request_hash;
    t->last_response = response;
    if (fresh) transactions_.open(std::move(fresh));
  } else {
    if (info.body == static_cast<int>(CmpBody::error))
      withdraw_unconfirmed(*t, CmpWithdrawalReason::refused_request);
    if (!fresh) transactions_.close(key);  // `t` is gone
    transactions_.remember_closed(key, now, request_hash, response);
  }
  ERR_clear_error();
  return response;
}

}  // namespace ifa026::pki

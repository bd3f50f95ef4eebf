// The delegate VNFM's HSM key maker (see hsm_key_maker.hpp).
#include "actors/vnfm/hsm_key_maker.hpp"

#include <utility>

#include "actors/common/envelope.hpp"
#include "actors/common/key_custody.hpp"
#include "actors/common/trace_detail.hpp"
#include "actors/messages/codec.hpp"
#include "actors/messages/decisions.hpp"
#include "actors/messages/delegation_vocabulary.hpp"
#include "actors/messages/detail_keys.hpp"
#include "actors/messages/operations.hpp"
#include "actors/messages/reference_points.hpp"
#include "pki/csr.hpp"

namespace ifa026::actors::vnfm {

namespace dk = detail_keys;
namespace dv = detail_values;
namespace m = messages;

namespace {

constexpr const char* kTimer = "hsm-key-timeout";

TraceDetail identity_detail(const DelegatedKeyRequest& r) {
  TraceDetail detail;
  detail.add(dk::kVnfci, r.vnfci)
      .add(dk::kIdentity, r.identity)
      .add(dk::kCertificateType, r.certificate_type);
  return detail;
}

}  // namespace

HsmKeyMaker::HsmKeyMaker(ManoEntityHost& host, std::string hsm, sim::Duration timeout)
    : host_(host), hsm_(std::move(hsm)), timeout_(timeout), pending_(host.actor_context(), kTimer) {
  auto& handlers = host_.extension_plain_handlers();
  handlers.on<m::GenerateKeyPairResponse>(
      [this](const m::GenerateKeyPairResponse& r, const sim::Message& from) {
        on_key_pair(r, from);
      });
  handlers.on<m::KeyAttestationResponse>(
      [this](const m::KeyAttestationResponse& r, const sim::Message& from) {
        on_attestation(r, from);
      });
  handlers.on<m::SignCsrResponse>(
      [this](const m::SignCsrResponse& r, const sim::Message& from) { on_signed_csr(r, from); });
  handlers.on<m::DeleteKeyResponse>(
      [this](const m::DeleteKeyResponse& r, const sim::Message& from) { on_deleted(r, from); });
}

void HsmKeyMaker::make(const DelegatedKeyRequest& request, std::function<void(DelegatedKey)> done) {
  Pending pending;
  pending.request = request;
  pending.done = std::move(done);
  if (!pki::key_type_from_string(request.key_type)) {
    fail(pending, "unknown key type \"" + request.key_type + "\"");
    return;
  }
  next(std::move(pending), Stage::generate);
}

void HsmKeyMaker::delete_key(const std::string& handle, const std::string& reason,
                             const std::string& step) {
  Pending pending;
  pending.handle = handle;
  pending.reason = reason;
  pending.request.step = step;
  next(std::move(pending), Stage::remove);
}

void HsmKeyMaker::next(Pending pending, Stage stage) {
  pending.stage = stage;
  pending_.start(
      std::move(pending), {.timeout = timeout_},
      [this](std::uint64_t id, const Pending& p, int) { send(id, p); },
      [this](std::uint64_t, Pending p) {
        host_.guard().run(
            {.operation = kTimer,
             .peer = hsm_,
             .reference_point = reference_points::kHsmIf,
             .step = p.request.step},
            [&] {
              if (p.stage == Stage::remove) {
                host_.tracer()({.operation = decisions::kDeleteKey,
                                .outcome = outcomes::kFailed,
                                .peer = hsm_,
                                .reference_point = reference_points::kHsmIf,
                                .step = p.request.step,
                                .detail = TraceDetail()
                                              .add(dk::kHandle, p.handle)
                                              .add(dk::kReason, "no answer from the HSM " + hsm_)});
                return;
              }
              fail(p, "no answer from the HSM " + hsm_);
            });
      });
}

void HsmKeyMaker::send(std::uint64_t id, const Pending& p) {
  const m::HsmRequestContext context{id};
  const DelegatedKeyRequest& r = p.request;
  Envelope envelope;
  switch (p.stage) {
    case Stage::generate: {
      m::GenerateKeyPairRequest request;
      request.key_type = r.key_type;
      request.identity = r.identity;
      request.context = context;
      request.release_to = r.vnfci;
      envelope = m::to_envelope(request, r.step);
      break;
    }
    case Stage::attest: {
      m::KeyAttestationRequest request;
      request.handle = p.handle;
      request.nonce = pki::from_hex(r.attestation_nonce.value_or("")).value_or(pki::Bytes{});
      request.context = context;
      envelope = m::to_envelope(request, r.step);
      break;
    }
    case Stage::sign: {
      m::SignCsrRequest request;
      request.handle = p.handle;
      request.subject = r.subject;
      request.dns = r.dns;
      request.key_attestation = p.statement;
      request.context = context;
      envelope = m::to_envelope(request, r.step);
      break;
    }
    case Stage::remove: {
      envelope = m::to_envelope(
          m::DeleteKeyRequest{.handle = p.handle, .reason = p.reason, .context = context}, r.step);
      break;
    }
  }
  host_.send_envelope(hsm_, reference_points::kHsmIf, envelope);
}

std::optional<HsmKeyMaker::Pending> HsmKeyMaker::take(
    const sim::Message& from, const char* operation,
    const std::optional<m::HsmRequestContext>& context) {
  auto ignored = [&](const std::string& reason) {
    host_.tracer()({.operation = operation,
                    .outcome = outcomes::kRejected,
                    .peer = from.from,
                    .reference_point = reference_points::kHsmIf,
                    .step = from.step,
                    .detail = TraceDetail().add(dk::kReason, reason)});
    return std::nullopt;
  };
  if (from.from != hsm_) return ignored("not from the VNFM's HSM " + hsm_);
  if (!context) return ignored("unexpected HSM response");
  auto reply = pending_.reply(context->request);
  if (reply.match != ReplyMatch::answer)
    return ignored(std::string(to_string(reply.match)) + " HSM response");
  return std::move(reply.pending);
}

void HsmKeyMaker::fail(Pending& p, const std::string& reason) {
  TraceDetail detail = identity_detail(p.request);
  detail.add(dk::kKeyIn, dv::kInHsm).add(dk::kReason, reason);
  if (!p.handle.empty()) detail.add(dk::kHandle, p.handle);
  host_.tracer()({.operation = decisions::kGenerateKey,
                  .outcome = outcomes::kFailed,
                  .peer = hsm_,
                  .reference_point = reference_points::kHsmIf,
                  .step = p.request.step,
                  .detail = detail});
  if (!p.done) return;
  DelegatedKey key;
  key.reason = "HSM: " + reason;
  key.hsm_handle = p.handle.empty() ? std::nullopt : std::optional<std::string>(p.handle);
  auto done = std::move(p.done);
  done(std::move(key));
}

void HsmKeyMaker::on_key_pair(const m::GenerateKeyPairResponse& response,
                              const sim::Message& from) {
  auto p = take(from, operations::kGenerateKeyPairResponse, response.context);
  if (!p) return;
  if (response.status != "ok") return fail(*p, response.reason.value_or("error"));
  if (!response.handle || response.handle->empty() || !response.public_key)
    return fail(*p, "no handle or public key");
  p->handle = *response.handle;
  try {
    p->public_key = pki::PublicKey::from_der(*response.public_key);
  } catch (const pki::DecodeError&) {
    return fail(*p, "public key does not decode");
  }
  TraceDetail detail = identity_detail(p->request);
  detail.add(dk::kKeyType, p->request.key_type)
      .add(dk::kKeyIn, dv::kInHsm)
      .add(dk::kIn, dv::kInHsm)
      .add(dk::kHandle, p->handle)
      .add(dk::kReleaseTo, p->request.vnfci)
      .add(dk::kKeyFingerprint, key_fingerprint(*p->public_key));
  host_.tracer()({.operation = decisions::kGenerateKey,
                  .outcome = outcomes::kOk,
                  .peer = hsm_,
                  .step = p->request.step,
                  .detail = detail});
  const bool attest = p->request.attestation_nonce && !p->request.attestation_nonce->empty();
  next(std::move(*p), attest ? Stage::attest : Stage::sign);
}

void HsmKeyMaker::on_attestation(const m::KeyAttestationResponse& response,
                                 const sim::Message& from) {
  auto p = take(from, operations::kKeyAttestationResponse, response.context);
  if (!p) return;
  if (response.status != "ok") return fail(*p, response.reason.value_or("error"));
  if (!response.statement) return fail(*p, "no attestation statement");
  p->statement = *response.statement;
  next(std::move(*p), Stage::sign);
}

void HsmKeyMaker::on_signed_csr(const m::SignCsrResponse& response, const sim::Message& from) {
  auto p = take(from, operations::kSignCsrResponse, response.context);
  if (!p) return;
  if (response.status != "ok") return fail(*p, response.reason.value_or("error"));
  if (!response.csr) return fail(*p, "no csr");
  try {
    const pki::Csr csr = pki::Csr::from_der(*response.csr);
    if (!(csr.public_key() == *p->public_key)) return fail(*p, "CSR is not for the generated key");
  } catch (const pki::DecodeError&) {
    return fail(*p, "CSR does not decode");
  }
  DelegatedKey key;
  key.ok = true;
  key.csr = *response.csr;
  key.hsm_handle = p->handle;
  key.key_attestation = p->statement;
  key.key_fp = key_fingerprint(*p->public_key);
  auto done = std::move(p->done);
  if (done) done(std::move(key));
}

void HsmKeyMaker::on_deleted(const m::DeleteKeyResponse& response, const sim::Message& from) {
  auto p = take(from, operations::kDeleteKeyResponse, response.context);
  if (!p || response.status == "ok") return;
  host_.tracer()({.operation = decisions::kDeleteKey,
                  .outcome = outcomes::kRejected,
                  .peer = hsm_,
                  .reference_point = reference_points::kHsmIf,
                  .step = p->request.step,
                  .detail = TraceDetail()
                                .add(dk::kHandle, p->handle)
                                .add(dk::kReason, response.reason.value_or("error"))});
}

}  // namespace ifa026::actors::vnfm

// The delegate VNFM's software key maker (see software_key_maker.hpp).
#include "actors/vnfm/software_key_maker.hpp"

#include <exception>
#include <utility>

#include "actors/common/key_custody.hpp"
#include "actors/common/trace_detail.hpp"
#include "actors/messages/decisions.hpp"
#include "actors/messages/delegation_vocabulary.hpp"
#include "actors/messages/detail_keys.hpp"
#include "pki/csr.hpp"
#include "pki/drbg.hpp"
#include "pki/names.hpp"

namespace ifa026::actors::vnfm {
namespace {

namespace dk = detail_keys;

// Every delegated identity authenticates either end of its TLS sessions: the OAM identity serves
// Ve-Vnfm-vnf, VNFCI identities may be client or server.
const std::vector<pki::ExtendedKeyUsage> kDelegatedKeyUsages{pki::ExtendedKeyUsage::client_auth,
                                                             pki::ExtendedKeyUsage::server_auth};

}  // namespace

void SoftwareKeyMaker::make(const DelegatedKeyRequest& request,
                            std::function<void(DelegatedKey)> done) {
  DelegatedKey out;
  try {
    const pki::PrivateKey key = pki::PrivateKey::generate(key_type_);
    pki::CsrContent content;
    content.subject = pki::DistinguishedName::parse(request.subject);
    content.san.dns = request.dns;
    content.extended_key_usage = kDelegatedKeyUsages;
    out.csr = pki::Csr::create(content, key).der();
    out.private_key = key.to_der();
    out.key_fp = key_fingerprint(key);
    out.ok = true;
    tracer_({.operation = decisions::kGenerateKey,
             .outcome = outcomes::kOk,
             .step = request.step,
             .detail = TraceDetail()
                           .add(dk::kVnfci, request.vnfci)
                           .add(dk::kIdentity, request.identity)
                           .add(dk::kCertificateType, request.certificate_type)
                           .add(dk::kKeyType, std::string(pki::to_string(key_type_)))
                           .add(dk::kKeyIn, "vnfm")
                           .add(dk::kDrbg, pki::private_key_drbg())
                           .add(dk::kKeyFingerprint, out.key_fp)});
    trace_key_custody(tracer_, {.outcome = outcomes::kGenerated,
                                .key_fp = out.key_fp,
                                .vnfci = request.vnfci,
                                .identity = request.identity,
                                .step = request.step,
                                .certificate_type = request.certificate_type});
  } catch (const std::exception& e) {
    out = DelegatedKey{};
    out.reason = std::string("key or CSR not made: ") + e.what();
    tracer_({.operation = decisions::kGenerateKey,
             .outcome = outcomes::kFailed,
             .step = request.step,
             .detail = TraceDetail()
                           .add(dk::kVnfci, request.vnfci)
                           .add(dk::kIdentity, request.identity)
                           .add(dk::kCertificateType, request.certificate_type)
                           .add(dk::kReason, out.reason)});
  }
  done(std::move(out));
}

}  // namespace ifa026::actors::vnfm

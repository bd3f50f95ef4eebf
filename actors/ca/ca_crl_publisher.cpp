// The CA's CRL publication (see ca_crl_publisher.hpp).
#include "actors/ca/ca_crl_publisher.hpp"

#include <exception>

#include "actors/common/envelope.hpp"
#include "actors/common/internal_error.hpp"
#include "actors/common/operations.hpp"
#include "actors/common/pki_clock.hpp"
#include "actors/common/reference_points.hpp"
#include "actors/common/trace_detail.hpp"
#include "sim/trace.hpp"

namespace ifa026::actors::ca {

CaCrlPublisher::CaCrlPublisher(CaState& state) : CaPart(state) {}

void CaCrlPublisher::publish_crl() {
  queue_.submit(settings_.crl_time, "BuildCrl", [this] {
    try {
      const pki::Crl crl = issuing_->crl(pki_now(context()), settings_.crl_next_update_seconds);
      sim::TraceRecord r;
      r.kind = sim::RecordKind::decision;
      r.reference_point = reference_points::kCrlDp;
      r.operation = "PublishCrl";
      r.outcome = "ok";
      r.detail =
          TraceDetail()
              .add("number", static_cast<long long>(crl.number()))
              .add("entries", static_cast<long long>(crl.revoked().size()))
              .add("next_update", sim::format_utc(sim::UtcInstant{crl.next_update().unix_ns}));
      context().trace(std::move(r));
      Envelope envelope;
      envelope.operation = operations::kCrlPublication;
      set_bytes(envelope.body, "crl", crl.der());
      const pki::Bytes payload = encode_envelope(envelope);
      for (const auto& subscriber : settings_.crl_subscribers) {
        sim::Message message;
        message.to = subscriber;
        message.reference_point = reference_points::kCrlDp;
        message.operation = envelope.operation;
        message.payload = payload;
        context().send(std::move(message));
      }
    } catch (const std::exception& e) {
      context().trace(internal_error_record("PublishCrl", "", "",
                                            std::string("cannot build the CRL: ") + e.what(),
                                            reference_points::kCrlDp));
    }
  });
}

}  // namespace ifa026::actors::ca

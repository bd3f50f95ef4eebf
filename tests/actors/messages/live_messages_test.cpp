// The typed messages against what the real actors send: shipped scenarios run with every actor
// wrapped so that each message it receives is kept; every plain (not TLS-protected) envelope is
// decoded into its struct and encoded again, and the bytes must be the ones that travelled. TLS
// application data is encrypted, so the channel messages are covered by the hand-written bodies
// of mano_messages_test.cpp and direct_mode_messages_test.cpp instead.
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "actors/builtin_actors.hpp"
#include "actors/common/envelope.hpp"
#include "actors/messages/all_messages.hpp"
#include "sim/scenario.hpp"
#include "sim/simulation.hpp"

namespace ifa026::actors::messages {
namespace {

// What the wrapped actors received.
struct Tap {
  std::vector<sim::Message> messages;
};

// A registered actor type, with every message it receives copied to the tap first.
class TappedActor final : public sim::Actor {
 public:
  TappedActor(sim::ActorContext& context, std::unique_ptr<sim::Actor> inner, Tap& tap)
      : Actor(context), inner_(std::move(inner)), tap_(tap) {}
  void on_start() override { inner_->on_start(); }
  void on_message(const sim::Message& message) override {
    tap_.messages.push_back(message);
    inner_->on_message(message);
  }
  void on_command(const sim::Command& command) override { inner_->on_command(command); }

 private:
  std::unique_ptr<sim::Actor> inner_;
  Tap& tap_;
};

sim::ActorRegistry tapped_registry(Tap& tap) {
  const sim::ActorRegistry builtin = builtin_registry();
  sim::ActorRegistry tapped;
  for (const auto& name : builtin.type_names()) {
    sim::ActorType type = *builtin.find(name);
    auto create = type.create;
    type.create = [create, &tap](sim::ActorContext& context, const sim::ActorSpec& spec) {
      return std::unique_ptr<sim::Actor>(
          std::make_unique<TappedActor>(context, create(context, spec), tap));
    };
    tapped.add(name, std::move(type));
  }
  return tapped;
}

// Checks one envelope as M; true when M is the struct for its operation.
template <class M>
bool check_as(const Envelope& envelope, const pki::Bytes& payload, std::set<std::string>& seen) {
  if constexpr (FixedOperationMessage<M>) {
    if (envelope.operation != M::kOperation) return false;
  } else {
    if (!M::accepts(envelope.operation)) return false;
  }
  auto decoded = from_envelope<M>(envelope);
  EXPECT_TRUE(decoded.ok()) << envelope.operation << ": " << decoded.failure().text();
  if (!decoded.ok()) return true;
  Envelope again;
  if constexpr (FixedOperationMessage<M>)
    again = to_envelope(*decoded, envelope.step);
  else
    again = to_envelope(envelope.operation, *decoded, envelope.step);
  EXPECT_EQ(encode_envelope(again), payload) << envelope.operation << " is not byte-identical";
  seen.insert(envelope.operation);
  return true;
}

template <class... M>
bool check_any(MessageList<M...>, const Envelope& envelope, const pki::Bytes& payload,
               std::set<std::string>& seen) {
  return (check_as<M>(envelope, payload, seen) || ...);
}

// Runs `relative` (under scenarios/) and checks every plain envelope; the operations checked.
std::set<std::string> check_scenario(const std::string& relative) {
  Tap tap;
  const sim::ActorRegistry registry = tapped_registry(tap);
  auto load =
      sim::load_scenario_file(std::string(IFA026_SOURCE_DIR) + "/scenarios/" + relative, registry);
  for (const auto& d : load.errors) ADD_FAILURE() << sim::format_diagnostic(d);
  if (!load.scenario) return {};
  sim::Simulation simulation(*load.scenario, registry);
  simulation.run();
  std::set<std::string> seen;
  for (const auto& message : tap.messages) {
    auto envelope = decode_envelope(message.payload);
    if (!envelope) continue;  // a TLS record
    if (!check_any(AllMessages{}, *envelope, message.payload, seen) &&
        !check_any(FamilyMessages{}, *envelope, message.payload, seen))
      ADD_FAILURE() << "no message struct for plain operation " << envelope->operation;
  }
  return seen;
}

TEST(LiveMessages, HsmIfAndCa1OfAManoEntityWithAnHsm) {
  const auto seen = check_scenario("annex-c/C.4.1.2.7.json");
  for (const char* op :
       {"GenerateKeyPairRequest", "GenerateKeyPairResponse", "KeyAttestationRequest",
        "KeyAttestationResponse", "SignCsrRequest", "SignCsrResponse", "SignDataRequest",
        "SignDataResponse", "HsmVendorRoot", "ir", "ip", "p10cr", "cp", "certConf", "pkiConf"})
    EXPECT_TRUE(seen.count(op)) << op << " was not checked";
}

TEST(LiveMessages, DirectModeWithAttestationAndHsm) {
  const auto seen = check_scenario("annex-c/C.2.1.3.json");
  for (const char* op : {"RegisterEndEntityRequest", "RegisterEndEntityResponse", "HardwareRoot",
                         "AttestationChallengeRequest", "AttestationChallengeResponse",
                         "AttestationEvidenceRequest", "AttestationEvidenceResponse", "kur", "kup"})
    EXPECT_TRUE(seen.count(op)) << op << " was not checked";
}

TEST(LiveMessages, CrlPublicationAndRevocation) {
  const auto seen = check_scenario("annex-c/mano-wide-lifecycle.json");
  for (const char* op : {"CrlPublication", "rr", "rp"})
    EXPECT_TRUE(seen.count(op)) << op << " was not checked";
}

}  // namespace
}  // namespace ifa026::actors::messages

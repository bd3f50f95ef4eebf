// The NFV actor base (see nfv_actor.hpp).
#include "actors/toolkit/nfv_actor.hpp"

#include "actors/messages/decisions.hpp"

namespace ifa026::actors {

NfvActor::NfvActor(sim::ActorContext& context, const sim::ActorSpec& spec)
    : Actor(context), tracer_(context), guard_(tracer_) {
  auto fault = spec.params.find("throw_in_handler");
  if (fault != spec.params.end() && fault->is_string()) guard_.set_fault(fault->get<std::string>());
}

void NfvActor::on_start() {
  guard_.run({.operation = "start"}, [&] { start(); });
}

void NfvActor::on_message(const sim::Message& message) {
  guard_.run({.operation = message.operation,
              .peer = message.from,
              .reference_point = message.reference_point,
              .step = message.step},
             [&] { receive(message); });
}

void NfvActor::on_command(const sim::Command& command) {
  guard_.run({.operation = command.name}, [&] { this->command(command); });
}

void NfvActor::on_child_ended(const std::string& name, const std::string& reason) {
  guard_.run({.operation = decisions::kChildEnded, .peer = name},
             [&] { child_ended(name, reason); });
}

void NfvActor::on_finish() {
  guard_.run({.operation = "finish"}, [&] { finish(); });
}

void NfvActor::command(const sim::Command& command) {
  Actor::on_command(command);
}

sim::EventId NfvActor::schedule(sim::Duration delay, std::string label,
                                std::function<void()> callback) {
  HandlerSite site{.operation = label};
  return context().schedule(delay, std::move(label),
                            [this, site = std::move(site), callback = std::move(callback)] {
                              guard_.run(site, callback);
                            });
}

void NfvActor::send_envelope(const std::string& to, const std::string& reference_point,
                             const Envelope& envelope) {
  context().post(envelope_message(to, reference_point, envelope));
}

}  // namespace ifa026::actors

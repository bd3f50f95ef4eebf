// The OSS's NS lifecycle requests and what it hears of them (docs/lifecycle.md).
#include "actors/oss/ns_requests.hpp"

#include <utility>

#include "actors/common/trace_detail.hpp"
#include "actors/messages/codec.hpp"
#include "actors/messages/decisions.hpp"
#include "actors/messages/detail_keys.hpp"
#include "actors/messages/lcm_vocabulary.hpp"
#include "actors/messages/reference_points.hpp"
#include "actors/messages/sc_mano.hpp"

namespace ifa026::actors::oss {
namespace {

using nlohmann::json;
namespace dk = detail_keys;
namespace rp = reference_points;

// Resent until answered: 2 s, then twice as long each time, six attempts in all.
const RetryPolicy kRetry{.timeout = sim::Duration::seconds(2), .retries = 5};

std::string lower(std::string text) {
  for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

}  // namespace

NsRequests::NsRequests(ActorToolkit toolkit, sim::ActorContext& context, SecureChannels& channels,
                       std::string nfvo, std::function<std::string()> next_request_id)
    : ActorPiece(toolkit),
      channels_(channels),
      nfvo_(std::move(nfvo)),
      next_request_id_(std::move(next_request_id)),
      requests_(context, "NsLcmRequestTimeout"),
      answers_(toolkit.guard) {
  namespace m = messages;
  auto answer = [this](const auto& r, const ChannelMessage& from) {
    on_answer(from, static_cast<const m::NsLcmAcknowledgement&>(r));
  };
  answers_.on<m::InstantiateNsResponse>(answer);
  answers_.on<m::ScaleNsResponse>(answer);
  answers_.on<m::HealNsResponse>(answer);
  answers_.on<m::TerminateNsResponse>(answer);
  answers_.on<m::NsLcmOperationOccurrenceNotification>(
      [this](const m::NsLcmOperationOccurrenceNotification& n, const ChannelMessage& from) {
        on_notification(from, n);
      });
  // An SM had one of the OSS's VNFs terminated (R2.1.260/270): the OSS takes note, it does not
  // answer (termination never waits for it).
  answers_.on<m::VnfTerminationNotice>(
      [this](const m::VnfTerminationNotice& n, const ChannelMessage& from) {
        trace({.operation = decisions::kVnfTerminationNoticeSent,
               .outcome = outcomes::kReceived,
               .peer = from.peer.name,
               .reference_point = rp::kOsMaNfvo,
               .detail = TraceDetail()
                             .add(dk::kVnf, n.vnf_instance_id)
                             .add(dk::kOssAppId, n.oss_app_id)
                             .add(dk::kPhase, n.phase)
                             .add(dk::kReason, n.reason)});
      });
}

bool NsRequests::on_message(const ChannelMessage& m) {
  if (m.peer.name != nfvo_) return false;
  return answers_.dispatch(m.envelope, m,
                           {.operation = m.envelope.operation,
                            .peer = m.peer.name,
                            .reference_point = m.reference_point,
                            .step = m.envelope.step});
}

std::vector<CommandRule> NsRequests::command_rules() {
  const ParamRule ns{"ns", ParamType::string, "the NS instance (named by the OSS)", true};
  return {
      {"instantiate_ns",
       "ask the NFVO to create and instantiate an NS (InstantiateNsRequest)",
       {ns,
        {"vnfs", ParamType::array,
         "the VNFs: [{vnf, vnfd_id, flavour, oss_app_id, package?, vnfcs?, "
         "certificate_configuration?, vnfm?}]",
         true},
        {"oss_app_id", ParamType::string, "the OSS's application id of the NS"},
        {"nsd", ParamType::string, "a label of the NS descriptor"}}},
      {"scale_ns",
       "ask the NFVO to scale an NS (ScaleNsRequest): one VNF's VNFCs, and/or whole VNFs added "
       "and removed",
       {ns,
        {"vnf", ParamType::string, "the VNF scaled (its VNFCs); absent: none"},
        {"type", ParamType::string, "SCALE_OUT or SCALE_IN", false, "SCALE_OUT"},
        {"aspect", ParamType::string, "the VNFC scaled (needed with vnf)"},
        {"steps", ParamType::number, "VNFC instances added or removed", false, "1"},
        {"add_vnfs", ParamType::array,
         "VNFs the scale adds to the NS, as instantiate_ns lists them: [{vnf, vnfd_id, flavour, "
         "oss_app_id, trust_domain?, ...}] (R1.2.120)"},
        {"remove_vnfs", ParamType::string_list, "VNFs of the NS the scale terminates"}}},
      {"heal_ns",
       "ask the NFVO to heal one VNF of an NS (HealNsRequest)",
       {ns,
        {"vnf", ParamType::string, "the VNF", true},
        {"vnfcis", ParamType::string_list, "the VNFC instances replaced (default: every one)"},
        {"cause", ParamType::string, "why", false, "operator request"}}},
      {"terminate_ns",
       "ask the NFVO to terminate an NS and its VNFs (TerminateNsRequest)",
       {ns, {"termination_type", ParamType::string, "FORCEFUL or GRACEFUL", false, "FORCEFUL"}}},
  };
}

void NsRequests::refuse_command(const std::string& command, const std::string& ns,
                                const std::string& reason) {
  trace({.operation = decisions::kNsLcmRequest,
         .outcome = outcomes::kRejected,
         .peer = nfvo_,
         .reference_point = rp::kOsMaNfvo,
         .detail =
             TraceDetail().add(dk::kOperation, command).add(dk::kNs, ns).add(dk::kReason, reason)});
}

bool NsRequests::on_command(const sim::Command& command) {
  const json& args = command.args;
  const std::string ns = string_param(args, "ns");
  if (command.name == "instantiate_ns") {
    json body = {
        {"request_id", ""},
        {"ns", ns},
        {"oss_app_id", string_param(args, "oss_app_id", ns)},
        {"vnfs", args.is_object() && args.contains("vnfs") ? args["vnfs"] : json::array()}};
    if (auto nsd = string_param(args, "nsd"); !nsd.empty()) body["nsd"] = nsd;
    auto request = messages::from_body<messages::InstantiateNsRequest>(body);
    if (!request) {
      refuse_command(command.name, ns, "arguments: " + request.failure().text());
      return true;
    }
    send(command.name, std::move(request.value()));
    return true;
  }
  if (command.name == "scale_ns") {
    json body = {{"request_id", ""}, {"ns", ns}, {"scale_vnfs", json::array()}};
    if (args.is_object() && args.contains("add_vnfs")) body["add_vnfs"] = args["add_vnfs"];
    if (args.is_object() && args.contains("remove_vnfs")) body["remove_vnfs"] = args["remove_vnfs"];
    auto request = messages::from_body<messages::ScaleNsRequest>(body);
    if (!request) {
      refuse_command(command.name, ns, "arguments: " + request.failure().text());
      return true;
    }
    if (!string_param(args, "vnf").empty()) {
      messages::NsVnfScaling scaling;
      scaling.vnf = string_param(args, "vnf");
      scaling.type = string_param(args, "type", lcm::kScaleOut);
      scaling.aspect = string_param(args, "aspect");
      // Signed on purpose: a negative count reaches the NFVO and is refused there.
      scaling.steps = args.contains("steps") && args["steps"].is_number_integer()
                          ? args["steps"].get<long long>()
                          : 1;
      request.value().scale_vnfs.push_back(std::move(scaling));
    }
    send(command.name, std::move(request.value()));
    return true;
  }
  if (command.name == "heal_ns") {
    messages::HealNsRequest request;
    request.ns = ns;
    messages::NsVnfHealing healing;
    healing.vnf = string_param(args, "vnf");
    healing.vnfcis = string_list_param(args, "vnfcis");
    healing.cause = string_param(args, "cause", "operator request");
    request.heal_vnfs.push_back(std::move(healing));
    send(command.name, std::move(request));
    return true;
  }
  if (command.name == "terminate_ns") {
    messages::TerminateNsRequest request;
    request.ns = ns;
    if (auto type = string_param(args, "termination_type"); !type.empty())
      request.termination_type = type;
    send(command.name, std::move(request));
    return true;
  }
  return false;
}

template <class Request>
void NsRequests::send(const std::string& command, Request request) {
  if (nfvo_.empty()) return refuse_command(command, request.ns, "no NFVO configured");
  request.request_id = next_request_id_();
  const std::string request_id = request.request_id;
  const Envelope envelope = messages::to_envelope(request);
  const std::uint64_t id = requests_.start(
      Pending{command, request.ns, envelope}, kRetry,
      [this, request_id](std::uint64_t, const Pending& pending, int attempt) {
        trace({.operation = decisions::kNsLcmRequest,
               .outcome = attempt == 0 ? outcomes::kRequested : outcomes::kResent,
               .peer = nfvo_,
               .reference_point = rp::kOsMaNfvo,
               .detail = TraceDetail()
                             .add(dk::kOperation, pending.command)
                             .add(dk::kNs, pending.ns)
                             .add(dk::kRequest, request_id)
                             .add(dk::kAttempt, attempt)});
        channels_.send(nfvo_, ChannelKind::day0, rp::kOsMaNfvo, pending.envelope);
      },
      [this, request_id](std::uint64_t, Pending pending) {
        open_.erase(request_id);
        trace({.operation = decisions::kNsLcmRequest,
               .outcome = outcomes::kUnanswered,
               .peer = nfvo_,
               .reference_point = rp::kOsMaNfvo,
               .detail = TraceDetail()
                             .add(dk::kOperation, pending.command)
                             .add(dk::kNs, pending.ns)
                             .add(dk::kRequest, request_id)});
      });
  if (requests_.find(id) != nullptr) open_[request_id] = id;
}

void NsRequests::on_answer(const ChannelMessage& m, const messages::NsLcmAcknowledgement& answer) {
  auto open = open_.find(answer.request_id);
  // A request answered before, or never sent, is no longer (or not) open.
  auto reply =
      open != open_.end() ? requests_.reply(open->second) : RequestTracker<Pending>::Reply{};
  if (open != open_.end()) open_.erase(open);
  TraceDetail detail;
  detail.add(dk::kNs, answer.ns).add(dk::kRequest, answer.request_id);
  if (reply.match != ReplyMatch::answer) {
    trace({.operation = decisions::kNsLcmRequest,
           .outcome = outcomes::kIgnored,
           .peer = m.peer.name,
           .reference_point = rp::kOsMaNfvo,
           .detail = detail.add(dk::kReason, std::string(to_string(reply.match)) + " answer")});
    return;
  }
  detail.add(dk::kOperation, reply.pending->command);
  if (answer.occurrence) detail.add(dk::kOccurrence, *answer.occurrence);
  if (answer.reason) detail.add(dk::kReason, *answer.reason);
  trace(
      {.operation = decisions::kNsLcmRequest,
       .outcome = answer.status == lcm::kStatusAccepted ? outcomes::kAccepted : outcomes::kRejected,
       .peer = m.peer.name,
       .reference_point = rp::kOsMaNfvo,
       .detail = detail});
}

void NsRequests::on_notification(const ChannelMessage& m,
                                 const messages::NsLcmOperationOccurrenceNotification& n) {
  TraceDetail detail;
  detail.add(dk::kNs, n.ns)
      .add(dk::kOperation, n.operation)
      .add(dk::kState, n.state)
      .add(dk::kOccurrence, n.occurrence)
      .add(dk::kCorr, n.correlation)
      .add(dk::kVnfs, static_cast<long long>(n.affected_vnfs.size()));
  if (n.reason) detail.add(dk::kReason, *n.reason);
  trace({.operation = decisions::kNsLcmNotification,
         .outcome = lower(n.state),
         .peer = m.peer.name,
         .reference_point = rp::kOsMaNfvo,
         .detail = detail});
}

}  // namespace ifa026::actors::oss

// The VIM's and the CISM's part in delegation mode (issue 17; docs/delegation-mode.md "VIM, CISM
// and VNFCI (as built)"): the credentials an authorised VNFM hands over in its resource request
// (C.2.2.3, C.3.2.3) or, to the CISM, in an OsContainerConfigurationRequest (C.2.2.4.6, container
// variant) are put into the VNFCI over NFVI-Inject (a plain kernel message: the config drive or
// secret mount of a real NFVI), one InjectCredentialsRequest per certificate type so that each
// cites its own flow; the VNFCI's InjectCredentialsReport (or a timeout) ends the single
// installation attempt, after which the producer deletes its copy of every key (Vim.Sc.008, Q6,
// Q11) and answers the VNFM with the install result per identity. The key-custody ledger records
// received (from the VNFM, mutual), sent (to the VNFCI, nfvi-local) and deleted; the keys still
// held are written as the KeyInventory when the run ends.
//
// Fault switch (parameter `delegation_faults`): `retain_keys` keeps the keys after the attempt (no
// deleted record; they stay in the final inventory).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "actors/common/actor_params.hpp"
#include "actors/common/key_custody.hpp"
#include "actors/common/mano_entity.hpp"
#include "actors/messages/cism_si.hpp"
#include "actors/messages/nfvi_inject.hpp"
#include "actors/messages/vi_vnfm.hpp"
#include "actors/vim/resource_producer.hpp"
#include "sim/diagnostic.hpp"

namespace ifa026::actors::vim {

class CredentialInjection {
 public:
  // What ends an injection: the install result per identity (every one failed on a timeout).
  using Done = std::function<void(std::vector<messages::CredentialInstallStatus> install,
                                  const std::string& status, const std::string& reason)>;

  CredentialInjection(ManoEntityHost& host, const sim::ActorSpec& spec);
  CredentialInjection(const CredentialInjection&) = delete;
  CredentialInjection& operator=(const CredentialInjection&) = delete;

  // `delegation_faults` and `injection_timeout`, added to the producer kinds' parameters.
  static std::vector<ParamRule> param_rules();
  static void check_params(const nlohmann::json& params, std::vector<sim::Diagnostic>& out);

  // Puts `credentials` (received from `consumer` over mutual TLS on `reference_point`) into
  // `vnfci`, which runs in `resource`. `configuration`: the container configuration relay
  // (C.2.2.4.6 #0) rather than an allocation (C.2.2.3 / C.3.2.3 #1).
  void inject(const std::string& request_id, const std::string& consumer,
              const std::string& reference_point, const std::string& vnfci,
              const std::string& resource,
              const std::vector<messages::DelegatedCredential>& credentials, bool configuration,
              Done done);

  // Credentials of a request that was refused (no VNFCI to put them in): received and deleted at
  // once (unless retain_keys), so that the ledger shows every key the producer got.
  void discard(const std::string& consumer, const std::string& reference_point,
               const std::string& vnfci,
               const std::vector<messages::DelegatedCredential>& credentials,
               const std::string& reason);

  // The end of the run: the keys still held.
  void trace_final_state() { inventory_.trace_final_state(host_.tracer()); }
  const PrivateKeyInventory& inventory() const { return inventory_; }

 private:
  struct Key {
    std::string fp;
    std::string identity;
    std::string type;
    std::string step;
  };
  struct Pending {
    std::string request_id;
    std::string consumer;
    std::string vnfci;
    std::vector<std::string> identities;
    std::map<std::string, std::string> types;  // certificate type by identity
    std::vector<Key> keys;
    std::map<std::string, messages::CredentialInstallStatus> install;  // by identity
    std::vector<std::string> reasons;
    int outstanding = 0;  // reports still awaited
    bool configuration = false;
    sim::EventId timer;
    Done done;
  };

  void on_report(const messages::InjectCredentialsReport& report, const sim::Message& from);
  // KeyCustody received: the key came from the VNFM (mutual TLS).
  void trace_received(const messages::DelegatedCredential& c, const std::string& fp,
                      const std::string& vnfci, const std::string& consumer,
                      const std::string& reference_point, const std::string& step);
  void finish(const std::string& id, const std::string& why);
  // Vim.Vrm.010: the certificate the VNFCI reported holding goes on to the consumer in the answer
  // (traced ResourceCredentials forwarded), unless the fault drop_resource_credentials is on.
  void forward_resource_credentials(const Pending& p, messages::CredentialInstallStatus& status);

  ManoEntityHost& host_;
  const sim::Duration timeout_;
  const bool retain_keys_;
  const bool drop_resource_credentials_;
  PrivateKeyInventory inventory_;
  std::map<std::string, Pending> pending_;  // by the InjectCredentialsRequest's request_id
  std::uint64_t next_ = 1;
};

// The step the allocation's answer cites: C.2.2.3#3 when it carried VNFCI credentials, else (OAM
// only) C.3.2.3#3.
std::string install_answer_step(const std::vector<messages::DelegatedCredential>& credentials);

// Serves the flavour's allocation request like serve_producer_request, but an allocation that
// carries credentials is answered only once their injection ended, with the install result per
// identity in the answer's `install` (C.2.2.3 / C.3.2.3 #3).
template <class Request, class Response>
void serve_allocation_with_injection(ManoEntityHost& host, ResourceProducer& producer,
                                     CredentialInjection& injection,
                                     const std::string& reference_point) {
  host.request_handlers().on<Request>(
      [&host, &producer, &injection, reference_point](const Request& request,
                                                      const ChannelMessage& m) {
        Response answer;
        static_cast<messages::ResourceAllocationResponse&>(answer) =
            producer.allocate(request, m.peer.name);
        const bool inject = request.credentials && !request.credentials->empty() &&
                            answer.status == lcm::kStatusAllocated;
        if (!inject) {
          if (request.credentials && !request.credentials->empty())
            injection.discard(m.peer.name, reference_point, request.vnfci, *request.credentials,
                              "allocation rejected");
          host.channels().reply(m, messages::to_envelope(answer));
          return;
        }
        const std::string step = install_answer_step(*request.credentials);
        injection.inject(
            request.request_id, m.peer.name, reference_point, request.vnfci,
            answer.resource.value_or(""), *request.credentials, false,
            [&host, m, answer, step](std::vector<messages::CredentialInstallStatus> install,
                                     const std::string&, const std::string&) mutable {
              answer.install = std::move(install);
              host.channels().reply(m, messages::to_envelope(answer, step));
            });
      },
      [&host](const ChannelMessage& m, const std::string& reason) {
        Response answer;
        answer.status = lcm::kStatusRejected;
        answer.reason = reason;
        host.channels().reply(m, messages::to_envelope(answer));
      });
}

// The CISM's OsContainerConfigurationRequest (C.2.2.4.6, container variant): the credentials
// injected into the running container VNFCI of one of the VNFM's workloads, then deleted;
// answered with what the VNFCI reported.
void serve_container_configuration(ManoEntityHost& host, ResourceProducer& producer,
                                   CredentialInjection& injection);

}  // namespace ifa026::actors::vim

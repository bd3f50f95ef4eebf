// Messages of the security-enhanced NSD (sNSD; docs/security-monitoring.md "The sNSD and VSFs over
// the NS lifecycle"; Annex A R1.2.50-R1.2.80; the map's messages 16 and 18), both on Sc-Or over
// the SM's mutual-TLS session and its bound instance: an SM fetches an NSD of the NFVO's catalogue
// with its digest, and offers the NFVO the sNSD it built from it (the NSD unchanged plus a
// `security` section: zones, VSFs, connectivity), which the NFVO keeps for the NS's deployment.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "actors/messages/codec.hpp"
#include "actors/messages/monitoring_vocabulary.hpp"

namespace ifa026::actors::messages {

// SM -> NFVO: the NSD `nsd_id` of the NFVO's catalogue.
struct SmDescriptorQuery {
  static constexpr std::string_view kOperation = operations::kSmDescriptorQuery;
  std::string instance = {};
  std::string request_id = {};
  std::string nsd_id = {};
  bool operator==(const SmDescriptorQuery&) const = default;
  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("instance", self.instance);
    f("request_id", self.request_id);
    f("nsd_id", self.nsd_id);
  }
};

// NFVO -> SM: the NSD as JSON and the SHA-256 (hex) of its canonical text (nlohmann dump).
struct SmDescriptorResponse {
  static constexpr std::string_view kOperation = operations::kSmDescriptorResponse;
  std::string instance = {};
  std::string request_id = {};
  std::string status = {};  // ok, refused
  std::optional<nlohmann::json> descriptor = {};
  std::optional<std::string> digest = {};
  std::optional<std::string> reason = {};
  bool operator==(const SmDescriptorResponse&) const = default;
  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("instance", self.instance);
    f("request_id", self.request_id);
    f("status", self.status);
    f("descriptor", self.descriptor);
    f("digest", self.digest);
    f("reason", self.reason);
  }
};

// SM -> NFVO: the sNSD `snsd_id` built from `base_nsd_id`.
struct SmSnsdOnboardRequest {
  static constexpr std::string_view kOperation = operations::kSmSnsdOnboardRequest;
  std::string instance = {};
  std::string request_id = {};
  std::string snsd_id = {};
  std::string base_nsd_id = {};
  nlohmann::json snsd = {};
  bool operator==(const SmSnsdOnboardRequest&) const = default;
  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("instance", self.instance);
    f("request_id", self.request_id);
    f("snsd_id", self.snsd_id);
    f("base_nsd_id", self.base_nsd_id);
    f("snsd", self.snsd);
  }
};

struct SmSnsdOnboardResponse {
  static constexpr std::string_view kOperation = operations::kSmSnsdOnboardResponse;
  std::string instance = {};
  std::string request_id = {};
  std::string status = {};  // ok, refused
  std::optional<std::string> reason = {};
  bool operator==(const SmSnsdOnboardResponse&) const = default;
  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("instance", self.instance);
    f("request_id", self.request_id);
    f("status", self.status);
    f("reason", self.reason);
  }
};

}  // namespace ifa026::actors::messages

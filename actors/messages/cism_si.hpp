// Messages of CISM-SI for container-based VNFCs (docs/lifecycle.md; IFA 040's OS container
// workload management service interface, reduced to one workload per VNFC instance): the VNFM asks
// the CISM to create and delete the OS container workload of a VNFC instance whose VNFD says
// `deployment: container`, and the CISM tells the VNFM when one changed. The bodies are Vi-Vnfm's
// (vi_vnfm.hpp): `resource` is the workload id and `host` the CISM's node. The CISM's access list
// decides who may ask (Cism.Sc.001). Sent by the VNFM (actors/vnfm/chain_*), served by the CISM.
#pragma once

#include <string_view>

#include "actors/messages/operations.hpp"
#include "actors/messages/ve_vnfm_vnf.hpp"
#include "actors/messages/vi_vnfm.hpp"

namespace ifa026::actors::messages {

// VNFM -> CISM (C.2.2.3 #0, container variant, carries `credentials`).
struct CreateOsContainerWorkloadRequest : ResourceAllocationRequest {
  static constexpr std::string_view kOperation = operations::kCreateOsContainerWorkloadRequest;
  bool operator==(const CreateOsContainerWorkloadRequest&) const = default;
};
// CISM -> VNFM (status allocated or rejected; C.2.2.3 #3, container variant).
struct CreateOsContainerWorkloadResponse : ResourceAllocationResponse {
  static constexpr std::string_view kOperation = operations::kCreateOsContainerWorkloadResponse;
  bool operator==(const CreateOsContainerWorkloadResponse&) const = default;
};
// VNFM -> CISM, on scale in, heal (the replaced instance) and terminate.
struct DeleteOsContainerWorkloadRequest : ResourceReleaseRequest {
  static constexpr std::string_view kOperation = operations::kDeleteOsContainerWorkloadRequest;
  bool operator==(const DeleteOsContainerWorkloadRequest&) const = default;
};
// CISM -> VNFM (status released or rejected).
struct DeleteOsContainerWorkloadResponse : ResourceReleaseResponse {
  static constexpr std::string_view kOperation = operations::kDeleteOsContainerWorkloadResponse;
  bool operator==(const DeleteOsContainerWorkloadResponse&) const = default;
};
// CISM -> the VNFM that created the workload (FAULT, REMOVED; a CISM does not migrate: a workload
// on a retired node is REMOVED and the VNFM heals it elsewhere, docs/lifecycle.md D12).
struct OsContainerWorkloadChangeNotification : ResourceChangeNotification {
  static constexpr std::string_view kOperation = operations::kOsContainerWorkloadChangeNotification;
  bool operator==(const OsContainerWorkloadChangeNotification&) const = default;
};

// VNFM -> CISM: placement reserved before the grant (vi_vnfm.hpp, D12), and its release.
struct OsContainerWorkloadReservationRequest : ResourceReservationRequest {
  static constexpr std::string_view kOperation = operations::kOsContainerWorkloadReservationRequest;
  bool operator==(const OsContainerWorkloadReservationRequest&) const = default;
};
struct OsContainerWorkloadReservationResponse : ResourceReservationResponse {
  static constexpr std::string_view kOperation =
      operations::kOsContainerWorkloadReservationResponse;
  bool operator==(const OsContainerWorkloadReservationResponse&) const = default;
};
struct OsContainerWorkloadReservationReleaseRequest : ReservationReleaseRequest {
  static constexpr std::string_view kOperation =
      operations::kOsContainerWorkloadReservationReleaseRequest;
  bool operator==(const OsContainerWorkloadReservationReleaseRequest&) const = default;
};
struct OsContainerWorkloadReservationReleaseResponse : ReservationReleaseResponse {
  static constexpr std::string_view kOperation =
      operations::kOsContainerWorkloadReservationReleaseResponse;
  bool operator==(const OsContainerWorkloadReservationReleaseResponse&) const = default;
};

// VNFM -> CISM (C.2.2.4.6, container variant): credentials for a running container VNFCI, which
// the CISM puts into it over NFVI-Inject (nfvi_inject.hpp) and then deletes. Body as
// Ve-Vnfm-vnf's SetConfigurationRequest.
struct OsContainerConfigurationRequest : CredentialConfigurationRequest {
  static constexpr std::string_view kOperation = operations::kOsContainerConfigurationRequest;
  bool operator==(const OsContainerConfigurationRequest&) const = default;
};
// CISM -> VNFM: what the VNFCI reported.
struct OsContainerConfigurationResponse : CredentialConfigurationResponse {
  static constexpr std::string_view kOperation = operations::kOsContainerConfigurationResponse;
  bool operator==(const OsContainerConfigurationResponse&) const = default;
};

}  // namespace ifa026::actors::messages

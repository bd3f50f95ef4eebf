// Names on Cm-Vnfm (docs/direct-mode.md): the reference point and the operations of LCM
// notification subscriptions, notifications and VNF queries, one spelling for the VNFM and its
// tests. (Candidates for actors/common/operations.hpp and reference_points.hpp, which the CMF
// shares.)
#pragma once

namespace ifa026::actors::vnfm {

inline constexpr const char* kCmVnfm = "Cm-Vnfm";

inline constexpr const char* kLccnSubscriptionRequest = "LccnSubscriptionRequest";
inline constexpr const char* kLccnSubscriptionResponse = "LccnSubscriptionResponse";
inline constexpr const char* kVnfLcmOperationOccurrenceNotification =
    "VnfLcmOperationOccurrenceNotification";
inline constexpr const char* kQueryVnfRequest = "QueryVnfRequest";
inline constexpr const char* kQueryVnfResponse = "QueryVnfResponse";

}  // namespace ifa026::actors::vnfm

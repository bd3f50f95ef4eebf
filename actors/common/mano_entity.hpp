// The NFV-MANO entities' shared behaviour (NFVO, VNFM, VIM, WIM, CISM, CIR; Annex C.4 and
// B.2–B.7): relaying SetCertificateConfiguration towards its target, key pair generation (in the
// entity or in its HSM), CSR building and PBM-protected enrolment at the CMF, verification and
// installation of the issued certificate, renewal over mutual TLS, removal, CRL updates, mutual TLS
// session checks with peers and access control. Each entity folder describes what is its own in a
// ManoEntityKind (reference points to its relay targets, flow IDs) and registers the type built
// here. docs/mano-certificates.md is the contract.
#pragma once

#include <map>
#include <string>

#include "sim/actor_registry.hpp"

namespace ifa026::actors {

struct ManoEntityKind {
  std::string kind;         // "nfvo", "vnfm", "vim", "wim", "cism" or "cir"
  std::string description;  // one line, for `ifa026 list actor-types`
  // Reference point from this kind to a peer of another kind (relay targets, peers), e.g. for
  // the NFVO {"vnfm": "Or-Vnfm", "vim": "Or-Vi", ...}.
  std::map<std::string, std::string> reference_points;
  // Annex C flow IDs: the CSR flow ("C.4.1.2": steps C.4.1.2.6#N, with an HSM C.4.1.2.7#N);
  // empty for kinds without an Annex C flow (WIM, CISM, CIR).
  std::string csr_flow;
  // Requests from peers are checked against `access` even when the parameter is absent (WIM,
  // CISM, CIR: Wim/Cism/Cir.Sc.001). Other kinds check only when `access` is given.
  bool access_control = false;
};

// The reference point between the OSS and MANO entities it configures directly.
inline constexpr const char* kOssReferencePoint = "Os-Ma-Nfvo";

// An actor type for `kind` (description, parameter checks, factory). The actor implements
// sim::Actor and actors::CertificateHolder.
sim::ActorType mano_entity_actor_type(ManoEntityKind kind);

}  // namespace ifa026::actors

// Who is who in a scenario for the NFV-MANO certificate checks: the CMF(s), CA(s), OSS(es), HSMs
// and the MANO entities (NFVO, VNFM, VIM, WIM, CISM, CIR) with their type, read from the
// scenario's actor list; the Annex C.4 flows each entity takes part in (from the step tables of
// actors/messages/flow_steps.hpp).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sim/scenario.hpp"

namespace ifa026::conformance {

// One Annex C.4 flow: registration or CSR, for one entity type, with or without an HSM; its steps
// are the table's (actors::flows::steps_of(id)).
struct ManoFlow {
  std::string id;           // "C.4.1.2.6"
  bool registration;        // C.4.x.1
  std::string entity_type;  // "nfvo", "vnfm", "vim"
  bool hsm;                 // C.4.x.2.7
  int steps;                // the table's rows: 3 or 7
};

const std::vector<ManoFlow>& mano_flows();
const ManoFlow* find_mano_flow(const std::string& id);
// The flow an entity of `type` takes to register ("" for types without step IDs: wim, cism, cir).
std::string registration_flow(const std::string& type);
// The flow an entity of `type` takes for its CSR, with or without an HSM ("" as above).
std::string csr_flow(const std::string& type, bool hsm);
// An entity type as the specification writes it, for reasons: "vnfm" -> "VNFM".
std::string entity_type_name(const std::string& type);

class ManoRoles {
 public:
  explicit ManoRoles(const sim::Scenario& scenario);

  const std::vector<std::string>& cmfs() const { return cmfs_; }
  const std::vector<std::string>& cas() const { return cas_; }
  const std::vector<std::string>& osses() const { return osses_; }
  const std::vector<std::string>& hsms() const { return hsms_; }
  // Every MANO entity (nfvo, vnfm, vim, wim, cism, cir), scenario order.
  const std::vector<std::string>& entities() const { return entities_; }
  std::vector<std::string> entities_of(const std::string& type) const;

  bool is_cmf(const std::string& name) const;
  bool is_ca(const std::string& name) const;
  bool is_entity(const std::string& name) const;
  // The actor's type ("" when not in the scenario); a live CA (`ca-live`) is a `ca`.
  std::string type_of(const std::string& name) const;
  // The actor's params (an empty object when not in the scenario).
  const nlohmann::json& params_of(const std::string& name) const;
  // The HSM an entity uses ("" when none).
  std::string hsm_of(const std::string& entity) const;
  // The CMF's key-attestation policy ("none", "optional", "required"; the CMF's default
  // "optional" when unset).
  std::string key_attestation_policy(const std::string& cmf) const;
  // The first CMF ("" when none).
  std::string cmf() const { return cmfs_.empty() ? std::string() : cmfs_.front(); }

 private:
  const sim::Scenario& scenario_;
  std::vector<std::string> cmfs_, cas_, osses_, hsms_, entities_;
};

// True for "nfvo", "vnfm", "vim", "wim", "cism", "cir".
bool is_mano_entity_type(const std::string& type);

// The scenario's actors of one type, in file order.
std::vector<const sim::ActorSpec*> actors_of_type(const sim::Scenario& scenario,
                                                  const std::string& type);

}  // namespace ifa026::conformance

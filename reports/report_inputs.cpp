// The per-scenario inputs of the HTML report written by `ifa026 conform` (see report_inputs.hpp).
#include "reports/report_inputs.hpp"

#include "actors/common/artifact_log.hpp"
#include "actors/common/ca_hierarchy.hpp"
#include "pki/base64.hpp"
#include "reports/text_file.hpp"

namespace ifa026::reports {

nlohmann::ordered_json report_metrics_json(const RunMetrics& metrics, const RunManifest& manifest) {
  nlohmann::ordered_json doc = metrics_to_json(metrics, manifest);
  doc["series"] = {{"enrolment_latency_ns", metrics.enrolment_latency_samples()},
                   {"renewal_t_ns", metrics.renewal_times()}};
  return doc;
}

std::size_t write_ca_artifacts(const std::string& path, sim::Simulation& simulation) {
  std::string out;
  std::size_t lines = 0;
  auto line = [&](const std::string& actor, const char* kind, const char* role,
                  const std::string& serial, const pki::Bytes& der) {
    nlohmann::ordered_json entry = {{"actor", actor}, {"kind", kind}};
    if (role) entry["role"] = role;
    entry["serial"] = serial;
    entry["der"] = pki::to_base64(der);
    out += entry.dump() + "\n";
    ++lines;
  };
  for (const auto& spec : simulation.scenario().actors) {
    sim::Actor* actor = simulation.actor(spec.name);
    if (const auto* hierarchy = dynamic_cast<const actors::CaHierarchy*>(actor)) {
      const pki::Certificate root = hierarchy->root_certificate();
      line(spec.name, "certificate", "root", root.serial_hex(), root.der());
      for (const auto& issuing : hierarchy->issuing_certificates())
        line(spec.name, "certificate", "issuing", issuing.serial_hex(), issuing.der());
    }
    if (const auto* log = dynamic_cast<const actors::ArtifactLog*>(actor))
      for (const auto& artifact : log->artifacts())
        line(spec.name, artifact.kind.c_str(), nullptr, artifact.serial, artifact.der);
  }
  write_text_file(path, out);
  return lines;
}

}  // namespace ifa026::reports

// The files `ifa026 conform` writes per scenario for the HTML report (docs/reports.md "The report
// model"), beside its trace: metrics/NAME.json (the run metrics of `ifa026 run`'s metrics.json
// plus the raw series the plots need) and certificates/NAME.jsonl (every CA certificate, issued
// certificate and published CRL of the run, as DER in base64).
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>

#include "reports/run_manifest.hpp"
#include "reports/run_metrics.hpp"
#include "sim/simulation.hpp"

namespace ifa026::reports {

// metrics_to_json's document plus "series": {"enrolment_latency_ns": [...] (every measured
// enrolment), "renewal_t_ns": [...] (simulated time of every renewal)}.
nlohmann::ordered_json report_metrics_json(const RunMetrics& metrics, const RunManifest& manifest);

// One JSON line per object, in this order for each scenario actor: a CA's root and issuing CA
// certificates ({"kind":"certificate","role":"root"|"issuing",...}), then what the actor logged
// in the run (actors/common/artifact_log.hpp: a CA's certificates issued and CRLs published, a
// CMF's CSRs validated; {"kind":"certificate"|"crl"|"csr",...}); every line has "actor",
// "serial" (hex serial, the CRL number, or a CSR's spki_sha256) and "der" (base64). Returns the
// lines written; throws std::runtime_error naming the path when it cannot be written.
std::size_t write_ca_artifacts(const std::string& path, sim::Simulation& simulation);

}  // namespace ifa026::reports

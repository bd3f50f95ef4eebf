// The conformance rules of scenario loading, combined (see scenario_rules.hpp).
#include "conformance/scenario_rules.hpp"

#include "actors/common/trust_model.hpp"
#include "conformance/covers_rule.hpp"
#include "conformance/expectations.hpp"

namespace ifa026::conformance {

sim::ScenarioRule scenario_rules(const Catalogue& catalogue) {
  return [covers = covers_rule(catalogue), expect = expect_rule()](
             const nlohmann::json& root, std::vector<sim::Diagnostic>& out) {
    covers(root, out);
    expect(root, out);
    actors::trust::check_trust_model(root, out);
  };
}

}  // namespace ifa026::conformance

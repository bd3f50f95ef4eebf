// The key-custody checks K1-K8 (docs/delegation-mode.md "Key custody"; Annex D made
// observable): per private key (key_fp), its KeyCustody history and the final KeyInventory of its
// holders, judged against who may hold it, over which channel it may travel and when its relays
// and its delegate must delete it. Registered under the catalogue IDs the rules show (see the
// check comments in the .cpp and docs/delegation-mode.md "Checks (as built)").
#pragma once

#include <string>

#include "conformance/check_registry.hpp"

namespace ifa026::conformance {

// K1: direct-mode keys (the VNFCI made them) stay with their VNFCI (and its HSM); never sent on
// a network reference point. `mixed_only`: judged only in a run that also has delegation keys
// (K8). Verdict none when the run has no such key.
CheckResult check_direct_key_custody(const CheckContext& context, bool mixed_only);
// K2 (C.2.2.3, C.3.2.3), K3 (C.2.2.4.6), K4 (C.2.2.4.7): the holders and the chain of custody of
// the keys installed by `flow`, with K5 (the channels) and, for the CISM, K6. Verdict none when no
// key of the run went through the flow.
CheckResult check_install_key_custody(const CheckContext& context, const std::string& flow);
// K4 for Vnfm.Sc.006: keys of delegated VNFCI identities made and kept in the VNFM's HSM; the VNFM
// never holds one.
CheckResult check_vnfm_key_storage(const CheckContext& context);
// K6 for Vim.Sc.008: the VIM deletes every key right after its single install attempt.
CheckResult check_vim_key_deletion(const CheckContext& context);
// K7 for Vnfm.Sc.005: the VNFM deletes at the earlier of the N-th attempt and the retention.
CheckResult check_vnfm_key_deletion(const CheckContext& context);

void register_key_custody_checks(CheckRegistry& registry);

}  // namespace ifa026::conformance

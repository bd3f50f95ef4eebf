// The delegate VNFM's software key maker (issue 17; C.2.2.2.6 #0, C.3.2.2 #0): the VNFCI
// identity's key pair made in the VNFM itself (key type per the VNFM's key policy, its `key_type`
// parameter), the PKCS#10 built from the registered subject and dNSNames and signed with the new
// key; records GenerateKey (in=vnfm) and KeyCustody generated. Answers at once.
#pragma once

#include <functional>

#include "actors/toolkit/trace_event.hpp"
#include "actors/vnfm/delegated_key_maker.hpp"
#include "pki/key.hpp"

namespace ifa026::actors::vnfm {

class SoftwareKeyMaker final : public DelegatedKeyMaker {
 public:
  SoftwareKeyMaker(Tracer& tracer, pki::KeyType key_type) : tracer_(tracer), key_type_(key_type) {}
  bool in_hsm() const override { return false; }
  void make(const DelegatedKeyRequest& request, std::function<void(DelegatedKey)> done) override;

 private:
  Tracer& tracer_;
  pki::KeyType key_type_;
};

}  // namespace ifa026::actors::vnfm

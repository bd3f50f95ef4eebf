// Every operation name the actors use has exactly one message struct: the operation constants are
// read from the vocabulary headers' source text (so a constant added without a struct fails here)
// and compared with AllMessages.
#include "actors/messages/all_messages.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

namespace ifa026::actors::messages {
namespace {

// The string values of `kName = "..."` constants in the operation vocabulary header.
std::set<std::string> operation_constants() {
  std::set<std::string> names;
  const std::filesystem::path root = IFA026_SOURCE_DIR;
  for (const auto& relative :
       {"actors/messages/operations.hpp", "actors/messages/monitoring_vocabulary.hpp",
        "actors/messages/delegation_vocabulary.hpp"}) {
    std::ifstream in(root / relative);
    if (!in) continue;
    std::stringstream text;
    text << in.rdbuf();
    // Only the operations namespace: the vocabulary headers also hold decision names,
    // outcomes and detail keys, which are not messages.
    const std::string whole = text.str();
    const auto start = whole.find("namespace ifa026::actors::operations {");
    if (start == std::string::npos) {
      ADD_FAILURE() << relative << " has no operations namespace";
      continue;
    }
    const auto end = whole.find("}  // namespace ifa026::actors::operations", start);
    const std::string source = whole.substr(start, end - start);
    static const std::regex constant(R"re(\bk[A-Z]\w*\s*(?:=|\{)\s*"([^"]+)")re");
    for (auto it = std::sregex_iterator(source.begin(), source.end(), constant);
         it != std::sregex_iterator(); ++it)
      names.insert((*it)[1].str());
  }
  return names;
}

TEST(AllMessages, OneStructPerOperationConstant) {
  const std::set<std::string> constants = operation_constants();
  ASSERT_GE(constants.size(), 30u) << "the operation constants were not found";
  std::set<std::string> structs;
  for (std::string_view name : operation_names(AllMessages{})) {
    EXPECT_TRUE(structs.insert(std::string(name)).second) << name << " has two structs";
  }
  // Operations that carry no envelope body: the echo test actor's raw payloads, TLS flights and
  // the CMP bodies (one family struct, CmpMessage, carries them all).
  auto bodyless = [](const std::string& name) {
    return name.rfind("Echo", 0) == 0 || name.rfind("Tls", 0) == 0 || CmpMessage::accepts(name);
  };
  for (const auto& name : constants) {
    if (bodyless(name)) continue;
    EXPECT_TRUE(structs.count(name)) << "operation " << name << " has no message struct";
  }
  for (const auto& name : structs)
    EXPECT_TRUE(constants.count(name)) << "message " << name << " names no operation constant";
}

TEST(AllMessages, KnownOperationsSpotCheck) {
  // The regex really reads the constants (one per reference point).
  const std::set<std::string> constants = operation_constants();
  for (const char* name : {"RegisterEntityRequest", "SetCertificateConfiguration",
                           "SessionCheckResponse", "CrlPublication", "HsmVendorRoot",
                           "VnfLcmOperationOccurrenceNotification", "RegisterEndEntityRequest",
                           "VnfciCertificateReport", "HardwareRoot", "AttestationResultResponse"})
    EXPECT_TRUE(constants.count(name)) << name;
}

}  // namespace
}  // namespace ifa026::actors::messages

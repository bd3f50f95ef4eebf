// The `ca-live` actor's CRL publication (see ca_live_crl.hpp).
#include "actors/ca_live/ca_live_crl.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "actors/ca_live/external_command.hpp"
#include "actors/common/trace_detail.hpp"
#include "actors/messages/codec.hpp"
#include "actors/messages/crl_dp.hpp"
#include "actors/messages/decisions.hpp"
#include "actors/messages/detail_keys.hpp"
#include "pki/crl.hpp"

namespace ifa026::actors::ca_live {

namespace {

namespace keys = detail_keys;
namespace fs = std::filesystem;

// A fresh file name for the command to write to, removed when this goes.
class TemporaryFile {
 public:
  TemporaryFile() {
    std::string pattern = (fs::temp_directory_path() / "ifa026-ca-live-crl-XXXXXX").string();
    const int fd = ::mkstemp(pattern.data());
    if (fd >= 0) {
      ::close(fd);
      path_ = pattern;
    }
  }
  ~TemporaryFile() {
    if (!path_.empty()) ::unlink(path_.c_str());
  }
  TemporaryFile(const TemporaryFile&) = delete;
  TemporaryFile& operator=(const TemporaryFile&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

CaLiveCrl::CaLiveCrl(CaLiveState& state) : CaLivePart(state) {}

std::optional<std::string> CaLiveCrl::check(const pki::Bytes& der,
                                            std::optional<pki::Crl>* crl) const {
  try {
    const std::string text(der.begin(), der.end());
    *crl = text.find("-----BEGIN X509 CRL-----") != std::string::npos ? pki::Crl::from_pem(text)
                                                                      : pki::Crl::from_der(der);
  } catch (const std::exception& e) {
    return std::string("not a CRL: ") + e.what();
  }
  for (const auto* list : {&state_.intermediates, &state_.anchors})
    for (const auto& ca : *list)
      if (ca.subject() == (*crl)->issuer() && (*crl)->signed_by(ca)) return std::nullopt;
  return "not signed by a CA certificate of trust_anchors (issuer " + (*crl)->issuer().to_string() +
         ")";
}

void CaLiveCrl::publish() {
  if (!settings_.crl_command) return;
  TraceDetail detail;
  auto failed = [&](const std::string& reason) {
    trace({.operation = decisions::kPublishCrl,
           .outcome = outcomes::kFailed,
           .reference_point = reference_points::kCrlDp,
           .detail = detail.add(keys::kReason, reason)});
  };
  TemporaryFile file;
  if (file.path().empty()) return failed("no temporary file for the CRL");
  CommandValues values;
  values.single[kCrlFilePlaceholder] = file.path();
  const CommandRun run = run_command(expand_command(*settings_.crl_command, values),
                                     std::chrono::milliseconds(settings_.timeout.ns() / 1'000'000));
  detail.add(keys::kExitCode, run.exit_code).add(keys::kWallMs, run.took.count());
  if (!run.ok()) return failed("crl_command " + run.describe());
  const std::string content = read_all(file.path());
  const pki::Bytes der(content.begin(), content.end());
  std::optional<pki::Crl> crl;
  if (auto why = check(der, &crl)) return failed(*why);
  trace({.operation = decisions::kPublishCrl,
         .outcome = outcomes::kOk,
         .reference_point = reference_points::kCrlDp,
         .detail = TraceDetail()
                       .add(keys::kNumber, static_cast<long long>(crl->number()))
                       .add(keys::kEntries, static_cast<long long>(crl->revoked().size()))
                       .add(keys::kNextUpdate,
                            sim::format_utc(sim::UtcInstant{crl->next_update().unix_ns}))
                       .add(keys::kWallMs, run.took.count())});
  state_.artifacts.push_back({"crl", std::to_string(crl->number()), crl->der()});
  messages::CrlPublication publication;
  publication.crl = crl->der();
  const Envelope envelope = messages::to_envelope(publication);
  for (const auto& subscriber : settings_.crl_subscribers)
    send_envelope(subscriber, envelope, reference_points::kCrlDp);
}

}  // namespace ifa026::actors::ca_live

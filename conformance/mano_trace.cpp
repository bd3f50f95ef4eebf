// Entity-level reading of the MANO certificate trace (see mano_trace.hpp).
#include "conformance/mano_trace.hpp"

#include <algorithm>
#include <cctype>

#include "conformance/certificate_postcondition.hpp"

namespace ifa026::conformance {
namespace {

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// The CN of "CN=a,O=b" (or of "O=b, CN=a"), lower-cased; "" when none.
std::string common_name_of(const std::string& subject) {
  std::size_t pos = 0;
  while (pos < subject.size()) {
    auto end = subject.find(',', pos);
    if (end == std::string::npos) end = subject.size();
    auto part = subject.substr(pos, end - pos);
    const auto start = part.find_first_not_of(' ');
    if (start != std::string::npos) part = part.substr(start);
    if (part.size() > 3 && (part.rfind("CN=", 0) == 0 || part.rfind("cn=", 0) == 0))
      return lower(part.substr(3));
    pos = end + 1;
  }
  return "";
}

}  // namespace

ManoView::ManoView(const CheckContext& c)
    : context(c),
      query(c.trace),
      roles(c.scenario),
      expect(Expectations::from_json(c.scenario.expect)) {}

const sim::TraceRecord* registration_of(const ManoView& view, const std::string& entity) {
  for (const auto* r : view.query.all(RecordFilter{}
                                          .of_kind(sim::RecordKind::decision)
                                          .op(decisions::kRegisterEntity)
                                          .with_outcome(outcomes::kRegistered)
                                          .with(keys::kEntity, entity)))
    if (view.roles.is_cmf(r->actor)) return r;
  return nullptr;
}

std::string registered_fqdn(const ManoView& view, const std::string& entity) {
  if (const auto* r = registration_of(view, entity); r != nullptr) {
    auto fqdn = detail_of(*r, keys::kFqdn);
    if (!fqdn.empty()) return fqdn;
  }
  if (const auto* holder = holder_of(view.context.simulation, entity); holder != nullptr)
    return holder->fqdn();
  return "";
}

std::string cmf_of(const ManoView& view, const std::string& entity) {
  for (const auto& r : view.query.records())
    if (view.roles.is_cmf(r.actor) &&
        (r.kind == sim::RecordKind::decision || r.kind == sim::RecordKind::crypto) &&
        detail_of(r, keys::kEntity) == entity)
      return r.actor;
  for (const auto& r : view.query.records())
    if (r.kind == sim::RecordKind::send && r.actor == entity && view.roles.is_cmf(r.peer))
      return r.peer;
  return view.roles.cmf();
}

bool uncorrelated(const sim::TraceRecord& record) {
  return !has_detail(record, keys::kEntity) && !has_detail(record, keys::kFqdn) &&
         !has_detail(record, keys::kSubject);
}

bool concerns(const sim::TraceRecord& record, const std::string& entity, const std::string& fqdn) {
  if (has_detail(record, keys::kEntity)) return detail_of(record, keys::kEntity) == entity;
  if (has_detail(record, keys::kFqdn))
    return !fqdn.empty() && lower(detail_of(record, keys::kFqdn)) == lower(fqdn);
  if (has_detail(record, keys::kSubject))
    return !fqdn.empty() && common_name_of(detail_of(record, keys::kSubject)) == lower(fqdn);
  return false;
}

std::vector<const sim::TraceRecord*> issuances_of(const ManoView& view, const std::string& entity) {
  const auto fqdn = registered_fqdn(view, entity);
  std::vector<const sim::TraceRecord*> out;
  for (const auto* r : view.query.all(RecordFilter{}
                                          .of_kind(sim::RecordKind::decision)
                                          .op(decisions::kIssueCertificate)
                                          .with_outcome(outcomes::kOk)))
    if (view.roles.is_ca(r->actor) && concerns(*r, entity, fqdn)) out.push_back(r);
  return out;
}

std::vector<const sim::TraceRecord*> ca_serial_decisions(const ManoView& view,
                                                         const std::string& operation,
                                                         const std::string& serial,
                                                         std::uint64_t after,
                                                         std::uint64_t before) {
  std::vector<const sim::TraceRecord*> out;
  for (const auto* r : view.query.all(RecordFilter{}
                                          .of_kind(sim::RecordKind::decision)
                                          .op(operation)
                                          .with_outcome(outcomes::kOk)))
    if (r->id > after && (before == 0 || r->id < before) && view.roles.is_ca(r->actor) &&
        same_serial(detail_of(*r, keys::kSerial), serial))
      out.push_back(r);
  return out;
}

std::vector<const sim::TraceRecord*> installs_of(const ManoView& view, const std::string& entity) {
  return view.query.all(
      decision(entity, decisions::kCertificateInstalled).with_outcome(outcomes::kOk));
}

bool reason_contains(const sim::TraceRecord& record, const std::string& text) {
  if (text.empty()) return true;
  const auto reason =
      has_detail(record, keys::kReason) ? detail_of(record, keys::kReason) : record.detail;
  return lower(reason).find(lower(text)) != std::string::npos;
}

sim::Time run_end(const CheckContext& context) {
  return context.simulation.now();
}

}  // namespace ifa026::conformance

// Names of reply matches (see request_tracker.hpp).
#include "actors/toolkit/request_tracker.hpp"

namespace ifa026::actors {

std::string_view to_string(ReplyMatch match) {
  switch (match) {
    case ReplyMatch::answer:
      return "answer";
    case ReplyMatch::late:
      return "late";
    case ReplyMatch::duplicate:
      return "duplicate";
    case ReplyMatch::unknown:
      break;
  }
  return "unknown";
}

}  // namespace ifa026::actors

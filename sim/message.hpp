// A message between two actors: who, on which reference point, which operation and flow step,
// and its encoded bytes (whose size is what the network and the trace count).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace ifa026::sim {

struct Message {
  std::uint64_t id = 0;  // assigned by the simulation when sent
  std::string from;
  std::string to;
  std::string reference_point;
  std::string operation;
  std::string step;
  std::vector<std::uint8_t> payload;

  std::uint64_t wire_size() const { return payload.size(); }
};

}  // namespace ifa026::sim

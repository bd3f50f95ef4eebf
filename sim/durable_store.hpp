// What an actor keeps on disk. It survives a crash with restart (fault "crash" with
// "restart_after", docs/scenario-format.md): the kernel builds the actor anew from its spec and
// the new object finds here what the old one wrote, while everything else the old one held (its
// memory, its timers, the transactions it had open) is gone, as a process's is. The actor writes
// as it goes (a write is durable at once: there is no torn write in the model). Keys and values
// are the actor's own.
#pragma once

#include <map>
#include <string>

namespace ifa026::sim {

class DurableStore {
 public:
  void put(const std::string& key, std::string value) { entries_[key] = std::move(value); }
  // The value under `key`, or nullptr.
  const std::string* get(const std::string& key) const {
    auto it = entries_.find(key);
    return it == entries_.end() ? nullptr : &it->second;
  }
  bool erase(const std::string& key) { return entries_.erase(key) != 0; }
  bool empty() const { return entries_.empty(); }
  // In key order.
  const std::map<std::string, std::string>& entries() const { return entries_; }

 private:
  std::map<std::string, std::string> entries_;
};

}  // namespace ifa026::sim

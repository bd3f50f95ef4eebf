// The messages of a run for the report's sequence chart (docs/reports.md "The report model"),
// gathered while the trace streams: every send becomes a message, completed by its receive
// (delivered) or drop (dropped, with the drop reason), and marked refused when the receiver,
// handling it, decides `rejected`, `refused` or `failed` towards the sender at the same time.
// At most `head` + `tail` messages are kept (the first and the last in time order); memory is
// bounded by them plus one entry per actor.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <unordered_map>
#include <vector>

namespace ifa026::reports {

struct SequenceMessage {
  std::uint64_t id = 0;  // the send record's id
  std::int64_t t_ns = 0;
  std::string from, to, op, step, ref;
  std::string status = "delivered";  // "delivered", "dropped", "refused"
  std::string outcome = {};          // drop reason or refusal outcome
};

// The fields of one trace record the sample reads.
struct SequenceRecord {
  std::uint64_t id = 0;
  std::int64_t t_ns = 0;
  std::string_view kind, actor, peer, ref, op, step, outcome;
  std::uint64_t msg = 0;  // 0 when the record has none
};

class SequenceSample {
 public:
  explicit SequenceSample(std::size_t head = 1000, std::size_t tail = 1000);
  SequenceSample(const SequenceSample&) = delete;
  SequenceSample& operator=(const SequenceSample&) = delete;

  void add(const SequenceRecord& record);

  std::uint64_t total() const { return total_; }
  bool sampled() const { return total_ > head_limit_ + tail_limit_; }
  // The kept messages in time order (the first `head`, then the last `tail`).
  std::vector<SequenceMessage> messages() const;

 private:
  struct LastReceive {
    std::uint64_t msg = 0;
    std::int64_t t_ns = -1;
    std::string sender;
  };
  SequenceMessage* kept(std::uint64_t msg);

  std::size_t head_limit_, tail_limit_;
  std::uint64_t total_ = 0;
  std::deque<SequenceMessage> head_, tail_;  // references stay valid on push_back/pop_front
  std::unordered_map<std::uint64_t, SequenceMessage*> by_msg_;  // kept messages only
  std::unordered_map<std::uint64_t, std::uint64_t> tail_msg_;   // tail entry id -> msg
  std::unordered_map<std::string, LastReceive> last_receive_;   // by receiving actor
};

}  // namespace ifa026::reports

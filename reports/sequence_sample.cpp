// The messages of a run for the sequence chart (see sequence_sample.hpp).
#include "reports/sequence_sample.hpp"

namespace ifa026::reports {

namespace {
bool is_refusal(std::string_view outcome) {
  return outcome == "rejected" || outcome == "refused" || outcome == "failed";
}
}  // namespace

SequenceSample::SequenceSample(std::size_t head, std::size_t tail)
    : head_limit_(head), tail_limit_(tail) {}

SequenceMessage* SequenceSample::kept(std::uint64_t msg) {
  const auto it = by_msg_.find(msg);
  return it == by_msg_.end() ? nullptr : it->second;
}

void SequenceSample::add(const SequenceRecord& r) {
  if (r.kind == "send") {
    ++total_;
    SequenceMessage m{.id = r.id,
                      .t_ns = r.t_ns,
                      .from = std::string(r.actor),
                      .to = std::string(r.peer),
                      .op = std::string(r.op),
                      .step = std::string(r.step),
                      .ref = std::string(r.ref)};
    if (head_.size() < head_limit_) {
      head_.push_back(std::move(m));
      if (r.msg) by_msg_[r.msg] = &head_.back();
      return;
    }
    if (tail_limit_ == 0) return;
    if (tail_.size() == tail_limit_) {
      const auto gone = tail_msg_.find(tail_.front().id);
      if (gone != tail_msg_.end()) {
        by_msg_.erase(gone->second);
        tail_msg_.erase(gone);
      }
      tail_.pop_front();
    }
    tail_.push_back(std::move(m));
    if (r.msg) {
      by_msg_[r.msg] = &tail_.back();
      tail_msg_[r.id] = r.msg;
    }
    return;
  }
  if (r.kind == "drop" && r.msg) {
    if (SequenceMessage* m = kept(r.msg)) {
      m->status = "dropped";
      m->outcome = std::string(r.outcome);
    }
    return;
  }
  if (r.kind == "receive" && r.msg) {
    LastReceive& last = last_receive_[std::string(r.actor)];
    last.msg = r.msg;
    last.t_ns = r.t_ns;
    last.sender = std::string(r.peer);
    return;
  }
  if ((r.kind == "decision" || r.kind == "crypto") && is_refusal(r.outcome)) {
    const auto it = last_receive_.find(std::string(r.actor));
    if (it == last_receive_.end() || it->second.t_ns != r.t_ns) return;
    if (!r.peer.empty() && r.peer != it->second.sender) return;
    if (SequenceMessage* m = kept(it->second.msg); m && m->status == "delivered") {
      m->status = "refused";
      m->outcome = std::string(r.outcome);
    }
  }
}

std::vector<SequenceMessage> SequenceSample::messages() const {
  std::vector<SequenceMessage> out(head_.begin(), head_.end());
  out.insert(out.end(), tail_.begin(), tail_.end());
  return out;
}

}  // namespace ifa026::reports

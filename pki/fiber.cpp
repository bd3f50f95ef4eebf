// Fiber on boost::context::fiber: the body's context and the owner's context swap on await_reply
// and resume; exceptions are carried across as std::exception_ptr.
#include "pki/fiber.hpp"

#include <boost/context/fiber.hpp>
#include <boost/context/fixedsize_stack.hpp>

#include <stdexcept>
#include <utility>

#if defined(BOOST_USE_UCONTEXT) && !defined(IFA026_BOOST_CONTEXT_BUILT_WITH_UCONTEXT)
// Debian's libboost_context is built for fcontext and lacks the ucontext variant's one out-of-line
// function; the sanitizer build (-DBOOST_USE_UCONTEXT -DBOOST_USE_ASAN, so ASan knows about the
// stack switches) provides it here: the per-thread record of the running context, starting with
// the thread's own (main) context.
namespace boost::context::detail {
fiber_activation_record*& fiber_activation_record::current() noexcept {
  thread_local fiber_activation_record main_context;
  thread_local fiber_activation_record* current_record = &main_context;
  return current_record;
}
}  // namespace boost::context::detail
#endif

namespace ifa026::pki {

namespace ctx = boost::context;

struct Fiber::State {
  ctx::fiber body;    // the suspended body (when the owner runs)
  ctx::fiber caller;  // the suspended owner (when the body runs)
};

Fiber::Fiber(std::function<void(Fiber&)> body, std::size_t stack_bytes)
    : state_(std::make_unique<State>()), body_(std::move(body)) {
  state_->body = ctx::fiber(std::allocator_arg, ctx::fixedsize_stack(stack_bytes),
                            [this](ctx::fiber&& caller) {
                              // Entered without resume(): being destroyed unstarted (the
                              // ucontext variant enters the function to unwind it).
                              if (!started_) return std::move(caller);
                              state_->caller = std::move(caller);
                              try {
                                body_(*this);
                              } catch (const ctx::detail::forced_unwind&) {
                                throw;
                              } catch (...) {
                                error_ = std::current_exception();
                              }
                              finished_ = true;
                              return std::move(state_->caller);
                            });
}

Fiber::~Fiber() {
  // Let a body that still waits wind down on empty replies (see the header).
  abandoned_ = true;
  int guard = 0;
  while (started_ && !finished_ && state_->body && guard++ < 1000) {
    reply_ = Bytes{};
    try {
      resume();
    } catch (...) {
    }
  }
}

void Fiber::resume() {
  if (running_) throw std::logic_error("Fiber::resume from inside the fiber");
  if (finished_) throw std::logic_error("Fiber::resume after the body finished");
  running_ = true;
  started_ = true;
  state_->body = std::move(state_->body).resume();
  running_ = false;
  if (error_) {
    std::exception_ptr error = std::exchange(error_, nullptr);
    std::rethrow_exception(error);
  }
}

void Fiber::supply_reply(Bytes reply) {
  request_.reset();
  reply_ = std::move(reply);
}

Bytes Fiber::await_reply(Bytes request) {
  if (!running_) throw std::logic_error("Fiber::await_reply outside the fiber");
  if (abandoned_) return {};
  request_ = std::move(request);
  reply_.reset();
  state_->caller = std::move(state_->caller).resume();
  request_.reset();
  Bytes reply = reply_ ? std::move(*reply_) : Bytes{};
  reply_.reset();
  return reply;
}

}  // namespace ifa026::pki

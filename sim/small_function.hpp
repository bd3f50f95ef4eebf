// A move-only, type-erased `void()` callable with inline storage, so that scheduling an event
// whose callback captures a few pointers allocates nothing. Larger callables fall back to the heap.
#pragma once

#include <cstddef>
#include <cstring>
#include <memory>
#include <new>
#include <type_traits>
#include <utility>

namespace ifa026::sim {

class SmallFunction {
 public:
  static constexpr std::size_t kInlineSize = 40;  // with the ops pointer, 48 bytes in all

  SmallFunction() = default;
  SmallFunction(std::nullptr_t) {}

  template <typename F, typename D = std::decay_t<F>,
            typename = std::enable_if_t<!std::is_same_v<D, SmallFunction> &&
                                        std::is_invocable_r_v<void, D&>>>
  SmallFunction(F&& f) {  // NOLINT(google-explicit-constructor): used like std::function
    if constexpr (sizeof(D) <= kInlineSize && alignof(D) <= alignof(std::max_align_t) &&
                  std::is_nothrow_move_constructible_v<D>) {
      ::new (static_cast<void*>(storage_)) D(std::forward<F>(f));
      ops_ = &inline_ops<D>;
    } else {
      ::new (static_cast<void*>(storage_)) D*(new D(std::forward<F>(f)));
      ops_ = &heap_ops<D>;
    }
  }

  SmallFunction(SmallFunction&& other) noexcept { move_from(other); }
  SmallFunction& operator=(SmallFunction&& other) noexcept {
    if (this != &other) {
      reset();
      move_from(other);
    }
    return *this;
  }
  SmallFunction(const SmallFunction&) = delete;
  SmallFunction& operator=(const SmallFunction&) = delete;
  ~SmallFunction() { reset(); }

  explicit operator bool() const { return ops_ != nullptr; }
  void operator()() { ops_->invoke(storage_); }

  // The callable when it is a D (as std::function::target), else nullptr: how the kernel tells
  // an actor's events (a timer, a delivery) from its own among the events it pops.
  template <typename D>
  D* target() {
    if (ops_ == &inline_ops<D>) return std::launder(reinterpret_cast<D*>(storage_));
    if (ops_ == &heap_ops<D>) return *std::launder(reinterpret_cast<D**>(storage_));
    return nullptr;
  }

  void reset() {
    if (ops_) {
      if (!ops_->trivial) ops_->destroy(storage_);
      ops_ = nullptr;
    }
  }

 private:
  struct Ops {
    void (*invoke)(void*);
    void (*move)(void* from, void* to) noexcept;
    void (*destroy)(void*) noexcept;
    // Trivially copyable and destructible callables (lambdas capturing pointers and numbers,
    // the usual case) are moved by copying bytes and need no destruction: no indirect call.
    bool trivial;
  };

  template <typename D>
  static constexpr Ops inline_ops{
      [](void* p) { (*static_cast<D*>(p))(); },
      [](void* from, void* to) noexcept {
        ::new (to) D(std::move(*static_cast<D*>(from)));
        static_cast<D*>(from)->~D();
      },
      [](void* p) noexcept { static_cast<D*>(p)->~D(); },
      std::is_trivially_copyable_v<D>&& std::is_trivially_destructible_v<D>};

  template <typename D>
  static constexpr Ops heap_ops{
      [](void* p) { (**static_cast<D**>(p))(); },
      [](void* from, void* to) noexcept { ::new (to) D*(*static_cast<D**>(from)); },
      [](void* p) noexcept { delete *static_cast<D**>(p); }, false};

  void move_from(SmallFunction& other) noexcept {
    ops_ = other.ops_;
    if (ops_ == nullptr) return;
    if (ops_->trivial)
      std::memcpy(storage_, other.storage_, kInlineSize);
    else
      ops_->move(other.storage_, storage_);
    other.ops_ = nullptr;
  }

  alignas(std::max_align_t) unsigned char storage_[kInlineSize];
  const Ops* ops_ = nullptr;
};

}  // namespace ifa026::sim

// The allocated resources of a VIM or CISM (actors/vim/virtual_resources.hpp): ids never reused,
// and the lookup by VNFC instance (indexed, so an allocation does not scan every resource) gives
// the first allocated resource of that instance, and nothing once it is removed.
#include "actors/vim/virtual_resources.hpp"

#include <gtest/gtest.h>

namespace ifa026::actors::vim {
namespace {

VirtualResource running(const std::string& vnfci, const std::string& host) {
  VirtualResource r;
  r.vnfci = vnfci;
  r.host = host;
  return r;
}

TEST(VirtualResources, FindByVnfciGivesTheFirstAllocatedAndFollowsRemovals) {
  VirtualResources resources("vim-1-compute-");
  EXPECT_EQ(resources.find_vnfci("x"), nullptr);
  const std::string first = resources.add(running("x", "h-1")).id;
  resources.add(running("y", "h-1"));
  const std::string second = resources.add(running("x", "h-2")).id;  // a copy, say
  EXPECT_EQ(first, "vim-1-compute-1");
  ASSERT_NE(resources.find_vnfci("x"), nullptr);
  EXPECT_EQ(resources.find_vnfci("x")->id, first);
  resources.remove(first);
  ASSERT_NE(resources.find_vnfci("x"), nullptr);
  EXPECT_EQ(resources.find_vnfci("x")->id, second);
  EXPECT_EQ(resources.find_vnfci("x")->host, "h-2");
  resources.remove(second);
  resources.remove(second);  // twice: nothing more
  EXPECT_EQ(resources.find_vnfci("x"), nullptr);
  ASSERT_NE(resources.find_vnfci("y"), nullptr);
  EXPECT_EQ(resources.find_vnfci("y")->id, "vim-1-compute-2");
  EXPECT_EQ(resources.add(running("x", "h-1")).id, "vim-1-compute-4");  // never reused
  EXPECT_EQ(resources.find_vnfci("x")->id, "vim-1-compute-4");
  EXPECT_EQ(resources.size(), 2u);
}

}  // namespace
}  // namespace ifa026::actors::vim

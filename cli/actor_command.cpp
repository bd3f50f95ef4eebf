// `ifa026 actor serve [TYPE]`: plays one of this program's actors for a harness in another
// process, over the adapter protocol on stdin and stdout (docs/adapter-protocol.md).
#include <cstdio>
#include <iostream>

#include "actors/builtin_actors.hpp"
#include "actors/external/actor_host.hpp"
#include "cli/arguments.hpp"
#include "cli/commands.hpp"

namespace ifa026::cli {

namespace {
constexpr const char* kActorHelp =
    R"(Usage: ifa026 actor serve [TYPE]

Plays one actor of this program for a harness in another process: the harness starts this
command as a scenario actor's `external` command (or `--external NAME=COMMAND` of `ifa026 run` and
`ifa026 conform`) and speaks the adapter protocol with it, one JSON request per line on stdin, one
JSON answer per line on stdout (docs/adapter-protocol.md). The hello names the actor, its type
and parameters; with TYPE, a hello for another type is refused. Diagnostics go to stderr.

  ifa026 conform --external type:cmf="ifa026 actor serve cmf" scenarios/annex-c/C.4.1.1.json

Exit codes: 0 after "bye" or the end of stdin, 2 bad usage or a first line that is not an
acceptable hello.
)";
}  // namespace

int actor_command(const Args& raw) {
  Arguments args(raw, {}, {"--help", "-h"});
  if (args.flag("--help") || args.flag("-h")) {
    std::fputs(kActorHelp, stdout);
    return 0;
  }
  const auto& words = args.positional();
  if (words.empty() || words[0] != "serve" || words.size() > 2)
    throw UsageError("expected: actor serve [TYPE]");
  const std::string type = words.size() == 2 ? words[1] : "";
  const auto registry = actors::builtin_registry();
  if (!type.empty() && registry.find(type) == nullptr)
    throw UsageError("unknown actor type '" + type + "' (ifa026 list actor-types)");
  std::ios::sync_with_stdio(false);
  return actors::external::serve_actor(registry, type, std::cin, std::cout);
}

}  // namespace ifa026::cli

// Forwarding header: the operation names moved to actors/messages/operations.hpp (issue 12).
#pragma once
#include "actors/messages/operations.hpp"  // IWYU pragma: export

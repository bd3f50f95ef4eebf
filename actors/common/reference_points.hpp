// Forwarding header: the reference point names moved to actors/messages/reference_points.hpp.
#pragma once
#include "actors/messages/reference_points.hpp"  // IWYU pragma: export

// Writes a whole text file at once, so a report is either complete or absent on error.
#pragma once

#include <string>

namespace ifa026::reports {

// Writes to PATH.tmp then renames onto PATH; throws std::runtime_error naming the path.
void write_text_file(const std::string& path, const std::string& content);

}  // namespace ifa026::reports

// Output folder paths that cannot escape the folder (see output_folder.hpp).
#include "reports/output_folder.hpp"

#include <algorithm>
#include <filesystem>
#include <system_error>

namespace ifa026::reports {

namespace fs = std::filesystem;

bool is_safe_relative_path(std::string_view relative) {
  if (relative.empty() || relative.front() == '/' || relative.back() == '/') return false;
  if (relative.find('\0') != std::string_view::npos) return false;
  std::size_t start = 0;
  while (start <= relative.size()) {
    std::size_t end = relative.find('/', start);
    if (end == std::string_view::npos) end = relative.size();
    const std::string_view part = relative.substr(start, end - start);
    if (part.empty() || part == "." || part == "..") return false;
    start = end + 1;
  }
  return true;
}

OutputFolder::OutputFolder(std::string root) : root_(std::move(root)) {
  if (root_.empty()) root_ = ".";
  std::error_code ec;
  fs::create_directories(root_, ec);
  if (ec || !fs::is_directory(root_))
    throw std::runtime_error("cannot create output folder " + root_ +
                             (ec ? ": " + ec.message() : std::string()));
}

std::string OutputFolder::path(std::string_view relative) const {
  const std::string shown(relative.substr(0, 200));
  if (!is_safe_relative_path(relative))
    throw UnsafeOutputPath("output name \"" + shown + "\" would leave the output folder " + root_);
  const fs::path full = fs::path(root_) / fs::path(relative);
  std::error_code ec;
  fs::create_directories(full.parent_path(), ec);
  if (ec)
    throw std::runtime_error("cannot create folder " + full.parent_path().string() + ": " +
                             ec.message());
  // Resolved (symbolic links followed), the parent must still be the root or below it.
  const fs::path root = fs::canonical(root_, ec);
  const fs::path parent = ec ? fs::path() : fs::canonical(full.parent_path(), ec);
  if (ec) throw std::runtime_error("cannot resolve " + full.string() + ": " + ec.message());
  const auto [r, p] = std::mismatch(root.begin(), root.end(), parent.begin(), parent.end());
  if (r != root.end())
    throw UnsafeOutputPath("output name \"" + shown + "\" resolves to " + parent.string() +
                           ", outside the output folder " + root.string());
  return full.string();
}

}  // namespace ifa026::reports

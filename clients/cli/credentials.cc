#include "credentials.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>

#include <absl/strings/ascii.h>

namespace kompas::cli {

std::string TokenPath() {
  const char* xdg = std::getenv("XDG_CONFIG_HOME");
  const char* home = std::getenv("HOME");
  std::string base = (xdg != nullptr && *xdg != '\0') ? xdg
                     : (home != nullptr && *home != '\0') ? std::string(home) + "/.config"
                                                          : ".";
  return base + "/kompas/token";
}

std::string ReadSavedToken() {
  std::ifstream in(TokenPath());
  std::string token;
  std::getline(in, token);
  return std::string(absl::StripAsciiWhitespace(token));
}

int ReadTokenArg(std::string arg, std::string* token) {
  if (arg.empty() || arg == "-") {
    if (isatty(STDIN_FILENO)) std::cerr << "paste your token and press Enter: " << std::flush;
    std::getline(std::cin, arg);
  }
  *token = std::string(absl::StripAsciiWhitespace(arg));
  if (token->empty()) {
    std::cerr << "error: no token given\n";
    return 2;
  }
  return 0;
}

int SaveToken(const std::string& token) {
  const std::string path = TokenPath();
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
  // Create with 0600 from the start, so the token is never readable by others,
  // not even for a moment.
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) {
    std::cerr << "error: cannot write " << path << "\n";
    return 1;
  }
  fchmod(fd, 0600);  // an older file may have had wider permissions
  const std::string line = token + "\n";
  bool ok = write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size());
  ok = (close(fd) == 0) && ok;
  if (!ok) {
    std::cerr << "error: cannot write " << path << "\n";
    return 1;
  }
  std::cout << "token saved in " << path << " (readable only by you)\n";
  return 0;
}

}  // namespace kompas::cli

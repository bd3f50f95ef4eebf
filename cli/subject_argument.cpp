// Distinguished names given on the command line, in RFC 4514 or OpenSSL's slash form (see
// subject_argument.hpp).
#include "cli/subject_argument.hpp"

#include "cli/arguments.hpp"
#include "pki/bytes.hpp"

namespace ifa026::cli {

pki::DistinguishedName subject_argument(const std::string& option, const std::string& text) {
  try {
    return text.starts_with('/') ? pki::parse_openssl_slash(text) : pki::parse_rfc4514(text);
  } catch (const pki::PkiError& e) {
    throw UsageError(
        option + ": " + e.what() +
        (text.starts_with('/') ? "" : " (RFC 4514 form; OpenSSL's form starts with '/')"));
  }
}

}  // namespace ifa026::cli

// The fuzz targets' bodies (docs/fuzzing.md): one function per decoder of bytes that come from
// outside or from another actor, each taking one input as libFuzzer hands it. The libFuzzer
// executables (fuzz/fuzzer.cpp, clang build) and the regression test of the normal build
// (tests/fuzz/fuzz_regression_test.cpp, tests/fuzz_regressions/<target>/) call the same
// functions, so a crash input found once is checked by `make test` for good.
//
// A target returns normally for any input the decoder handles as its contract says (decoded, or
// refused with the documented exception or error answer). It crashes (abort, a sanitizer report,
// an escaped exception) when the contract is broken: the fuzzer's finding.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace ifa026::fuzz {

using Entry = void (*)(const std::uint8_t* data, std::size_t size);

struct Target {
  std::string_view name;  // as in fuzz/corpus/<name>/, tests/fuzz_regressions/<name>/
  Entry entry;
  std::string_view what;  // one line: the decoder and what is checked
};

// Every target, in the order `make fuzz` runs them.
const std::vector<Target>& all_targets();
const Target* find_target(std::string_view name);

// Reports a broken contract on stderr and aborts (libFuzzer keeps the input as a crash).
[[noreturn]] void contract_broken(std::string_view target, std::string_view what);

// RFC 6712 HTTP requests to `ifa026 ca serve`'s server (cli/cmp_http_server), over loopback.
void http_request(const std::uint8_t* data, std::size_t size);
// pki::peek_cmp_message and pki::inspect_cmp_message on a PKIMessage DER.
void cmp_message(const std::uint8_t* data, std::size_t size);
// pki::CmpServer::handle: a CA with a registered initial credential answers a request DER.
void cmp_server(const std::uint8_t* data, std::size_t size);
// actors::decode_envelope and every typed message's from_body (actors/messages).
void typed_message(const std::uint8_t* data, std::size_t size);
// sim::load_scenario_text: scenario JSON text through the loader and the schema.
void scenario(const std::uint8_t* data, std::size_t size);
// Attestation evidence, results and key-attestation statements (first byte picks which).
void attestation(const std::uint8_t* data, std::size_t size);
// pki::Csr::from_der and what is read from a request.
void csr(const std::uint8_t* data, std::size_t size);
// pki::Crl::from_der and what is read from a CRL.
void crl(const std::uint8_t* data, std::size_t size);
// OCSP requests answered by the CA, and responses checked by a client (first byte picks which).
void ocsp(const std::uint8_t* data, std::size_t size);
// pki::Certificate::from_der and what is read from a certificate.
void certificate(const std::uint8_t* data, std::size_t size);

}  // namespace ifa026::fuzz

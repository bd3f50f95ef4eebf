# Script mode helper of embed_file.cmake: writes INPUT as a byte array into OUTPUT.
file(READ ${INPUT} hex HEX)
string(LENGTH "${hex}" hex_len)
math(EXPR size "${hex_len} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
file(WRITE ${OUTPUT}
  "// Generated from ${INPUT}; do not edit.\n#include <string_view>\nnamespace ${NAMESPACE} {\n"
  "namespace {\nconst unsigned char data[] = {${bytes} 0};\n}\n"
  "std::string_view ${NAME}() { return {reinterpret_cast<const char*>(data), ${size}}; }\n}\n")

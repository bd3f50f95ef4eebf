# ifa026_embed_file(TARGET_VAR INPUT NAMESPACE NAME): generates a .cpp that defines
# `std::string_view NAMESPACE::NAME()` returning INPUT's bytes, so data files (the scenario schema,
# the requirement catalogue) ship inside the binaries and stay single-sourced in the repository.
function(ifa026_embed_file out_var input namespace name)
  set(output ${CMAKE_CURRENT_BINARY_DIR}/embedded_${name}.cpp)
  add_custom_command(
    OUTPUT ${output}
    COMMAND ${CMAKE_COMMAND} -DINPUT=${input} -DOUTPUT=${output} -DNAMESPACE=${namespace}
            -DNAME=${name} -P ${PROJECT_SOURCE_DIR}/cmake/embed_file_run.cmake
    DEPENDS ${input} ${PROJECT_SOURCE_DIR}/cmake/embed_file_run.cmake
    COMMENT "Embedding ${input}")
  set(${out_var} ${output} PARENT_SCOPE)
endfunction()

# Script run by the install.package test.
function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "command failed (${rc}): ${ARGN}\n${out}\n${err}")
  endif()
  set(last_output "${out}" PARENT_SCOPE)
endfunction()

file(REMOVE_RECURSE ${PREFIX} ${CONSUMER_DIR})
run(${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${PREFIX})
# The consumer compiles with the same flags (sanitizers, in the asan preset) as the library.
run(${CMAKE_COMMAND} -S ${SOURCE_DIR} -B ${CONSUMER_DIR} -DCMAKE_PREFIX_PATH=${PREFIX}
    -DCMAKE_BUILD_TYPE=Release "-DCMAKE_CXX_FLAGS=${CXX_FLAGS}")
run(${CMAKE_COMMAND} --build ${CONSUMER_DIR} -j 2)
run(${CONSUMER_DIR}/embed ${DATA})
message(STATUS "example output:\n${last_output}")
if(NOT last_output MATCHES "p = 1\\.50")
  message(FATAL_ERROR "the example did not recover p = 1.5:\n${last_output}")
endif()
if(NOT last_output MATCHES "discovered: T = [0-9.]+ \\* (a\\^1\\.5|sqrt\\(a\\) \\* a|a \\* sqrt\\(a\\))  ")
  message(FATAL_ERROR "the example did not discover T = c * a^1.5:\n${last_output}")
endif()

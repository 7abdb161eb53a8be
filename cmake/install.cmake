# Installs the libraries, their headers under include/kepler/ (keeping the repo-root include
# paths, e.g. <engine/expr.hpp>, plus the umbrella <kepler/kepler.hpp>), the kepler tool and a CMake
# package: find_package(kepler) then target_link_libraries(app kepler::kepler).
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(KEPLER_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/kepler)

install(TARGETS kepler_engine kepler_egraph kepler_search kepler_datasets kepler_bench kepler kepler_build_options
        EXPORT keplerTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
if(TARGET kepler_cluster)
  install(TARGETS kepler_cluster EXPORT keplerTargets
          ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
          LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/cluster/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/kepler/cluster
          FILES_MATCHING PATTERN "*.hpp")
endif()
if(TARGET kepler_cli)
  install(TARGETS kepler_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()

foreach(dir engine egraph search datasets benchmarks kepler)
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/${dir}/
          DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/kepler/${dir}
          FILES_MATCHING PATTERN "*.hpp")
endforeach()

install(EXPORT keplerTargets NAMESPACE kepler:: DESTINATION ${KEPLER_CMAKE_DIR})
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/keplerConfig.cmake.in
  ${PROJECT_BINARY_DIR}/keplerConfig.cmake INSTALL_DESTINATION ${KEPLER_CMAKE_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/keplerConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/keplerConfig.cmake ${PROJECT_BINARY_DIR}/keplerConfigVersion.cmake
        DESTINATION ${KEPLER_CMAKE_DIR})

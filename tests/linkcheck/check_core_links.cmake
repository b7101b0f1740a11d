# Fails unless PROBE (a program made of the whole core library) was resolved by ldd, needs
# QtCore, and needs neither QtGui nor QtWidgets. Fails closed: no ldd, no output or no QtCore
# in it is a failure, not a pass.
if(NOT PROBE OR NOT EXISTS "${PROBE}")
    message(FATAL_ERROR "core link probe not found: '${PROBE}'")
endif()
find_program(LDD ldd)
if(NOT LDD)
    message(FATAL_ERROR "ldd not found: cannot check what the core library links")
endif()
execute_process(COMMAND "${LDD}" "${PROBE}" OUTPUT_VARIABLE out ERROR_VARIABLE err
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "ldd ${PROBE} failed (${rc}): ${err}")
endif()
if(NOT out MATCHES "libQt6Core\\.so")
    message(FATAL_ERROR "ldd shows no libQt6Core: the check cannot be trusted\n${out}")
endif()
if(out MATCHES "libQt6(Gui|Widgets|OpenGL|OpenGLWidgets)\\.so")
    message(FATAL_ERROR "app/core needs ${CMAKE_MATCH_0} at run time; it must stay free of "
                        "QtGui and QtWidgets (DESIGN.md)\n${out}")
endif()
string(REGEX MATCHALL "libQt6[A-Za-z]+\\.so" qt "${out}")
list(REMOVE_DUPLICATES qt)
message(STATUS "core needs: ${qt}")

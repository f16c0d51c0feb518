# Sources of app/gui/inspector (included by app/gui/CMakeLists.txt; paths relative to app/gui/).
target_sources(firehose_gui PRIVATE
    inspector/responseinspector.h inspector/responseinspector.cpp
    inspector/timingwaterfall.h inspector/timingwaterfall.cpp
    inspector/jsontreemodel.h inspector/jsontreemodel.cpp
    inspector/inspectortext.h inspector/inspectortext.cpp
)

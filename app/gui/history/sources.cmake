# Sources of app/gui/history (included by app/gui/CMakeLists.txt; paths relative to app/gui/).
target_sources(firehose_gui PRIVATE
    history/historymodel.h history/historymodel.cpp
    history/historypanel.h history/historypanel.cpp
)

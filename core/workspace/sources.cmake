# Sources of core/workspace (included by core/CMakeLists.txt; paths relative to core/).
target_sources(firehose_core PRIVATE
    workspace/jsonfile_p.h workspace/jsonfile.cpp
    workspace/workspacesettings.h workspace/workspacesettings.cpp
    workspace/workspace.h workspace/workspace.cpp
    workspace/flatjson_p.h workspace/flatjson.cpp
    workspace/historyentry.h workspace/historyentry.cpp
    workspace/historystore.h workspace/historystore.cpp
    workspace/recentworkspaces.h workspace/recentworkspaces.cpp
)

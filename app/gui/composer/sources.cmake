# Sources of app/gui/composer (included by app/gui/CMakeLists.txt; paths relative to app/gui/).
target_sources(firehose_gui PRIVATE
    composer/composerwidget.h composer/composerwidget.cpp
    composer/jsoneditor.h composer/jsoneditor_p.h composer/jsoneditor.cpp composer/jsoneditorview.cpp
    composer/jsonhighlighter.h composer/jsonhighlighter.cpp
    composer/jsontext.h composer/jsontext.cpp
    composer/validationtask.h composer/validationtask.cpp
    composer/findingsmodel.h composer/findingsmodel.cpp
    composer/formwidgets.h composer/formwidgets.cpp
    composer/formpage.h composer/formpage.cpp
    composer/eventbatchform.h composer/eventbatchform.cpp
    composer/audienceforms.h composer/audienceforms.cpp
    composer/simpleforms.h composer/simpleforms.cpp
)

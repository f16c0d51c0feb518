// HistoryPanel over a real HistoryStore: rows shown newest first, search, reopening into the composer
// (double-click and Enter), live appends, bound trims, delete and clear.

#include "history/historymodel.h"
#include "history/historypanel.h"
#include "workspace/historystore.h"

#include <QApplication>
#include <QCheckBox>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace fhw;
using namespace fhw::gui;
using namespace fhw::workspace;

namespace {

transport::SendRequest makeRequest(int n)
{
    transport::SendRequest request;
    request.target.url = "http://127.0.0.1:9/firehose/" + std::to_string(n);
    request.type = n % 3 == 0 ? protocol::MessageType::AudienceSubscriptionRequest
                              : protocol::MessageType::EventProcessingRequest;
    request.body = protocol::Json{{"type", std::string(protocol::wireName(request.type))},
                                  {"id", "request-" + std::to_string(n)},
                                  {"deep", {{"pad", std::string(200, 'x')}, {"marker", "only-in-body-" + std::to_string(n)}}}}
                       .dump(2);
    request.options.token = "a-token-that-is-long-enough";
    return request;
}

transport::SendResult makeResult(const transport::SendRequest &request, long status)
{
    transport::SendResult result;
    result.url = request.target.url;
    result.requestType = request.type;
    transport::Attempt attempt;
    attempt.status = status;
    attempt.timings.totalUs = 4200;
    result.attempts.push_back(attempt);
    result.verdict = status == 200 ? transport::Verdict::Success : transport::Verdict::FinalStatus;
    result.summary = std::to_string(status);
    return result;
}

void append(HistoryStore &store, int n, long status = 200)
{
    const auto request = makeRequest(n);
    QVERIFY(store.append(makeResult(request, status), request));
}

QString cell(QAbstractItemModel *model, int row, int column)
{
    return model->index(row, column).data().toString();
}

} // namespace

class TestHistoryPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        m_dir.emplace();
        m_store.emplace(m_dir->path(), 100);
        for (int n = 0; n < 20; ++n)
            append(*m_store, n, n == 7 ? 503 : 200);
        m_panel.emplace();
        m_panel->resize(900, 500);
        m_panel->show();
        QVERIFY(QTest::qWaitForWindowExposed(&*m_panel));
        m_table = m_panel->findChild<QTableView *>(QStringLiteral("historyTable"));
        m_search = m_panel->findChild<QLineEdit *>(QStringLiteral("historySearch"));
        QVERIFY(m_table && m_search);
        QSignalSpy loaded(&*m_panel, &HistoryPanel::loaded);
        m_panel->setStore(&*m_store);
        QVERIFY(loaded.wait(5000));
        QCOMPARE(loaded.first().first().toInt(), 20);
    }

    void cleanup()
    {
        m_panel.reset();
        m_store.reset();
        m_dir.reset();
    }

    void showsEntriesNewestFirst()
    {
        QAbstractItemModel *model = m_table->model();
        QCOMPARE(model->rowCount(), 20);
        QCOMPARE(model->columnCount(), 6);
        QCOMPARE(cell(model, 0, HistoryModel::UrlColumn), QStringLiteral("http://127.0.0.1:9/firehose/19"));
        QCOMPARE(cell(model, 19, HistoryModel::UrlColumn), QStringLiteral("http://127.0.0.1:9/firehose/0"));
        QCOMPARE(cell(model, 12, HistoryModel::StatusColumn), QStringLiteral("503"));
        QCOMPARE(cell(model, 12, HistoryModel::VerdictColumn), QStringLiteral("final-status"));
        QCOMPARE(cell(model, 0, HistoryModel::TypeColumn), QStringLiteral("event batch"));
        QCOMPARE(cell(model, 1, HistoryModel::TypeColumn), QStringLiteral("audience subscription"));
        QVERIFY(!cell(model, 0, HistoryModel::TimeColumn).isEmpty());
        QCOMPARE(model->headerData(HistoryModel::MsColumn, Qt::Horizontal).toString(), QStringLiteral("ms"));
        const QString status = m_panel->findChild<QLabel *>(QStringLiteral("historyStatus"))->text();
        QVERIFY2(status.contains(QLatin1String("20 entries")), qPrintable(status));
    }

    void searchFilters()
    {
        QAbstractItemModel *model = m_table->model();
        QTest::keyClicks(m_search, QStringLiteral("FIREHOSE/1"));
        QTRY_COMPARE(model->rowCount(), 11); // 1, 10-19
        m_search->clear();
        QTest::keyClicks(m_search, QStringLiteral("503"));
        QTRY_COMPARE(model->rowCount(), 1);
        QCOMPARE(cell(model, 0, HistoryModel::UrlColumn), QStringLiteral("http://127.0.0.1:9/firehose/7"));
        m_search->clear();
        QTRY_COMPARE(model->rowCount(), 20);
        // A marker beyond the index's excerpt: found only in the files.
        QTest::keyClicks(m_search, QStringLiteral("only-in-body-4"));
        QTRY_COMPARE(model->rowCount(), 0);
        m_panel->findChild<QCheckBox *>(QStringLiteral("historySearchBodies"))->setChecked(true);
        QTRY_COMPARE(model->rowCount(), 1);
        QCOMPARE(cell(model, 0, HistoryModel::UrlColumn), QStringLiteral("http://127.0.0.1:9/firehose/4"));
    }

    void doubleClickReopens()
    {
        QSignalSpy reopened(&*m_panel, &HistoryPanel::reopenRequested);
        const QModelIndex index = m_table->model()->index(1, HistoryModel::UrlColumn); // entry 18
        const QPoint where = m_table->visualRect(index).center();
        QTest::mouseClick(m_table->viewport(), Qt::LeftButton, {}, where);
        QTest::mouseDClick(m_table->viewport(), Qt::LeftButton, {}, where);
        QVERIFY(reopened.wait(5000));
        QCOMPARE(reopened.size(), 1);
        QCOMPARE(reopened.first().at(0).value<protocol::MessageType>(), protocol::MessageType::AudienceSubscriptionRequest);
        QCOMPARE(reopened.first().at(1).toString().toStdString(), makeRequest(18).body);
        QCOMPARE(reopened.first().at(2).toString(), QStringLiteral("http://127.0.0.1:9/firehose/18"));

        // From the keyboard: Enter on the current row.
        reopened.clear();
        m_table->setFocus();
        m_table->setCurrentIndex(m_table->model()->index(2, 0)); // entry 17
        QTest::keyClick(m_table, Qt::Key_Return);
        QVERIFY(reopened.wait(5000));
        QCOMPARE(reopened.first().at(2).toString(), QStringLiteral("http://127.0.0.1:9/firehose/17"));

        // And the button.
        reopened.clear();
        m_table->selectRow(3);
        m_panel->findChild<QPushButton *>(QStringLiteral("historyOpen"))->click();
        QVERIFY(reopened.wait(5000));
        QCOMPARE(reopened.first().at(0).value<protocol::MessageType>(), protocol::MessageType::EventProcessingRequest);
        QCOMPARE(reopened.first().at(2).toString(), QStringLiteral("http://127.0.0.1:9/firehose/16"));
    }

    void showsNewSendsAndTrims()
    {
        QAbstractItemModel *model = m_table->model();
        append(*m_store, 100); // directly, from this thread
        QTRY_COMPARE(model->rowCount(), 21);
        QCOMPARE(cell(model, 0, HistoryModel::UrlColumn), QStringLiteral("http://127.0.0.1:9/firehose/100"));
        const auto request = makeRequest(101);
        m_panel->record(makeResult(request, 202), request); // off the GUI thread
        QTRY_COMPARE(model->rowCount(), 22);
        QCOMPARE(cell(model, 0, HistoryModel::StatusColumn), QStringLiteral("202"));
        // A filter applies to new rows too.
        QTest::keyClicks(m_search, QStringLiteral("firehose/10"));
        QTRY_COMPARE(model->rowCount(), 3); // 10, 100, 101
        append(*m_store, 102);
        QTRY_COMPARE(model->rowCount(), 4);
        append(*m_store, 55);
        QTest::qWait(50);
        QCOMPARE(model->rowCount(), 4);
        m_search->clear();
        QTRY_COMPARE(model->rowCount(), 24);
        // The bound: the oldest rows go (in the order they were sent: 0-19, 100, 101, 102, 55).
        m_store->setMaxEntries(10);
        QVERIFY(m_store->trim());
        QTRY_COMPARE(model->rowCount(), 10);
        QCOMPARE(cell(model, 0, HistoryModel::UrlColumn), QStringLiteral("http://127.0.0.1:9/firehose/55"));
        QCOMPARE(cell(model, 9, HistoryModel::UrlColumn), QStringLiteral("http://127.0.0.1:9/firehose/14"));
    }

    void deleteAndClear()
    {
        m_panel->focusSearch(); // what Ctrl+F does

        QCOMPARE(QApplication::focusWidget(), m_search);
        QAbstractItemModel *model = m_table->model();
        m_table->setFocus();
        m_table->selectRow(0);
        QTest::keyClick(m_table, Qt::Key_Delete);
        QTRY_COMPARE(model->rowCount(), 19);
        QCOMPARE(m_store->list()->size(), std::size_t(19));
        QCOMPARE(cell(model, 0, HistoryModel::UrlColumn), QStringLiteral("http://127.0.0.1:9/firehose/18"));
        m_table->selectRow(0);
        m_table->selectionModel()->select(model->index(1, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
        m_panel->findChild<QPushButton *>(QStringLiteral("historyDelete"))->click();
        QTRY_COMPARE(model->rowCount(), 17);

        // "Clear history…" asks first; Cancel keeps everything.
        auto *clear = m_panel->findChild<QPushButton *>(QStringLiteral("historyClear"));
        const auto answer = [this](QMessageBox::ButtonRole role) {
            QTimer::singleShot(0, this, [role] {
                auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
                QVERIFY(box);
                QCOMPARE(box->objectName(), QStringLiteral("historyClearConfirmation"));
                QVERIFY(box->text().contains(QLatin1String("17")));
                for (QAbstractButton *button : box->buttons()) {
                    if (box->buttonRole(button) == role)
                        button->click();
                }
            });
        };
        answer(QMessageBox::RejectRole);
        clear->click();
        QTest::qWait(50);
        QCOMPARE(model->rowCount(), 17);
        QCOMPARE(m_store->list()->size(), std::size_t(17));
        answer(QMessageBox::DestructiveRole);
        clear->click();
        QTRY_COMPARE(model->rowCount(), 0);
        QVERIFY(m_store->list()->empty());
        QVERIFY(!m_panel->findChild<QPushButton *>(QStringLiteral("historyClear"))->isEnabled());
    }

    void switchingStores()
    {
        QTemporaryDir other;
        HistoryStore second(other.path());
        append(second, 500);
        QSignalSpy loaded(&*m_panel, &HistoryPanel::loaded);
        m_panel->setStore(&second);
        QVERIFY(loaded.wait(5000));
        QCOMPARE(m_table->model()->rowCount(), 1);
        append(*m_store, 600); // the old store no longer shows here
        QTest::qWait(50);
        QCOMPARE(m_table->model()->rowCount(), 1);
        m_panel->setStore(nullptr);
        QCOMPARE(m_table->model()->rowCount(), 0);
    }

private:
    std::optional<QTemporaryDir> m_dir;
    std::optional<HistoryStore> m_store;
    std::optional<HistoryPanel> m_panel;
    QTableView *m_table = nullptr;
    QLineEdit *m_search = nullptr;
};

QTEST_MAIN(TestHistoryPanel)
#include "tst_historypanel.moc"

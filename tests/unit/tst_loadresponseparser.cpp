// The load engine's HTTP response reader: where a response ends and what it said, fed whole and fed
// in every possible split (a response arrives in as many reads as the network likes).

#include "readiness/loadresponseparser_p.h"

#include <QTest>

using fhw::readiness::load::ResponseParser;
using State = ResponseParser::State;

Q_DECLARE_METATYPE(State)

namespace {

struct Outcome
{
    State state = State::NeedMore;
    std::size_t used = 0;
};

// Feeds `text` in two parts split at `split`; a Complete or Malformed part ends the feed.
Outcome feedSplit(ResponseParser &parser, const QByteArray &text, qsizetype split, bool closeAtEnd)
{
    Outcome outcome;
    for (const QByteArray &part : {text.left(split), text.mid(split)}) {
        std::size_t used = 0;
        outcome.state = parser.feed(part.constData(), std::size_t(part.size()), used);
        outcome.used += used;
        if (outcome.state != State::NeedMore)
            return outcome;
    }
    if (closeAtEnd)
        outcome.state = parser.finishAtClose();
    return outcome;
}

} // namespace

class TestLoadResponseParser : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void responses_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<bool>("closeAtEnd"); // the peer closes after the bytes
        QTest::addColumn<State>("state");
        QTest::addColumn<int>("status");
        QTest::addColumn<bool>("keepAlive");
        QTest::addColumn<qint64>("bodyBytes");
        QTest::addColumn<QByteArray>("retryAfter");

        QTest::newRow("content-length") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello") << false
                                        << State::Complete << 200 << true << qint64(5) << QByteArray();
        QTest::newRow("no reason phrase") << QByteArray("HTTP/1.1 202\r\ncontent-length: 2\r\n\r\n{}") << false
                                          << State::Complete << 202 << true << qint64(2) << QByteArray();
        QTest::newRow("bare newlines") << QByteArray("HTTP/1.1 200 OK\nContent-Length: 2\n\n{}") << false
                                       << State::Complete << 200 << true << qint64(2) << QByteArray();
        QTest::newRow("connection close") << QByteArray("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}")
                                          << false << State::Complete << 200 << false << qint64(2) << QByteArray();
        QTest::newRow("chunked with extension and trailer")
            << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3;x=y\r\nabc\r\nA\r\n0123456789\r\n0\r\nX-T: 1\r\n\r\n")
            << false << State::Complete << 200 << true << qint64(13) << QByteArray();
        QTest::newRow("http/1.0 until close") << QByteArray("HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n{\"a\":1}")
                                              << true << State::Complete << 200 << false << qint64(7) << QByteArray();
        QTest::newRow("http/1.0 keep-alive") << QByteArray("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n")
                                             << false << State::Complete << 200 << true << qint64(0) << QByteArray();
        QTest::newRow("100 continue first") << QByteArray("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 429 Too Many\r\nRetry-After: 3\r\nContent-Length: 0\r\n\r\n")
                                            << false << State::Complete << 429 << true << qint64(0) << QByteArray("3");
        QTest::newRow("204 has no body") << QByteArray("HTTP/1.1 204 No Content\r\n\r\n") << false << State::Complete << 204
                                         << true << qint64(0) << QByteArray();
        QTest::newRow("cut short") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc") << true
                                   << State::Malformed << 200 << true << qint64(3) << QByteArray();
        QTest::newRow("not http") << QByteArray("SSH-2.0-OpenSSH_9.2\r\n\r\n") << false << State::Malformed << 0 << true
                                  << qint64(0) << QByteArray();
        QTest::newRow("bad status") << QByteArray("HTTP/1.1 2x0 OK\r\n\r\n") << false << State::Malformed << 0 << true
                                    << qint64(0) << QByteArray();
        QTest::newRow("conflicting lengths") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n")
                                             << false << State::Malformed << 200 << true << qint64(0) << QByteArray();
        QTest::newRow("bad chunk size") << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n") << false
                                        << State::Malformed << 200 << true << qint64(0) << QByteArray();
        QTest::newRow("gzip without chunked") << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n") << false
                                              << State::Malformed << 200 << true << qint64(0) << QByteArray();
    }

    void responses()
    {
        QFETCH(QByteArray, text);
        QFETCH(bool, closeAtEnd);
        QFETCH(State, state);
        QFETCH(int, status);
        QFETCH(bool, keepAlive);
        QFETCH(qint64, bodyBytes);
        QFETCH(QByteArray, retryAfter);
        for (qsizetype split = 0; split <= text.size(); ++split) {
            ResponseParser parser;
            const Outcome outcome = feedSplit(parser, text, split, closeAtEnd);
            const QByteArray where = "split at " + QByteArray::number(split);
            QVERIFY2(outcome.state == state, where);
            if (state != State::Complete)
                continue;
            QVERIFY2(outcome.used == std::size_t(text.size()), where);
            QCOMPARE(parser.status(), status);
            QCOMPARE(parser.keepAlive(), keepAlive);
            QCOMPARE(parser.bodyBytes(), bodyBytes);
            QCOMPARE(QByteArray::fromStdString(parser.retryAfter()), retryAfter);
        }
    }

    void strayBytesAfterTheResponseAreLeft()
    {
        ResponseParser parser;
        const QByteArray text("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}HTTP/1.1 200 OK\r\n");
        std::size_t used = 0;
        QCOMPARE(parser.feed(text.constData(), std::size_t(text.size()), used), State::Complete);
        QCOMPARE(used, std::size_t(text.indexOf("{}") + 2));
    }

    void endlessHeadersAreMalformed()
    {
        ResponseParser parser;
        std::size_t used = 0;
        QByteArray text("HTTP/1.1 200 OK\r\n");
        QCOMPARE(parser.feed(text.constData(), std::size_t(text.size()), used), State::NeedMore);
        const QByteArray header("X-Filler: " + QByteArray(1000, 'x') + "\r\n");
        State state = State::NeedMore;
        for (int i = 0; i < 100 && state == State::NeedMore; ++i)
            state = parser.feed(header.constData(), std::size_t(header.size()), used);
        QCOMPARE(state, State::Malformed);
    }

    void resetReadsTheNextResponse()
    {
        ResponseParser parser;
        std::size_t used = 0;
        const QByteArray first("HTTP/1.1 500 Oops\r\nContent-Length: 0\r\n\r\n");
        QCOMPARE(parser.feed(first.constData(), std::size_t(first.size()), used), State::Complete);
        parser.reset();
        QVERIFY(!parser.started());
        const QByteArray second("HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n");
        QCOMPARE(parser.feed(second.constData(), std::size_t(second.size()), used), State::Complete);
        QCOMPARE(parser.status(), 202);
    }
};

QTEST_GUILESS_MAIN(TestLoadResponseParser)
#include "tst_loadresponseparser.moc"

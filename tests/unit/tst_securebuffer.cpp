// SecureBuffer: move-only secret storage that wipes what it lets go of.

#include "secrets/securebuffer.h"

#include <QTest>

#include <type_traits>

using fhw::secrets::SecureBuffer;

class TestSecureBuffer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void holdsBytes()
    {
        static_assert(!std::is_copy_constructible_v<SecureBuffer>);
        static_assert(std::is_nothrow_move_constructible_v<SecureBuffer>);
        const SecureBuffer empty;
        QVERIFY(empty.empty());
        QCOMPARE(empty.view(), std::string_view());

        SecureBuffer buffer(std::string_view("pass\0word", 9));
        QCOMPARE(buffer.size(), std::size_t(9));
        QCOMPARE(buffer.view(), std::string_view("pass\0word", 9));
    }

    void growsAndMoves()
    {
        SecureBuffer buffer;
        std::string expected;
        for (int i = 0; i < 100; ++i) {
            const std::string piece = std::to_string(i) + ",";
            buffer.append(piece);
            expected += piece;
        }
        QCOMPARE(buffer.view(), std::string_view(expected));

        SecureBuffer moved(std::move(buffer));
        QCOMPARE(moved.view(), std::string_view(expected));
        QVERIFY(buffer.empty()); // NOLINT(bugprone-use-after-move): the moved-from state is specified

        SecureBuffer assigned("old secret");
        assigned = std::move(moved);
        QCOMPARE(assigned.view(), std::string_view(expected));
    }

    void wipesWhatItDrops()
    {
        SecureBuffer buffer("secret-token");
        const char *storage = buffer.data();
        buffer.truncate(3);
        QCOMPARE(buffer.view(), std::string_view("sec"));
        // Still our allocation: the dropped tail is zero.
        for (std::size_t i = 3; i < 12; ++i)
            QCOMPARE(storage[i], '\0');

        SecureBuffer zeroed = SecureBuffer::zeroed(4);
        QCOMPARE(zeroed.view(), std::string_view("\0\0\0\0", 4));
    }

    void takesStrings()
    {
        std::string source = "a passphrase long enough to live on the heap";
        const SecureBuffer buffer = SecureBuffer::takeFrom(source);
        QCOMPARE(buffer.view(), std::string_view("a passphrase long enough to live on the heap"));
        QVERIFY(source.empty());

        std::string other = "abc";
        fhw::secrets::wipe(other);
        QVERIFY(other.empty());
    }
};

QTEST_GUILESS_MAIN(TestSecureBuffer)
#include "tst_securebuffer.moc"

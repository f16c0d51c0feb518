#include "httptestclient.h"

#include <curl/curl.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <memory>
#include <strings.h>

namespace fhw::testing {

namespace {

struct Transfer
{
    HttpReply reply;
    curl_slist *headers = nullptr;
    std::string body;

    ~Transfer() { curl_slist_free_all(headers); }
};

std::size_t onBody(char *data, std::size_t size, std::size_t count, void *user)
{
    static_cast<Transfer *>(user)->reply.body.append(data, size * count);
    return size * count;
}

std::size_t onHeader(char *data, std::size_t size, std::size_t count, void *user)
{
    std::string line(data, size * count);
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r'))
        line.pop_back();
    const auto colon = line.find(':');
    if (colon != std::string::npos) {
        std::string value = line.substr(colon + 1);
        value.erase(0, value.find_first_not_of(' '));
        static_cast<Transfer *>(user)->reply.headers.emplace_back(line.substr(0, colon), value);
    }
    return size * count;
}

void configure(CURL *easy, const HttpCall &call, Transfer &transfer)
{
    curl_easy_setopt(easy, CURLOPT_URL, call.url.c_str());
    curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, static_cast<long>(call.timeout.count()));
    curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &onBody);
    curl_easy_setopt(easy, CURLOPT_WRITEDATA, &transfer);
    curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, &onHeader);
    curl_easy_setopt(easy, CURLOPT_HEADERDATA, &transfer);
    curl_easy_setopt(easy, CURLOPT_HTTP_VERSION, call.http10 ? CURL_HTTP_VERSION_1_0 : CURL_HTTP_VERSION_1_1);
    transfer.body = call.body;
    if (call.method == "POST") {
        curl_easy_setopt(easy, CURLOPT_POST, 1L);
        curl_easy_setopt(easy, CURLOPT_POSTFIELDS, transfer.body.data());
        curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(transfer.body.size()));
    } else {
        curl_easy_setopt(easy, CURLOPT_HTTPGET, 1L);
        if (call.method != "GET")
            curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, call.method.c_str());
    }
    transfer.headers = curl_slist_append(transfer.headers, "Content-Type: application/json");
    transfer.headers = curl_slist_append(transfer.headers, call.expectContinue ? "Expect: 100-continue" : "Expect:");
    for (const auto &header : call.headers)
        transfer.headers = curl_slist_append(transfer.headers, header.c_str());
    curl_easy_setopt(easy, CURLOPT_HTTPHEADER, transfer.headers);
}

void finish(CURL *easy, CURLcode code, Transfer &transfer)
{
    transfer.reply.curlCode = code;
    if (code != CURLE_OK)
        transfer.reply.error = curl_easy_strerror(code);
    curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &transfer.reply.status);
    curl_off_t total = 0;
    curl_easy_getinfo(easy, CURLINFO_TOTAL_TIME_T, &total);
    transfer.reply.seconds = static_cast<double>(total) / 1e6;
    curl_off_t uploaded = 0;
    curl_easy_getinfo(easy, CURLINFO_SIZE_UPLOAD_T, &uploaded);
    transfer.reply.uploadedBytes = static_cast<long>(uploaded);
}

} // namespace

std::string HttpReply::header(const std::string &name) const
{
    for (const auto &[key, value] : headers) {
        if (strcasecmp(key.c_str(), name.c_str()) == 0)
            return value;
    }
    return {};
}

HttpReply perform(const HttpCall &call)
{
    return performOnOneConnection({call}).front();
}

std::vector<HttpReply> performOnOneConnection(const std::vector<HttpCall> &calls)
{
    std::vector<HttpReply> replies;
    CURL *easy = curl_easy_init();
    for (const HttpCall &call : calls) {
        Transfer transfer;
        curl_easy_reset(easy); // keeps the connection cache
        configure(easy, call, transfer);
        finish(easy, curl_easy_perform(easy), transfer);
        replies.push_back(std::move(transfer.reply));
    }
    curl_easy_cleanup(easy);
    return replies;
}

std::vector<HttpReply> performConcurrently(const std::vector<HttpCall> &calls)
{
    CURLM *multi = curl_multi_init();
    curl_multi_setopt(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, 0L);
    std::vector<std::unique_ptr<Transfer>> transfers;
    std::vector<CURL *> handles;
    for (const HttpCall &call : calls) {
        transfers.push_back(std::make_unique<Transfer>());
        CURL *easy = curl_easy_init();
        configure(easy, call, *transfers.back());
        curl_easy_setopt(easy, CURLOPT_FRESH_CONNECT, 1L);
        curl_easy_setopt(easy, CURLOPT_PRIVATE, transfers.back().get());
        curl_multi_add_handle(multi, easy);
        handles.push_back(easy);
    }
    int running = 0;
    do {
        curl_multi_perform(multi, &running);
        int left = 0;
        while (CURLMsg *message = curl_multi_info_read(multi, &left)) {
            if (message->msg == CURLMSG_DONE) {
                Transfer *transfer = nullptr;
                curl_easy_getinfo(message->easy_handle, CURLINFO_PRIVATE, &transfer);
                finish(message->easy_handle, message->data.result, *transfer);
            }
        }
        if (running)
            curl_multi_poll(multi, nullptr, 0, 100, nullptr);
    } while (running);
    std::vector<HttpReply> replies;
    for (std::size_t i = 0; i < handles.size(); ++i) {
        curl_multi_remove_handle(multi, handles[i]);
        curl_easy_cleanup(handles[i]);
        replies.push_back(std::move(transfers[i]->reply));
    }
    curl_multi_cleanup(multi);
    return replies;
}

RawResult rawExchange(std::uint16_t port, const std::string &head, std::size_t extraBytes,
                      std::chrono::milliseconds wait)
{
    RawResult result;
    const auto started = std::chrono::steady_clock::now();
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0) {
        ::close(fd);
        return result;
    }
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
    std::string pending = head;
    std::size_t extraLeft = extraBytes;
    const std::string filler(64 * 1024, 'x');
    bool canSend = true;
    for (;;) {
        const auto elapsed = std::chrono::steady_clock::now() - started;
        if (elapsed >= wait)
            break;
        if (pending.empty() && extraLeft > 0 && canSend)
            pending = filler.substr(0, std::min(extraLeft, filler.size())), extraLeft -= pending.size();
        pollfd p{fd, static_cast<short>(POLLIN | (pending.empty() || !canSend ? 0 : POLLOUT)), 0};
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(wait - elapsed).count();
        if (::poll(&p, 1, static_cast<int>(std::min<long long>(left, 50))) < 0)
            break;
        if (p.revents & POLLOUT) {
            const ssize_t n = ::send(fd, pending.data(), pending.size(), MSG_NOSIGNAL);
            if (n > 0) {
                result.bytesSent += static_cast<std::size_t>(n);
                pending.erase(0, static_cast<std::size_t>(n));
            } else if (n < 0 && errno != EAGAIN) {
                canSend = false; // reset or closed: keep reading what arrived
            }
        }
        if (p.revents & (POLLIN | POLLHUP | POLLERR)) {
            char buffer[16 * 1024];
            const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
            if (n > 0) {
                result.received.append(buffer, static_cast<std::size_t>(n));
            } else if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) {
                result.closedByServer = true;
                break;
            }
        }
    }
    result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    ::close(fd);
    return result;
}

} // namespace fhw::testing

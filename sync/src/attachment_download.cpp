#include "attachment_download.h"

#include <algorithm>
#include <cstring>
#include <optional>

#include "wire.h"

namespace fieldcheck::sync {

namespace rep = replication;

AttachmentDownloader::AttachmentDownloader(Store& store, HttpClient& http, Headers headers, int64_t rangeBytes, const CancelToken* cancel)
    : m_store(store), m_http(http), m_headers(std::move(headers)), m_rangeBytes(std::max<int64_t>(rangeBytes, 1)), m_cancel(cancel) {}

Result<DownloadTotals> AttachmentDownloader::run() {
    FC_ASSIGN_OR_RETURN(auto todo, rep::attachmentsToDownload(m_store));
    for (const auto& item : todo) {
        if (m_cancel != nullptr && m_cancel->cancelled()) return makeError(ErrorCode::Cancelled, "cancelled");
        Status st = downloadOne(item.attachment);
        if (st.ok()) continue;
        // The link, a cancel or a wipe order end the phase; anything else is about this attachment.
        const ErrorCode code = st.error().code;
        if (code == ErrorCode::IoError || code == ErrorCode::Cancelled || code == ErrorCode::Revoked) return st.error();
        m_totals.problems.push_back("attachment " + item.attachment.id + " (" + item.attachment.fileName + "): " + st.error().message);
    }
    return m_totals;
}

Status AttachmentDownloader::downloadOne(const Attachment& a) {
    std::string range;      // the bytes fetched and not yet handed to the vault
    size_t used = 0;        // of `range`
    int64_t next = 0;       // offset of the next byte to fetch
    std::optional<Error> failed;  // why the reader stopped: the transfer's error, not the vault's
    auto read = [&](uint8_t* into, size_t cap) -> Result<size_t> {
        if (used == range.size()) {
            if (next >= a.sizeBytes) return size_t{0};
            if (m_cancel != nullptr && m_cancel->cancelled()) {
                failed = makeError(ErrorCode::Cancelled, "cancelled");
                return *failed;
            }
            HttpRequest req;
            req.method = "GET";
            req.path = "/v1/attachments/" + a.id + "/content";
            req.headers = m_headers;
            req.headers.emplace_back("Range", "bytes=" + std::to_string(next) + "-" + std::to_string(next + m_rangeBytes - 1));
            auto res = m_http.send(req, {}, m_cancel);
            if (!res.ok()) {
                failed = res.error();
                return *failed;
            }
            m_totals.count(res.value());
            if (res->status != 206 && res->status != 200) {
                failed = serverError("download of attachment " + a.id, res.value());
                return *failed;
            }
            // The range must start where the download stands (a 200 is the whole, from 0).
            const std::string contentRange = res->headers.count("content-range") ? res->headers.at("content-range") : "";
            const std::string expected = "bytes " + std::to_string(next) + "-";
            if ((res->status == 206 && contentRange.rfind(expected, 0) != 0) || (res->status == 200 && next != 0) || res->body.empty()) {
                failed = makeError(ErrorCode::IoError, "download of attachment " + a.id + ": the server answered another range than asked");
                return *failed;
            }
            range = std::move(res->body);
            used = 0;
            next += static_cast<int64_t>(range.size());
        }
        const size_t n = std::min(cap, range.size() - used);
        std::memcpy(into, range.data() + used, n);
        used += n;
        return n;
    };
    Status stored = rep::storeDownloadedAttachment(m_store, a, read);
    std::fill(range.begin(), range.end(), '\0');
    if (failed) return *failed;
    if (!stored.ok()) return stored.error();
    m_totals.downloaded += 1;
    m_totals.contentBytes += a.sizeBytes;
    return {};
}

}  // namespace fieldcheck::sync

#include "qt_key_store.h"

#include <qt6keychain/keychain.h>

#include <QCoreApplication>
#include <QEventLoop>
#if defined(Q_OS_LINUX)
#include <QDBusConnection>
#include <QDBusConnectionInterface>
#endif

#include <algorithm>

namespace fieldcheck::platform {

namespace {

// Runs a QtKeychain job to its end on this thread.
void runToEnd(QKeychain::Job& job) {
    job.setAutoDelete(false);
    job.setInsecureFallback(false);  // never a plaintext file in place of a key store
    QEventLoop loop;
    QObject::connect(&job, &QKeychain::Job::finished, &loop, &QEventLoop::quit);
    job.start();
    loop.exec();
}

// Whether a Secret Service can answer: a session bus, with the service running or activatable.
// QtKeychain reports a missing bus or service as an "other" error with glib's words; this tells
// "no key store here" (use the passphrase) from a key store that failed.
bool secretServiceReachable() {
#if defined(Q_OS_LINUX)
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected() || bus.interface() == nullptr) return false;
    const QString name = QStringLiteral("org.freedesktop.secrets");
    if (bus.interface()->isServiceRegistered(name).value()) return true;
    return bus.interface()->activatableServiceNames().value().contains(name);
#else
    return true;
#endif
}

// The job's error as ours; `what` says what was being done, never the secret.
Error errorOf(const QKeychain::Job& job, const std::string& what) {
    const std::string detail = job.errorString().toStdString();
    if (job.error() == QKeychain::OtherError && !secretServiceReachable()) {
        return makeError(ErrorCode::Unsupported, what + ": no key store answers on this machine (no Secret Service on the session bus: " + detail + ")");
    }
    switch (job.error()) {
        case QKeychain::EntryNotFound:
            return makeError(ErrorCode::NotFound, what + ": the key store keeps nothing there");
        case QKeychain::NoBackendAvailable:
        case QKeychain::NotImplemented:
            return makeError(ErrorCode::Unsupported, what + ": no key store answers on this machine (" + detail + ")");
        case QKeychain::AccessDenied:
        case QKeychain::AccessDeniedByUser:
            return makeError(ErrorCode::Unauthorized, what + ": the key store refused access (" + detail + ")");
        default:
            return makeError(ErrorCode::IoError, what + ": the key store failed (" + detail + ")");
    }
}

// Overwrites a QByteArray's own bytes (best effort: Qt may have copied them before).
void wipe(QByteArray& bytes) {
    if (bytes.isEmpty()) return;
    char* data = bytes.data();  // detaches: this copy is the one wiped
    std::fill(data, data + bytes.size(), '\0');
    bytes.clear();
}

}  // namespace

QtKeyStore::QtKeyStore(std::string service) : m_service(std::move(service)) {}

std::string QtKeyStore::name() const {
#if defined(Q_OS_LINUX)
    return "Secret Service";
#elif defined(Q_OS_MACOS)
    return "Keychain";
#elif defined(Q_OS_WIN)
    return "Credential Store";
#else
    return "key store";
#endif
}

Result<SecretBytes> QtKeyStore::read(const std::string& account) {
    if (QCoreApplication::instance() == nullptr) return makeError(ErrorCode::Internal, "QtKeyStore needs a QCoreApplication");
    QKeychain::ReadPasswordJob job(QString::fromStdString(m_service));
    job.setKey(QString::fromStdString(account));
    runToEnd(job);
    if (job.error() != QKeychain::NoError) return errorOf(job, "reading '" + account + "' from the " + name());
    QByteArray bytes = job.binaryData();
    SecretBytes secret(reinterpret_cast<const uint8_t*>(bytes.constData()), static_cast<size_t>(bytes.size()));
    wipe(bytes);
    return secret;
}

Status QtKeyStore::write(const std::string& account, const SecretBytes& secret) {
    if (QCoreApplication::instance() == nullptr) return makeError(ErrorCode::Internal, "QtKeyStore needs a QCoreApplication");
    QKeychain::WritePasswordJob job(QString::fromStdString(m_service));
    job.setKey(QString::fromStdString(account));
    QByteArray bytes(reinterpret_cast<const char*>(secret.data()), static_cast<qsizetype>(secret.size()));
    job.setBinaryData(bytes);
    wipe(bytes);
    runToEnd(job);
    if (job.error() != QKeychain::NoError) return errorOf(job, "writing '" + account + "' to the " + name());
    return {};
}

Status QtKeyStore::erase(const std::string& account) {
    if (QCoreApplication::instance() == nullptr) return makeError(ErrorCode::Internal, "QtKeyStore needs a QCoreApplication");
    QKeychain::DeletePasswordJob job(QString::fromStdString(m_service));
    job.setKey(QString::fromStdString(account));
    runToEnd(job);
    if (job.error() == QKeychain::EntryNotFound) return {};
    if (job.error() != QKeychain::NoError) return errorOf(job, "removing '" + account + "' from the " + name());
    return {};
}

}  // namespace fieldcheck::platform

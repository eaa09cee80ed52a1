#include "fieldcheck/platform/key_store.h"

namespace fieldcheck::platform {

Status FakeKeyStore::fault() const {
    if (m_faults.unavailable) return makeError(ErrorCode::Unsupported, "no key store answers on this machine (test fake)");
    if (m_faults.denyAccess) return makeError(ErrorCode::Unauthorized, "the key store refused access (test fake)");
    return {};
}

Result<SecretBytes> FakeKeyStore::read(const std::string& account) {
    std::lock_guard<std::mutex> lock(m_mutex);
    ++m_calls;
    FC_TRY(fault());
    auto it = m_secrets.find(account);
    if (it == m_secrets.end() || m_faults.loseSecrets) {
        return makeError(ErrorCode::NotFound, "the key store keeps nothing under '" + account + "'");
    }
    return SecretBytes(reinterpret_cast<const uint8_t*>(it->second.data()), it->second.size());
}

Status FakeKeyStore::write(const std::string& account, const SecretBytes& secret) {
    std::lock_guard<std::mutex> lock(m_mutex);
    ++m_calls;
    FC_TRY(fault());
    if (m_faults.failWrites) return makeError(ErrorCode::IoError, "the key store did not keep the secret (test fake)");
    m_secrets[account] = std::string(reinterpret_cast<const char*>(secret.data()), secret.size());
    return {};
}

Status FakeKeyStore::erase(const std::string& account) {
    std::lock_guard<std::mutex> lock(m_mutex);
    ++m_calls;
    FC_TRY(fault());
    if (m_faults.failErases) return makeError(ErrorCode::IoError, "the key store did not remove the secret (test fake)");
    m_secrets.erase(account);
    return {};
}

void FakeKeyStore::setFaults(const Faults& faults) {
    std::lock_guard<std::mutex> lock(m_mutex);
    m_faults = faults;
}

bool FakeKeyStore::holds(const std::string& account) const {
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_secrets.count(account) != 0;
}

int FakeKeyStore::calls() const {
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_calls;
}

}  // namespace fieldcheck::platform

#include "fieldcheck/platform/pin_unlock.h"

#include "fieldcheck/core/keyring.h"

namespace fieldcheck::platform {

namespace {

Result<std::string> storeIdOf(const std::string& path) {
    FC_ASSIGN_OR_RETURN(Keyring keyring, Keyring::load(Keyring::pathForStore(path)));
    return keyring.storeId();
}

}  // namespace

std::string deviceSecretAccount(const std::string& storeId) { return "device-secret/" + storeId; }

Status enablePin(KeyStore& keyStore, const std::string& path, const SecretBytes& passphrase, const SecretBytes& pin,
                 const KdfParams& kdf, StoreOptions options) {
    FC_ASSIGN_OR_RETURN(std::string storeId, storeIdOf(path));
    const SecretBytes secret = SecretBytes::random(kDeviceSecretSize);
    // The keyring first: a wrong passphrase or a bad PIN changes nothing. Then the key store; if it
    // does not keep the secret, the new wrapping could never be opened, so it goes again. (Killed
    // in between, the next PIN unlock finds no secret and removes the wrapping itself.)
    FC_TRY(Store::setPin(path, passphrase, pin, secret, kdf, std::move(options)));
    Status kept = keyStore.write(deviceSecretAccount(storeId), secret);
    if (!kept.ok()) {
        (void)Store::removePin(path);
        return makeError(kept.error().code, "no PIN is set: " + kept.error().message);
    }
    return {};
}

Result<std::unique_ptr<Store>> openWithPin(KeyStore& keyStore, const std::string& path, const SecretBytes& pin,
                                           StoreOptions options) {
    FC_ASSIGN_OR_RETURN(std::string storeId, storeIdOf(path));
    FC_ASSIGN_OR_RETURN(bool hasPin, Store::hasPin(path));
    if (!hasPin) return makeError(ErrorCode::NotFound, "no PIN is set for this store: open it with the passphrase");
    const std::string account = deviceSecretAccount(storeId);
    auto secret = keyStore.read(account);
    if (!secret.ok()) {
        const Error& e = secret.error();
        if (e.code == ErrorCode::NotFound) {
            // The key store was reset or the app's entry removed: this PIN can never work again.
            (void)Store::removePin(path);
            return makeError(ErrorCode::NotFound, "the " + keyStore.name() +
                                                      " no longer holds this device's secret, so the PIN cannot open the store: "
                                                      "open it with the passphrase and choose a new PIN");
        }
        if (e.code == ErrorCode::Unsupported) {
            return makeError(ErrorCode::Unsupported, "no key store answers on this device, so the PIN cannot open the store: "
                                                     "open it with the passphrase (" + e.message + ")");
        }
        return e;
    }
    auto store = Store::openWithPin(path, pin, secret.value(), std::move(options));
    if (!store.ok() && store.error().code == ErrorCode::WrongPassphrase) {
        auto still = Store::hasPin(path);
        if (still.ok() && !still.value()) (void)keyStore.erase(account);  // this attempt erased the PIN: the secret goes too
    }
    return store;
}

Status disablePin(KeyStore& keyStore, const std::string& path) {
    FC_ASSIGN_OR_RETURN(std::string storeId, storeIdOf(path));
    FC_TRY(Store::removePin(path));
    return keyStore.erase(deviceSecretAccount(storeId));
}

}  // namespace fieldcheck::platform

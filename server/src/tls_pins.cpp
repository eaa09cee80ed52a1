#include "tls_pins.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/sha.h>
#include <openssl/x509.h>

#include <cstdio>
#include <memory>

namespace fieldcheck::server {

Result<std::string> publicKeyPin(const std::string& certificatePemPath) {
    std::unique_ptr<FILE, int (*)(FILE*)> file(std::fopen(certificatePemPath.c_str(), "r"), &std::fclose);
    if (!file) return makeError(ErrorCode::NotFound, "cannot read the certificate '" + certificatePemPath + "'");
    std::unique_ptr<X509, void (*)(X509*)> cert(PEM_read_X509(file.get(), nullptr, nullptr, nullptr), &X509_free);
    if (!cert) return makeError(ErrorCode::InvalidArgument, "'" + certificatePemPath + "' holds no PEM certificate");
    EVP_PKEY* key = X509_get0_pubkey(cert.get());
    if (key == nullptr) return makeError(ErrorCode::InvalidArgument, "the certificate '" + certificatePemPath + "' has no usable public key");
    unsigned char* der = nullptr;
    const int length = i2d_PUBKEY(key, &der);
    if (length <= 0) return makeError(ErrorCode::Internal, "cannot encode the public key of '" + certificatePemPath + "'");
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256(der, static_cast<size_t>(length), digest);
    OPENSSL_free(der);
    unsigned char base64[4 * ((SHA256_DIGEST_LENGTH + 2) / 3) + 1];
    const int n = EVP_EncodeBlock(base64, digest, SHA256_DIGEST_LENGTH);
    return "sha256//" + std::string(reinterpret_cast<const char*>(base64), static_cast<size_t>(n));
}

Result<nlohmann::json> enrolmentFile(const std::string& serverUrl, const std::string& caPem, const std::vector<std::string>& pins) {
    const bool https = serverUrl.rfind("https://", 0) == 0;
    const bool local = serverUrl.rfind("http://127.0.0.1:", 0) == 0;
    if (!https && !local) return makeError(ErrorCode::InvalidArgument, "the server URL must be https:// (plain http only to 127.0.0.1)");
    if (https && pins.empty()) return makeError(ErrorCode::InvalidArgument, "an https server needs at least one pin (and a backup)");
    for (const auto& p : pins) {
        if (p.rfind("sha256//", 0) != 0 || p.size() != 8 + 44) {
            return makeError(ErrorCode::InvalidArgument, "'" + p + "' is not a pin (sha256// and 44 base64 characters)");
        }
    }
    if (!caPem.empty() && caPem.find("-----BEGIN CERTIFICATE-----") == std::string::npos) {
        return makeError(ErrorCode::InvalidArgument, "the CA is not a PEM certificate");
    }
    return nlohmann::json{{"server_url", serverUrl}, {"ca_pem", caPem}, {"pins", pins}};
}

}  // namespace fieldcheck::server

#include "secret_text.h"

#include <QByteArray>
#include <string_view>

namespace fieldcheck::ui {

std::shared_ptr<const fieldcheck::SecretBytes> toSecret(const QString& text) {
    QByteArray utf8 = text.toUtf8();
    auto secret = std::make_shared<const fieldcheck::SecretBytes>(fieldcheck::SecretBytes::fromString(
        std::string_view(utf8.constData(), static_cast<size_t>(utf8.size()))));
    utf8.fill('\0');
    return secret;
}

}  // namespace fieldcheck::ui

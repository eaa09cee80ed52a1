#include "record_counts_model.h"

#include <QCoreApplication>
#include <algorithm>

#include "fieldcheck/core/records.h"
#include "fieldcheck/core/store.h"
#include "logging.h"

namespace fieldcheck::ui {

namespace {

// The types the home page counts, in display order, with their labels in the app's source
// language (translated at display time).
struct ShownType {
    const char* type;
    const char* label;
};
constexpr ShownType kShownTypes[] = {
    {"visit", QT_TRANSLATE_NOOP("RecordCountsModel", "Visits")},
    {"finding", QT_TRANSLATE_NOOP("RecordCountsModel", "Findings")},
    {"complaint", QT_TRANSLATE_NOOP("RecordCountsModel", "Petitions")},
    {"unit", QT_TRANSLATE_NOOP("RecordCountsModel", "Units")},
    {"self_inspection", QT_TRANSLATE_NOOP("RecordCountsModel", "Self-inspections")},
    {"inspection_group", QT_TRANSLATE_NOOP("RecordCountsModel", "Inspection groups")},
    {"campaign", QT_TRANSLATE_NOOP("RecordCountsModel", "Campaigns")},
};

}  // namespace

RecordCountsModel::RecordCountsModel(QObject* parent) : QAbstractListModel(parent) {}

void RecordCountsModel::setSession(Session* session) {
    if (session == m_session) return;
    if (m_session) m_session->disconnect(this);
    m_session = session;
    if (m_session) {
        connect(m_session, &Session::aboutToLock, this, &RecordCountsModel::clear);
        connect(m_session, &Session::unlockedChanged, this, &RecordCountsModel::refresh);
    }
    emit sessionChanged();
    refresh();
}

int RecordCountsModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

QVariant RecordCountsModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const Row& row = m_rows[static_cast<size_t>(index.row())];
    switch (role) {
        case TypeRole:
            return row.type;
        case Qt::DisplayRole:
        case LabelRole:
            return row.label;
        case CountRole:
            return row.count;
        default:
            return {};
    }
}

QHash<int, QByteArray> RecordCountsModel::roleNames() const {
    return {{TypeRole, "type"}, {LabelRole, "label"}, {CountRole, "count"}};
}

qint64 RecordCountsModel::visitCount() const {
    return std::max<qint64>(countOf(QStringLiteral("visit")), 0);
}

qint64 RecordCountsModel::countOf(const QString& type) const {
    for (const Row& row : m_rows) {
        if (row.type == type) return row.count;
    }
    return -1;
}

void RecordCountsModel::refresh() {
    if (!m_session || !m_session->isUnlocked()) {
        clear();
        return;
    }
    struct Counted {
        std::vector<Row> rows;
        QString error;
    };
    m_session->run<Counted>(this, [](fieldcheck::Store& store) {
        Counted counted;
        for (const ShownType& shown : kShownTypes) {
            if (static_cast<int>(counted.rows.size()) == kMaxRows) break;
            if (fieldcheck::findRecordType(shown.type) == nullptr) continue;  // not in this core
            Row row{QString::fromLatin1(shown.type),
                    QCoreApplication::translate("RecordCountsModel", shown.label), -1};
            auto n = store.countRecords(shown.type);
            if (n.ok()) {
                row.count = n.value();
            } else {
                qCWarning(lcUi).noquote() << "counting" << row.type
                                          << "failed:" << QString::fromStdString(n.error().toString());
                counted.error = tr("Some records could not be counted. The store may be damaged.");
            }
            counted.rows.push_back(std::move(row));
        }
        return counted;
    }, [this](Counted counted) {
        beginResetModel();
        m_rows = std::move(counted.rows);
        endResetModel();
        emit countsChanged();
        setErrorMessage(counted.error);
    });
}

void RecordCountsModel::clear() {
    if (m_rows.empty()) return;
    beginResetModel();
    m_rows.clear();
    endResetModel();
    emit countsChanged();
    setErrorMessage({});
}

void RecordCountsModel::setErrorMessage(const QString& message) {
    if (message == m_errorMessage) return;
    m_errorMessage = message;
    emit errorMessageChanged();
}

}  // namespace fieldcheck::ui

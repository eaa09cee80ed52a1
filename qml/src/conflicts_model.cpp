#include "conflicts_model.h"

#include <QDateTime>

#include "fieldcheck/core/hlc.h"
#include "fieldcheck/core/permissions.h"
#include "fieldcheck/core/replication.h"
#include "fieldcheck/core/store.h"
#include "logging.h"
#include "record_labels.h"

namespace fieldcheck::ui {

namespace {

QString qs(const std::string& s) { return QString::fromStdString(s); }

// What a record is called in a list: its description, title, name or summary, shortened.
QString titleOf(const Record& record) {
    for (const char* field : {"description", "title", "name", "summary", "work_done"}) {
        const auto it = record.fields.find(field);
        if (it == record.fields.end() || !it->is_string() || it->get<std::string>().empty()) continue;
        QString text = qs(it->get<std::string>());
        if (text.size() > 60) text = text.left(59) + QChar(0x2026);
        return text;
    }
    return qs(record.type + " " + record.id.substr(0, 8));
}

// A candidate's value as a person reads it.
QString valueText(const std::string& type, const std::string& field, const nlohmann::json& candidate) {
    const nlohmann::json value = candidate.value("value", nlohmann::json());
    if (field == "_withdrawn") {
        if (value == nlohmann::json("restore")) return ConflictsModel::tr("Keep the record, with the other change");
        const std::string reason = candidate.value("reason", std::string());
        return reason.empty() ? ConflictsModel::tr("Withdraw the record")
                              : ConflictsModel::tr("Withdraw the record (reason: %1)").arg(qs(reason));
    }
    if (value.is_null()) return ConflictsModel::tr("(empty)");
    const RecordTypeSpec* spec = findRecordType(type);
    const FieldSpec* f = spec != nullptr ? spec->field(field) : nullptr;
    if (value.is_string()) {
        if (f != nullptr && f->kind == FieldKind::Choice) return choiceLabel(type.c_str(), field.c_str(), value.get<std::string>());
        return qs(value.get<std::string>());
    }
    if (value.is_boolean()) return value.get<bool>() ? ConflictsModel::tr("Yes") : ConflictsModel::tr("No");
    return qs(value.dump());
}

}  // namespace

ConflictsModel::ConflictsModel(QObject* parent) : QAbstractListModel(parent) {}

void ConflictsModel::setSession(Session* session) {
    if (m_session == session) return;
    if (m_session) disconnect(m_session, nullptr, this, nullptr);
    m_session = session;
    if (m_session) {
        connect(m_session, &Session::unlockedChanged, this, &ConflictsModel::refresh);
        connect(m_session, &Session::manyRecordsChanged, this, &ConflictsModel::refresh);
    }
    refresh();
    emit sessionChanged();
}

void ConflictsModel::refresh() {
    if (!m_session || !m_session->isUnlocked()) {
        apply({});
        return;
    }
    m_loading = true;
    emit loadingChanged();
    m_session->run<Snapshot>(this, &ConflictsModel::read, [this](Snapshot snapshot) {
        apply(std::move(snapshot));
        m_loading = false;
        emit loadingChanged();
    });
}

ConflictsModel::Snapshot ConflictsModel::read(fieldcheck::Store& store) {
    Snapshot s;
    auto open = replication::openConflicts(store);
    auto refused = replication::rejectedOps(store);
    if (!open.ok() || !refused.ok()) {
        qCWarning(lcUi).noquote() << "conflicts: reading failed:"
                                  << qs((open.ok() ? refused.error() : open.error()).toString());
        s.error = tr("The conflicts could not be read. Sync again or restart the app; if it persists, tell the administrator.");
        return s;
    }
    auto role = replication::syncState(store, "role");
    const std::string myRole = role.ok() && role.value() ? *role.value() : std::string();
    for (const replication::OpenConflict& c : open.value()) {
        Row row;
        row.conflictId = qs(c.conflictId);
        row.recordType = qs(c.recordType);
        row.recordId = qs(c.recordId);
        row.fieldLabel = fieldLabel(c.recordType, c.field);
        auto record = store.getRecord(c.recordType, c.recordId);
        row.recordTitle = record.ok() ? titleOf(record.value()) : qs(c.recordType + " " + c.recordId.substr(0, 8));
        for (size_t i = 0; i < c.candidates.size(); ++i) {
            const nlohmann::json& candidate = c.candidates[i];
            const auto stamp = HlcStamp::parse(candidate.value("hlc", std::string()));
            row.candidates.push_back(QVariantMap{{QStringLiteral("value"), valueText(c.recordType, c.field, candidate)},
                                                 {QStringLiteral("by"), qs(candidate.value("by", std::string()))},
                                                 {QStringLiteral("when"), stamp ? stamp->wallMs : qint64(0)},
                                                 {QStringLiteral("shown"), static_cast<int>(i) == c.shown}});
        }
        // The same check the core makes when the choice is written; not enrolled: no role checks.
        row.canChoose = true;
        if (!myRole.empty() && record.ok() && !c.candidates.empty()) {
            permissions::Request request = permissions::resolution(c.recordType, record.value(), c.field,
                                                                   c.candidates[0].value("value", nlohmann::json()));
            request.role = myRole;
            if (!permissions::authorize(request).ok()) {
                row.canChoose = false;
                row.whyNot = tr("Your role may not decide this. Your group leader or the office decides it; until then "
                                "the value marked as shown stands.");
            }
        }
        s.rows.push_back(std::move(row));
    }
    for (const OutboxEntry& op : refused.value()) {
        auto record = store.getRecord(op.recordType, op.recordId);
        const QString what = record.ok() ? titleOf(record.value()) : qs(op.recordType + " " + op.recordId.substr(0, 8));
        const std::string reason = op.result.is_object() ? op.result.value("reason", std::string()) : std::string();
        s.rejected.push_back(QVariantMap{{QStringLiteral("what"), what}, {QStringLiteral("reason"), qs(reason)}});
    }
    return s;
}

void ConflictsModel::choose(int row, int candidate) {
    if (m_choosing || !m_session || !m_session->isUnlocked() || row < 0 || row >= rowCount()) return;
    const Row& r = m_snapshot.rows[static_cast<size_t>(row)];
    if (candidate < 0 || candidate >= r.candidates.size() || !r.canChoose) return;
    m_choosing = true;
    emit choosingChanged();
    setMessage({}, false);
    const std::string type = r.recordType.toStdString(), id = r.recordId.toStdString(), conflictId = r.conflictId.toStdString();
    using Outcome = std::optional<fieldcheck::Error>;
    m_session->run<Outcome>(this, [type, id, conflictId, candidate](fieldcheck::Store& store) -> Outcome {
        Status st = replication::resolveConflict(store, type, id, conflictId, candidate);
        if (!st.ok()) return st.error();
        return std::nullopt;
    }, [this, type, id](Outcome error) {
        m_choosing = false;
        emit choosingChanged();
        if (error) {
            qCWarning(lcUi).noquote() << "resolving a conflict failed:" << qs(error->toString());
            setMessage(error->code == ErrorCode::Unauthorized
                           ? tr("Your role may not decide this conflict; it stays open for someone who may.")
                           : tr("The choice could not be saved (%1). Nothing was changed; try again.").arg(qs(error->message)),
                       true);
        } else {
            setMessage(tr("Decided. The choice reaches the server and the other devices at the next sync."), false);
            m_session->notifyChanged(qs(type), {qs(id)});
            emit resolved();
        }
        refresh();
    });
}

void ConflictsModel::apply(Snapshot snapshot) {
    beginResetModel();
    m_snapshot = std::move(snapshot);
    endResetModel();
    emit countChanged();
    if (!m_snapshot.error.isEmpty()) setMessage(m_snapshot.error, true);
}

void ConflictsModel::setMessage(const QString& message, bool isError) {
    if (message == m_message && isError == m_messageIsError) return;
    m_message = message;
    m_messageIsError = isError;
    emit messageChanged();
}

int ConflictsModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_snapshot.rows.size());
}

QVariant ConflictsModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    const Row& r = m_snapshot.rows[static_cast<size_t>(index.row())];
    switch (role) {
        case Qt::DisplayRole:
        case RecordTitleRole: return r.recordTitle;
        case ConflictIdRole: return r.conflictId;
        case RecordTypeRole: return r.recordType;
        case RecordIdRole: return r.recordId;
        case FieldLabelRole: return r.fieldLabel;
        case CandidatesRole: return r.candidates;
        case CanChooseRole: return r.canChoose;
        case WhyNotRole: return r.whyNot;
        default: return {};
    }
}

QHash<int, QByteArray> ConflictsModel::roleNames() const {
    return {{ConflictIdRole, "conflictId"}, {RecordTypeRole, "recordType"}, {RecordIdRole, "recordId"},
            {RecordTitleRole, "recordTitle"}, {FieldLabelRole, "fieldLabel"}, {CandidatesRole, "candidates"},
            {CanChooseRole, "canChoose"},   {WhyNotRole, "whyNot"}};
}

}  // namespace fieldcheck::ui

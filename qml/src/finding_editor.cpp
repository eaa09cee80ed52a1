#include "finding_editor.h"

#include <QDateTime>
#include <QLocale>
#include <QRegularExpression>
#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <utility>
#include <vector>

#include "drafts.h"
#include "fieldcheck/core/campaign_rules.h"
#include "fieldcheck/core/permissions.h"
#include "fieldcheck/core/records.h"
#include "fieldcheck/core/replication.h"
#include "fieldcheck/core/scope.h"
#include "fieldcheck/core/store.h"
#include "logging.h"
#include "record_labels.h"

namespace fieldcheck::ui {

namespace {

constexpr const char* kType = "finding";
constexpr const char* kDraftKind = "finding";
// A finding's history is short (a handful of edits, moves and photos); a bound all the same.
constexpr size_t kHistoryLimit = 200;

const RecordTypeSpec& findingSpec() {
    static const RecordTypeSpec* spec = findRecordType(kType);
    return *spec;
}

std::string str(const Record& r, const char* field) {
    const auto it = r.fields.find(field);
    return it != r.fields.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// A field's value as the form shows it: text, empty when unset.
QString formText(const nlohmann::json& value) {
    if (value.is_null()) return {};
    if (value.is_string()) return QString::fromStdString(value.get<std::string>());
    return QString::fromStdString(value.dump());
}

QString formatTime(int64_t ms) {
    if (ms <= 0) return {};
    return QLocale().toString(QDateTime::fromMSecsSinceEpoch(ms), QStringLiteral("yyyy-MM-dd HH:mm"));
}

QVariantList choicesOf(const char* field) {
    QVariantList out;
    for (const Choice& c : findingSpec().field(field)->choices) {
        out.append(QVariantMap{{QStringLiteral("value"), QString::fromStdString(c.value)},
                               {QStringLiteral("label"), choiceLabel(kType, field, c.value)}});
    }
    return out;
}

// The field an InvalidArgument of the core names ("field 'money_involved' (…): …", "required
// field 'description' (…) is missing"); empty when it names none.
QString fieldNamedIn(const std::string& message) {
    static const QRegularExpression named(QStringLiteral("field '([a-z_]+)'"));
    const auto match = named.match(QString::fromStdString(message));
    return match.hasMatch() ? match.captured(1) : QString();
}

// What to do about a value the core refused, in the app's words, by the kind of the field.
QString fieldProblem(const FieldSpec& field, const std::string& message) {
    if (message.find("required") != std::string::npos) return FindingEditor::tr("Fill this in: a finding needs it.");
    switch (field.kind) {
        case FieldKind::Money:
            return FindingEditor::tr("Enter the amount in yuan with at most two decimals, such as 1234.50.");
        case FieldKind::Date: return FindingEditor::tr("Enter a date as year-month-day, such as 2026-05-12.");
        case FieldKind::Choice: return FindingEditor::tr("Choose one of the list.");
        case FieldKind::Reference: return FindingEditor::tr("The linked record is not on this device.");
        default: return QString::fromStdString(message);
    }
}

}  // namespace

struct FindingEditor::Snapshot {
    quint64 generation = 0;
    bool skipped = false;
    bool missing = false;
    QString error;
    std::string role;
    std::optional<Record> record;
    std::string unitName;
    std::optional<drafts::Draft> draft;
    std::string campaignId;  // a new finding's campaign: its visit's, or the newest one
    std::string today;
    std::vector<AuditEntry> audit;  // the finding's and its attachments', newest first
    std::map<std::string, std::string> attachmentNames;  // attachment id → file name
    std::set<std::string> photoIds;                      // those of them that are images
};

namespace {

// Reads what the form shows. A new finding: its unit, campaign, today's date and its draft; an
// existing one: the record, its unit's name, its draft and its history.
Status loadInto(Store& store, const std::string& findingId, const std::string& unitId, const std::string& visitId,
                bool withDraft, FindingEditor::Snapshot& s) {
    std::string unit = unitId;
    if (!findingId.empty()) {
        auto record = store.getRecord(kType, findingId);
        if (!record.ok()) {
            if (record.error().code != ErrorCode::NotFound) return record.error();
            s.missing = true;
            return {};
        }
        s.record = std::move(record).value();
        unit = str(*s.record, "unit_id");
    }
    if (auto u = store.getRecord("unit", unit); u.ok()) {
        s.unitName = str(u.value(), "name");
    } else if (u.error().code != ErrorCode::NotFound) {
        return u.error();
    } else if (findingId.empty()) {
        s.missing = true;  // a new finding for a unit the device does not hold
        return {};
    }
    FC_ASSIGN_OR_RETURN(auto role, replication::syncState(store, "role"));
    s.role = role.value_or(std::string());
    if (withDraft) {
        FC_ASSIGN_OR_RETURN(s.draft, drafts::load(store, kDraftKind, findingId.empty() ? "new:" + unitId : findingId));
    }
    if (findingId.empty()) {
        s.today = bureauToday(store);
        if (!visitId.empty()) {
            if (auto visit = store.getRecord("visit", visitId); visit.ok()) s.campaignId = str(visit.value(), "campaign_id");
        }
        if (s.campaignId.empty()) {
            ListQuery newest;
            newest.includeWithdrawn = false;
            newest.descending = true;
            newest.limit = 1;
            FC_ASSIGN_OR_RETURN(auto campaigns, store.listRecords("campaign", newest));
            if (!campaigns.empty()) s.campaignId = campaigns.front().id;
        }
        return {};
    }
    FC_ASSIGN_OR_RETURN(s.audit, store.auditEntriesOf(kType, findingId));
    // A photo's entry is the attachment's own (its metadata is what the chain binds): merged in.
    FC_ASSIGN_OR_RETURN(auto attachments, store.attachmentsOf(kType, findingId));
    for (const Attachment& a : attachments) {
        FC_ASSIGN_OR_RETURN(auto entries, store.auditEntriesOf("attachment", a.id));
        for (auto& e : entries) s.audit.push_back(std::move(e));
        s.attachmentNames[a.id] = a.fileName;
        if (a.mediaType.rfind("image/", 0) == 0) s.photoIds.insert(a.id);
    }
    std::sort(s.audit.begin(), s.audit.end(), [](const AuditEntry& a, const AuditEntry& b) {
        return a.atMs != b.atMs ? a.atMs > b.atMs : a.seq > b.seq;
    });
    if (s.audit.size() > kHistoryLimit) s.audit.resize(kHistoryLimit);
    return {};
}

}  // namespace

const QStringList& FindingEditor::formFields() {
    static const QStringList fields = {QStringLiteral("category"),    QStringLiteral("subcategory"),
                                       QStringLiteral("description"), QStringLiteral("money_involved"),
                                       QStringLiteral("persons_involved"), QStringLiteral("source"),
                                       QStringLiteral("found_date")};
    return fields;
}

FindingEditor::FindingEditor(QObject* parent) : QObject(parent) {}

FindingEditor::~FindingEditor() { m_latest->store(++m_generation); }

void FindingEditor::setSession(Session* session) {
    if (session == m_session) return;
    if (m_session) m_session->disconnect(this);
    m_session = session;
    if (m_session) {
        connect(m_session, &Session::aboutToLock, this, &FindingEditor::clear);
        connect(m_session, &Session::unlockedChanged, this, &FindingEditor::reload);
        connect(m_session, &Session::recordsChanged, this, &FindingEditor::onRecordsChanged);
        connect(m_session, &Session::manyRecordsChanged, this, &FindingEditor::reload);
    }
    emit sessionChanged();
    reload();
}

void FindingEditor::setFindingId(const QString& findingId) {
    if (findingId == m_findingId) return;
    m_findingId = findingId;
    m_edits.clear();
    m_draftTaken = false;
    m_draftRestored = false;
    emit findingIdChanged();
    emit valuesChanged();
    reload();
}

void FindingEditor::setUnitId(const QString& unitId) {
    if (unitId == m_unitId) return;
    m_unitId = unitId;
    emit unitIdChanged();
    if (isNew()) {
        m_edits.clear();
        m_draftTaken = false;
        m_draftRestored = false;
        emit valuesChanged();
        reload();
    }
}

void FindingEditor::setVisitId(const QString& visitId) {
    if (visitId == m_visitId) return;
    m_visitId = visitId;
    emit visitIdChanged();
    if (isNew()) reload();
}

void FindingEditor::setSource(const QString& source) {
    if (source == m_source) return;
    m_source = source;
    emit sourceChanged();
    if (isNew()) reload();
}

QVariantMap FindingEditor::values() const {
    QVariantMap out = m_base;
    for (auto it = m_edits.cbegin(); it != m_edits.cend(); ++it) out.insert(it.key(), it.value());
    return out;
}

bool FindingEditor::canEdit() const {
    return std::any_of(m_editable.cbegin(), m_editable.cend(), [](const QVariant& v) { return v.toBool(); });
}

QString FindingEditor::status() const { return m_record ? QString::fromStdString(str(*m_record, "status")) : QString(); }

QString FindingEditor::statusLabel() const {
    return m_record ? choiceLabel(kType, "status", str(*m_record, "status")) : QString();
}

bool FindingEditor::isWithdrawn() const { return m_record && m_record->withdrawn; }

QString FindingEditor::withdrawnReason() const {
    return m_record ? QString::fromStdString(m_record->withdrawnReason) : QString();
}

QString FindingEditor::caseOpenedDate() const {
    return m_record ? QString::fromStdString(str(*m_record, "case_opened_date")) : QString();
}

bool FindingEditor::isFromVisit() const {
    return m_record ? !str(*m_record, "visit_id").empty() : !m_visitId.isEmpty();
}

QVariantList FindingEditor::categories() const { return choicesOf("category"); }

QVariantList FindingEditor::sources() const { return choicesOf("source"); }

void FindingEditor::reload() {
    m_latest->store(++m_generation);
    m_reloadWanted = false;
    if (!m_session || !m_session->isUnlocked() || (m_findingId.isEmpty() && m_unitId.isEmpty())) {
        clear();
        return;
    }
    setLoading(true);
    const quint64 generation = m_generation;
    const std::string findingId = m_findingId.toStdString();
    const std::string unitId = m_unitId.toStdString();
    const std::string visitId = m_visitId.toStdString();
    const bool withDraft = !m_draftTaken;
    m_session->run<Snapshot>(
        this,
        [latest = m_latest, generation, findingId, unitId, visitId, withDraft](Store& store) {
            Snapshot s;
            s.generation = generation;
            if (latest->load() != generation) {
                s.skipped = true;
                return s;
            }
            if (Status st = loadInto(store, findingId, unitId, visitId, withDraft, s); !st.ok()) {
                qCWarning(lcUi).noquote() << "reading finding" << QString::fromStdString(findingId)
                                          << "failed:" << QString::fromStdString(st.error().toString());
                s = Snapshot{};
                s.generation = generation;
                s.error = FindingEditor::tr("This finding could not be read. The store may be damaged.");
            }
            return s;
        },
        [this](Snapshot s) { apply(std::move(s)); });
}

void FindingEditor::onRecordsChanged(const QString& type, const QStringList& ids) {
    const bool concernsUs = (type == QLatin1String(kType) && !m_findingId.isEmpty() && ids.contains(m_findingId)) ||
                            (type == QLatin1String("unit") && ids.contains(m_unitId));
    if (!concernsUs) return;
    if (m_loading) m_reloadWanted = true;  // once, after the load under way
    else reload();
}

void FindingEditor::clear() {
    m_latest->store(++m_generation);
    m_reloadWanted = false;
    setLoading(false);
    m_ready = false;
    m_missing = false;
    m_record.reset();
    m_unitName.clear();
    m_role.clear();
    m_campaignId.clear();
    m_base.clear();
    // Nothing typed is lost: it is in the draft, taken up again after unlocking.
    m_edits.clear();
    m_draftTaken = false;
    m_draftRestored = false;
    m_draftPending = false;
    m_editable.clear();
    m_shown.clear();
    m_moves.clear();
    m_history.clear();
    m_canWithdraw = false;
    m_mayAnswer = false;
    clearFieldErrors();
    setError({});
    setNotice({});
    emit loaded();
    emit valuesChanged();
}

void FindingEditor::apply(Snapshot s) {
    if (s.generation != m_generation || s.skipped) return;
    const bool again = m_reloadWanted;
    m_reloadWanted = false;
    setLoading(false);
    if (!s.error.isEmpty() || s.missing) {
        m_ready = false;
        m_missing = s.missing;
        m_record.reset();
        setError(s.missing ? (isNew() ? tr("This unit is not on this device.") : tr("This finding is not on this device."))
                           : s.error);
        emit loaded();
        return;
    }
    m_ready = true;
    m_missing = false;
    m_role = QString::fromStdString(s.role);
    m_unitName = QString::fromStdString(s.unitName);
    m_record = s.record ? std::make_unique<Record>(std::move(*s.record)) : nullptr;
    if (isNew()) {
        m_campaignId = QString::fromStdString(s.campaignId);
        m_today = QString::fromStdString(s.today);
    }

    // What the role may see: the server's rule for withholding fields (scope.h).
    const Visibility visibility = roleVisibility(s.role);
    m_shown.clear();
    for (const QString& field : formFields()) {
        m_shown.insert(field, s.role.empty() || visibility.seesField(kType, field.toStdString()));
    }

    m_base.clear();
    for (const QString& field : formFields()) {
        if (!m_shown.value(field).toBool()) continue;
        if (m_record) {
            m_base.insert(field, formText(m_record->fields.value(field.toStdString(), nlohmann::json())));
        } else {
            m_base.insert(field, QString());
        }
    }
    if (!m_record) {
        m_base.insert(QStringLiteral("found_date"), m_today);
        const QString source = !m_source.isEmpty() ? m_source : !m_visitId.isEmpty() ? QStringLiteral("visit") : QString();
        m_base.insert(QStringLiteral("source"), source);
    }

    computePermissions();

    if (!m_draftTaken) {
        m_draftTaken = true;
        if (s.draft && s.draft->content.is_object()) {
            const auto& saved = s.draft->content.value("values", nlohmann::json::object());
            for (auto it = saved.begin(); it != saved.end(); ++it) {
                const QString field = QString::fromStdString(it.key());
                // Only what the role may still change: a draft never carries a hidden field.
                if (!m_editable.value(field).toBool()) continue;
                const QString text = formText(it.value());
                if (text != m_base.value(field).toString()) m_edits.insert(field, text);
            }
            m_draftRestored = !m_edits.isEmpty();
            if (m_record && m_draftRestored &&
                s.draft->content.value("base_version", int64_t{0}) != m_record->version) {
                setNotice(tr("This finding was changed since your unsaved edits were made. Check them before saving."));
            }
        }
    } else {
        // Changes the role may no longer make (the finding moved on meanwhile) cannot be saved.
        for (auto it = m_edits.begin(); it != m_edits.end();) {
            if (m_editable.value(it.key()).toBool()) ++it;
            else it = m_edits.erase(it);
        }
    }

    m_history.clear();
    for (const AuditEntry& e : s.audit) {
        const auto name = s.attachmentNames.find(e.recordId);
        m_history.append(QVariantMap{
            {QStringLiteral("action"), QString::fromStdString(e.action)},
            {QStringLiteral("actionLabel"), s.photoIds.count(e.recordId) > 0 ? tr("Photo attached") : auditActionLabel(e.action)},
            {QStringLiteral("actor"), QString::fromStdString(e.actor)},
            {QStringLiteral("when"), formatTime(e.atMs)},
            {QStringLiteral("detail"), e.recordType == "attachment" && name != s.attachmentNames.end()
                                           ? QString::fromStdString(name->second)
                                           : QString()}});
    }
    emit loaded();
    emit valuesChanged();
    if (again) reload();
}

void FindingEditor::computePermissions() {
    using permissions::Request;
    const std::string role = m_role.toStdString();
    const bool enrolled = !role.empty();
    const bool withdrawn = m_record && m_record->withdrawn;
    auto allowed = [&](Request request) {
        if (!enrolled) return true;  // the store allows everything when not enrolled
        request.role = role;
        request.type = kType;
        return permissions::authorize(request).ok();
    };

    m_canCreate = m_record || allowed({{}, {}, Request::Kind::Create, nullptr, nlohmann::json::object()});
    m_editable.clear();
    for (const QString& field : formFields()) {
        bool editable = m_shown.value(field).toBool() && !withdrawn && m_canCreate;
        if (editable) {
            const std::string name = field.toStdString();
            if (m_record) {
                editable = allowed({{}, {}, Request::Kind::Update, m_record.get(),
                                    {{name, m_record->fields.value(name, nlohmann::json())}}});
            } else {
                editable = allowed({{}, {}, Request::Kind::Create, nullptr, {{name, "?"}}});
            }
        }
        m_editable.insert(field, editable);
    }

    m_moves.clear();
    m_canWithdraw = false;
    m_mayAnswer = false;
    if (!m_record || withdrawn) return;
    // An answer is a record of its own; only an enrolled role the table lets create one is
    // offered it (a device not enrolled has no unit to answer for).
    m_mayAnswer = enrolled && permissions::authorize({role, "finding_answer", Request::Kind::Create, nullptr, nlohmann::json::object()}).ok();
    const std::string from = str(*m_record, "status");
    for (const std::string& to : findingSpec().lifeCycle.nextStates(from)) {
        if (!allowed({{}, {}, Request::Kind::Update, m_record.get(), {{"status", to}}})) continue;
        m_moves.append(QVariantMap{{QStringLiteral("to"), QString::fromStdString(to)},
                                   {QStringLiteral("label"), moveLabel(kType, from, to)},
                                   {QStringLiteral("statusLabel"), choiceLabel(kType, "status", to)}});
    }
    m_canWithdraw = allowed({{}, {}, Request::Kind::Withdraw, m_record.get(), nlohmann::json::object()});
}

QString FindingEditor::refusalOf(const QString& field) const {
    if (m_record && m_record->withdrawn) return tr("This finding was withdrawn: it can no longer be changed.");
    if (m_role.isEmpty()) return tr("This field cannot be changed.");
    permissions::Request request;
    request.role = m_role.toStdString();
    request.type = kType;
    const std::string name = field.toStdString();
    if (m_record) {
        request.kind = permissions::Request::Kind::Update;
        request.before = m_record.get();
        request.changes = {{name, m_record->fields.value(name, nlohmann::json())}};
    } else {
        request.kind = permissions::Request::Kind::Create;
        request.changes = {{name, "?"}};
    }
    const Status verdict = permissions::authorize(request);
    return verdict.ok() ? tr("This field cannot be changed.") : QString::fromStdString(verdict.error().message);
}

bool FindingEditor::setValue(const QString& field, const QVariant& value) {
    if (!m_ready || m_busy) return false;
    if (!formFields().contains(field)) {
        qCWarning(lcUi).noquote() << "the finding form has no field" << field;
        return false;
    }
    if (!m_editable.value(field).toBool()) {
        // The page never offers it; whoever tries anyway hears the rule that refuses it.
        setError(tr("Your role may not change this field of the finding now."), refusalOf(field));
        return false;
    }
    const QString text = value.toString();
    const bool changed = text != values().value(field).toString();
    if (text == m_base.value(field).toString()) m_edits.remove(field);
    else m_edits.insert(field, text);
    if (m_fieldErrors.remove(field) > 0) emit fieldErrorsChanged();
    if (!changed) return true;
    emit valuesChanged();
    saveDraft();
    return true;
}

std::string FindingEditor::draftKey() const {
    return isNew() ? "new:" + m_unitId.toStdString() : m_findingId.toStdString();
}

void FindingEditor::saveDraft() {
    if (!m_session || !m_session->isUnlocked() || m_busy) return;
    // One draft write out at a time; keystrokes meanwhile are written once, after it.
    if (m_draftInFlight) {
        m_draftPending = true;
        return;
    }
    m_draftInFlight = true;
    const std::string key = draftKey();
    nlohmann::json content = nlohmann::json::object();
    nlohmann::json edits = nlohmann::json::object();
    for (auto it = m_edits.cbegin(); it != m_edits.cend(); ++it) {
        edits[it.key().toStdString()] = it.value().toString().toStdString();
    }
    content["values"] = std::move(edits);
    if (m_record) content["base_version"] = m_record->version;
    if (isNew() && !m_visitId.isEmpty()) content["visit_id"] = m_visitId.toStdString();
    const bool empty = m_edits.isEmpty();
    m_session->run<Status>(
        this,
        [key, content, empty](Store& store) -> Status {
            return empty ? drafts::remove(store, kDraftKind, key) : drafts::save(store, kDraftKind, key, content);
        },
        [this](Status st) {
            m_draftInFlight = false;
            if (!st.ok()) {
                qCWarning(lcUi).noquote() << "keeping the finding's draft failed:"
                                          << QString::fromStdString(st.error().toString());
                setError(tr("What you typed could not be kept on the device. Save the finding now, or note it down."));
            }
            if (m_draftPending) {
                m_draftPending = false;
                saveDraft();
            }
        });
}

void FindingEditor::save() {
    if (!m_session || !m_ready || m_busy) return;
    clearFieldErrors();
    setError({});
    const std::string key = draftKey();
    if (isNew()) {
        if (!m_canCreate) {
            permissions::Request request{m_role.toStdString(), kType, permissions::Request::Kind::Create, nullptr,
                                         nlohmann::json::object()};
            const Status verdict = permissions::authorize(request);
            setError(tr("Your role may not record findings."),
                     verdict.ok() ? QString() : QString::fromStdString(verdict.error().message));
            return;
        }
        nlohmann::json fields = nlohmann::json::object();
        const QVariantMap form = values();
        for (const QString& field : formFields()) {
            const QString text = form.value(field).toString();
            if (!m_shown.value(field).toBool()) continue;
            if (!text.trimmed().isEmpty()) {
                fields[field.toStdString()] = text.toStdString();
            } else if (findingSpec().field(field.toStdString())->required) {
                // All the missing ones at once (the core would name only the first).
                m_fieldErrors.insert(field, tr("Fill this in: a finding needs it."));
            }
        }
        if (!m_fieldErrors.isEmpty()) {
            emit fieldErrorsChanged();
            setError(tr("The finding was not saved. Fill in the marked fields."));
            return;
        }
        fields["unit_id"] = m_unitId.toStdString();
        if (!m_visitId.isEmpty()) fields["visit_id"] = m_visitId.toStdString();
        if (!m_campaignId.isEmpty()) fields["campaign_id"] = m_campaignId.toStdString();
        writeRecord(
            QStringLiteral("create"),
            [fields, key](Store& store) -> Result<Record> {
                std::optional<Record> created;
                Status st = store.transaction([&]() -> Status {
                    FC_ASSIGN_OR_RETURN(Record r, store.createRecord(kType, fields));
                    created = std::move(r);
                    return drafts::remove(store, kDraftKind, key);
                });
                if (!st.ok()) return st.error();
                return std::move(*created);
            },
            tr("Finding saved. You can add photos now."));
        return;
    }

    nlohmann::json changes = nlohmann::json::object();
    for (auto it = m_edits.cbegin(); it != m_edits.cend(); ++it) {
        const QString text = it.value().toString();
        if (text == m_base.value(it.key()).toString()) continue;
        changes[it.key().toStdString()] = text.trimmed().isEmpty() ? nlohmann::json() : nlohmann::json(text.toStdString());
    }
    const std::string id = m_findingId.toStdString();
    writeRecord(
        QStringLiteral("update"),
        [changes, key, id](Store& store) -> Result<Record> {
            std::optional<Record> updated;
            Status st = store.transaction([&]() -> Status {
                if (!changes.empty()) {
                    FC_ASSIGN_OR_RETURN(Record r, store.updateRecord(kType, id, changes));
                    updated = std::move(r);
                } else {
                    FC_ASSIGN_OR_RETURN(Record r, store.getRecord(kType, id));
                    updated = std::move(r);
                }
                return drafts::remove(store, kDraftKind, key);
            });
            if (!st.ok()) return st.error();
            return std::move(*updated);
        },
        tr("Changes saved."));
}

void FindingEditor::discard() {
    if (!m_session || m_busy) return;
    const bool had = !m_edits.isEmpty();
    m_edits.clear();
    m_draftRestored = false;
    m_draftPending = false;
    clearFieldErrors();
    setError({});
    if (had) emit valuesChanged();
    // Also when nothing is held here: a draft being written now must not outlive the discard.
    const std::string key = draftKey();
    m_session->run<Status>(
        this, [key](Store& store) { return drafts::remove(store, kDraftKind, key); },
        [](Status st) {
            if (!st.ok()) {
                qCWarning(lcUi).noquote() << "removing the finding's draft failed:"
                                          << QString::fromStdString(st.error().toString());
            }
        });
}

void FindingEditor::move(const QString& to) {
    if (!m_session || !m_ready || m_busy || isNew()) return;
    clearFieldErrors();
    if (isDirty()) {
        setError(tr("Save or discard your changes first: after this step you may no longer be able to save them."));
        return;
    }
    setError({});
    const std::string id = m_findingId.toStdString();
    const std::string state = to.toStdString();
    // No check here beyond the buttons offered: the store applies the permission table and the
    // life cycle, and its refusal is what the page shows.
    writeRecord(
        QStringLiteral("move"),
        [id, state](Store& store) { return store.updateRecord(kType, id, {{"status", state}}); },
        tr("Now: %1.").arg(choiceLabel(kType, "status", state)));
}

void FindingEditor::withdraw(const QString& reason) {
    if (!m_session || !m_ready || m_busy || isNew()) return;
    clearFieldErrors();
    if (reason.trimmed().isEmpty()) {
        setError(tr("Say why the finding is withdrawn: a withdrawal needs a reason."));
        return;
    }
    setError({});
    const std::string id = m_findingId.toStdString();
    const std::string why = reason.trimmed().toStdString();
    const std::string key = draftKey();
    writeRecord(
        QStringLiteral("withdraw"),
        [id, why, key](Store& store) -> Result<Record> {
            std::optional<Record> withdrawn;
            Status st = store.transaction([&]() -> Status {
                FC_ASSIGN_OR_RETURN(Record r, store.withdrawRecord(kType, id, why));
                withdrawn = std::move(r);
                return drafts::remove(store, kDraftKind, key);
            });
            if (!st.ok()) return st.error();
            return std::move(*withdrawn);
        },
        tr("Finding withdrawn."));
}

void FindingEditor::writeRecord(const QString& what, std::function<Result<Record>(Store&)> write, const QString& done) {
    setBusy(true);
    m_draftPending = false;  // the write takes the form as it is now; no older draft after it
    m_session->run<Result<Record>>(this, std::move(write), [this, what, done](Result<Record> result) {
        setBusy(false);
        if (!result.ok()) {
            qCInfo(lcUi).noquote() << "finding" << what << "refused:" << QString::fromStdString(result.error().toString());
            showError(result.error());
            if (result.error().code == ErrorCode::IllegalTransition) reload();  // it moved on meanwhile
            return;
        }
        const QString id = QString::fromStdString(result.value().id);
        m_edits.clear();
        m_draftRestored = false;
        m_draftTaken = true;  // the draft went with the write
        const bool created = isNew();
        if (created) {
            m_findingId = id;
            emit findingIdChanged();
        }
        emit valuesChanged();
        setNotice(done);
        m_session->notifyChanged(QString::fromLatin1(kType), {id});
        if (created) emit this->created(id);
        emit saved();
        reload();
    });
}

void FindingEditor::showError(const fieldcheck::Error& error) {
    const std::string& message = error.message;
    switch (error.code) {
        case ErrorCode::InvalidArgument: {
            const QString field = fieldNamedIn(message);
            const FieldSpec* spec = findingSpec().field(field.toStdString());
            if (spec != nullptr && formFields().contains(field) && m_shown.value(field).toBool()) {
                m_fieldErrors.insert(field, fieldProblem(*spec, message));
                emit fieldErrorsChanged();
                setError(tr("The finding was not saved. Check the marked field."));
            } else {
                setError(tr("The finding was not saved as it is."), QString::fromStdString(message));
            }
            return;
        }
        case ErrorCode::Unauthorized:
            setError(tr("Your role may not make this change."), QString::fromStdString(message));
            return;
        case ErrorCode::IllegalTransition:
            setError(tr("This step is not possible now. The finding was read again: it may have changed meanwhile."),
                     QString::fromStdString(message));
            return;
        case ErrorCode::NotFound:
            setError(tr("This finding is not on this device any more."));
            return;
        default:
            qCWarning(lcUi).noquote() << "writing a finding failed:" << QString::fromStdString(error.toString());
            setError(tr("The finding could not be saved. Try again; if it keeps failing, report it to the office."));
            return;
    }
}

void FindingEditor::clearNotice() { setNotice({}); }

void FindingEditor::setLoading(bool loading) {
    if (loading == m_loading) return;
    m_loading = loading;
    emit loadingChanged();
}

void FindingEditor::setBusy(bool busy) {
    if (busy == m_busy) return;
    m_busy = busy;
    emit busyChanged();
}

void FindingEditor::setError(const QString& message, const QString& detail) {
    if (message == m_errorMessage && detail == m_errorDetail) return;
    m_errorMessage = message;
    m_errorDetail = detail;
    emit errorMessageChanged();
}

void FindingEditor::setNotice(const QString& notice) {
    if (notice == m_notice) return;
    m_notice = notice;
    emit noticeChanged();
}

void FindingEditor::clearFieldErrors() {
    if (m_fieldErrors.isEmpty()) return;
    m_fieldErrors.clear();
    emit fieldErrorsChanged();
}

}  // namespace fieldcheck::ui

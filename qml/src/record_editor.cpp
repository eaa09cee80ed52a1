#include "record_editor.h"

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
#include "fieldcheck/core/permissions.h"
#include "fieldcheck/core/records.h"
#include "fieldcheck/core/replication.h"
#include "fieldcheck/core/scope.h"
#include "fieldcheck/core/store.h"
#include "logging.h"
#include "record_labels.h"

namespace fieldcheck::ui {

namespace {

// A record's history is short (edits, moves, a few documents); a bound all the same.
constexpr size_t kHistoryLimit = 200;

// Text fields people write paragraphs into (a description, an analysis, an answer): the spec has
// no length for text, so the form knows them by name.
const std::set<std::string>& longTextFields() {
    static const std::set<std::string> names = {
        "description", "summary",     "cause_analysis", "work_done",     "problems_remaining",
        "next_plan",   "question",    "answer",         "basis",         "decision_note",
        "completion_evidence", "notes", "note"};
    return names;
}

std::string str(const Record& r, const std::string& field) {
    const auto it = r.fields.find(field);
    return it != r.fields.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// A field's value as the form shows it: text, empty when unset; a bool as "true"/"false".
QString formText(const nlohmann::json& value) {
    if (value.is_null()) return {};
    if (value.is_string()) return QString::fromStdString(value.get<std::string>());
    if (value.is_boolean()) return value.get<bool>() ? QStringLiteral("true") : QStringLiteral("false");
    return QString::fromStdString(value.dump());
}

// The form's text as the JSON the core takes for the field (values.cpp, normalizeValue): a JSON
// boolean for a bool, a JSON number for an integer or a real, null for blank. Text the kind cannot
// be goes to the core as it is, so that its refusal names the field.
nlohmann::json coreValue(const FieldSpec& field, const QString& text) {
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty()) return nullptr;
    switch (field.kind) {
        case FieldKind::Bool:
            if (trimmed == QLatin1String("true")) return true;
            if (trimmed == QLatin1String("false")) return false;
            return trimmed.toStdString();
        case FieldKind::Integer: {
            static const QRegularExpression digits(QStringLiteral("^[+-]?[0-9]+$"));
            bool ok = false;
            const qlonglong n = trimmed.toLongLong(&ok);
            if (ok && digits.match(trimmed).hasMatch()) return static_cast<int64_t>(n);
            return trimmed.toStdString();
        }
        case FieldKind::Real: {
            bool ok = false;
            const double d = trimmed.toDouble(&ok);
            if (ok) return d;
            return trimmed.toStdString();
        }
        case FieldKind::Text: return text.toStdString();  // as typed: line breaks and all
        default: return trimmed.toStdString();
    }
}

// A preset (from QML: text, a number or a bool) as the core's JSON for the field.
nlohmann::json presetValue(const FieldSpec* field, const QVariant& value) {
    if (value.typeId() == QMetaType::Bool) return value.toBool();
    if (field == nullptr) return value.toString().toStdString();  // the core names the unknown field
    return coreValue(*field, value.toString());
}

QString formatTime(int64_t ms) {
    if (ms <= 0) return {};
    return QLocale().toString(QDateTime::fromMSecsSinceEpoch(ms), QStringLiteral("yyyy-MM-dd HH:mm"));
}

QString kindName(const FieldSpec& f) {
    switch (f.kind) {
        case FieldKind::Text:
            return longTextFields().count(f.name) > 0 ? QStringLiteral("longtext") : QStringLiteral("text");
        case FieldKind::Integer: return QStringLiteral("integer");
        case FieldKind::Real: return QStringLiteral("number");
        case FieldKind::Money: return QStringLiteral("money");
        case FieldKind::Bool: return QStringLiteral("bool");
        case FieldKind::Date: return QStringLiteral("date");
        case FieldKind::Month: return QStringLiteral("month");
        case FieldKind::Choice: return QStringLiteral("choice");
        case FieldKind::Json:
        case FieldKind::Reference: break;
    }
    return {};
}

// Whether the form offers the field: not what the rules compute, not the state (moves change it),
// not the campaign (a new record takes the newest), not references and documents (the opener
// gives those as presets), not a preset.
bool inForm(const RecordTypeSpec& spec, const FieldSpec& f, const QVariantMap& presets) {
    return !f.computed && f.name != spec.lifeCycle.field && f.name != "campaign_id" && f.kind != FieldKind::Reference &&
           f.kind != FieldKind::Json && !presets.contains(QString::fromStdString(f.name));
}

// The form field a message of the core names: "field 'deadline' (…)", "'work_done' (整改工作情况)
// is empty", "with its answer (批复意见)"; empty when it names none of them.
QString fieldNamedIn(const RecordTypeSpec& spec, const QStringList& formFields, const std::string& message) {
    for (const QString& name : formFields) {
        const FieldSpec* f = spec.field(name.toStdString());
        if (f == nullptr) continue;
        if (message.find("'" + f->name + "'") != std::string::npos ||
            (!f->labelZh.empty() && message.find("(" + f->labelZh + ")") != std::string::npos)) {
            return name;
        }
    }
    return {};
}

// What to do about a value the core refused, in the app's words, by the kind of the field.
QString fieldProblem(const FieldSpec& field, const std::string& message) {
    if (message.find("required") != std::string::npos) return RecordEditor::tr("Fill this in: it is required.");
    switch (field.kind) {
        case FieldKind::Money:
            return RecordEditor::tr("Enter the amount in yuan with at most two decimals, such as 1234.50.");
        case FieldKind::Date: return RecordEditor::tr("Enter a date as year-month-day, such as 2026-05-12.");
        case FieldKind::Month: return RecordEditor::tr("Enter a month as year-month, such as 2026-05.");
        case FieldKind::Integer: return RecordEditor::tr("Enter a whole number, such as 3.");
        case FieldKind::Real: return RecordEditor::tr("Enter a number.");
        case FieldKind::Bool: return RecordEditor::tr("Answer yes or no.");
        case FieldKind::Choice: return RecordEditor::tr("Choose one of the list.");
        default: return QString::fromStdString(message);
    }
}

}  // namespace

struct RecordEditor::Snapshot {
    quint64 generation = 0;
    bool skipped = false;
    bool missing = false;
    QString error;
    std::string role;
    std::optional<Record> record;
    std::string unitId, unitName;
    std::optional<drafts::Draft> draft;
    std::string campaignId;  // a new record's campaign: the newest one
    std::vector<AuditEntry> audit;  // the record's and its attachments', newest first
    std::map<std::string, std::string> attachmentNames;  // attachment id → file name
    std::set<std::string> photoIds;                      // those of them that are images
};

namespace {

struct LoadRequest {
    std::string type, id;
    std::vector<std::pair<std::string, std::string>> references;  // a new record's presets: type, id
    std::string presetUnitId;
    bool withDraft = false;
    std::string draftKind, draftKey;
    bool wantsCampaign = false;
};

// Reads what the form shows. A new record: the records its presets name, the newest campaign and
// its draft; an existing one: the record, its unit's name, its draft and its history.
Status loadInto(Store& store, const LoadRequest& q, RecordEditor::Snapshot& s) {
    std::string unit = q.presetUnitId;
    if (!q.id.empty()) {
        auto record = store.getRecord(q.type, q.id);
        if (!record.ok()) {
            if (record.error().code != ErrorCode::NotFound) return record.error();
            s.missing = true;
            return {};
        }
        s.record = std::move(record).value();
        if (const std::string u = str(*s.record, "unit_id"); !u.empty()) unit = u;
    } else {
        for (const auto& [refType, refId] : q.references) {
            auto ref = store.getRecord(refType, refId);
            if (ref.ok()) continue;
            if (ref.error().code != ErrorCode::NotFound) return ref.error();
            s.missing = true;  // a new record for something the device does not hold
            return {};
        }
    }
    if (!unit.empty()) {
        if (auto u = store.getRecord("unit", unit); u.ok()) {
            s.unitId = unit;
            s.unitName = str(u.value(), "name");
        } else if (u.error().code != ErrorCode::NotFound) {
            return u.error();
        }
    }
    FC_ASSIGN_OR_RETURN(auto role, replication::syncState(store, "role"));
    s.role = role.value_or(std::string());
    if (q.withDraft) {
        FC_ASSIGN_OR_RETURN(s.draft, drafts::load(store, q.draftKind, q.draftKey));
    }
    if (q.id.empty()) {
        if (q.wantsCampaign) {
            ListQuery newest;
            newest.includeWithdrawn = false;
            newest.descending = true;
            newest.limit = 1;
            FC_ASSIGN_OR_RETURN(auto campaigns, store.listRecords("campaign", newest));
            if (!campaigns.empty()) s.campaignId = campaigns.front().id;
        }
        return {};
    }
    FC_ASSIGN_OR_RETURN(s.audit, store.auditEntriesOf(q.type, q.id));
    FC_ASSIGN_OR_RETURN(auto attachments, store.attachmentsOf(q.type, q.id));
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

RecordEditor::RecordEditor(QObject* parent) : QObject(parent) {}

RecordEditor::~RecordEditor() { m_latest->store(++m_generation); }

const RecordTypeSpec* RecordEditor::spec() const { return findRecordType(m_type.toStdString()); }

QString RecordEditor::typeLabel() const { return recordTypeLabel(m_type.toStdString()); }

void RecordEditor::setSession(Session* session) {
    if (session == m_session) return;
    if (m_session) m_session->disconnect(this);
    m_session = session;
    if (m_session) {
        connect(m_session, &Session::aboutToLock, this, &RecordEditor::clear);
        connect(m_session, &Session::unlockedChanged, this, &RecordEditor::reload);
        connect(m_session, &Session::recordsChanged, this, &RecordEditor::onRecordsChanged);
        connect(m_session, &Session::manyRecordsChanged, this, &RecordEditor::reload);
    }
    emit sessionChanged();
    reload();
}

// Another record (or another new one) in the form: what was typed for the last one stays in its
// draft.
void RecordEditor::resetForm() {
    m_edits.clear();
    m_draftTaken = false;
    m_draftRestored = false;
    m_draftPending = false;
    emit valuesChanged();
}

void RecordEditor::setType(const QString& type) {
    if (type == m_type) return;
    m_type = type;
    emit typeChanged();
    resetForm();
    reload();
}

void RecordEditor::setRecordId(const QString& recordId) {
    if (recordId == m_recordId) return;
    m_recordId = recordId;
    emit recordIdChanged();
    resetForm();
    reload();
}

void RecordEditor::setPresets(const QVariantMap& presets) {
    if (presets == m_presets) return;
    m_presets = presets;
    emit presetsChanged();
    if (isNew()) resetForm();
    reload();
}

QVariantMap RecordEditor::values() const {
    QVariantMap out = m_base;
    for (auto it = m_edits.cbegin(); it != m_edits.cend(); ++it) out.insert(it.key(), it.value());
    return out;
}

bool RecordEditor::canEdit() const {
    return std::any_of(m_editable.cbegin(), m_editable.cend(), [](const QVariant& v) { return v.toBool(); });
}

QString RecordEditor::status() const {
    const RecordTypeSpec* s = spec();
    return m_record && s != nullptr && s->hasLifeCycle() ? QString::fromStdString(str(*m_record, s->lifeCycle.field))
                                                         : QString();
}

QString RecordEditor::statusLabel() const {
    const QString state = status();
    if (state.isEmpty()) return {};
    const std::string type = m_type.toStdString();
    return choiceLabel(type.c_str(), spec()->lifeCycle.field.c_str(), state.toStdString());
}

bool RecordEditor::isWithdrawn() const { return m_record && m_record->withdrawn; }

QString RecordEditor::withdrawnReason() const {
    return m_record ? QString::fromStdString(m_record->withdrawnReason) : QString();
}

void RecordEditor::reload() {
    m_latest->store(++m_generation);
    m_reloadWanted = false;
    if (!m_session || !m_session->isUnlocked() || m_type.isEmpty()) {
        clear();
        return;
    }
    const RecordTypeSpec* s = spec();
    if (s == nullptr) {
        clear();
        m_missing = true;
        qCWarning(lcUi).noquote() << "a form for the unknown record type" << m_type;
        setError(tr("This form is not available in this version of the app."));
        emit loaded();
        return;
    }
    setLoading(true);
    LoadRequest q;
    q.type = s->name;
    q.id = m_recordId.toStdString();
    for (auto it = m_presets.cbegin(); it != m_presets.cend(); ++it) {
        const FieldSpec* f = s->field(it.key().toStdString());
        if (f != nullptr && f->kind == FieldKind::Reference && !it.value().toString().isEmpty()) {
            q.references.emplace_back(f->refType, it.value().toString().toStdString());
        }
    }
    q.presetUnitId = m_presets.value(QStringLiteral("unit_id")).toString().toStdString();
    q.withDraft = !m_draftTaken;
    q.draftKind = draftKind();
    q.draftKey = draftKey();
    q.wantsCampaign = s->field("campaign_id") != nullptr && !m_presets.contains(QStringLiteral("campaign_id"));
    const quint64 generation = m_generation;
    m_session->run<Snapshot>(
        this,
        [latest = m_latest, generation, q](Store& store) {
            Snapshot snap;
            snap.generation = generation;
            if (latest->load() != generation) {
                snap.skipped = true;
                return snap;
            }
            if (Status st = loadInto(store, q, snap); !st.ok()) {
                qCWarning(lcUi).noquote() << "reading" << QString::fromStdString(q.type) << QString::fromStdString(q.id)
                                          << "failed:" << QString::fromStdString(st.error().toString());
                snap = Snapshot{};
                snap.generation = generation;
                snap.error = RecordEditor::tr("This record could not be read. The store may be damaged.");
            }
            return snap;
        },
        [this](Snapshot snap) { apply(std::move(snap)); });
}

void RecordEditor::onRecordsChanged(const QString& type, const QStringList& ids) {
    const bool concernsUs = (type == m_type && !m_recordId.isEmpty() && ids.contains(m_recordId)) ||
                            (type == QLatin1String("unit") && !m_unitId.isEmpty() && ids.contains(m_unitId));
    if (!concernsUs) return;
    if (m_loading) m_reloadWanted = true;  // once, after the load under way
    else reload();
}

void RecordEditor::clear() {
    m_latest->store(++m_generation);
    m_reloadWanted = false;
    setLoading(false);
    m_ready = false;
    m_missing = false;
    m_record.reset();
    m_unitName.clear();
    m_unitId.clear();
    m_role.clear();
    m_campaignId.clear();
    m_formFields.clear();
    if (!m_fields.isEmpty()) {
        m_fields.clear();
        emit fieldsChanged();
    }
    m_facts.clear();
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
    clearFieldErrors();
    setError({});
    setNotice({});
    emit loaded();
    emit valuesChanged();
}

void RecordEditor::buildFields() {
    const RecordTypeSpec& s = *spec();
    const Visibility visibility = roleVisibility(m_role.toStdString());
    const bool everything = m_role.isEmpty();
    const std::string type = s.name;
    m_formFields.clear();
    m_shown.clear();
    QVariantList fields;
    for (const FieldSpec& f : s.fields) {
        if (!inForm(s, f, m_presets)) continue;
        const QString name = QString::fromStdString(f.name);
        const bool seen = everything || (visibility.seesType(type) && visibility.seesField(type, f.name));
        m_formFields.append(name);
        m_shown.insert(name, seen);
        if (!seen) continue;
        QVariantList choices;
        for (const Choice& c : f.choices) {
            choices.append(QVariantMap{{QStringLiteral("value"), QString::fromStdString(c.value)},
                                       {QStringLiteral("label"), choiceLabel(type.c_str(), f.name.c_str(), c.value)}});
        }
        fields.append(QVariantMap{{QStringLiteral("name"), name},
                                  {QStringLiteral("label"), fieldLabel(type, f.name)},
                                  {QStringLiteral("kind"), kindName(f)},
                                  {QStringLiteral("required"), f.required},
                                  {QStringLiteral("choices"), choices}});
    }
    if (fields != m_fields) {
        m_fields = std::move(fields);
        emit fieldsChanged();
    }
}

void RecordEditor::buildFacts() {
    const RecordTypeSpec& s = *spec();
    const Visibility visibility = roleVisibility(m_role.toStdString());
    const std::string type = s.name;
    m_facts.clear();
    for (const FieldSpec& f : s.fields) {
        const QString name = QString::fromStdString(f.name);
        if (f.kind == FieldKind::Reference || f.kind == FieldKind::Json || f.name == s.lifeCycle.field ||
            f.name == "campaign_id" || m_formFields.contains(name)) {
            continue;
        }
        if (!m_role.isEmpty() && !visibility.seesField(type, f.name)) continue;
        nlohmann::json value;
        if (m_record) value = m_record->fields.value(f.name, nlohmann::json());
        else if (m_presets.contains(name)) value = presetValue(&f, m_presets.value(name));
        if (value.is_null() || (value.is_string() && value.get<std::string>().empty())) continue;
        QString text;
        if (f.kind == FieldKind::Choice && value.is_string()) text = choiceLabel(type.c_str(), f.name.c_str(), value.get<std::string>());
        else if (value.is_boolean()) text = value.get<bool>() ? tr("Yes") : tr("No");
        else text = formText(value);
        m_facts.append(QVariantMap{{QStringLiteral("name"), name},
                                   {QStringLiteral("label"), fieldLabel(type, f.name)},
                                   {QStringLiteral("value"), text}});
    }
}

void RecordEditor::apply(Snapshot s) {
    if (s.generation != m_generation || s.skipped) return;
    const bool again = m_reloadWanted;
    m_reloadWanted = false;
    setLoading(false);
    if (!s.error.isEmpty() || s.missing) {
        m_ready = false;
        m_missing = s.missing;
        m_record.reset();
        setError(s.missing ? (isNew() ? tr("What this form is for is not on this device.")
                                      : tr("This record is not on this device."))
                           : s.error);
        emit loaded();
        return;
    }
    if (!s.role.empty() && !roleVisibility(s.role).seesType(spec()->name)) {
        // The server never sends the role such records (a unit liaison and the accountability
        // register): the form has nothing to show.
        m_ready = false;
        m_missing = true;
        m_record.reset();
        m_role = QString::fromStdString(s.role);
        setError(tr("Your role does not see records of this kind."));
        emit loaded();
        return;
    }
    m_ready = true;
    m_missing = false;
    m_role = QString::fromStdString(s.role);
    m_unitId = QString::fromStdString(s.unitId);
    m_unitName = QString::fromStdString(s.unitName);
    m_record = s.record ? std::make_unique<Record>(std::move(*s.record)) : nullptr;
    if (isNew()) m_campaignId = QString::fromStdString(s.campaignId);

    buildFields();
    buildFacts();
    const RecordTypeSpec& sp = *spec();
    m_base.clear();
    for (const QString& field : m_formFields) {
        if (!m_shown.value(field).toBool()) continue;
        const FieldSpec* f = sp.field(field.toStdString());
        if (m_record) {
            m_base.insert(field, formText(m_record->fields.value(f->name, nlohmann::json())));
        } else if (!f->defaultValue.is_null()) {
            m_base.insert(field, formText(f->defaultValue));
        } else {
            // A switch shows "no" when unset: a new record says what it shows.
            m_base.insert(field, f->kind == FieldKind::Bool ? QStringLiteral("false") : QString());
        }
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
                setNotice(tr("This record was changed since your unsaved edits were made. Check them before saving."));
            }
        }
    } else {
        // Changes the role may no longer make (the record moved on meanwhile) cannot be saved.
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

void RecordEditor::computePermissions() {
    using permissions::Request;
    const RecordTypeSpec& sp = *spec();
    const std::string role = m_role.toStdString();
    const std::string type = sp.name;
    const bool enrolled = !role.empty();
    const bool withdrawn = m_record && m_record->withdrawn;
    auto allowed = [&](Request request) {
        if (!enrolled) return true;  // the store allows everything when not enrolled
        request.role = role;
        request.type = type;
        return permissions::authorize(request).ok();
    };

    if (m_record) {
        m_canCreate = true;
    } else {
        // The presets are set on create too: the role must be allowed to set them.
        nlohmann::json presets = nlohmann::json::object();
        for (auto it = m_presets.cbegin(); it != m_presets.cend(); ++it) presets[it.key().toStdString()] = "?";
        m_canCreate = allowed({{}, {}, Request::Kind::Create, nullptr, presets});
    }
    m_editable.clear();
    for (const QString& field : m_formFields) {
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
    if (!m_record || withdrawn) return;
    if (sp.hasLifeCycle()) {
        const std::string& statusField = sp.lifeCycle.field;
        const std::string from = str(*m_record, statusField);
        for (const std::string& to : sp.lifeCycle.nextStates(from)) {
            if (!allowed({{}, {}, Request::Kind::Update, m_record.get(), {{statusField, to}}})) continue;
            m_moves.append(QVariantMap{{QStringLiteral("to"), QString::fromStdString(to)},
                                       {QStringLiteral("label"), moveLabel(type.c_str(), from, to)},
                                       {QStringLiteral("statusLabel"), choiceLabel(type.c_str(), statusField.c_str(), to)}});
        }
    }
    m_canWithdraw = allowed({{}, {}, Request::Kind::Withdraw, m_record.get(), nlohmann::json::object()});
}

QString RecordEditor::refusalOf(const QString& field) const {
    if (m_record && m_record->withdrawn) return tr("This record was withdrawn: it can no longer be changed.");
    if (m_role.isEmpty() || !m_shown.value(field).toBool()) return tr("This field cannot be changed.");
    permissions::Request request;
    request.role = m_role.toStdString();
    request.type = m_type.toStdString();
    const std::string name = field.toStdString();
    if (m_record) {
        request.kind = permissions::Request::Kind::Update;
        request.before = m_record.get();
        request.changes = {{name, m_record->fields.value(name, nlohmann::json())}};
    } else {
        request.kind = permissions::Request::Kind::Create;
        request.changes = {{name, "?"}};
        for (auto it = m_presets.cbegin(); it != m_presets.cend(); ++it) request.changes[it.key().toStdString()] = "?";
    }
    const Status verdict = permissions::authorize(request);
    return verdict.ok() ? tr("This field cannot be changed.") : QString::fromStdString(verdict.error().message);
}

bool RecordEditor::setValue(const QString& field, const QVariant& value) {
    if (!m_ready || m_busy) return false;  // a form not shown (missing: errorMessage says why)
    if (!m_formFields.contains(field)) {
        qCWarning(lcUi).noquote() << "the" << m_type << "form has no field" << field;
        setError(tr("This form has no such field."), field);
        return false;
    }
    if (!m_editable.value(field).toBool()) {
        // The page never offers it; whoever tries anyway hears the rule that refuses it.
        setError(tr("Your role may not change this field now."), refusalOf(field));
        return false;
    }
    QString text;
    if (value.typeId() == QMetaType::Bool) text = value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    else text = value.toString();
    const bool changed = text != values().value(field).toString();
    if (text == m_base.value(field).toString()) m_edits.remove(field);
    else m_edits.insert(field, text);
    if (m_fieldErrors.remove(field) > 0) emit fieldErrorsChanged();
    if (!changed) return true;
    emit valuesChanged();
    saveDraft();
    return true;
}

std::string RecordEditor::draftKind() const { return "record:" + m_type.toStdString(); }

std::string RecordEditor::draftKey() const {
    if (!isNew()) return m_recordId.toStdString();
    // QVariantMap is ordered by key: the same presets give the same key.
    QStringList parts;
    for (auto it = m_presets.cbegin(); it != m_presets.cend(); ++it) parts.append(it.key() + QLatin1Char('=') + it.value().toString());
    return "new:" + parts.join(QLatin1Char('&')).toStdString();
}

void RecordEditor::saveDraft() {
    if (!m_session || !m_session->isUnlocked() || m_busy) return;
    // One draft write out at a time; keystrokes meanwhile are written once, after it.
    if (m_draftInFlight) {
        m_draftPending = true;
        return;
    }
    m_draftInFlight = true;
    const std::string kind = draftKind();
    const std::string key = draftKey();
    nlohmann::json content = nlohmann::json::object();
    nlohmann::json edits = nlohmann::json::object();
    for (auto it = m_edits.cbegin(); it != m_edits.cend(); ++it) {
        edits[it.key().toStdString()] = it.value().toString().toStdString();
    }
    content["values"] = std::move(edits);
    if (m_record) content["base_version"] = m_record->version;
    const bool empty = m_edits.isEmpty();
    m_session->run<Status>(
        this,
        [kind, key, content, empty](Store& store) -> Status {
            return empty ? drafts::remove(store, kind, key) : drafts::save(store, kind, key, content);
        },
        [this](Status st) {
            m_draftInFlight = false;
            if (!st.ok()) {
                qCWarning(lcUi).noquote() << "keeping the" << m_type << "draft failed:"
                                          << QString::fromStdString(st.error().toString());
                setError(tr("What you typed could not be kept on the device. Save it now, or note it down."));
            }
            if (m_draftPending) {
                m_draftPending = false;
                saveDraft();
            }
        });
}

nlohmann::json RecordEditor::pendingChanges() const {
    const RecordTypeSpec& sp = *spec();
    nlohmann::json changes = nlohmann::json::object();
    for (auto it = m_edits.cbegin(); it != m_edits.cend(); ++it) {
        const QString text = it.value().toString();
        if (text == m_base.value(it.key()).toString()) continue;
        const FieldSpec* f = sp.field(it.key().toStdString());
        if (f != nullptr) changes[f->name] = coreValue(*f, text);
    }
    return changes;
}

void RecordEditor::save() {
    if (!m_session || !m_ready || m_busy) return;
    clearFieldErrors();
    setError({});
    const RecordTypeSpec& sp = *spec();
    const std::string type = sp.name;
    const std::string kind = draftKind();
    const std::string key = draftKey();
    if (isNew()) {
        if (!m_canCreate) {
            permissions::Request request{m_role.toStdString(), type, permissions::Request::Kind::Create, nullptr,
                                         nlohmann::json::object()};
            const Status verdict = permissions::authorize(request);
            setError(tr("Your role may not create this record."),
                     verdict.ok() ? QString() : QString::fromStdString(verdict.error().message));
            return;
        }
        nlohmann::json fields = nlohmann::json::object();
        const QVariantMap form = values();
        for (const QString& field : m_formFields) {
            if (!m_shown.value(field).toBool()) continue;
            const FieldSpec* f = sp.field(field.toStdString());
            const nlohmann::json value = coreValue(*f, form.value(field).toString());
            if (!value.is_null()) {
                fields[f->name] = value;
            } else if (f->required) {
                // All the missing ones at once (the core would name only the first).
                m_fieldErrors.insert(field, tr("Fill this in: it is required."));
            }
        }
        if (!m_fieldErrors.isEmpty()) {
            emit fieldErrorsChanged();
            setError(tr("Not saved yet. Fill in the marked fields."));
            return;
        }
        for (auto it = m_presets.cbegin(); it != m_presets.cend(); ++it) {
            fields[it.key().toStdString()] = presetValue(sp.field(it.key().toStdString()), it.value());
        }
        if (!m_campaignId.isEmpty() && sp.field("campaign_id") != nullptr && !m_presets.contains(QStringLiteral("campaign_id"))) {
            fields["campaign_id"] = m_campaignId.toStdString();
        }
        writeRecord(
            QStringLiteral("create"),
            [type, fields, kind, key](Store& store) -> Result<Record> {
                std::optional<Record> created;
                Status st = store.transaction([&]() -> Status {
                    FC_ASSIGN_OR_RETURN(Record r, store.createRecord(type, fields));
                    created = std::move(r);
                    return drafts::remove(store, kind, key);
                });
                if (!st.ok()) return st.error();
                return std::move(*created);
            },
            tr("Saved."));
        return;
    }

    const nlohmann::json changes = pendingChanges();
    const std::string id = m_recordId.toStdString();
    writeRecord(
        QStringLiteral("update"),
        [type, changes, kind, key, id](Store& store) -> Result<Record> {
            std::optional<Record> updated;
            Status st = store.transaction([&]() -> Status {
                if (!changes.empty()) {
                    FC_ASSIGN_OR_RETURN(Record r, store.updateRecord(type, id, changes));
                    updated = std::move(r);
                } else {
                    FC_ASSIGN_OR_RETURN(Record r, store.getRecord(type, id));
                    updated = std::move(r);
                }
                return drafts::remove(store, kind, key);
            });
            if (!st.ok()) return st.error();
            return std::move(*updated);
        },
        tr("Changes saved."));
}

void RecordEditor::discard() {
    if (!m_session || m_busy) return;
    const bool had = !m_edits.isEmpty();
    m_edits.clear();
    m_draftRestored = false;
    m_draftPending = false;
    clearFieldErrors();
    setError({});
    if (had) emit valuesChanged();
    if (!m_session->isUnlocked() || m_type.isEmpty()) return;
    // Also when nothing is held here: a draft being written now must not outlive the discard.
    const std::string kind = draftKind();
    const std::string key = draftKey();
    m_session->run<Status>(
        this, [kind, key](Store& store) { return drafts::remove(store, kind, key); },
        [](Status st) {
            if (!st.ok()) {
                qCWarning(lcUi).noquote() << "removing a draft failed:" << QString::fromStdString(st.error().toString());
            }
        });
}

void RecordEditor::move(const QString& to) {
    if (!m_session || !m_ready || m_busy || isNew()) return;
    const RecordTypeSpec& sp = *spec();
    if (!sp.hasLifeCycle()) return;
    clearFieldErrors();
    setError({});
    // The edits go with the move, in one update: a move that needs a field (a measure, an answer,
    // the evidence) is made by filling it in and pressing the move. No check here beyond the
    // buttons offered: the store applies the permission table, the life cycle and the rules, and
    // its refusal is what the page shows.
    nlohmann::json changes = pendingChanges();
    changes[sp.lifeCycle.field] = to.toStdString();
    const std::string type = sp.name;
    const std::string id = m_recordId.toStdString();
    const std::string kind = draftKind();
    const std::string key = draftKey();
    writeRecord(
        QStringLiteral("move"),
        [type, id, changes, kind, key](Store& store) -> Result<Record> {
            std::optional<Record> moved;
            Status st = store.transaction([&]() -> Status {
                FC_ASSIGN_OR_RETURN(Record r, store.updateRecord(type, id, changes));
                moved = std::move(r);
                return drafts::remove(store, kind, key);
            });
            if (!st.ok()) return st.error();
            return std::move(*moved);
        },
        tr("Now: %1.").arg(choiceLabel(type.c_str(), sp.lifeCycle.field.c_str(), to.toStdString())));
}

void RecordEditor::withdraw(const QString& reason) {
    if (!m_session || !m_ready || m_busy || isNew()) return;
    clearFieldErrors();
    if (reason.trimmed().isEmpty()) {
        setError(tr("Say why it is withdrawn: a withdrawal needs a reason."));
        return;
    }
    setError({});
    const std::string type = m_type.toStdString();
    const std::string id = m_recordId.toStdString();
    const std::string why = reason.trimmed().toStdString();
    const std::string kind = draftKind();
    const std::string key = draftKey();
    writeRecord(
        QStringLiteral("withdraw"),
        [type, id, why, kind, key](Store& store) -> Result<Record> {
            std::optional<Record> withdrawn;
            Status st = store.transaction([&]() -> Status {
                FC_ASSIGN_OR_RETURN(Record r, store.withdrawRecord(type, id, why));
                withdrawn = std::move(r);
                return drafts::remove(store, kind, key);
            });
            if (!st.ok()) return st.error();
            return std::move(*withdrawn);
        },
        tr("Withdrawn."));
}

void RecordEditor::writeRecord(const QString& what, std::function<Result<Record>(Store&)> write, const QString& done) {
    setBusy(true);
    m_draftPending = false;  // the write takes the form as it is now; no older draft after it
    m_session->run<Result<Record>>(this, std::move(write), [this, what, done](Result<Record> result) {
        setBusy(false);
        if (!result.ok()) {
            qCInfo(lcUi).noquote() << m_type << what << "refused:" << QString::fromStdString(result.error().toString());
            showError(result.error());
            return;
        }
        const QString id = QString::fromStdString(result.value().id);
        m_edits.clear();
        m_draftRestored = false;
        m_draftTaken = true;  // the draft went with the write
        const bool created = isNew();
        if (created) {
            m_recordId = id;
            emit recordIdChanged();
        }
        emit valuesChanged();
        setNotice(done);
        m_session->notifyChanged(m_type, {id});
        if (created) emit this->created(id);
        emit saved();
        reload();
    });
}

void RecordEditor::showError(const fieldcheck::Error& error) {
    const std::string& message = error.message;
    if (spec() == nullptr) {  // the form was switched to another type while the write was out
        setError(tr("It could not be saved. Try again; if it keeps failing, report it to the office."));
        return;
    }
    const RecordTypeSpec& sp = *spec();
    const QString field = fieldNamedIn(sp, m_formFields, message);
    const bool onField = !field.isEmpty() && m_shown.value(field).toBool();
    switch (error.code) {
        case ErrorCode::InvalidArgument:
            if (onField) {
                m_fieldErrors.insert(field, fieldProblem(*sp.field(field.toStdString()), message));
                emit fieldErrorsChanged();
                setError(tr("Not saved. Check the marked field."));
            } else {
                setError(tr("Not saved as it is."), QString::fromStdString(message));
            }
            return;
        case ErrorCode::Unauthorized:
            setError(tr("Your role may not make this change."), QString::fromStdString(message));
            return;
        case ErrorCode::IllegalTransition:
            // Either the record is no longer where the page thinks (another device moved it), or a
            // rule of the campaign says what is missing for this step (不少于3条整改措施, the
            // measure of an accountability case, …). What was typed stays either way.
            if (message.find("cannot go from") != std::string::npos || message.find("starts as") != std::string::npos) {
                setError(tr("This step is not possible now. The record was read again: it may have changed meanwhile."),
                         QString::fromStdString(message));
                reload();
                return;
            }
            if (onField) {
                m_fieldErrors.insert(field, tr("Fill this in for this step."));
                emit fieldErrorsChanged();
            }
            setError(tr("Not possible yet: the rule below says what is missing. Nothing you typed is lost."),
                     QString::fromStdString(message));
            return;
        case ErrorCode::NotFound:
            setError(tr("This record is not on this device any more."));
            return;
        default:
            qCWarning(lcUi).noquote() << "writing a" << m_type << "failed:" << QString::fromStdString(error.toString());
            setError(tr("It could not be saved. Try again; if it keeps failing, report it to the office."));
            return;
    }
}

void RecordEditor::clearNotice() { setNotice({}); }

void RecordEditor::setLoading(bool loading) {
    if (loading == m_loading) return;
    m_loading = loading;
    emit loadingChanged();
}

void RecordEditor::setBusy(bool busy) {
    if (busy == m_busy) return;
    m_busy = busy;
    emit busyChanged();
}

void RecordEditor::setError(const QString& message, const QString& detail) {
    if (message == m_errorMessage && detail == m_errorDetail) return;
    m_errorMessage = message;
    m_errorDetail = detail;
    emit errorMessageChanged();
}

void RecordEditor::setNotice(const QString& notice) {
    if (notice == m_notice) return;
    m_notice = notice;
    emit noticeChanged();
}

void RecordEditor::clearFieldErrors() {
    if (m_fieldErrors.isEmpty()) return;
    m_fieldErrors.clear();
    emit fieldErrorsChanged();
}

}  // namespace fieldcheck::ui

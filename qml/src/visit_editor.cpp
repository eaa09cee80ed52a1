#include "visit_editor.h"

#include <QBuffer>
#include <QDateTime>
#include <QImage>
#include <QLocale>
#include <QPainter>
#include <QPainterPath>
#include <QPointF>
#include <algorithm>
#include <cmath>
#include <set>
#include <utility>

#include "camera.h"
#include "drafts.h"
#include "fieldcheck/core/campaign_rules.h"
#include "fieldcheck/core/record_rules.h"
#include "fieldcheck/core/replication.h"
#include "fieldcheck/core/store.h"
#include "fieldcheck/core/visit_rules.h"
#include "logging.h"
#include "position_source.h"
#include "record_labels.h"

namespace fieldcheck::ui {

namespace vr = fieldcheck::visit_rules;
using nlohmann::json;

namespace {

constexpr const char* kDraftKind = "visit";
constexpr int kDraftVersion = 1;
// Long enough for a legible signature on any screen, small enough to stay a few kilobytes.
constexpr qreal kSignatureWidth = 600.0;

QString qs(const std::string& s) { return QString::fromStdString(s); }

std::string text(const Record& r, const char* field) {
    const auto it = r.fields.find(field);
    return it != r.fields.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool isNumber(const Record& r, const char* field) {
    const auto it = r.fields.find(field);
    return it != r.fields.end() && it->is_number();
}

double number(const Record& r, const char* field, double otherwise = -1.0) {
    const auto it = r.fields.find(field);
    return it != r.fields.end() && it->is_number() ? it->get<double>() : otherwise;
}

json answersOf(const Record& r) {
    const auto it = r.fields.find("answers");
    return it != r.fields.end() && it->is_object() ? *it : json::object();
}

std::string joinNames(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& n : names) out += (out.empty() ? "" : "、") + n;
    return out;
}

QString formatTime(int64_t ms) {
    if (ms <= 0) return {};
    return QLocale().toString(QDateTime::fromMSecsSinceEpoch(ms), QStringLiteral("yyyy-MM-dd HH:mm"));
}

// An open visit: planned or under way, not withdrawn.
bool isOpen(const Record& v) {
    const std::string status = text(v, "status");
    return !v.withdrawn && (status == "planned" || status == "started");
}

// Who uses the device: the enrolled user (sync state), else the store's actor.
std::string currentUser(Store& store) {
    auto user = replication::syncState(store, "user");
    if (user.ok() && user.value() && !user.value()->empty()) return *user.value();
    return store.actor();
}

// The newest checklist in force: the highest version of any code, not withdrawn.
Result<std::optional<Record>> newestChecklist(Store& store) {
    ListQuery q;
    q.includeWithdrawn = false;
    FC_ASSIGN_OR_RETURN(auto all, store.listRecords("checklist_template", q));
    std::optional<Record> best;
    for (auto& t : all) {
        const auto version = t.fields.value("template_version", json(0));
        if (!best || (version.is_number() && version.get<int64_t>() > best->fields.value("template_version", json(0)).get<int64_t>())) {
            best = std::move(t);
        }
    }
    return best;
}

// The form's content as changes to `current`: only what differs.
json contentChanges(const Record& current, const json& form) {
    json changes = json::object();
    const std::string present = form.value("inspectors_present", std::string());
    if (present != text(current, "inspectors_present")) changes["inspectors_present"] = present.empty() ? json() : json(present);
    const json answers = form.value("answers", json::object());
    if (answers != answersOf(current)) changes["answers"] = answers;
    const std::string notes = form.value("notes", std::string());
    if (notes != text(current, "notes")) changes["notes"] = notes.empty() ? json() : json(notes);
    return changes;
}

// Writes the form's content into the visit if it differs; returns the visit as it then is.
Result<Record> flushContent(Store& store, const std::string& visitId, const json& form) {
    FC_ASSIGN_OR_RETURN(Record current, store.getRecord("visit", visitId));
    const json changes = contentChanges(current, form);
    if (changes.empty()) return current;
    return store.updateRecord("visit", visitId, changes);
}

// What a failed write means for the user.
QString writeFailure(const Error& e) {
    switch (e.code) {
        case ErrorCode::Unauthorized:
            return VisitEditor::tr("Your role may not change this visit. Ask your group leader.");
        case ErrorCode::IllegalTransition:
            return VisitEditor::tr("This visit can no longer be changed here: it was submitted or withdrawn meanwhile. Go back and open it again.");
        case ErrorCode::NotFound:
            return VisitEditor::tr("This visit is no longer on this device.");
        default:
            return VisitEditor::tr("The visit could not be saved. Try again; if it keeps failing, tell the administrator.");
    }
}

// What submission lacks, in the user's words.
QStringList problemTexts(const std::vector<vr::VisitProblem>& problems, const std::vector<VisitChecklistModel::Row>& rows) {
    QStringList out;
    for (const auto& p : problems) {
        if (p.code == "not_checked_in") {
            out << VisitEditor::tr("Check in at the unit (the visit's position).");
        } else if (p.code == "unanswered") {
            QStringList numbers;
            for (const auto& code : p.items) {
                const auto it = std::find_if(rows.begin(), rows.end(), [&](const auto& r) { return r.code == code; });
                numbers << (it != rows.end() ? QString::number(it - rows.begin() + 1) : qs(code));
            }
            out << VisitEditor::tr("Answer the required checklist items: %1.").arg(numbers.join(QStringLiteral(", ")));
        } else if (p.code == "unsigned") {
            out << VisitEditor::tr("The unit's representative signs the visit record.");
        } else if (p.code == "changed_after_signing") {
            out << VisitEditor::tr("The visit changed after it was signed: the representative signs again.");
        } else {
            out << qs(p.message);
        }
    }
    return out;
}

}  // namespace

// What a load read on the store thread.
struct VisitEditor::Snapshot {
    quint64 generation = 0;
    quint64 editSerial = 0;
    QString error;
    bool found = false;
    bool startable = false;
    Record visit;
    Record unit;
    std::string groupName;
    std::optional<Record> checklist;
    std::vector<std::string> members;
    std::map<std::string, int> photoCounts;
    std::optional<drafts::Draft> draft;
    StartPlan plan;
};

// What a write did: the visit as it now is, or why it failed or was refused.
struct VisitEditor::WriteResult {
    bool ok = false;
    Record visit;
    QString error;
    std::vector<vr::VisitProblem> problems;  // submission refused for these
    std::string photoItem;                   // a photo was sealed for this item
    int photoCount = 0;
};

namespace {

int photosOf(const std::vector<Attachment>& attachments, const std::string& itemCode) {
    const std::string prefix = itemCode + "_";
    return static_cast<int>(std::count_if(attachments.begin(), attachments.end(),
                                          [&](const Attachment& a) { return a.fileName.rfind(prefix, 0) == 0; }));
}

Status readGroup(Store& store, const std::string& groupId, const std::string& presentText, VisitEditor::Snapshot& s) {
    if (groupId.empty()) return {};
    auto group = store.getRecord("inspection_group", groupId);
    if (!group.ok() && group.error().code != ErrorCode::NotFound) return group.error();
    std::vector<std::string> names;
    auto add = [&](const std::string& name) {
        if (!name.empty() && std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
    };
    if (group.ok()) {
        s.groupName = text(group.value(), "name");
        add(text(group.value(), "leader"));
    }
    ListQuery members;
    members.equals = {{"group_id", groupId}};
    members.includeWithdrawn = false;
    FC_ASSIGN_OR_RETURN(auto persons, store.listRecords("person", members));
    std::stable_sort(persons.begin(), persons.end(), [](const Record& a, const Record& b) {
        return (text(a, "role") == "group_leader") > (text(b, "role") == "group_leader");
    });
    for (const auto& p : persons) add(text(p, "name"));
    if (group.ok()) {
        for (const auto& n : record_rules::peopleNames(text(group.value(), "members"))) add(n);
    }
    for (const auto& n : record_rules::peopleNames(presentText)) add(n);
    s.members = std::move(names);
    return {};
}

// The group a new visit of a unit is for: the assignment's, else the user's own, else the only one.
Result<std::string> groupForNewVisit(Store& store, const std::string& user) {
    ListQuery byUser;
    byUser.equals = {{"user_name", user}};
    byUser.includeWithdrawn = false;
    FC_ASSIGN_OR_RETURN(auto persons, store.listRecords("person", byUser));
    for (const auto& p : persons) {
        if (!text(p, "group_id").empty()) return text(p, "group_id");
    }
    ListQuery groups;
    groups.includeWithdrawn = false;
    groups.orderBy = "code";
    groups.limit = 1;
    FC_ASSIGN_OR_RETURN(auto first, store.listRecords("inspection_group", groups));
    return first.empty() ? std::string() : first.front().id;
}

Status loadInto(Store& store, const std::string& visitId, const std::string& assignmentId, const std::string& unitId,
                VisitEditor::Snapshot& s) {
    const std::string user = currentUser(store);
    std::optional<Record> visit;
    std::optional<Record> assignment;
    if (!visitId.empty()) {
        auto v = store.getRecord("visit", visitId);
        if (!v.ok()) {
            if (v.error().code == ErrorCode::NotFound) {
                s.error = VisitEditor::tr("This visit is not on this device. Sync, then open it again.");
                return {};
            }
            return v.error();
        }
        visit = std::move(v).value();
    } else if (!assignmentId.empty()) {
        auto a = store.getRecord("assignment", assignmentId);
        if (!a.ok()) {
            if (a.error().code == ErrorCode::NotFound) {
                s.error = VisitEditor::tr("This task is not on this device. Sync, then open it again.");
                return {};
            }
            return a.error();
        }
        assignment = std::move(a).value();
        // Its visit, if one was begun: an open one first, else the newest.
        ListQuery q;
        q.equals = {{"assignment_id", assignmentId}};
        q.includeWithdrawn = false;
        q.descending = true;
        FC_ASSIGN_OR_RETURN(auto visits, store.listRecords("visit", q));
        for (auto& v : visits) {
            if (isOpen(v)) {
                visit = std::move(v);
                break;
            }
        }
        if (!visit && !visits.empty()) visit = std::move(visits.front());
    } else if (!unitId.empty()) {
        ListQuery q;
        q.equals = {{"unit_id", unitId}};
        q.includeWithdrawn = false;
        q.descending = true;
        FC_ASSIGN_OR_RETURN(auto visits, store.listRecords("visit", q));
        for (auto& v : visits) {
            if (isOpen(v)) {
                visit = std::move(v);
                break;
            }
        }
        if (!visit) {
            // A task of the group for this unit, not done yet: the new visit carries it out.
            FC_ASSIGN_OR_RETURN(auto tasks, store.listRecords("assignment", q));
            for (auto& a : tasks) {
                const std::string status = text(a, "status");
                if (status == "assigned" || status == "in_progress") {
                    assignment = std::move(a);
                    break;
                }
            }
        }
    } else {
        return {};
    }

    std::string theUnit, groupId;
    if (visit) {
        s.found = true;
        s.visit = *visit;
        theUnit = text(*visit, "unit_id");
        groupId = text(*visit, "group_id");
        if (text(*visit, "status") == "planned" && !visit->withdrawn) {
            s.startable = true;
            s.plan.assignmentId = text(*visit, "assignment_id");
        }
    } else {
        theUnit = assignment ? text(*assignment, "unit_id") : unitId;
        if (assignment) {
            groupId = text(*assignment, "group_id");
            s.plan.assignmentId = assignment->id;
            s.plan.campaignId = text(*assignment, "campaign_id");
        } else {
            FC_ASSIGN_OR_RETURN(groupId, groupForNewVisit(store, user));
        }
        if (groupId.empty()) {
            s.error = VisitEditor::tr("No inspection group is on this device, so a visit cannot be started. Sync first.");
            return {};
        }
        s.startable = true;
        s.plan.unitId = theUnit;
        s.plan.groupId = groupId;
        FC_ASSIGN_OR_RETURN(auto checklist, newestChecklist(store));
        if (checklist) s.plan.checklistId = checklist->id;
    }

    auto unit = store.getRecord("unit", theUnit);
    if (!unit.ok()) {
        if (unit.error().code != ErrorCode::NotFound) return unit.error();
        s.error = VisitEditor::tr("The unit of this visit is not on this device. Sync, then open it again.");
        s.found = s.startable = false;
        return {};
    }
    s.unit = std::move(unit).value();
    if (s.plan.campaignId.empty() && !groupId.empty()) {
        auto group = store.getRecord("inspection_group", groupId);
        if (group.ok()) s.plan.campaignId = text(group.value(), "campaign_id");
    }
    FC_TRY(readGroup(store, groupId, visit ? text(*visit, "inspectors_present") : std::string(), s));
    // The user is present by default on a visit they start, when they are one of the group.
    ListQuery me;
    me.equals = {{"user_name", user}};
    me.includeWithdrawn = false;
    FC_ASSIGN_OR_RETURN(auto persons, store.listRecords("person", me));
    for (const auto& p : persons) {
        if (std::find(s.members.begin(), s.members.end(), text(p, "name")) != s.members.end()) s.plan.presentByDefault = text(p, "name");
    }

    const std::string checklistId = visit ? text(*visit, "checklist_template_id") : s.plan.checklistId;
    if (!checklistId.empty()) {
        auto t = store.getRecord("checklist_template", checklistId);
        if (t.ok()) s.checklist = std::move(t).value();
        else if (t.error().code != ErrorCode::NotFound) return t.error();
    }
    if (visit) {
        FC_ASSIGN_OR_RETURN(auto attachments, store.attachmentsOf("visit", visit->id));
        if (s.checklist) {
            auto items = vr::checklistItems(*s.checklist);
            if (items.ok()) {
                for (const auto& item : items.value()) s.photoCounts[item.code] = photosOf(attachments, item.code);
            }
        }
        FC_ASSIGN_OR_RETURN(s.draft, drafts::load(store, kDraftKind, visit->id));
    }
    return {};
}

}  // namespace

VisitEditor::VisitEditor(QObject* parent) : QObject(parent), m_checklist(new VisitChecklistModel(this)) {
    m_messageTimer.setSingleShot(true);
    m_messageTimer.setInterval(kMessageTimeoutMs);
    connect(&m_messageTimer, &QTimer::timeout, this, &VisitEditor::dismissMessage);
}

VisitEditor::~VisitEditor() {
    disconnectPosition();
    disconnectCamera();
}

void VisitEditor::setSession(Session* session) {
    if (session == m_session) return;
    if (m_session) m_session->disconnect(this);
    m_session = session;
    if (m_session) {
        connect(m_session, &Session::aboutToLock, this, &VisitEditor::clear);
        connect(m_session, &Session::unlockedChanged, this, &VisitEditor::reload);
        connect(m_session, &Session::recordsChanged, this, &VisitEditor::onRecordsChanged);
        connect(m_session, &Session::manyRecordsChanged, this, &VisitEditor::reload);
    }
    emit sessionChanged();
    reload();
}

void VisitEditor::setDevices(Devices* devices) {
    if (devices == m_devices) return;
    disconnectPosition();
    disconnectCamera();
    m_devices = devices;
    emit devicesChanged();
}

void VisitEditor::setVisitId(const QString& visitId) {
    if (visitId == m_visitId) return;
    m_visitId = visitId;
    emit visitIdChanged();
    reload();
}

void VisitEditor::setAssignmentId(const QString& assignmentId) {
    if (assignmentId == m_assignmentId) return;
    m_assignmentId = assignmentId;
    emit assignmentIdChanged();
    if (m_visitId.isEmpty()) reload();
}

void VisitEditor::setUnitId(const QString& unitId) {
    if (unitId == m_unitId) return;
    m_unitId = unitId;
    emit unitIdChanged();
    if (m_visitId.isEmpty() && m_assignmentId.isEmpty()) reload();
}

// ---- reading --------------------------------------------------------------------------------

void VisitEditor::reload() {
    ++m_generation;
    if (!m_session || !m_session->isUnlocked() || (m_visitId.isEmpty() && m_assignmentId.isEmpty() && m_unitId.isEmpty())) {
        clear();
        return;
    }
    setLoading(true);
    const quint64 generation = m_generation;
    const quint64 editSerial = m_editSerial;
    const std::string visitId = m_visitId.toStdString(), assignmentId = m_assignmentId.toStdString(),
                      unitId = m_unitId.toStdString();
    m_session->run<Snapshot>(
        this,
        [generation, editSerial, visitId, assignmentId, unitId](Store& store) {
            Snapshot s;
            if (Status st = loadInto(store, visitId, assignmentId, unitId, s); !st.ok()) {
                qCWarning(lcUi).noquote() << "reading visit" << qs(visitId + assignmentId + unitId)
                                          << "failed:" << qs(st.error().toString());
                s = Snapshot{};
                s.error = VisitEditor::tr("This visit could not be read. The store may be damaged.");
            }
            s.generation = generation;
            s.editSerial = editSerial;
            return s;
        },
        [this](Snapshot s) { apply(std::move(s)); });
}

void VisitEditor::apply(Snapshot s) {
    if (s.generation != m_generation) return;
    setLoading(false);
    m_errorMessage = s.error;
    m_found = s.found;
    m_startable = s.startable;
    m_plan = s.plan;
    m_record = s.found ? s.visit : Record{};
    m_template = s.checklist;
    m_unitName = qs(text(s.unit, "name"));
    m_unitAddress = qs(text(s.unit, "address"));
    m_unitHasLocation = isNumber(s.unit, "latitude") && isNumber(s.unit, "longitude");
    m_groupName = qs(s.groupName);
    m_checklistName = m_template ? qs(text(*m_template, "name")) : QString();
    const std::vector<std::string> membersBefore = m_members;
    m_members = s.members;
    if (s.found && m_visitId.isEmpty()) {
        m_visitId = qs(s.visit.id);
        emit visitIdChanged();
    }

    // The form: kept when the user changed it after this load was asked for (the draft holds
    // those changes already); else the record, with the draft over it.
    const bool keepForm = s.editSerial != m_editSerial;
    if (!keepForm) {
        json content = {{"inspectors_present", text(m_record, "inspectors_present")},
                        {"answers", answersOf(m_record)},
                        {"notes", text(m_record, "notes")}};
        m_draftRestored = false;
        m_draftNotice.clear();
        if (s.draft && s.found) {
            const json& d = s.draft->content;
            for (const char* key : {"inspectors_present", "answers", "notes"}) {
                if (d.contains(key)) content[key] = d[key];
            }
            // A draft the same as the record says nothing new (e.g. written just before a kill
            // that came after the record was saved).
            if (!contentChanges(m_record, content).empty()) {
                m_draftRestored = true;
                m_draftNotice = tr("Restored what you entered on %1 and had not yet saved to the visit record.")
                                    .arg(formatTime(s.draft->updatedMs));
                if (d.value("base_version", int64_t(0)) != m_record.version) {
                    m_draftNotice += QLatin1Char(' ') + tr("The visit was changed on another device since: check the answers.");
                }
            }
        }
        m_present = record_rules::peopleNames(content.value("inspectors_present", std::string()));
        m_answers = content.value("answers", json::object());
        if (!m_answers.is_object()) m_answers = json::object();
        m_notes = content.value("notes", std::string());
        // Someone named in the draft but not (or no longer) in the group stays tickable.
        for (const auto& n : m_present) {
            if (std::find(m_members.begin(), m_members.end(), n) == m_members.end()) m_members.push_back(n);
        }

        std::vector<VisitChecklistModel::Row> rows;
        if (m_template) {
            auto items = vr::checklistItems(*m_template);
            if (items.ok()) {
                for (const auto& item : items.value()) {
                    VisitChecklistModel::Row row;
                    row.code = item.code;
                    row.question = item.question;
                    row.category = item.category;
                    row.kind = static_cast<int>(item.answerKind);
                    row.required = item.required;
                    row.answer = vr::answerValue(m_answers, item.code);
                    row.note = vr::answerNote(m_answers, item.code);
                    const auto count = s.photoCounts.find(item.code);
                    row.photoCount = count != s.photoCounts.end() ? count->second : 0;
                    rows.push_back(std::move(row));
                }
            } else {
                qCWarning(lcUi).noquote() << "checklist" << qs(m_template->id) << "is not usable:" << qs(items.error().message);
                m_errorMessage = tr("The checklist of this visit cannot be read. Sync; if it persists, tell the administrator.");
            }
        }
        m_checklist->reset(std::move(rows));
        emit draftChanged();
        emit inspectorsChanged();
        emit notesChanged();
    } else {
        for (const auto& [code, count] : s.photoCounts) m_checklist->setPhotoCount(m_checklist->indexOf(code), count);
        for (const auto& n : m_present) {
            if (std::find(m_members.begin(), m_members.end(), n) == m_members.end()) m_members.push_back(n);
        }
    }
    if (m_members != membersBefore) emit membersChanged();
    emit loaded();
    emit checkInChanged();
    emit formChanged();
}

void VisitEditor::applyRecord(const Record& visit) {
    m_record = visit;
    m_found = true;
    m_startable = text(visit, "status") == "planned" && !visit.withdrawn;
    emit loaded();
    emit checkInChanged();
    emit formChanged();
}

void VisitEditor::onRecordsChanged(const QString& type, const QStringList& ids) {
    if (m_announcing || m_pendingWrites > 0) return;  // our own write, or one under way (it reads the result)
    const bool ours = (type == QLatin1String("visit") && (m_visitId.isEmpty() || ids.contains(m_visitId))) ||
                      type == QLatin1String("checklist_template") || type == QLatin1String("inspection_group") ||
                      type == QLatin1String("person") || (type == QLatin1String("assignment") && !m_found);
    if (ours) reload();
}

void VisitEditor::clear() {
    ++m_generation;
    disconnectPosition();
    disconnectCamera();
    setLoading(false);
    m_pendingWrites = 0;
    setBusy(false);
    m_errorMessage.clear();
    m_found = m_startable = false;
    m_record = Record{};
    m_template.reset();
    m_unitName.clear();
    m_unitAddress.clear();
    m_groupName.clear();
    m_checklistName.clear();
    m_unitHasLocation = false;
    if (!m_members.empty()) {
        m_members.clear();
        emit membersChanged();
    }
    m_plan = StartPlan{};
    m_present.clear();
    m_answers = json::object();
    m_notes.clear();
    m_draftRestored = false;
    m_draftNotice.clear();
    m_checkingIn = false;
    m_checkInError.clear();
    m_photoItem.clear();
    m_checklist->reset({});
    setMessage({}, false);
    emit draftChanged();
    emit inspectorsChanged();
    emit notesChanged();
    emit photoChanged();
    emit loaded();
    emit checkInChanged();
    emit formChanged();
}

// ---- what the page shows --------------------------------------------------------------------

bool VisitEditor::canStart() const { return m_startable; }

bool VisitEditor::isEditable() const { return m_found && !m_record.withdrawn && text(m_record, "status") == "started"; }

QString VisitEditor::status() const { return m_found ? qs(text(m_record, "status")) : QString(); }

QString VisitEditor::statusLabel() const {
    if (!m_found) return tr("Not started");
    if (m_record.withdrawn) return tr("Withdrawn");
    return choiceLabel("visit", "status", text(m_record, "status"));
}

bool VisitEditor::isCheckedIn() const { return isNumber(m_record, "gps_latitude") && isNumber(m_record, "gps_longitude"); }

QString VisitEditor::positionText() const {
    if (!isCheckedIn()) return {};
    QString out = QStringLiteral("%1, %2").arg(number(m_record, "gps_latitude"), 0, 'f', 5).arg(number(m_record, "gps_longitude"), 0, 'f', 5);
    if (accuracy() >= 0) out += QStringLiteral(" ± ") + tr("%1 m").arg(std::round(accuracy()));
    return out;
}

QString VisitEditor::checkInTime() const {
    const auto it = m_record.fields.find("gps_time_ms");
    return it != m_record.fields.end() && it->is_number() ? formatTime(it->get<int64_t>()) : QString();
}

double VisitEditor::accuracy() const { return number(m_record, "gps_accuracy_m"); }

double VisitEditor::distanceToUnit() const { return number(m_record, "distance_to_unit_m"); }

bool VisitEditor::isFarFromUnit() const { return distanceToUnit() > vr::kFarFromUnitMetres; }

bool VisitEditor::isPositionSimulated() const {
    const auto it = m_record.fields.find("gps_simulated");
    return it != m_record.fields.end() && it->is_boolean() && it->get<bool>();
}

double VisitEditor::farThreshold() const { return vr::kFarFromUnitMetres; }

QStringList VisitEditor::inspectorNames() const {
    QStringList out;
    for (const auto& n : m_members) out << qs(n);
    return out;
}

QStringList VisitEditor::presentNames() const {
    QStringList out;
    for (const auto& n : m_present) out << qs(n);
    return out;
}

QString VisitEditor::inspectorsPresent() const { return qs(joinNames(m_present)); }

int VisitEditor::answeredCount() const {
    int n = 0;
    for (const auto& row : m_checklist->rows()) {
        if (vr::isAnswer(static_cast<vr::AnswerKind>(row.kind), row.answer)) ++n;
    }
    return n;
}

// The visit as it would be with the form written into it (what signing or submitting would see).
Record VisitEditor::prospective() const {
    Record r = m_record;
    const json content = formContent();
    for (const char* key : {"inspectors_present", "answers", "notes"}) r.fields[key] = content[key];
    return r;
}

QString VisitEditor::signatureState() const {
    if (!m_found) return QStringLiteral("unsigned");
    return qs(vr::signatureStateName(vr::visitSignatureState(prospective())));
}

QString VisitEditor::signedBy() const { return qs(text(m_record, "signed_by")); }

QString VisitEditor::signedTime() const {
    const auto it = m_record.fields.find("signed_ms");
    return it != m_record.fields.end() && it->is_number() ? formatTime(it->get<int64_t>()) : QString();
}

QStringList VisitEditor::missing() const {
    if (!isEditable()) return {};
    return problemTexts(vr::visitSubmitProblems(prospective(), m_template ? &*m_template : nullptr), m_checklist->rows());
}

bool VisitEditor::isCameraAvailable() const {
    const platform::Camera* camera = m_devices ? m_devices->camera() : nullptr;
    return camera != nullptr && camera->isAvailable();
}

// ---- the form and its draft -----------------------------------------------------------------

json VisitEditor::formContent() const {
    return {{"inspectors_present", joinNames(m_present)}, {"answers", m_answers}, {"notes", m_notes}};
}

void VisitEditor::formEdited() {
    ++m_editSerial;
    saveDraft();
    emit formChanged();
}

void VisitEditor::saveDraft() {
    if (!m_session || !m_found) return;
    json content = formContent();
    content["v"] = kDraftVersion;
    content["base_version"] = m_record.version;
    const std::string key = m_record.id;
    // Posted at once, in order: the last change's draft is the one kept.
    m_session->run<QString>(
        this,
        [key, content](Store& store) {
            Status st = drafts::save(store, kDraftKind, key, content);
            if (st.ok()) return QString();
            qCWarning(lcUi).noquote() << "saving the draft of visit" << qs(key) << "failed:" << qs(st.error().toString());
            return VisitEditor::tr("Your last change could not be kept on this device. Check the free space, then change it again.");
        },
        [this](QString error) {
            if (!error.isEmpty()) setMessage(error, true);
        });
}

void VisitEditor::setInspectorPresent(const QString& name, bool present) {
    if (!isEditable()) return;
    const std::string n = name.trimmed().toStdString();
    if (n.empty()) return;
    const auto it = std::find(m_present.begin(), m_present.end(), n);
    if (present == (it != m_present.end())) return;
    if (present) m_present.push_back(n);
    else m_present.erase(it);
    emit inspectorsChanged();
    formEdited();
}

void VisitEditor::setAnswer(const QString& itemCode, const QVariant& value) {
    if (!isEditable()) return;
    const std::string code = itemCode.toStdString();
    const int row = m_checklist->indexOf(code);
    if (row < 0) return;
    const auto kind = static_cast<vr::AnswerKind>(m_checklist->rows()[static_cast<size_t>(row)].kind);
    json answer;
    if (kind == vr::AnswerKind::Number) {
        // A number as typed ("12", "3.5"; the user's locale or C) or as QML passed it. A whole
        // number is kept as one, so that "2" is 2 whichever way it came (the signed hash sees it).
        bool ok = value.isValid() && !value.isNull();
        double d = 0;
        if (ok && value.typeId() == QMetaType::QString) {
            const QString typed = value.toString().trimmed();
            d = QLocale().toDouble(typed, &ok);
            if (!ok) d = QLocale::c().toDouble(typed, &ok);
        } else if (ok) {
            d = value.toDouble(&ok);
        }
        if (ok && std::isfinite(d)) {
            if (std::abs(d) < 9.0e15 && d == std::floor(d)) answer = static_cast<int64_t>(d);
            else answer = d;
        }
    } else if (!value.toString().trimmed().isEmpty()) {
        answer = value.toString().toStdString();
    }
    if (answer == vr::answerValue(m_answers, code)) return;  // e.g. a field filled with what it holds
    json entry = m_answers.contains(code) && m_answers[code].is_object() ? m_answers[code] : json::object();
    if (answer.is_null()) entry.erase("answer");
    else entry["answer"] = answer;
    if (entry.empty()) m_answers.erase(code);
    else m_answers[code] = entry;
    m_checklist->setAnswer(row, answer);
    formEdited();
}

void VisitEditor::setItemNote(const QString& itemCode, const QString& note) {
    if (!isEditable()) return;
    const std::string code = itemCode.toStdString();
    const int row = m_checklist->indexOf(code);
    if (row < 0 || m_checklist->rows()[static_cast<size_t>(row)].note == note.toStdString()) return;
    json entry = m_answers.contains(code) && m_answers[code].is_object() ? m_answers[code] : json::object();
    if (!m_answers.contains(code) || !m_answers[code].is_object()) {
        // An answer stored bare (before schema 9) keeps its value.
        const json bare = vr::answerValue(m_answers, code);
        if (!bare.is_null()) entry["answer"] = bare;
    }
    if (note.trimmed().isEmpty()) entry.erase("note");
    else entry["note"] = note.toStdString();
    if (entry.empty()) m_answers.erase(code);
    else m_answers[code] = entry;
    m_checklist->setNote(row, note.toStdString());
    formEdited();
}

void VisitEditor::setNotes(const QString& notes) {
    if (!isEditable() || notes.toStdString() == m_notes) return;
    m_notes = notes.toStdString();
    emit notesChanged();
    formEdited();
}

// ---- writes ---------------------------------------------------------------------------------

void VisitEditor::write(std::function<WriteResult(Store&)> job, std::function<void(WriteResult)> then) {
    if (!m_session) return;
    // Writes queue behind each other on the store thread, in the order asked.
    ++m_pendingWrites;
    setBusy(true);
    const quint64 generation = m_generation;
    m_session->run<WriteResult>(this, std::move(job), [this, then = std::move(then), generation](WriteResult result) {
        if (--m_pendingWrites == 0) setBusy(false);
        if (generation != m_generation) return;  // another visit was opened meanwhile
        then(std::move(result));
    });
}

void VisitEditor::finishWrite(const WriteResult& result) {
    if (!result.ok) {
        setMessage(result.error, true);
        return;
    }
    applyRecord(result.visit);
    m_draftRestored = false;
    m_draftNotice.clear();
    emit draftChanged();
}

void VisitEditor::announce(const QStringList& types) {
    if (!m_session) return;
    m_announcing = true;
    for (const QString& type : types) {
        m_session->notifyChanged(type, type == QLatin1String("visit") ? QStringList{m_visitId} : QStringList{});
    }
    m_announcing = false;
}

void VisitEditor::start() {
    if (!canStart() || !m_session || m_busy) return;
    const StartPlan plan = m_plan;
    const std::string existing = m_found ? m_record.id : std::string();
    write(
        [plan, existing](Store& store) {
            WriteResult out;
            std::string visitId = existing;
            Status st = store.transaction([&]() -> Status {
                if (visitId.empty()) {
                    json fields = {{"unit_id", plan.unitId}, {"group_id", plan.groupId}, {"planned_date", bureauToday(store)}};
                    if (!plan.campaignId.empty()) fields["campaign_id"] = plan.campaignId;
                    if (!plan.assignmentId.empty()) fields["assignment_id"] = plan.assignmentId;
                    if (!plan.checklistId.empty()) fields["checklist_template_id"] = plan.checklistId;
                    FC_ASSIGN_OR_RETURN(Record created, store.createRecord("visit", fields));
                    visitId = created.id;
                }
                FC_ASSIGN_OR_RETURN(Record before, store.getRecord("visit", visitId));
                json changes = {{"status", "started"}};
                if (text(before, "inspectors_present").empty() && !plan.presentByDefault.empty()) {
                    changes["inspectors_present"] = plan.presentByDefault;
                }
                FC_ASSIGN_OR_RETURN(out.visit, store.updateRecord("visit", visitId, changes));
                const std::string assignmentId = text(out.visit, "assignment_id");
                if (!assignmentId.empty()) {
                    FC_ASSIGN_OR_RETURN(Record task, store.getRecord("assignment", assignmentId));
                    if (text(task, "status") == "assigned") FC_TRY(store.updateRecord("assignment", assignmentId, {{"status", "in_progress"}}));
                }
                return {};
            });
            if (!st.ok()) {
                qCWarning(lcUi).noquote() << "starting a visit failed:" << qs(st.error().toString());
                out.error = writeFailure(st.error());
                return out;
            }
            out.ok = true;
            return out;
        },
        [this](WriteResult result) {
            if (!result.ok) {
                setMessage(result.error, true);
                return;
            }
            if (m_visitId != qs(result.visit.id)) {
                m_visitId = qs(result.visit.id);
                emit visitIdChanged();
            }
            announce({QStringLiteral("visit"), QStringLiteral("assignment")});
            setMessage(tr("The visit has started. Check in at the unit."), false);
            emit started();
            reload();  // the form, the members and the checklist of the visit as created
        });
}

void VisitEditor::checkIn() {
    if (!isEditable() || m_checkingIn) return;
    platform::PositionSource* source = m_devices ? m_devices->position() : nullptr;
    if (source == nullptr) {
        m_checkInError = platform::PositionSource::noSourceMessage();
        emit checkInChanged();
        return;
    }
    disconnectPosition();
    m_checkingIn = true;
    m_checkInError.clear();
    emit checkInChanged();
    m_fixConnection = connect(source, &platform::PositionSource::fixed, this, &VisitEditor::onFix);
    m_fixFailedConnection = connect(source, &platform::PositionSource::failed, this, &VisitEditor::onFixFailed);
    source->requestFix(platform::PositionSource::kDefaultTimeoutMs);
}

void VisitEditor::onFix(const platform::PositionFix& fix) {
    disconnectPosition();
    if (!m_found) {
        m_checkingIn = false;
        emit checkInChanged();
        return;
    }
    json changes = {{"gps_latitude", fix.latitude},
                    {"gps_longitude", fix.longitude},
                    {"gps_accuracy_m", fix.hasAccuracy() ? json(fix.accuracyM) : json()},
                    {"gps_time_ms", fix.timeMs},
                    {"gps_simulated", fix.simulated}};
    const std::string id = m_record.id;
    const json form = formContent();
    write(
        [id, form, changes](Store& store) {
            WriteResult out;
            Status st = store.transaction([&]() -> Status {
                FC_ASSIGN_OR_RETURN(Record current, store.getRecord("visit", id));
                json all = contentChanges(current, form);
                all.update(changes);
                FC_ASSIGN_OR_RETURN(out.visit, store.updateRecord("visit", id, all));
                return drafts::remove(store, kDraftKind, id);
            });
            if (!st.ok()) {
                qCWarning(lcUi).noquote() << "check-in of visit" << qs(id) << "failed:" << qs(st.error().toString());
                out.error = writeFailure(st.error());
            } else {
                out.ok = true;
            }
            return out;
        },
        [this](WriteResult result) {
            m_checkingIn = false;
            if (!result.ok) m_checkInError = result.error;
            finishWrite(result);
            emit checkInChanged();
            if (!result.ok) return;
            setMessage({}, false);  // the card shows where, how far, and any warning
            announce({QStringLiteral("visit")});
        });
}

void VisitEditor::onFixFailed(const QString& why) {
    disconnectPosition();
    m_checkingIn = false;
    m_checkInError = why;
    emit checkInChanged();
}

void VisitEditor::disconnectPosition() {
    disconnect(m_fixConnection);
    disconnect(m_fixFailedConnection);
}

QByteArray VisitEditor::renderSignature(const QVariantList& strokes, const QSizeF& size) {
    if (size.width() <= 0 || size.height() <= 0) return {};
    std::vector<std::vector<QPointF>> lines;
    int points = 0;
    for (const QVariant& stroke : strokes) {
        std::vector<QPointF> line;
        for (const QVariant& p : stroke.toList()) {
            if (p.canConvert<QPointF>() && p.typeId() != QMetaType::QVariantMap) {
                line.push_back(p.toPointF());
            } else {
                const QVariantMap m = p.toMap();
                if (m.contains(QStringLiteral("x")) && m.contains(QStringLiteral("y"))) {
                    line.emplace_back(m.value(QStringLiteral("x")).toDouble(), m.value(QStringLiteral("y")).toDouble());
                }
            }
        }
        points += static_cast<int>(line.size());
        if (!line.empty()) lines.push_back(std::move(line));
    }
    if (points < 2) return {};

    const qreal scale = kSignatureWidth / size.width();
    QImage image(QSize(static_cast<int>(kSignatureWidth), std::max(1, static_cast<int>(std::lround(size.height() * scale)))),
                 QImage::Format_RGB32);
    image.fill(Qt::white);
    {
        QPainter painter(&image);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setPen(QPen(Qt::black, 4.0, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        painter.scale(scale, scale);
        for (const auto& line : lines) {
            if (line.size() == 1) {
                painter.drawPoint(line.front());
                continue;
            }
            QPainterPath path(line.front());
            for (size_t i = 1; i < line.size(); ++i) path.lineTo(line[i]);
            painter.drawPath(path);
        }
    }
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    // Grey levels are all a signature has: a third of the bytes of colour.
    if (!image.convertToFormat(QImage::Format_Grayscale8).save(&buffer, "PNG")) return {};
    return png;
}

void VisitEditor::sign(const QString& signerName, const QVariantList& strokes, qreal width, qreal height) {
    if (!isEditable()) return;
    const QString who = signerName.trimmed();
    if (who.isEmpty()) {
        setMessage(tr("Enter the name of the unit's representative who signs."), true);
        return;
    }
    QByteArray png = renderSignature(strokes, QSizeF(width, height));
    if (png.isEmpty()) {
        setMessage(tr("The signature is empty. Ask the representative to sign in the box."), true);
        return;
    }
    const std::string id = m_record.id;
    const json form = formContent();
    auto photo = std::make_shared<platform::CapturedPhoto>();
    photo->bytes = std::move(png);
    photo->mediaType = QStringLiteral("image/png");
    write(
        [id, form, photo, who = who.toStdString()](Store& store) {
            WriteResult out;
            Status st = store.transaction([&]() -> Status {
                // The content as the representative saw it on the screen, then its hash.
                FC_ASSIGN_OR_RETURN(Record current, flushContent(store, id, form));
                photo->capturedMs = replication::deviceNowMs(store);
                photo->fileName = QDateTime::fromMSecsSinceEpoch(photo->capturedMs)
                                      .toString(QStringLiteral("'signature_'yyyyMMdd'_'HHmmss'.png'"));
                FC_ASSIGN_OR_RETURN(Attachment sealed, platform::sealPhoto(store, "visit", id, *photo));
                FC_ASSIGN_OR_RETURN(out.visit, store.updateRecord("visit", id,
                                                                  {{"signature_attachment_id", sealed.id},
                                                                   {"signed_by", who},
                                                                   {"signed_ms", sealed.capturedMs},
                                                                   {"signed_content_sha256", vr::visitContentSha256(current)}}));
                return drafts::remove(store, kDraftKind, id);
            });
            platform::wipePhotoBytes(photo->bytes);  // sealed or not, the strokes can be drawn again
            if (!st.ok()) {
                qCWarning(lcUi).noquote() << "signing visit" << qs(id) << "failed:" << qs(st.error().toString());
                out.error = writeFailure(st.error());
            } else {
                out.ok = true;
            }
            return out;
        },
        [this](WriteResult result) {
            finishWrite(result);
            if (!result.ok) return;
            announce({QStringLiteral("visit")});
            setMessage(tr("Signed by %1. The visit record is sealed with the signature.").arg(signedBy()), false);
            emit signedVisit();
        });
}

void VisitEditor::submit() {
    if (!isEditable()) return;
    const std::string id = m_record.id;
    const json form = formContent();
    write(
        [id, form](Store& store) {
            WriteResult out;
            Status st = store.transaction([&]() -> Status {
                FC_ASSIGN_OR_RETURN(Record current, flushContent(store, id, form));
                std::optional<Record> checklist;
                if (const std::string t = text(current, "checklist_template_id"); !t.empty()) {
                    FC_ASSIGN_OR_RETURN(Record found, store.getRecord("checklist_template", t));
                    checklist = std::move(found);
                }
                out.problems = vr::visitSubmitProblems(current, checklist ? &*checklist : nullptr);
                out.visit = current;
                if (!out.problems.empty()) return drafts::remove(store, kDraftKind, id);  // the form is in the record
                FC_ASSIGN_OR_RETURN(out.visit, store.updateRecord("visit", id, {{"status", "submitted"}}));
                if (const std::string a = text(out.visit, "assignment_id"); !a.empty()) {
                    FC_ASSIGN_OR_RETURN(Record task, store.getRecord("assignment", a));
                    if (text(task, "status") == "in_progress") FC_TRY(store.updateRecord("assignment", a, {{"status", "done"}}));
                }
                return drafts::remove(store, kDraftKind, id);
            });
            if (!st.ok()) {
                qCWarning(lcUi).noquote() << "submitting visit" << qs(id) << "failed:" << qs(st.error().toString());
                out.error = writeFailure(st.error());
                out.problems.clear();
            } else {
                out.ok = true;
            }
            return out;
        },
        [this](WriteResult result) {
            finishWrite(result);
            if (!result.ok) return;
            announce({QStringLiteral("visit"), QStringLiteral("assignment")});
            if (!result.problems.empty()) {
                setMessage(tr("Not submitted yet. Still needed:") + QStringLiteral("\n• ") +
                               problemTexts(result.problems, m_checklist->rows()).join(QStringLiteral("\n• ")),
                           true);
                return;
            }
            const auto flagged = result.visit.fields.find("fewer_than_two");
            const bool fewer = flagged != result.visit.fields.end() && flagged->is_boolean() && flagged->get<bool>();
            setMessage(fewer ? tr("Submitted. It is flagged: fewer than two inspectors were present.") : tr("Submitted."), false);
            emit submitted();
        });
}

// ---- photos ---------------------------------------------------------------------------------

void VisitEditor::takePhoto(const QString& itemCode) {
    if (!isEditable() || !m_photoItem.isEmpty() || m_checklist->indexOf(itemCode.toStdString()) < 0) return;
    platform::Camera* camera = m_devices ? m_devices->camera() : nullptr;
    if (camera == nullptr || !camera->isAvailable()) {
        setMessage(camera != nullptr ? camera->unavailableReason() : platform::Camera::noCameraReason(), true);
        return;
    }
    m_photoItem = itemCode;
    emit photoChanged();
    disconnectCamera();
    m_photoConnection = connect(camera, &platform::Camera::captured, this, &VisitEditor::onPhoto);
    m_photoFailedConnection = connect(camera, &platform::Camera::failed, this, &VisitEditor::onPhotoFailed);
    camera->capture();
}

void VisitEditor::onPhoto(const platform::CapturedPhoto& captured) {
    const std::string item = m_photoItem.toStdString();
    disconnectCamera();
    if (!m_found || item.empty()) {
        m_photoItem.clear();
        emit photoChanged();
        return;
    }
    auto photo = std::make_shared<platform::CapturedPhoto>(captured);
    photo->fileName = m_photoItem + QLatin1Char('_') + photo->fileName;
    const std::string id = m_record.id;
    write(
        [id, item, photo](Store& store) {
            WriteResult out;
            auto sealed = platform::sealPhoto(store, "visit", id, *photo);
            if (!sealed.ok()) {
                qCWarning(lcUi).noquote() << "sealing a photo of visit" << qs(id) << "failed:" << qs(sealed.error().toString());
                platform::wipePhotoBytes(photo->bytes);
                out.error = writeFailure(sealed.error());
                return out;
            }
            auto attachments = store.attachmentsOf("visit", id);
            auto visit = store.getRecord("visit", id);
            if (!attachments.ok() || !visit.ok()) {
                out.error = writeFailure(!attachments.ok() ? attachments.error() : visit.error());
                return out;
            }
            out.ok = true;
            out.visit = std::move(visit).value();
            out.photoItem = item;
            out.photoCount = photosOf(attachments.value(), item);
            return out;
        },
        [this](WriteResult result) {
            m_photoItem.clear();
            emit photoChanged();
            if (!result.ok) {
                setMessage(result.error, true);
                return;
            }
            m_checklist->setPhotoCount(m_checklist->indexOf(result.photoItem), result.photoCount);
            setMessage(tr("Photo sealed in the encrypted store."), false);
        });
}

void VisitEditor::onPhotoFailed(const QString& why) {
    disconnectCamera();
    m_photoItem.clear();
    emit photoChanged();
    setMessage(why, true);
}

void VisitEditor::disconnectCamera() {
    disconnect(m_photoConnection);
    disconnect(m_photoFailedConnection);
}

// ---- small things ---------------------------------------------------------------------------

void VisitEditor::setLoading(bool loading) {
    if (loading == m_loading) return;
    m_loading = loading;
    emit loadingChanged();
}

void VisitEditor::setBusy(bool busy) {
    if (busy == m_busy) return;
    m_busy = busy;
    emit busyChanged();
}

void VisitEditor::setMessage(const QString& message, bool isError) {
    if (!isError && !message.isEmpty()) m_messageTimer.start();
    else m_messageTimer.stop();
    if (message == m_message && isError == m_messageIsError) return;
    m_message = message;
    m_messageIsError = isError;
    emit messageChanged();
}

void VisitEditor::dismissMessage() { setMessage({}, false); }

}  // namespace fieldcheck::ui

#include "finding_list_model.h"

#include <QSet>
#include <algorithm>
#include <functional>
#include <map>
#include <utility>

#include "fieldcheck/core/records.h"
#include "fieldcheck/core/store.h"
#include "logging.h"
#include "record_labels.h"

namespace fieldcheck::ui {

namespace {

constexpr const char* kType = "finding";

QString text(const nlohmann::json& fields, const char* name) {
    const auto it = fields.find(name);
    return it != fields.end() && it->is_string() ? QString::fromStdString(it->get<std::string>()) : QString();
}

FindingListModel::Row makeRow(const Record& f) {
    FindingListModel::Row row;
    row.findingId = QString::fromStdString(f.id);
    row.description = text(f.fields, "description");
    row.category = text(f.fields, "category");
    row.subcategory = text(f.fields, "subcategory");
    row.status = text(f.fields, "status");
    row.source = text(f.fields, "source");
    row.foundDate = text(f.fields, "found_date");
    row.moneyInvolved = text(f.fields, "money_involved");
    row.unitId = text(f.fields, "unit_id");
    row.withdrawn = f.withdrawn;
    row.createdMs = f.createdMs;
    return row;
}

// The rows of `findings`, with the names of their units (one read per unit).
std::vector<FindingListModel::Row> rowsOf(Store& store, const std::vector<Record>& findings) {
    std::map<QString, QString> names;
    std::vector<FindingListModel::Row> rows;
    rows.reserve(findings.size());
    for (const Record& f : findings) {
        FindingListModel::Row row = makeRow(f);
        auto it = names.find(row.unitId);
        if (it == names.end()) {
            auto unit = store.getRecord("unit", row.unitId.toStdString());
            it = names.emplace(row.unitId, unit.ok() ? text(unit->fields, "name") : QString()).first;
        }
        row.unitName = it->second;
        rows.push_back(std::move(row));
    }
    return rows;
}

QString readFailure(const fieldcheck::Error& error) {
    qCWarning(lcUi).noquote() << "reading the findings failed:" << QString::fromStdString(error.toString());
    return FindingListModel::tr("The findings could not be read. The store may be damaged.");
}

}  // namespace

struct FindingListModel::Page {
    quint64 generation = 0;
    bool skipped = false;  // a newer load began before this one started
    std::vector<Row> rows;
    qint64 total = 0;
    bool last = false;
    QString error;
};

struct FindingListModel::Refreshed {
    quint64 generation = 0;
    std::vector<Row> rows;  // the findings asked about, as they are now
    qint64 total = -1;      // -1: not counted
};

FindingListModel::FindingListModel(QObject* parent) : QAbstractListModel(parent) {}

FindingListModel::~FindingListModel() {
    // Jobs still queued on the store thread see a newer generation and skip their work.
    m_latest->store(++m_generation);
}

void FindingListModel::setSession(Session* session) {
    if (session == m_session) return;
    if (m_session) m_session->disconnect(this);
    m_session = session;
    if (m_session) {
        connect(m_session, &Session::aboutToLock, this, &FindingListModel::clear);
        connect(m_session, &Session::unlockedChanged, this, [this] {
            if (m_session->isUnlocked()) reload();
            else clear();
        });
        connect(m_session, &Session::recordsChanged, this, &FindingListModel::onRecordsChanged);
        connect(m_session, &Session::manyRecordsChanged, this, &FindingListModel::reload);
    }
    emit sessionChanged();
    reload();
}

void FindingListModel::setUnitId(const QString& unitId) {
    if (unitId == m_unitId) return;
    m_unitId = unitId;
    emit filterChanged();
    reload();
}

void FindingListModel::setStatus(const QString& status) {
    if (status == m_status) return;
    m_status = status;
    emit filterChanged();
    reload();
}

void FindingListModel::setIncludeWithdrawn(bool include) {
    if (include == m_includeWithdrawn) return;
    m_includeWithdrawn = include;
    emit filterChanged();
    reload();
}

void FindingListModel::setPageSize(int pageSize) {
    pageSize = std::max(pageSize, 1);
    if (pageSize == m_pageSize) return;
    m_pageSize = pageSize;
    emit pageSizeChanged();
}

QVariantList FindingListModel::statuses() const {
    QVariantList out;
    const RecordTypeSpec* spec = findRecordType(kType);
    for (const Choice& c : spec->field(spec->lifeCycle.field)->choices) {
        out.append(QVariantMap{{QStringLiteral("value"), QString::fromStdString(c.value)},
                               {QStringLiteral("label"), choiceLabel(kType, "status", c.value)}});
    }
    return out;
}

int FindingListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

QVariant FindingListModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    const Row& row = m_rows[static_cast<size_t>(index.row())];
    switch (role) {
        case FindingIdRole: return row.findingId;
        case Qt::DisplayRole:
        case DescriptionRole: return row.description;
        case CategoryRole: return row.category;
        case CategoryLabelRole: return choiceLabel(kType, "category", row.category.toStdString());
        case SubcategoryRole: return row.subcategory;
        case StatusRole: return row.status;
        case StatusLabelRole: return choiceLabel(kType, "status", row.status.toStdString());
        case SourceRole: return row.source;
        case SourceLabelRole: return choiceLabel(kType, "source", row.source.toStdString());
        case FoundDateRole: return row.foundDate;
        case MoneyInvolvedRole: return row.moneyInvolved;
        case UnitIdRole: return row.unitId;
        case UnitNameRole: return row.unitName;
        case WithdrawnRole: return row.withdrawn;
        case CreatedMsRole: return row.createdMs;
        default: return {};
    }
}

QHash<int, QByteArray> FindingListModel::roleNames() const {
    return {{FindingIdRole, "findingId"},   {DescriptionRole, "description"},     {CategoryRole, "category"},
            {CategoryLabelRole, "categoryLabel"}, {SubcategoryRole, "subcategory"}, {StatusRole, "status"},
            {StatusLabelRole, "statusLabel"}, {SourceRole, "source"},           {SourceLabelRole, "sourceLabel"},
            {FoundDateRole, "foundDate"},   {MoneyInvolvedRole, "moneyInvolved"}, {UnitIdRole, "unitId"},
            {UnitNameRole, "unitName"},     {WithdrawnRole, "withdrawn"},         {CreatedMsRole, "createdMs"}};
}

bool FindingListModel::canFetchMore(const QModelIndex& parent) const {
    return !parent.isValid() && m_session && m_session->isUnlocked() && !m_complete;
}

void FindingListModel::fetchMore(const QModelIndex& parent) {
    if (parent.isValid()) return;
    // A view may ask from inside rowsAboutToBeInserted/Removed, before the rows it is told about
    // are in place: the next page's offset would be off by them. Asked once the change is done.
    if (m_changingRows) {
        m_fetchWanted = true;
        return;
    }
    requestPage();
}

void FindingListModel::changeRows(const std::function<void()>& change) {
    m_changingRows = true;
    change();
    m_changingRows = false;
    if (m_fetchWanted) {
        m_fetchWanted = false;
        requestPage();
    }
}

int FindingListModel::rowOf(const QString& findingId) const {
    for (size_t i = 0; i < m_rows.size(); ++i) {
        if (m_rows[i].findingId == findingId) return static_cast<int>(i);
    }
    return -1;
}

void FindingListModel::reload() {
    m_latest->store(++m_generation);
    if (!m_rows.empty()) {
        beginResetModel();
        m_rows.clear();
        endResetModel();
    }
    m_complete = false;
    emit countChanged();
    setLoading(false);  // whatever was on its way belongs to the previous load
    setErrorMessage({});
    if (!m_session || !m_session->isUnlocked()) {
        clear();
        return;
    }
    requestPage();
}

void FindingListModel::clear() {
    m_latest->store(++m_generation);
    if (!m_rows.empty()) {
        beginResetModel();
        m_rows.clear();
        endResetModel();
    }
    m_complete = true;
    emit countChanged();
    setLoading(false);
    setTotalCount(0);
    setErrorMessage({});
}

namespace {

// The store's query for the list's filter: newest first, in the order of creation on this device.
ListQuery filterQuery(const QString& unitId, const QString& status, bool includeWithdrawn) {
    ListQuery q;
    if (!unitId.isEmpty()) q.equals["unit_id"] = unitId.toStdString();
    if (!status.isEmpty()) q.equals["status"] = status.toStdString();
    q.includeWithdrawn = includeWithdrawn;
    q.descending = true;
    return q;
}

}  // namespace

void FindingListModel::requestPage() {
    if (m_loading || m_complete || !m_session || !m_session->isUnlocked()) return;
    setLoading(true);
    const quint64 generation = m_generation;
    ListQuery query = filterQuery(m_unitId, m_status, m_includeWithdrawn);
    query.limit = m_pageSize;
    // The loaded rows are always the first ones of the store's order (a write that adds or removes
    // one adds or removes its row), so the next page starts after them.
    query.offset = static_cast<int64_t>(m_rows.size());
    m_session->run<Page>(
        this,
        [latest = m_latest, generation, query](Store& store) {
            Page page;
            page.generation = generation;
            if (latest->load() != generation) {
                page.skipped = true;
                return page;
            }
            auto total = store.countRecords(kType, query);
            if (!total.ok()) {
                page.error = readFailure(total.error());
                return page;
            }
            page.total = total.value();
            auto listed = store.listRecords(kType, query);
            if (!listed.ok()) {
                page.error = readFailure(listed.error());
                return page;
            }
            page.last = static_cast<int64_t>(listed->size()) < query.limit;
            page.rows = rowsOf(store, listed.value());
            return page;
        },
        [this](Page page) { applyPage(std::move(page)); });
}

void FindingListModel::applyPage(Page page) {
    if (!isCurrent(page.generation) || page.skipped) return;
    setLoading(false);
    if (!page.error.isEmpty()) {
        m_complete = true;  // no retry loop from a view asking for more
        emit countChanged();
        setErrorMessage(page.error);
        return;
    }
    setTotalCount(page.total);
    // A finding written between two pages shifts the order: never show one twice.
    QSet<QString> loaded;
    for (const Row& row : m_rows) loaded.insert(row.findingId);
    std::vector<Row> fresh;
    for (Row& row : page.rows) {
        if (!loaded.contains(row.findingId)) fresh.push_back(std::move(row));
    }
    changeRows([&] {
        if (!fresh.empty()) {
            const int first = static_cast<int>(m_rows.size());
            beginInsertRows({}, first, first + static_cast<int>(fresh.size()) - 1);
            for (Row& row : fresh) m_rows.push_back(std::move(row));
            endInsertRows();
        }
        m_complete = page.last || static_cast<qint64>(m_rows.size()) >= m_totalCount;
        emit countChanged();
    });
}

void FindingListModel::onRecordsChanged(const QString& type, const QStringList& ids) {
    if (type == QLatin1String(kType)) refreshFindings(ids);
    else if (type == QLatin1String("unit")) refreshUnitNames(ids);
}

void FindingListModel::refreshFindings(const QStringList& findingIds) {
    if (!m_session || !m_session->isUnlocked() || findingIds.isEmpty()) return;
    std::vector<std::string> ids;
    ids.reserve(static_cast<size_t>(findingIds.size()));
    for (const QString& id : findingIds) ids.push_back(id.toStdString());
    const quint64 generation = m_generation;
    const ListQuery query = filterQuery(m_unitId, m_status, m_includeWithdrawn);
    m_session->run<Refreshed>(
        this,
        [latest = m_latest, generation, ids, query](Store& store) {
            Refreshed out;
            out.generation = generation;
            if (latest->load() != generation) return out;
            // A finding recorded or moved changes the count even when no loaded row shows it.
            if (auto total = store.countRecords(kType, query); total.ok()) out.total = total.value();
            std::vector<Record> findings;
            for (const auto& id : ids) {
                auto f = store.getRecord(kType, id);
                if (f.ok()) findings.push_back(std::move(f).value());
            }
            out.rows = rowsOf(store, findings);
            return out;
        },
        [this](Refreshed refreshed) { applyRefreshed(std::move(refreshed)); });
}

void FindingListModel::applyRefreshed(Refreshed refreshed) {
    if (!isCurrent(refreshed.generation)) return;
    changeRows([&] { applyRows(std::move(refreshed)); });
}

void FindingListModel::applyRows(Refreshed refreshed) {
    const auto passes = [this](const Row& row) {
        return (m_unitId.isEmpty() || row.unitId == m_unitId) && (m_status.isEmpty() || row.status == m_status) &&
               (m_includeWithdrawn || !row.withdrawn);
    };
    const size_t before = m_rows.size();
    for (Row& row : refreshed.rows) {
        const int at = rowOf(row.findingId);
        const bool belongs = passes(row);
        if (at >= 0 && belongs) {
            m_rows[static_cast<size_t>(at)] = std::move(row);
            emit dataChanged(index(at), index(at));
        } else if (at >= 0) {
            // Moved out of the filter: the rows after it in the store's order move up by one.
            beginRemoveRows({}, at, at);
            m_rows.erase(m_rows.begin() + at);
            endRemoveRows();
        } else if (belongs) {
            // Its place in the newest-first order; before rows of the same millisecond, as a
            // finding just recorded is the newest of them.
            const auto place = std::find_if(m_rows.begin(), m_rows.end(),
                                            [&](const Row& loaded) { return loaded.createdMs <= row.createdMs; });
            // Beyond the loaded rows: a later page brings it, unless every page is loaded.
            if (place == m_rows.end() && !m_complete) continue;
            const int inserted = static_cast<int>(place - m_rows.begin());
            beginInsertRows({}, inserted, inserted);
            m_rows.insert(place, std::move(row));
            endInsertRows();
        }
    }
    if (refreshed.total >= 0) setTotalCount(refreshed.total);
    if (m_errorMessage.isEmpty()) {
        const bool complete = static_cast<qint64>(m_rows.size()) >= m_totalCount;
        if (complete != m_complete) {
            m_complete = complete;
            emit countChanged();
        }
    }
    if (m_rows.size() != before) emit countChanged();
}

void FindingListModel::refreshUnitNames(const QStringList& unitIds) {
    if (!m_session || !m_session->isUnlocked() || m_rows.empty()) return;
    std::vector<std::string> shown;
    for (const QString& id : unitIds) {
        const bool loaded = std::any_of(m_rows.begin(), m_rows.end(), [&](const Row& r) { return r.unitId == id; });
        if (loaded) shown.push_back(id.toStdString());
    }
    if (shown.empty()) return;
    const quint64 generation = m_generation;
    m_session->run<std::map<QString, QString>>(
        this,
        [latest = m_latest, generation, shown](Store& store) {
            std::map<QString, QString> names;
            if (latest->load() != generation) return names;
            for (const auto& id : shown) {
                if (auto unit = store.getRecord("unit", id); unit.ok()) {
                    names[QString::fromStdString(id)] = text(unit->fields, "name");
                }
            }
            return names;
        },
        [this, generation](std::map<QString, QString> names) {
            if (!isCurrent(generation)) return;
            for (size_t i = 0; i < m_rows.size(); ++i) {
                const auto it = names.find(m_rows[i].unitId);
                if (it == names.end() || it->second == m_rows[i].unitName) continue;
                m_rows[i].unitName = it->second;
                const QModelIndex at = index(static_cast<int>(i));
                emit dataChanged(at, at, {UnitNameRole});
            }
        });
}

void FindingListModel::setLoading(bool loading) {
    if (loading == m_loading) return;
    m_loading = loading;
    emit loadingChanged();
}

void FindingListModel::setErrorMessage(const QString& message) {
    if (message == m_errorMessage) return;
    m_errorMessage = message;
    emit errorMessageChanged();
}

void FindingListModel::setTotalCount(qint64 total) {
    if (total == m_totalCount) return;
    m_totalCount = total;
    emit totalCountChanged();
}

}  // namespace fieldcheck::ui

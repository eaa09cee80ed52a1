#include "unit_list_model.h"

#include <QSet>
#include <map>
#include <utility>

#include "fieldcheck/core/campaign_rules.h"
#include "fieldcheck/core/search.h"
#include "fieldcheck/core/store.h"
#include "logging.h"
#include "record_labels.h"

namespace fieldcheck::ui {

namespace {

QString text(const nlohmann::json& fields, const char* name) {
    const auto it = fields.find(name);
    return it != fields.end() && it->is_string() ? QString::fromStdString(it->get<std::string>()) : QString();
}

UnitListModel::Row makeRow(const Record& unit, qint64 openFindings) {
    UnitListModel::Row row;
    row.unitId = QString::fromStdString(unit.id);
    row.code = text(unit.fields, "code");
    row.name = text(unit.fields, "name");
    row.unitType = text(unit.fields, "unit_type");
    row.address = text(unit.fields, "address");
    row.leaderInCharge = text(unit.fields, "leader_in_charge");
    const auto key = unit.fields.find("key_rectification");
    row.keyRectification = key != unit.fields.end() && key->is_boolean() && key->get<bool>();
    row.withdrawn = unit.withdrawn;
    row.openFindings = openFindings;
    return row;
}

// The rows of `units`, with their open findings counted in one query.
Result<std::vector<UnitListModel::Row>> rowsOf(Store& store, const std::vector<Record>& units) {
    std::vector<std::string> ids;
    ids.reserve(units.size());
    for (const auto& u : units) ids.push_back(u.id);
    FC_ASSIGN_OR_RETURN(auto open, openFindingCounts(store, ids));
    std::vector<UnitListModel::Row> rows;
    rows.reserve(units.size());
    for (const auto& u : units) rows.push_back(makeRow(u, open[u.id]));
    return rows;
}

// Two characters make the shortest query the index can answer (a Chinese bigram); one would
// match nothing and mislead.
bool longEnoughToSearch(const QString& query) { return query.trimmed().toUcs4().size() >= 2; }

QString readFailure(const fieldcheck::Error& error) {
    qCWarning(lcUi).noquote() << "reading the units failed:" << QString::fromStdString(error.toString());
    return UnitListModel::tr("The units could not be read. The store may be damaged.");
}

}  // namespace

struct UnitListModel::Page {
    quint64 generation = 0;
    bool skipped = false;  // a newer load began before this one started
    std::vector<Row> rows;
    qint64 total = 0;
    qint64 consumed = 0;  // entries of the order or ranking this page covered
    bool last = false;
    bool unsearchable = false;
    QString error;
};

UnitListModel::UnitListModel(QObject* parent) : QAbstractListModel(parent) {}

UnitListModel::~UnitListModel() {
    // Jobs still queued on the store thread see a newer generation and skip their work.
    m_latest->store(++m_generation);
}

void UnitListModel::setSession(Session* session) {
    if (session == m_session) return;
    if (m_session) m_session->disconnect(this);
    m_session = session;
    if (m_session) {
        connect(m_session, &Session::aboutToLock, this, &UnitListModel::clear);
        connect(m_session, &Session::unlockedChanged, this, [this] {
            if (m_session->isUnlocked()) reload();
            else clear();
        });
        connect(m_session, &Session::recordsChanged, this, &UnitListModel::onRecordsChanged);
        connect(m_session, &Session::manyRecordsChanged, this, &UnitListModel::reload);
    }
    emit sessionChanged();
    reload();
}

void UnitListModel::setQuery(const QString& query) {
    if (query == m_query) return;
    const bool sameSearch = query.trimmed() == m_query.trimmed();
    m_query = query;
    emit queryChanged();
    if (!sameSearch) reload();
}

bool UnitListModel::isSearching() const { return longEnoughToSearch(m_query); }

void UnitListModel::setPageSize(int pageSize) {
    pageSize = std::max(pageSize, 1);
    if (pageSize == m_pageSize) return;
    m_pageSize = pageSize;
    emit pageSizeChanged();
}

int UnitListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

QVariant UnitListModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    const Row& row = m_rows[static_cast<size_t>(index.row())];
    switch (role) {
        case UnitIdRole: return row.unitId;
        case CodeRole: return row.code;
        case Qt::DisplayRole:
        case NameRole: return row.name;
        case UnitTypeRole: return row.unitType;
        case UnitTypeLabelRole: return choiceLabel("unit", "unit_type", row.unitType.toStdString());
        case AddressRole: return row.address;
        case LeaderInChargeRole: return row.leaderInCharge;
        case KeyRectificationRole: return row.keyRectification;
        case OpenFindingsRole: return row.openFindings;
        case WithdrawnRole: return row.withdrawn;
        default: return {};
    }
}

QHash<int, QByteArray> UnitListModel::roleNames() const {
    return {{UnitIdRole, "unitId"},
            {CodeRole, "code"},
            {NameRole, "name"},
            {UnitTypeRole, "unitType"},
            {UnitTypeLabelRole, "unitTypeLabel"},
            {AddressRole, "address"},
            {LeaderInChargeRole, "leaderInCharge"},
            {KeyRectificationRole, "keyRectification"},
            {OpenFindingsRole, "openFindings"},
            {WithdrawnRole, "withdrawn"}};
}

bool UnitListModel::canFetchMore(const QModelIndex& parent) const {
    return !parent.isValid() && m_session && m_session->isUnlocked() && !m_complete;
}

void UnitListModel::fetchMore(const QModelIndex& parent) {
    if (parent.isValid()) return;
    requestPage();
}

int UnitListModel::rowOf(const QString& unitId) const {
    for (size_t i = 0; i < m_rows.size(); ++i) {
        if (m_rows[i].unitId == unitId) return static_cast<int>(i);
    }
    return -1;
}

void UnitListModel::reload() {
    m_latest->store(++m_generation);
    if (!m_rows.empty()) {
        beginResetModel();
        m_rows.clear();
        endResetModel();
        emit countChanged();
    }
    m_nextOffset = 0;
    m_complete = false;
    setLoading(false);  // whatever was on its way belongs to the previous load
    setErrorMessage({});
    if (!m_session || !m_session->isUnlocked()) {
        clear();
        return;
    }
    if (!m_query.trimmed().isEmpty() && !longEnoughToSearch(m_query)) {
        setHint(tr("Type at least two characters of the name or address."));
        m_complete = true;
        emit countChanged();
        return;
    }
    setHint({});
    requestPage();
}

void UnitListModel::clear() {
    m_latest->store(++m_generation);
    if (!m_rows.empty()) {
        beginResetModel();
        m_rows.clear();
        endResetModel();
    }
    m_nextOffset = 0;
    m_complete = true;
    emit countChanged();
    setLoading(false);
    setTotalCount(0);
    setHint({});
    setErrorMessage({});
}

void UnitListModel::requestPage() {
    if (m_loading || m_complete || !m_session || !m_session->isUnlocked()) return;
    setLoading(true);
    const quint64 generation = m_generation;
    const std::string query = m_query.trimmed().toStdString();
    const bool searching = isSearching();
    const qint64 offset = m_nextOffset;
    const int pageSize = m_pageSize;
    m_session->run<Page>(
        this,
        [latest = m_latest, generation, query, searching, offset, pageSize](Store& store) {
            Page page;
            page.generation = generation;
            if (latest->load() != generation) {
                page.skipped = true;
                return page;
            }
            auto total = store.countRecords("unit");
            if (!total.ok()) {
                page.error = readFailure(total.error());
                return page;
            }
            page.total = total.value();
            std::vector<Record> units;
            if (searching) {
                SearchOptions options;
                options.types = {"unit"};
                options.limit = pageSize;
                options.offset = static_cast<int>(offset);
                auto hits = search(store, query, options);
                if (!hits.ok()) {
                    // Nothing searchable in it (punctuation only): the page says what to type.
                    if (hits.error().code == ErrorCode::InvalidArgument) page.unsearchable = true;
                    else page.error = readFailure(hits.error());
                    return page;
                }
                for (const auto& hit : hits.value()) {
                    auto unit = store.getRecord("unit", hit.recordId);
                    if (unit.ok()) units.push_back(std::move(unit).value());
                }
                page.consumed = static_cast<qint64>(hits->size());
            } else {
                ListQuery list;
                list.orderBy = "name";
                list.limit = pageSize;
                list.offset = offset;
                auto listed = store.listRecords("unit", list);
                if (!listed.ok()) {
                    page.error = readFailure(listed.error());
                    return page;
                }
                units = std::move(listed).value();
                page.consumed = static_cast<qint64>(units.size());
            }
            page.last = page.consumed < pageSize;
            auto rows = rowsOf(store, units);
            if (!rows.ok()) {
                page.error = readFailure(rows.error());
                return page;
            }
            page.rows = std::move(rows).value();
            return page;
        },
        [this](Page page) { applyPage(std::move(page)); });
}

void UnitListModel::applyPage(Page page) {
    if (!isCurrent(page.generation) || page.skipped) return;
    setLoading(false);
    if (!page.error.isEmpty() || page.unsearchable) {
        m_complete = true;  // no retry loop from a view asking for more
        emit countChanged();
        if (page.unsearchable) setHint(tr("Type at least two characters of the name or address."));
        setErrorMessage(page.error);
        return;
    }
    setTotalCount(page.total);
    // A unit written between two pages shifts the order: never show one twice.
    QSet<QString> loaded;
    for (const Row& row : m_rows) loaded.insert(row.unitId);
    std::vector<Row> fresh;
    for (Row& row : page.rows) {
        if (!loaded.contains(row.unitId)) fresh.push_back(std::move(row));
    }
    m_nextOffset += page.consumed;
    m_complete = page.last || (!isSearching() && m_nextOffset >= m_totalCount);
    if (!fresh.empty()) {
        const int first = static_cast<int>(m_rows.size());
        beginInsertRows({}, first, first + static_cast<int>(fresh.size()) - 1);
        for (Row& row : fresh) m_rows.push_back(std::move(row));
        endInsertRows();
    }
    emit countChanged();
}

void UnitListModel::onRecordsChanged(const QString& type, const QStringList& ids) {
    if (type == QLatin1String("unit")) refreshRows(ids);
    else if (type == QLatin1String("finding")) refreshOpenFindings(ids);
}

void UnitListModel::refreshRows(const QStringList& unitIds) {
    if (!m_session || !m_session->isUnlocked()) return;
    std::vector<std::string> loaded;
    for (const QString& id : unitIds) {
        if (rowOf(id) >= 0) loaded.push_back(id.toStdString());
    }
    struct Refreshed {
        std::vector<Row> rows;
        qint64 total = -1;
    };
    const quint64 generation = m_generation;
    m_session->run<Refreshed>(
        this,
        [latest = m_latest, generation, loaded](Store& store) {
            Refreshed out;
            if (latest->load() != generation) return out;
            // A unit created or withdrawn changes the total even when no loaded row shows it.
            if (auto total = store.countRecords("unit"); total.ok()) out.total = total.value();
            std::vector<Record> units;
            for (const auto& id : loaded) {
                auto unit = store.getRecord("unit", id);
                if (unit.ok()) units.push_back(std::move(unit).value());
            }
            if (auto rows = rowsOf(store, units); rows.ok()) out.rows = std::move(rows).value();
            return out;
        },
        [this, generation](Refreshed refreshed) {
            if (!isCurrent(generation)) return;
            if (refreshed.total >= 0) {
                setTotalCount(refreshed.total);
                if (!isSearching() && m_complete && m_nextOffset < m_totalCount && m_hint.isEmpty() &&
                    m_errorMessage.isEmpty()) {
                    m_complete = false;  // a unit was added beyond the loaded ones
                    emit countChanged();
                }
            }
            for (Row& row : refreshed.rows) {
                const int at = rowOf(row.unitId);
                if (at < 0) continue;
                m_rows[static_cast<size_t>(at)] = std::move(row);
                emit dataChanged(index(at), index(at));
            }
        });
}

void UnitListModel::refreshOpenFindings(const QStringList& findingIds) {
    if (!m_session || !m_session->isUnlocked() || m_rows.empty() || findingIds.isEmpty()) return;
    // A finding may have moved from one unit to another: recount every loaded row (one cheap
    // query over the per-unit counts) and touch only the rows whose count changed.
    std::vector<std::string> loaded;
    loaded.reserve(m_rows.size());
    for (const Row& row : m_rows) loaded.push_back(row.unitId.toStdString());
    const quint64 generation = m_generation;
    m_session->run<std::map<std::string, int64_t>>(
        this,
        [latest = m_latest, generation, loaded](Store& store) {
            if (latest->load() != generation) return std::map<std::string, int64_t>{};
            auto counts = openFindingCounts(store, loaded);
            if (!counts.ok()) {
                qCWarning(lcUi).noquote() << "counting open findings failed:"
                                          << QString::fromStdString(counts.error().toString());
                return std::map<std::string, int64_t>{};
            }
            return std::move(counts).value();
        },
        [this, generation](std::map<std::string, int64_t> counts) {
            if (!isCurrent(generation)) return;
            for (size_t i = 0; i < m_rows.size(); ++i) {
                const auto it = counts.find(m_rows[i].unitId.toStdString());
                if (it == counts.end() || it->second == m_rows[i].openFindings) continue;
                m_rows[i].openFindings = it->second;
                const QModelIndex at = index(static_cast<int>(i));
                emit dataChanged(at, at, {OpenFindingsRole});
            }
        });
}

void UnitListModel::setLoading(bool loading) {
    if (loading == m_loading) return;
    m_loading = loading;
    emit loadingChanged();
}

void UnitListModel::setHint(const QString& hint) {
    if (hint == m_hint) return;
    m_hint = hint;
    emit hintChanged();
}

void UnitListModel::setErrorMessage(const QString& message) {
    if (message == m_errorMessage) return;
    m_errorMessage = message;
    emit errorMessageChanged();
}

void UnitListModel::setTotalCount(qint64 total) {
    if (total == m_totalCount) return;
    m_totalCount = total;
    emit totalCountChanged();
}

}  // namespace fieldcheck::ui

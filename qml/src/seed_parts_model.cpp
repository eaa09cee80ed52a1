#include "seed_parts_model.h"

#include <algorithm>

namespace fieldcheck::ui {

SeedPartsModel::SeedPartsModel(QObject* parent) : QAbstractListModel(parent) {}

int SeedPartsModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(m_rows.size()); }

QVariant SeedPartsModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || !valid(index.row())) return {};
    const Row& r = m_rows[size_t(index.row())];
    switch (role) {
        case PartyRole: return r.party;
        case PartRole: return r.part;
        case PartyErrorRole: return r.partyError;
        case PartErrorRole: return r.partError;
        default: return {};
    }
}

QHash<int, QByteArray> SeedPartsModel::roleNames() const {
    return {{PartyRole, "party"}, {PartRole, "part"}, {PartyErrorRole, "partyError"}, {PartErrorRole, "partError"}};
}

bool SeedPartsModel::isComplete() const {
    return !m_rows.empty() && std::all_of(m_rows.begin(), m_rows.end(), [](const Row& r) {
        return !r.party.trimmed().isEmpty() && !r.part.trimmed().isEmpty();
    });
}

std::vector<SeedPart> SeedPartsModel::parts() const {
    std::vector<SeedPart> out;
    out.reserve(m_rows.size());
    for (const Row& r : m_rows) out.push_back({r.party.trimmed().toStdString(), r.part.toStdString()});
    return out;
}

void SeedPartsModel::append(const QString& party, const QString& part) {
    const int row = int(m_rows.size());
    beginInsertRows({}, row, row);
    m_rows.push_back({party, part, {}, {}});
    endInsertRows();
    emit countChanged();
    emit partsChanged();
}

void SeedPartsModel::remove(int row) {
    if (!valid(row)) return;
    beginRemoveRows({}, row, row);
    m_rows.erase(m_rows.begin() + row);
    endRemoveRows();
    emit countChanged();
    emit partsChanged();
}

void SeedPartsModel::setParty(int row, const QString& party) {
    if (!valid(row) || m_rows[size_t(row)].party == party) return;
    m_rows[size_t(row)].party = party;
    changed(row);
}

void SeedPartsModel::setPart(int row, const QString& part) {
    if (!valid(row) || m_rows[size_t(row)].part == part) return;
    m_rows[size_t(row)].part = part;
    changed(row);
}

QString SeedPartsModel::party(int row) const { return valid(row) ? m_rows[size_t(row)].party : QString(); }

QString SeedPartsModel::part(int row) const { return valid(row) ? m_rows[size_t(row)].part : QString(); }

QString SeedPartsModel::error(int row, Field field) const {
    if (!valid(row)) return {};
    return field == Field::Party ? m_rows[size_t(row)].partyError : m_rows[size_t(row)].partError;
}

void SeedPartsModel::setError(int row, Field field, const QString& message) {
    if (!valid(row)) return;
    (field == Field::Party ? m_rows[size_t(row)].partyError : m_rows[size_t(row)].partError) = message;
    emit dataChanged(index(row), index(row), {PartyErrorRole, PartErrorRole});
}

void SeedPartsModel::clearErrors() {
    for (int row = 0; row < int(m_rows.size()); ++row) {
        Row& r = m_rows[size_t(row)];
        if (r.partyError.isEmpty() && r.partError.isEmpty()) continue;
        r.partyError.clear();
        r.partError.clear();
        emit dataChanged(index(row), index(row), {PartyErrorRole, PartErrorRole});
    }
}

// An edit answers the row's error: it is cleared with it.
void SeedPartsModel::changed(int row) {
    Row& r = m_rows[size_t(row)];
    r.partyError.clear();
    r.partError.clear();
    emit dataChanged(index(row), index(row));
    emit partsChanged();
}

}  // namespace fieldcheck::ui

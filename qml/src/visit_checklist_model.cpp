#include "visit_checklist_model.h"

#include <QVariantList>
#include <QVariantMap>

#include "fieldcheck/core/visit_rules.h"
#include "record_labels.h"

namespace fieldcheck::ui {

namespace {

namespace vr = fieldcheck::visit_rules;

QVariant toVariant(const nlohmann::json& value) {
    if (value.is_string()) return QString::fromStdString(value.get<std::string>());
    if (value.is_number_integer()) return QVariant::fromValue(value.get<qint64>());
    if (value.is_number()) return value.get<double>();
    return {};
}

}  // namespace

VisitChecklistModel::VisitChecklistModel(QObject* parent) : QAbstractListModel(parent) {}

int VisitChecklistModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

QVariant VisitChecklistModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    const Row& r = m_rows[static_cast<size_t>(index.row())];
    const auto kind = static_cast<vr::AnswerKind>(r.kind);
    switch (role) {
        case Qt::DisplayRole:
        case QuestionRole: return QString::fromStdString(r.question);
        case CodeRole: return QString::fromStdString(r.code);
        case NumberRole: return index.row() + 1;
        case CategoryRole: return QString::fromStdString(r.category);
        case CategoryLabelRole: return r.category.empty() ? QString() : choiceLabel("finding", "category", r.category);
        case AnswerKindRole: return QString::fromStdString(vr::answerKindName(kind));
        case ChoicesRole: {
            QVariantList choices;
            for (const auto& value : vr::answerChoices(kind)) {
                choices.append(QVariantMap{{QStringLiteral("value"), QString::fromStdString(value)},
                                           {QStringLiteral("label"), checklistAnswerLabel(value)}});
            }
            return choices;
        }
        case RequiredRole: return r.required;
        case AnswerRole: return toVariant(r.answer);
        case NoteRole: return QString::fromStdString(r.note);
        case AnsweredRole: return vr::isAnswer(kind, r.answer);
        case PhotoCountRole: return r.photoCount;
        default: return {};
    }
}

QHash<int, QByteArray> VisitChecklistModel::roleNames() const {
    return {{CodeRole, "code"},
            {NumberRole, "number"},
            {QuestionRole, "question"},
            {CategoryRole, "category"},
            {CategoryLabelRole, "categoryLabel"},
            {AnswerKindRole, "answerKind"},
            {ChoicesRole, "choices"},
            {RequiredRole, "isRequired"},
            {AnswerRole, "answer"},
            {NoteRole, "note"},
            {AnsweredRole, "answered"},
            {PhotoCountRole, "photoCount"}};
}

void VisitChecklistModel::reset(std::vector<Row> rows) {
    const bool countChanges = rows.size() != m_rows.size();
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
    if (countChanges) emit countChanged();
}

int VisitChecklistModel::indexOf(const std::string& code) const {
    for (size_t i = 0; i < m_rows.size(); ++i) {
        if (m_rows[i].code == code) return static_cast<int>(i);
    }
    return -1;
}

void VisitChecklistModel::setAnswer(int row, const nlohmann::json& answer) {
    if (row < 0 || row >= rowCount() || m_rows[static_cast<size_t>(row)].answer == answer) return;
    m_rows[static_cast<size_t>(row)].answer = answer;
    const QModelIndex i = index(row);
    emit dataChanged(i, i, {AnswerRole, AnsweredRole});
}

void VisitChecklistModel::setNote(int row, const std::string& note) {
    if (row < 0 || row >= rowCount() || m_rows[static_cast<size_t>(row)].note == note) return;
    m_rows[static_cast<size_t>(row)].note = note;
    const QModelIndex i = index(row);
    emit dataChanged(i, i, {NoteRole});
}

void VisitChecklistModel::setPhotoCount(int row, int count) {
    if (row < 0 || row >= rowCount() || m_rows[static_cast<size_t>(row)].photoCount == count) return;
    m_rows[static_cast<size_t>(row)].photoCount = count;
    const QModelIndex i = index(row);
    emit dataChanged(i, i, {PhotoCountRole});
}

}  // namespace fieldcheck::ui

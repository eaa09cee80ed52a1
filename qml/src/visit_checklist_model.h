// The checklist of a visit (检查清单) on the Visit page: one row per item of the visit's template,
// with the answer and note the inspector gave and how many photos were taken for it.
//
// VisitEditor owns it and fills it: reset() when a visit is loaded, then one row at a time as the
// inspector answers (dataChanged for that row only, so that a note being typed in another row
// keeps its focus). Roles by name for QML: code, number (1-based), question, category,
// categoryLabel, answerKind ("ok_problem", "yes_no", "text", "number"), choices (a list of
// {value, label} for the choice kinds), isRequired, answer (text, a number, or undefined), note,
// answered, photoCount.
#pragma once

#include <QtQml/qqmlregistration.h>
#include <QAbstractListModel>
#include <QString>
#include <QVariant>
#include <vector>

#include "nlohmann/json.hpp"

namespace fieldcheck::ui {

class VisitChecklistModel : public QAbstractListModel {
    Q_OBJECT
    QML_ANONYMOUS
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)

public:
    enum Role {
        CodeRole = Qt::UserRole + 1,
        NumberRole,
        QuestionRole,
        CategoryRole,
        CategoryLabelRole,
        AnswerKindRole,
        ChoicesRole,
        RequiredRole,
        AnswerRole,
        NoteRole,
        AnsweredRole,
        PhotoCountRole
    };
    Q_ENUM(Role)

    // One item as the editor gives it (visit_rules::ChecklistItem with what was answered).
    struct Row {
        std::string code, question, category;
        int kind = 0;  // visit_rules::AnswerKind
        bool required = true;
        nlohmann::json answer;  // null: none
        std::string note;
        int photoCount = 0;
    };

    explicit VisitChecklistModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    void reset(std::vector<Row> rows);
    const std::vector<Row>& rows() const { return m_rows; }
    // The row of the item `code`, or -1.
    int indexOf(const std::string& code) const;
    // Changes one row; emits dataChanged for it when something changed.
    void setAnswer(int row, const nlohmann::json& answer);
    void setNote(int row, const std::string& note);
    void setPhotoCount(int row, int count);

signals:
    void countChanged();

private:
    std::vector<Row> m_rows;
};

}  // namespace fieldcheck::ui

// How many records of the main types the unlocked store holds: the counts on the home page.
//
// One row per record type of a fixed list, in this order: visits (现场检查, the inspection
// tasks), findings, petitions, units, self-inspections, inspection groups, campaigns — the first
// kMaxRows of them that the linked core knows (core/records.h grows; a type it lacks is skipped).
// Roles: `type` (the core's name, e.g. "finding"), `label` (translated) and `count` (-1 when
// counting failed; `errorMessage` then says so). `visitCount` is the number of visits, 0 while
// locked or when the core has no visit type yet: the home page shows its empty state then.
// QML creates the model and hands it the Session; it recounts when the session is unlocked or
// refresh() is called, and empties when the session locks. Counting is a handful of COUNT(*)
// queries, run on the session's store thread.
#pragma once

#include <QtQml/qqmlregistration.h>
#include <QAbstractListModel>
#include <QPointer>
#include <QString>
#include <vector>

#include "session.h"

namespace fieldcheck::ui {

class RecordCountsModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(fieldcheck::ui::Session* session READ session WRITE setSession NOTIFY sessionChanged)
    Q_PROPERTY(QString errorMessage READ errorMessage NOTIFY errorMessageChanged)
    Q_PROPERTY(int count READ rowCount NOTIFY countsChanged)
    Q_PROPERTY(qint64 visitCount READ visitCount NOTIFY countsChanged)

public:
    enum Role { TypeRole = Qt::UserRole + 1, LabelRole, CountRole };
    Q_ENUM(Role)
    static constexpr int kMaxRows = 6;  // two rows of three on a phone

    explicit RecordCountsModel(QObject* parent = nullptr);

    Session* session() const { return m_session; }
    void setSession(Session* session);
    const QString& errorMessage() const { return m_errorMessage; }
    qint64 visitCount() const;

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    // The count for one record type ("finding"), or -1 if not shown or not counted.
    Q_INVOKABLE qint64 countOf(const QString& type) const;
    Q_INVOKABLE void refresh();

signals:
    void sessionChanged();
    void errorMessageChanged();
    void countsChanged();

private:
    struct Row {
        QString type;
        QString label;
        qint64 count = -1;
    };
    void clear();
    void setErrorMessage(const QString& message);

    QPointer<Session> m_session;
    std::vector<Row> m_rows;
    QString m_errorMessage;
};

}  // namespace fieldcheck::ui

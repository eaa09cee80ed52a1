// How many records of each type the unlocked store holds: the counts in the home page header.
//
// One row per record type the core knows (campaigns, units, inspection groups, petitions,
// self-inspections, findings — core's recordTypes(), in that order), with roles `type` (the
// core's English name, e.g. "finding"), `label` (translated) and `count` (-1 when counting
// failed; `errorMessage` then says so). QML creates it and hands it the Session; it recounts when
// the session is unlocked or refresh() is called, and empties when the session locks. Counting
// is a handful of indexed COUNT(*) queries, done on the GUI thread.
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
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)

public:
    enum Role { TypeRole = Qt::UserRole + 1, LabelRole, CountRole };
    Q_ENUM(Role)

    explicit RecordCountsModel(QObject* parent = nullptr);

    Session* session() const { return m_session; }
    void setSession(Session* session);
    const QString& errorMessage() const { return m_errorMessage; }

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    // The count for one record type ("finding"), or -1 if unknown or not counted.
    Q_INVOKABLE qint64 countOf(const QString& type) const;
    Q_INVOKABLE void refresh();

signals:
    void sessionChanged();
    void errorMessageChanged();
    void countChanged();

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

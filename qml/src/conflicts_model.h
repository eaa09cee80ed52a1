// What needs a person after a sync (the Conflicts page): the open conflicts — two people changed
// the same field of a record on different devices — with every candidate value, who wrote it and
// when, and the changes the server refused.
//
// Rows are conflicts. A candidate is chosen with choose(row, candidate): the core changes the
// record and queues a "resolve" op that the server applies for every replica
// (replication::resolveConflict). Only those whose role may make that change (the permission
// table: choosing a value of a field is an edit of that field; a withdrawal conflict needs
// "withdraw") get `canChoose`; the core refuses the others anyway. Everything is read and
// written on the session's store thread.
#pragma once

#include <QtQml/qqmlregistration.h>
#include <QAbstractListModel>
#include <QPointer>
#include <QString>
#include <QVariantList>
#include <vector>

#include "session.h"

namespace fieldcheck::ui {

class ConflictsModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(fieldcheck::ui::Session* session READ session WRITE setSession NOTIFY sessionChanged)
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
    Q_PROPERTY(bool loading READ isLoading NOTIFY loadingChanged)
    Q_PROPERTY(bool choosing READ isChoosing NOTIFY choosingChanged)
    Q_PROPERTY(QVariantList rejected READ rejected NOTIFY countChanged)
    Q_PROPERTY(QString message READ message NOTIFY messageChanged)
    Q_PROPERTY(bool messageIsError READ messageIsError NOTIFY messageChanged)

public:
    enum Role {
        ConflictIdRole = Qt::UserRole + 1,
        RecordTypeRole,
        RecordIdRole,
        RecordTitleRole,
        FieldLabelRole,
        CandidatesRole,  // [{value, by, when (ms, 0 if unknown), shown}]
        CanChooseRole,
        WhyNotRole       // why this role may not choose, else empty
    };
    Q_ENUM(Role)

    struct Row {
        QString conflictId, recordType, recordId, recordTitle, fieldLabel, whyNot;
        QVariantList candidates;
        bool canChoose = false;
    };
    struct Snapshot {
        std::vector<Row> rows;
        QVariantList rejected;  // [{what, reason}]
        QString error;
    };

    explicit ConflictsModel(QObject* parent = nullptr);

    Session* session() const { return m_session; }
    void setSession(Session* session);
    bool isLoading() const { return m_loading; }
    bool isChoosing() const { return m_choosing; }
    const QVariantList& rejected() const { return m_snapshot.rejected; }
    const QString& message() const { return m_message; }
    bool messageIsError() const { return m_messageIsError; }

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    Q_INVOKABLE void refresh();
    // Chooses candidate `candidate` of the conflict in `row`; the row leaves the list when done.
    Q_INVOKABLE void choose(int row, int candidate);

    // The open conflicts as this store holds them (store thread; public for tests).
    static Snapshot read(fieldcheck::Store& store);

signals:
    void sessionChanged();
    void countChanged();
    void loadingChanged();
    void choosingChanged();
    void messageChanged();
    // A conflict was decided: the sync page recounts what waits.
    void resolved();

private:
    void apply(Snapshot snapshot);
    void setMessage(const QString& message, bool isError);

    QPointer<Session> m_session;
    Snapshot m_snapshot;
    bool m_loading = false;
    bool m_choosing = false;
    QString m_message;
    bool m_messageIsError = false;
};

}  // namespace fieldcheck::ui

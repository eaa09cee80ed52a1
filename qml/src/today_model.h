// The inspector's day (the Today page): what to do, what is due, what is overdue, and sync at a
// glance.
//
// Rows, in sections (the `section` role: "visits", "spotChecks", "petitions"):
//   visits      the group's assignments not yet done (assigned / in progress) and visits planned or
//               started, earliest due first;
//   spotChecks  units drawn for a spot check this period and units that must be spot-checked
//               (a zero report while complaints came in: campaign_rules.h);
//   petitions   petitions under supervision with their deadlines (not concluded).
// Each row: title (the unit), detail (what to do, translated), dueDate (YYYY-MM-DD or empty),
// overdue, recordType and recordId (the record behind the row), unitId (the unit it concerns: a
// tap opens the unit's page).
// Besides: overdueCount, changesWaiting (ops not answered by the server), photosWaiting,
// lastContact (when the server last answered; invalid when never), offlineLock (why only sync may
// run, else empty).
//
// The device holds its group's scope only: a few dozen rows. All of it is read in one job on the
// session's store thread; the model is replaced when it arrives (refresh() after a sync or a write).
#pragma once

#include <QtQml/qqmlregistration.h>
#include <QAbstractListModel>
#include <QDateTime>
#include <QPointer>
#include <QString>
#include <vector>

#include "session.h"

namespace fieldcheck::ui {

class TodayModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(fieldcheck::ui::Session* session READ session WRITE setSession NOTIFY sessionChanged)
    Q_PROPERTY(bool loading READ isLoading NOTIFY loadingChanged)
    Q_PROPERTY(QString errorMessage READ errorMessage NOTIFY summaryChanged)
    Q_PROPERTY(QString today READ today NOTIFY summaryChanged)
    Q_PROPERTY(int count READ rowCount NOTIFY summaryChanged)
    Q_PROPERTY(int overdueCount READ overdueCount NOTIFY summaryChanged)
    Q_PROPERTY(qint64 changesWaiting READ changesWaiting NOTIFY summaryChanged)
    Q_PROPERTY(qint64 photosWaiting READ photosWaiting NOTIFY summaryChanged)
    Q_PROPERTY(QDateTime lastContact READ lastContact NOTIFY summaryChanged)
    Q_PROPERTY(QString offlineLock READ offlineLock NOTIFY summaryChanged)

public:
    enum Role {
        SectionRole = Qt::UserRole + 1,
        TitleRole,
        DetailRole,
        DueDateRole,
        OverdueRole,
        RecordTypeRole,
        RecordIdRole,
        UnitIdRole
    };
    Q_ENUM(Role)

    struct Item {
        QString section, title, detail, dueDate, recordType, recordId, unitId;
        bool overdue = false;
    };
    struct Snapshot {
        QString today;
        std::vector<Item> items;
        qint64 changesWaiting = 0, photosWaiting = 0;
        QDateTime lastContact;
        QString offlineLock;
        QString error;
    };

    explicit TodayModel(QObject* parent = nullptr);

    Session* session() const { return m_session; }
    void setSession(Session* session);
    bool isLoading() const { return m_loading; }
    const QString& errorMessage() const { return m_snapshot.error; }
    const QString& today() const { return m_snapshot.today; }
    int overdueCount() const;
    qint64 changesWaiting() const { return m_snapshot.changesWaiting; }
    qint64 photosWaiting() const { return m_snapshot.photosWaiting; }
    const QDateTime& lastContact() const { return m_snapshot.lastContact; }
    const QString& offlineLock() const { return m_snapshot.offlineLock; }

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    Q_INVOKABLE void refresh();

    // The whole day as the store holds it (runs on the store thread; public for tests).
    static Snapshot read(fieldcheck::Store& store);

signals:
    void sessionChanged();
    void loadingChanged();
    void summaryChanged();

private:
    void apply(Snapshot snapshot);
    void setLoading(bool loading);

    QPointer<Session> m_session;
    Snapshot m_snapshot;
    bool m_loading = false;
};

}  // namespace fieldcheck::ui

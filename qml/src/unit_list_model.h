// The units (科室/单位) of the store as a list that loads a page at a time: the Units page.
//
// With an empty `query` the model lists every unit by name (withdrawn ones included, flagged);
// with a query of two or more characters it lists the units the core's full-text search finds
// (any two or more consecutive Chinese characters of the name or address, or a whole word of the
// code), best match first. A shorter query searches nothing and `hint` says why. Rows come in
// pages of `pageSize` (canFetchMore()/fetchMore(), as a ListView asks while scrolling): a store
// of 100,000 units never has more than the pages scrolled through in memory.
//
// Every read is a job on the session's store thread (Session::run), so the UI never waits for the
// store; `loading` is true while one is out. A result that arrives after the query changed (or
// the list was reloaded) is dropped, and a job that starts after that skips its work. The session
// reports writes: a changed unit updates its own row (dataChanged), a changed finding the open
// finding count of its unit's row; rows not loaded are left to the page that loads them. After a
// sync (manyRecordsChanged) the list is loaded again. Locking the session empties it.
//
// Roles: unitId, code, name, unitType (code), unitTypeLabel (translated), address,
// leaderInCharge, keyRectification, openFindings (findings neither closed nor withdrawn),
// withdrawn.
#pragma once

#include <QtQml/qqmlregistration.h>
#include <QAbstractListModel>
#include <QPointer>
#include <QString>
#include <QStringList>
#include <atomic>
#include <memory>
#include <vector>

#include "session.h"

namespace fieldcheck::ui {

class UnitListModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(fieldcheck::ui::Session* session READ session WRITE setSession NOTIFY sessionChanged)
    Q_PROPERTY(QString query READ query WRITE setQuery NOTIFY queryChanged)
    // A search runs (the query is long enough); false: every unit, by name.
    Q_PROPERTY(bool searching READ isSearching NOTIFY queryChanged)
    Q_PROPERTY(bool loading READ isLoading NOTIFY loadingChanged)
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
    // Units in the store, withdrawn ones included (0 while locked).
    Q_PROPERTY(qint64 totalCount READ totalCount NOTIFY totalCountChanged)
    // Every match or unit is loaded: nothing more to fetch.
    Q_PROPERTY(bool complete READ isComplete NOTIFY countChanged)
    // Why the query finds nothing before it is run (too short), for the page; empty otherwise.
    Q_PROPERTY(QString hint READ hint NOTIFY hintChanged)
    // Why the list could not be read; empty otherwise.
    Q_PROPERTY(QString errorMessage READ errorMessage NOTIFY errorMessageChanged)
    Q_PROPERTY(int pageSize READ pageSize WRITE setPageSize NOTIFY pageSizeChanged)

public:
    enum Role {
        UnitIdRole = Qt::UserRole + 1,
        CodeRole,
        NameRole,
        UnitTypeRole,
        UnitTypeLabelRole,
        AddressRole,
        LeaderInChargeRole,
        KeyRectificationRole,
        OpenFindingsRole,
        WithdrawnRole,
    };
    Q_ENUM(Role)
    static constexpr int kDefaultPageSize = 50;

    explicit UnitListModel(QObject* parent = nullptr);
    ~UnitListModel() override;

    Session* session() const { return m_session; }
    void setSession(Session* session);
    const QString& query() const { return m_query; }
    void setQuery(const QString& query);
    bool isSearching() const;
    bool isLoading() const { return m_loading; }
    qint64 totalCount() const { return m_totalCount; }
    bool isComplete() const { return m_complete; }
    const QString& hint() const { return m_hint; }
    const QString& errorMessage() const { return m_errorMessage; }
    int pageSize() const { return m_pageSize; }
    void setPageSize(int pageSize);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;
    bool canFetchMore(const QModelIndex& parent) const override;
    // Asks for the next page; does nothing while a page is on its way.
    void fetchMore(const QModelIndex& parent) override;

    // The row of a loaded unit, or -1.
    Q_INVOKABLE int rowOf(const QString& unitId) const;
    // Drops what is loaded and loads the first page again.
    Q_INVOKABLE void reload();

    // One unit as a row shows it (built on the store thread, read on the GUI thread).
    struct Row {
        QString unitId, code, name, unitType, address, leaderInCharge;
        bool keyRectification = false;
        bool withdrawn = false;
        qint64 openFindings = 0;
    };

signals:
    void sessionChanged();
    void queryChanged();
    void loadingChanged();
    void countChanged();
    void totalCountChanged();
    void hintChanged();
    void errorMessageChanged();
    void pageSizeChanged();

private:
    struct Page;
    void clear();
    void requestPage();
    void applyPage(Page page);
    void onRecordsChanged(const QString& type, const QStringList& ids);
    void refreshRows(const QStringList& unitIds);
    void refreshOpenFindings(const QStringList& findingIds);
    void setLoading(bool loading);
    void setHint(const QString& hint);
    void setErrorMessage(const QString& message);
    void setTotalCount(qint64 total);
    bool isCurrent(quint64 generation) const { return generation == m_generation; }

    QPointer<Session> m_session;
    QString m_query;
    std::vector<Row> m_rows;
    qint64 m_totalCount = 0;
    qint64 m_nextOffset = 0;  // where the next page starts, in the store's order or the ranking
    bool m_complete = false;
    bool m_loading = false;
    QString m_hint;
    QString m_errorMessage;
    int m_pageSize = kDefaultPageSize;
    // One per load of the list (a new query, a reload, a lock): a page of an earlier one is
    // dropped on arrival, and skipped by the store thread if it has not started yet.
    quint64 m_generation = 0;
    std::shared_ptr<std::atomic<quint64>> m_latest = std::make_shared<std::atomic<quint64>>(0);
};

}  // namespace fieldcheck::ui

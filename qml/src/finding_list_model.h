// Findings (问题线索) as a list that loads a page at a time: the Findings page of a unit, or every
// finding on the device.
//
// Filters: `unitId` (empty: every unit) and `status` (a state code; empty: every state);
// withdrawn findings are listed, flagged, unless `includeWithdrawn` is false. Newest first (the
// order they were recorded on this device). Rows come in pages of `pageSize` through
// Store::listRecords with a limit and an offset (canFetchMore()/fetchMore(), as a ListView asks
// while scrolling): a store of 100,000 findings never has more than the pages scrolled through in
// memory. The pattern is UnitListModel's: every read a job on the session's store thread, a
// result of an earlier load dropped, `loading` while one is out.
//
// Writes the session reports (recordsChanged "finding") update rows in place, never by a reset: a
// loaded finding that changed is read again (dataChanged for its row); one that no longer passes
// the filter leaves (rowsRemoved); one that newly passes it — a finding just recorded, or one whose
// state moved into the filter — comes in at its place among the loaded rows (rowsInserted). The
// loaded rows stay the first ones of the store's order, so the next page starts after them and
// no finding is shown twice or skipped. A renamed unit
// updates its rows' unit name. After a sync (manyRecordsChanged) the list is loaded again.
//
// Roles: findingId, description, category, categoryLabel, subcategory, status, statusLabel,
// source, sourceLabel, foundDate, moneyInvolved ("1234.50" or empty), unitId, unitName,
// withdrawn, createdMs.
#pragma once

#include <QtQml/qqmlregistration.h>
#include <QAbstractListModel>
#include <QPointer>
#include <QString>
#include <QStringList>
#include <atomic>
#include <functional>
#include <memory>
#include <vector>

#include "session.h"

namespace fieldcheck::ui {

class FindingListModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(fieldcheck::ui::Session* session READ session WRITE setSession NOTIFY sessionChanged)
    Q_PROPERTY(QString unitId READ unitId WRITE setUnitId NOTIFY filterChanged)
    Q_PROPERTY(QString status READ status WRITE setStatus NOTIFY filterChanged)
    Q_PROPERTY(bool includeWithdrawn READ includeWithdrawn WRITE setIncludeWithdrawn NOTIFY filterChanged)
    Q_PROPERTY(bool loading READ isLoading NOTIFY loadingChanged)
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
    // The findings that pass the filter, loaded or not.
    Q_PROPERTY(qint64 totalCount READ totalCount NOTIFY totalCountChanged)
    Q_PROPERTY(bool complete READ isComplete NOTIFY countChanged)
    Q_PROPERTY(QString errorMessage READ errorMessage NOTIFY errorMessageChanged)
    Q_PROPERTY(int pageSize READ pageSize WRITE setPageSize NOTIFY pageSizeChanged)
    // The states a filter can choose, in life-cycle order: [{value, label}].
    Q_PROPERTY(QVariantList statuses READ statuses CONSTANT)

public:
    enum Role {
        FindingIdRole = Qt::UserRole + 1,
        DescriptionRole,
        CategoryRole,
        CategoryLabelRole,
        SubcategoryRole,
        StatusRole,
        StatusLabelRole,
        SourceRole,
        SourceLabelRole,
        FoundDateRole,
        MoneyInvolvedRole,
        UnitIdRole,
        UnitNameRole,
        WithdrawnRole,
        CreatedMsRole,
    };
    Q_ENUM(Role)
    static constexpr int kDefaultPageSize = 50;

    explicit FindingListModel(QObject* parent = nullptr);
    ~FindingListModel() override;

    Session* session() const { return m_session; }
    void setSession(Session* session);
    const QString& unitId() const { return m_unitId; }
    void setUnitId(const QString& unitId);
    const QString& status() const { return m_status; }
    void setStatus(const QString& status);
    bool includeWithdrawn() const { return m_includeWithdrawn; }
    void setIncludeWithdrawn(bool include);
    bool isLoading() const { return m_loading; }
    qint64 totalCount() const { return m_totalCount; }
    bool isComplete() const { return m_complete; }
    const QString& errorMessage() const { return m_errorMessage; }
    int pageSize() const { return m_pageSize; }
    void setPageSize(int pageSize);
    QVariantList statuses() const;

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;
    bool canFetchMore(const QModelIndex& parent) const override;
    // Asks for the next page; does nothing while a page is on its way.
    void fetchMore(const QModelIndex& parent) override;

    // The row of a loaded finding, or -1.
    Q_INVOKABLE int rowOf(const QString& findingId) const;
    // Drops what is loaded and loads the first page again.
    Q_INVOKABLE void reload();

    // One finding as a row shows it (built on the store thread, read on the GUI thread).
    struct Row {
        QString findingId, description, category, subcategory, status, source, foundDate, moneyInvolved;
        QString unitId, unitName;
        bool withdrawn = false;
        qint64 createdMs = 0;
    };

signals:
    void sessionChanged();
    void filterChanged();
    void loadingChanged();
    void countChanged();
    void totalCountChanged();
    void errorMessageChanged();
    void pageSizeChanged();

private:
    struct Page;
    struct Refreshed;
    void clear();
    void requestPage();
    void applyPage(Page page);
    void onRecordsChanged(const QString& type, const QStringList& ids);
    void refreshFindings(const QStringList& findingIds);
    void applyRefreshed(Refreshed refreshed);
    void applyRows(Refreshed refreshed);
    // Runs `change` (row insertions and removals); a fetchMore() asked meanwhile runs after it.
    void changeRows(const std::function<void()>& change);
    void refreshUnitNames(const QStringList& unitIds);
    void setLoading(bool loading);
    void setErrorMessage(const QString& message);
    void setTotalCount(qint64 total);
    bool isCurrent(quint64 generation) const { return generation == m_generation; }

    QPointer<Session> m_session;
    QString m_unitId, m_status;
    bool m_includeWithdrawn = true;
    std::vector<Row> m_rows;
    qint64 m_totalCount = 0;
    bool m_complete = false;
    bool m_loading = false;
    bool m_changingRows = false;
    bool m_fetchWanted = false;
    QString m_errorMessage;
    int m_pageSize = kDefaultPageSize;
    // One per load of the list (a new filter, a reload, a lock): a page of an earlier one is
    // dropped on arrival, and skipped by the store thread if it has not started yet.
    quint64 m_generation = 0;
    std::shared_ptr<std::atomic<quint64>> m_latest = std::make_shared<std::atomic<quint64>>(0);
};

}  // namespace fieldcheck::ui

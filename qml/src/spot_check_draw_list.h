// The spot-check draws (抽查抽签) recorded on this device, newest first: the Draws page's list.
//
// QML creates it with the Session; one job on the store thread reads every draw with the core's
// listDraws() (withdrawn ones included: a redraw stays visible) and whether the enrolled role may
// make a draw (`mayDraw`: the permission table, spot_check_draw create — discipline inspectors, or
// a store that is not enrolled). Draws are few (about one a month), so the list is read whole and
// again after any write of a draw, a sync or a language change; a stale result is dropped.
//
// Each row is a map { drawId, period, drawnAt, drawnBy, randomCount, candidateCount,
// mandatoryCount, withdrawn, withdrawnReason, changedAfterDraw } (changedAfterDraw: the record
// was updated after the draw, which verification reports as a failure).
#pragma once

#include <QtQml/qqmlregistration.h>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>
#include <QVariantList>
#include <atomic>
#include <memory>

#include "session.h"

namespace fieldcheck::ui {

class SpotCheckDrawList : public QObject {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(fieldcheck::ui::Session* session READ session WRITE setSession NOTIFY sessionChanged)
    Q_PROPERTY(bool loading READ isLoading NOTIFY loadingChanged)
    // Read at least once since the session was set (an empty list then means "no draws").
    Q_PROPERTY(bool ready READ isReady NOTIFY loaded)
    Q_PROPERTY(QString errorMessage READ errorMessage NOTIFY loaded)
    // The core's words for the error (English), for the administrator.
    Q_PROPERTY(QString errorDetail READ errorDetail NOTIFY loaded)
    Q_PROPERTY(QVariantList rows READ rows NOTIFY loaded)
    Q_PROPERTY(bool mayDraw READ mayDraw NOTIFY loaded)

public:
    explicit SpotCheckDrawList(QObject* parent = nullptr);
    ~SpotCheckDrawList() override;

    Session* session() const { return m_session; }
    void setSession(Session* session);
    bool isLoading() const { return m_loading; }
    bool isReady() const { return m_ready; }
    const QString& errorMessage() const { return m_errorMessage; }
    const QString& errorDetail() const { return m_errorDetail; }
    const QVariantList& rows() const { return m_rows; }
    bool mayDraw() const { return m_mayDraw; }

    Q_INVOKABLE void reload();

    struct Snapshot;

signals:
    void sessionChanged();
    void loadingChanged();
    void loaded();

private:
    void clear();
    void apply(Snapshot snapshot);
    void setLoading(bool loading);

    QPointer<Session> m_session;
    bool m_loading = false;
    bool m_ready = false;
    QString m_errorMessage, m_errorDetail;
    QVariantList m_rows;
    bool m_mayDraw = false;
    quint64 m_generation = 0;
    std::shared_ptr<std::atomic<quint64>> m_latest = std::make_shared<std::atomic<quint64>>(0);
};

}  // namespace fieldcheck::ui

// The seed parts (种子) of a new spot-check draw as the user types them: one row per party
// (纪检组, 局办公室, …) with the part it gave, in the order they are joined into the seed.
//
// An editable list model for the draw form (SpotCheckDrawForm owns it): rows are added, removed
// and edited one at a time, and an edit changes only its row (dataChanged), so the text field
// being typed in keeps its focus and cursor. A row can carry an error on its party or its part,
// which the next edit of that row clears. Nothing here checks the parts: the core does
// (checkSeedParts()), and the form marks the row it names.
#pragma once

#include <QtQml/qqmlregistration.h>
#include <QAbstractListModel>
#include <QString>
#include <vector>

#include "fieldcheck/core/spot_check_draw.h"

namespace fieldcheck::ui {

class SeedPartsModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("The draw form (SpotCheckDrawForm) makes its seed parts.")
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
    // Every row has a party and a part (not blank): the draw may be tried.
    Q_PROPERTY(bool complete READ isComplete NOTIFY partsChanged)

public:
    enum Role { PartyRole = Qt::UserRole + 1, PartRole, PartyErrorRole, PartErrorRole };
    enum class Field { Party, Part };

    explicit SeedPartsModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    bool isComplete() const;
    // The parts as the core takes them; party names without surrounding blanks (as the command
    // line takes them), parts exactly as typed (a blank in a part is the core's to refuse).
    std::vector<SeedPart> parts() const;

    Q_INVOKABLE void append(const QString& party = {}, const QString& part = {});
    Q_INVOKABLE void remove(int row);
    Q_INVOKABLE void setParty(int row, const QString& party);
    Q_INVOKABLE void setPart(int row, const QString& part);

    QString party(int row) const;
    QString part(int row) const;
    QString error(int row, Field field) const;
    void setError(int row, Field field, const QString& message);
    void clearErrors();

signals:
    void countChanged();
    // A row was added, removed or edited.
    void partsChanged();

private:
    struct Row {
        QString party, part, partyError, partError;
    };
    bool valid(int row) const { return row >= 0 && row < int(m_rows.size()); }
    void changed(int row);

    std::vector<Row> m_rows;
};

}  // namespace fieldcheck::ui

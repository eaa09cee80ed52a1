// Unit names by id for one job on the store thread: each unit is read once, however many rows
// name it. A unit the device does not hold shows as `missing` (the caller's translated words).
#pragma once

#include <QString>
#include <map>
#include <string>

#include "fieldcheck/core/store.h"

namespace fieldcheck::ui {

class UnitNames {
public:
    UnitNames(Store& store, QString missing) : m_store(store), m_missing(std::move(missing)) {}
    QString operator()(const std::string& unitId) {
        auto it = m_names.find(unitId);
        if (it != m_names.end()) return it->second;
        auto unit = m_store.getRecord("unit", unitId);
        QString name;
        if (unit.ok()) {
            const auto field = unit->fields.find("name");
            if (field != unit->fields.end() && field->is_string()) name = QString::fromStdString(field->get<std::string>());
        }
        if (name.isEmpty()) name = m_missing;
        return m_names.emplace(unitId, name).first->second;
    }

private:
    Store& m_store;
    QString m_missing;
    std::map<std::string, QString> m_names;
};

}  // namespace fieldcheck::ui

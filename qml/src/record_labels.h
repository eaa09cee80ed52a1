// The app's words for the coded values of records (a finding's status, a unit's type, …).
//
// The core stores English codes ("rectifying") and keeps a Chinese label beside each
// (records.cpp, Choice::labelZh) for its ledgers and the command line. The app does not show those
// labels: they are Chinese data, and the English UI would show Chinese. Its own English wording
// goes through the translation system like every other string, with the core's label as the
// disambiguation (e.g. "finding status 已登记"), so the translator sees the domain's word and the
// same English word in two places ("Submitted": 已提交 / 已报送) can get two translations.
#pragma once

#include <QString>
#include <string>

namespace fieldcheck::ui {

// The translated label of `value` of the choice field `type`.`field`; a value the app has no
// word for (a newer core) shows as its code.
QString choiceLabel(const char* type, const char* field, const std::string& value);

// The translated name of the field `type`.`field` (a conflict names the field it is about). A field
// the app has no word for shows the core's Chinese label in Chinese and its code in English.
QString fieldLabel(const std::string& type, const std::string& field);

// The translated name of the record type (a form's title); a type the app has no word for shows the
// core's Chinese label in Chinese and its code in English.
QString recordTypeLabel(const std::string& type);

// What the button that moves a record of `type` from state `from` to `to` says ("Submit for
// review"); a move the app has no word for says "Move to" and the new state's label.
QString moveLabel(const char* type, const std::string& from, const std::string& to);

// The translated name of an audit chain action ("create", "update", "withdraw", …).
QString auditActionLabel(const std::string& action);

// The translated word for a checklist answer ("ok", "problem", "not_applicable", "yes", "no":
// core/…/visit_rules.h); another value shows as it is.
QString checklistAnswerLabel(const std::string& value);

}  // namespace fieldcheck::ui

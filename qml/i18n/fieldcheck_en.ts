<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>DashboardFigurePage</name>
    <message numerus="yes">
        <source>%1 of %n record(s), the most urgent first.</source>
        <translation>
            <numerusform>%1 of %n record, the most urgent first.</numerusform>
            <numerusform>%1 of %n records, the most urgent first.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n record(s), the most urgent first.</source>
        <translation>
            <numerusform>%n record, the most urgent first.</numerusform>
            <numerusform>%n records, the most urgent first.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DashboardPage</name>
    <message numerus="yes">
        <source>%1: %2% done, %n measure(s) overdue</source>
        <translation>
            <numerusform>%1: %2% done, %n measure overdue</numerusform>
            <numerusform>%1: %2% done, %n measures overdue</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Show all %n unit(s)</source>
        <translation>
            <numerusform>Show all %n unit</numerusform>
            <numerusform>Show all %n units</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RegisterPage</name>
    <message numerus="yes">
        <source>%1 of %n record(s), the most urgent first.</source>
        <translation>
            <numerusform>%1 of %n record, the most urgent first.</numerusform>
            <numerusform>%1 of %n records, the most urgent first.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n record(s), the most urgent first.</source>
        <translation>
            <numerusform>%n record, the most urgent first.</numerusform>
            <numerusform>%n records, the most urgent first.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message numerus="yes">
        <source>After %n minute(s)</source>
        <translation>
            <numerusform>After %n minute</numerusform>
            <numerusform>After %n minutes</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message numerus="yes">
        <source>%n conflict(s)</source>
        <translation>
            <numerusform>%n conflict</numerusform>
            <numerusform>%n conflicts</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n rejected change(s)</source>
        <translation>
            <numerusform>%n rejected change</numerusform>
            <numerusform>%n rejected changes</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TodayPage</name>
    <message numerus="yes">
        <source>%n change(s)</source>
        <translation>
            <numerusform>%n change</numerusform>
            <numerusform>%n changes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n photo(s)</source>
        <translation>
            <numerusform>%n photo</numerusform>
            <numerusform>%n photos</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n item(s) overdue.</source>
        <translation>
            <numerusform>%n item overdue.</numerusform>
            <numerusform>%n items overdue.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>UnitPage</name>
    <message numerus="yes">
        <source>%n measure(s)</source>
        <translation>
            <numerusform>%n measure</numerusform>
            <numerusform>%n measures</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>fieldcheck::platform::PositionSource</name>
    <message numerus="yes">
        <source>No position was found within %n second(s). Go outdoors or near a window and try again, or record the finding without a position.</source>
        <translation>
            <numerusform>No position was found within %n second. Go outdoors or near a window and try again, or record the finding without a position.</numerusform>
            <numerusform>No position was found within %n seconds. Go outdoors or near a window and try again, or record the finding without a position.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>fieldcheck::platform::QtCamera</name>
    <message numerus="yes">
        <source>The camera did not deliver the photo within %n second(s). Try again, or choose a photo file instead.</source>
        <translation>
            <numerusform>The camera did not deliver the photo within %n second. Try again, or choose a photo file instead.</numerusform>
            <numerusform>The camera did not deliver the photo within %n seconds. Try again, or choose a photo file instead.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>fieldcheck::ui::AppSettings</name>
    <message numerus="yes">
        <source>Locked after %n minute(s) without use.</source>
        <translation>
            <numerusform>Locked after %n minute without use.</numerusform>
            <numerusform>Locked after %n minutes without use.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>fieldcheck::ui::DashboardFigure</name>
    <message numerus="yes">
        <source>Zero report for %1 while %n complaint(s) came in: must be spot-checked</source>
        <translation>
            <numerusform>Zero report for %1 while %n complaint came in: must be spot-checked</numerusform>
            <numerusform>Zero report for %1 while %n complaints came in: must be spot-checked</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>fieldcheck::ui::ExportController</name>
    <message numerus="yes">
        <source>%n page(s)</source>
        <translation>
            <numerusform>%n page</numerusform>
            <numerusform>%n pages</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n row(s)</source>
        <translation>
            <numerusform>%n row</numerusform>
            <numerusform>%n rows</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) written to %1.</source>
        <translation>
            <numerusform>%n file written to %1.</numerusform>
            <numerusform>%n files written to %1.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>fieldcheck::ui::SyncController</name>
    <message numerus="yes">
        <source>%n change(s)</source>
        <translation>
            <numerusform>%n change</numerusform>
            <numerusform>%n changes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n record(s)</source>
        <translation>
            <numerusform>%n record</numerusform>
            <numerusform>%n records</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n photo(s) uploaded.</source>
        <translation>
            <numerusform>%n photo uploaded.</numerusform>
            <numerusform>%n photos uploaded.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n photo(s) not uploaded yet.</source>
        <translation>
            <numerusform>%n photo not uploaded yet.</numerusform>
            <numerusform>%n photos not uploaded yet.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>fieldcheck::ui::TodayModel</name>
    <message numerus="yes">
        <source>Must be checked: zero report while %n complaint(s) came in (%1)</source>
        <translation>
            <numerusform>Must be checked: zero report while %n complaint came in (%1)</numerusform>
            <numerusform>Must be checked: zero report while %n complaints came in (%1)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>fieldcheck::ui::UnlockController</name>
    <message numerus="yes">
        <source>Wrong PIN. After %n more wrong PIN(s) only the passphrase will open the store.</source>
        <translation>
            <numerusform>Wrong PIN. After %n more wrong PIN only the passphrase will open the store.</numerusform>
            <numerusform>Wrong PIN. After %n more wrong PINs only the passphrase will open the store.</numerusform>
        </translation>
    </message>
</context>
</TS>

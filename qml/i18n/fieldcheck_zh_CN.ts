<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AppEnvironment</name>
    <message>
        <source>FieldCheck</source>
        <translation>正风巡检</translation>
    </message>
</context>
<context>
    <name>HomePage</name>
    <message>
        <source>FieldCheck</source>
        <translation>正风巡检</translation>
    </message>
    <message>
        <source>Lock</source>
        <translation>锁定</translation>
    </message>
    <message>
        <source>This device</source>
        <translation>本机</translation>
    </message>
    <message>
        <source>Store</source>
        <translation>数据库</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Schema</source>
        <translation>数据结构</translation>
    </message>
    <message>
        <source>version %1</source>
        <translation>第 %1 版</translation>
    </message>
    <message>
        <source>Records on this device</source>
        <translation>本机记录</translation>
    </message>
    <message>
        <source>No inspection tasks yet</source>
        <translation>暂无检查任务</translation>
    </message>
    <message>
        <source>Visits assigned to your inspection group appear here after the device syncs with the bureau&apos;s server.</source>
        <translation>分配给本检查组的检查任务，将在本机与局机关服务器同步后显示在这里。</translation>
    </message>
    <message>
        <source>Sync with the bureau&apos;s server</source>
        <translation>与局机关服务器同步</translation>
    </message>
    <message>
        <source>%1 (%2) at %3</source>
        <translation>%1（%2），服务器 %3</translation>
    </message>
    <message>
        <source>Not enrolled yet: enrol this device at the office (fieldcheck enroll).</source>
        <translation>本机尚未登记：请在办公室为本机登记（fieldcheck enroll）。</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>同步</translation>
    </message>
    <message>
        <source>Sending changes: %1 of %2</source>
        <translation>正在上传修改：%1 / %2</translation>
    </message>
    <message>
        <source>Receiving records: %1</source>
        <translation>正在接收记录：%1</translation>
    </message>
    <message>
        <source>%1 KB</source>
        <translation>%1 KB</translation>
    </message>
    <message>
        <source>%1 conflict(s) and %2 rejected change(s) wait for a decision.</source>
        <translation>%1 个冲突、%2 项被退回的修改等待处理。</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <source>FieldCheck</source>
        <translation>正风巡检</translation>
    </message>
</context>
<context>
    <name>RecordCountsModel</name>
    <message>
        <source>Campaigns</source>
        <translation>专项治理</translation>
    </message>
    <message>
        <source>Units</source>
        <translation>科室/单位</translation>
    </message>
    <message>
        <source>Inspection groups</source>
        <translation>检查组</translation>
    </message>
    <message>
        <source>Petitions</source>
        <translation>信访件</translation>
    </message>
    <message>
        <source>Self-inspections</source>
        <translation>自查自纠</translation>
    </message>
    <message>
        <source>Findings</source>
        <translation>问题线索</translation>
    </message>
    <message>
        <source>Visits</source>
        <translation>现场检查</translation>
    </message>
</context>
<context>
    <name>UnlockPage</name>
    <message>
        <source>FieldCheck</source>
        <translation>正风巡检</translation>
    </message>
    <message>
        <source>Field inspection for the grassroots work-style and anti-corruption campaign</source>
        <translation>基层正风反腐专项治理 · 现场检查</translation>
    </message>
    <message>
        <source>Set up this device</source>
        <translation>初始化本机</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <source>Choose a passphrase. It encrypts every record on this device and cannot be recovered if you forget it.</source>
        <translation>请设置口令。口令用于加密本机的全部记录，遗忘后无法找回。</translation>
    </message>
    <message>
        <source>Enter your passphrase to open the records on this device.</source>
        <translation>请输入口令，打开本机记录。</translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation>口令</translation>
    </message>
    <message>
        <source>Repeat the passphrase</source>
        <translation>再次输入口令</translation>
    </message>
    <message>
        <source>Create encrypted store</source>
        <translation>创建加密数据库</translation>
    </message>
    <message>
        <source>Creating the encrypted store…</source>
        <translation>正在创建加密数据库…</translation>
    </message>
    <message>
        <source>Checking the passphrase…</source>
        <translation>正在验证口令…</translation>
    </message>
    <message>
        <source>Store: %1</source>
        <translation>数据库：%1</translation>
    </message>
    <message>
        <source>At least %1 characters. A short sentence is easier to remember than a random word.</source>
        <translation>至少 %1 个字符。一句短语比一串随机字符更容易记住。</translation>
    </message>
    <message>
        <source>Next attempt possible in %1 s.</source>
        <translation>请在 %1 秒后再试。</translation>
    </message>
</context>
<context>
    <name>fieldcheck::ui::RecordCountsModel</name>
    <message>
        <source>Some records could not be counted. The store may be damaged.</source>
        <translation>部分记录无法统计，数据库可能已损坏。</translation>
    </message>
</context>
<context>
    <name>fieldcheck::ui::SyncController</name>
    <message>
        <source>inspector</source>
        <translation>检查组组员</translation>
    </message>
    <message>
        <source>group leader</source>
        <translation>检查组组长</translation>
    </message>
    <message>
        <source>unit liaison</source>
        <translation>科室/单位联络员</translation>
    </message>
    <message>
        <source>leader in charge</source>
        <translation>分管领导</translation>
    </message>
    <message>
        <source>discipline inspector</source>
        <translation>纪检人员</translation>
    </message>
    <message>
        <source>party committee</source>
        <translation>局党委</translation>
    </message>
    <message>
        <source>This device is not enrolled with a server. Enrol it at the office first.</source>
        <translation>本机尚未在服务器登记，请先在办公室登记。</translation>
    </message>
    <message>
        <source>The server no longer accepts this device. Enrol it again at the office.</source>
        <translation>服务器已不再接受本机，请在办公室重新登记。</translation>
    </message>
    <message>
        <source>Sync cancelled. Nothing is lost; the next sync continues.</source>
        <translation>同步已取消。数据没有丢失，下次同步会接着进行。</translation>
    </message>
    <message>
        <source>No connection to the server. Your records stay on the device; try again when there is signal.</source>
        <translation>无法连接服务器。记录仍保存在本机，有信号时请重试。</translation>
    </message>
    <message>
        <source>Sync failed: %1</source>
        <translation>同步失败：%1</translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation>正在同步…</translation>
    </message>
    <message>
        <source>Synced: %1 change(s) sent, %2 record(s) received.</source>
        <translation>同步完成：上传 %1 项修改，接收 %2 条记录。</translation>
    </message>
    <message>
        <source>The office has withdrawn this device. Its FieldCheck data and keys have been erased.</source>
        <translation>单位已注销本设备，本机正风巡检数据和密钥已全部清除。</translation>
    </message>
    <message>
        <source>%1 photo(s) uploaded.</source>
        <translation>已上传 %1 张照片。</translation>
    </message>
    <message>
        <source>%1 photo(s) not uploaded yet.</source>
        <translation>%1 张照片尚未上传。</translation>
    </message>
</context>
<context>
    <name>fieldcheck::ui::UnlockController</name>
    <message>
        <source>The two passphrases do not match. Enter the same passphrase twice.</source>
        <translation>两次输入的口令不一致，请输入相同的口令。</translation>
    </message>
    <message>
        <source>Wrong passphrase. Check it and try again.</source>
        <translation>口令错误，请核对后重试。</translation>
    </message>
    <message>
        <source>Too many wrong passphrases. The store is locked for a while.</source>
        <translation>口令错误次数过多，数据库已暂时锁定。</translation>
    </message>
    <message>
        <source>Enter the passphrase.</source>
        <translation>请输入口令。</translation>
    </message>
    <message>
        <source>A store already exists on this device. Unlock it instead.</source>
        <translation>本机已有数据库，请直接解锁。</translation>
    </message>
    <message>
        <source>The app cannot write to its data directory (%1).</source>
        <translation>应用无法写入数据目录（%1）。</translation>
    </message>
    <message>
        <source>There is no store on this device yet.</source>
        <translation>本机尚无数据库。</translation>
    </message>
    <message>
        <source>The store is damaged or has been tampered with and cannot be opened. Contact the administrator; do not delete it.</source>
        <translation>数据库已损坏或被篡改，无法打开。请联系管理员，切勿删除。</translation>
    </message>
    <message>
        <source>The file at the store location is not a FieldCheck store, or its keyring is missing.</source>
        <translation>数据库位置上的文件不是正风巡检数据库，或其密钥文件已丢失。</translation>
    </message>
    <message>
        <source>The store was written by a newer version of FieldCheck. Update the app to open it.</source>
        <translation>该数据库由更新版本的正风巡检创建，请升级应用后再打开。</translation>
    </message>
    <message>
        <source>This build of the app cannot encrypt data. Contact the administrator.</source>
        <translation>此版本的应用无法加密数据，请联系管理员。</translation>
    </message>
    <message>
        <source>The store could not be read or written. Check the free space on the device.</source>
        <translation>无法读写数据库，请检查设备的剩余存储空间。</translation>
    </message>
    <message>
        <source>The store could not be opened (%1).</source>
        <translation>无法打开数据库（%1）。</translation>
    </message>
    <message>
        <source>The passphrase must have at least %1 characters.</source>
        <translation>口令至少需要 %1 个字符。</translation>
    </message>
</context>
</TS>

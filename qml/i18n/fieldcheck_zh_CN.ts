<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AccountabilityRegisterPage</name>
    <message>
        <source>Accountability register</source>
        <translation>问责台账</translation>
    </message>
    <message>
        <source>Proposals come from the campaign&apos;s rules (reports missing or late) and from inspectors. Each is confirmed with its measure or dismissed, with the reason.</source>
        <translation>问责建议来自专项整治规则（不上报、逾期报送）和检查人员。每一件都须确认并明确问责方式，或决定不予问责，并写明理由。</translation>
    </message>
    <message>
        <source>No proposal waits for a decision.</source>
        <translation>没有待决定的问责建议。</translation>
    </message>
    <message>
        <source>Nothing here.</source>
        <translation>暂无记录。</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>Proposed: %1</source>
        <translation>建议理由：%1</translation>
    </message>
    <message>
        <source>Reason: %1</source>
        <translation>处理意见：%1</translation>
    </message>
    <message>
        <source>Proposed on %1</source>
        <translation>%1 提出</translation>
    </message>
    <message>
        <source>Decided on %1 · %2</source>
        <translation>%1 决定 · %2</translation>
    </message>
    <message>
        <source>Decided on %1</source>
        <translation>%1 决定</translation>
    </message>
    <message>
        <source>Confirm…</source>
        <translation>确认问责…</translation>
    </message>
    <message>
        <source>Confirm accountability for %1</source>
        <translation>确认对%1问责</translation>
    </message>
    <message>
        <source>Dismiss…</source>
        <translation>不予问责…</translation>
    </message>
    <message>
        <source>Dismiss the proposal for %1</source>
        <translation>对%1不予问责</translation>
    </message>
    <message>
        <source>Confirm accountability</source>
        <translation>确认问责</translation>
    </message>
    <message>
        <source>Dismiss the proposal</source>
        <translation>不予问责</translation>
    </message>
    <message>
        <source>Accountability confirmed for %1.</source>
        <translation>已确认对%1问责。</translation>
    </message>
    <message>
        <source>Proposal for %1 dismissed.</source>
        <translation>已决定对%1不予问责。</translation>
    </message>
    <message>
        <source>Measure</source>
        <translation>问责方式</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>请选择…</translation>
    </message>
    <message>
        <source>Reason for the decision</source>
        <translation>处理意见（决定理由）</translation>
    </message>
    <message>
        <source>e.g. not reported for two months; the head of the unit is talked to</source>
        <translation>例如：连续两月未报送，约谈单位负责人</translation>
    </message>
    <message>
        <source>e.g. reported late because of a system failure; filed since</source>
        <translation>例如：因系统故障未能按时报送，现已补报</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Confirm</source>
        <translation>确认问责</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>不予问责</translation>
    </message>
</context>
<context>
    <name>AppEnvironment</name>
    <message>
        <source>FieldCheck</source>
        <translation>正风巡检</translation>
    </message>
</context>
<context>
    <name>AppShell</name>
    <message>
        <source>Lock</source>
        <translation>锁定</translation>
    </message>
    <message>
        <source>Lock the app</source>
        <translation>锁定应用</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今日</translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation>同步中…</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>同步</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Units</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>总览</translation>
    </message>
    <message>
        <source>My unit</source>
        <translation>本单位</translation>
    </message>
</context>
<context>
    <name>ConflictsPage</name>
    <message>
        <source>Conflicts</source>
        <translation>冲突</translation>
    </message>
    <message>
        <source>Open conflicts</source>
        <translation>待处理冲突</translation>
    </message>
    <message>
        <source>No open conflicts.</source>
        <translation>没有待处理的冲突。</translation>
    </message>
    <message>
        <source>Changed on two devices: %1</source>
        <translation>两台设备都修改了：%1</translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation>%1，%2</translation>
    </message>
    <message>
        <source>Shown until decided</source>
        <translation>决定前显示此值</translation>
    </message>
    <message>
        <source>Choose this</source>
        <translation>选用此值</translation>
    </message>
    <message>
        <source>Choose: %1</source>
        <translation>选用：%1</translation>
    </message>
    <message>
        <source>Changes the server refused</source>
        <translation>被服务器拒绝的修改</translation>
    </message>
    <message>
        <source>The server&apos;s reason: %1</source>
        <translation>服务器的理由：%1</translation>
    </message>
</context>
<context>
    <name>CopyableText</name>
    <message>
        <source>Copied</source>
        <translation>已复制</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Copy: %1</source>
        <translation>复制：%1</translation>
    </message>
</context>
<context>
    <name>DashboardFigurePage</name>
    <message>
        <source>Nothing here.</source>
        <translation>暂无记录。</translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n record(s), the most urgent first.</source>
        <translation>
            <numerusform>共 %n 条，显示最紧急的 %1 条。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n record(s), the most urgent first.</source>
        <translation>
            <numerusform>共 %n 条，最紧急的在前。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DashboardPage</name>
    <message>
        <source>MMMM yyyy</source>
        <comment>the dashboard&apos;s month, as a date format</comment>
        <translation>yyyy年M月</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>总览</translation>
    </message>
    <message>
        <source>Previous month</source>
        <translation>上一个月</translation>
    </message>
    <message>
        <source>As of %1</source>
        <translation>截至 %1</translation>
    </message>
    <message>
        <source>Next month</source>
        <translation>下一个月</translation>
    </message>
    <message>
        <source>Four batches</source>
        <translation>四个一批</translation>
    </message>
    <message>
        <source>Rectification</source>
        <translation>整改进度</translation>
    </message>
    <message>
        <source>%1% of the rectification measures done</source>
        <translation>整改措施已完成 %1%</translation>
    </message>
    <message>
        <source>Progress per unit, least advanced first</source>
        <translation>各单位整改进度（进度最慢的在前）</translation>
    </message>
    <message>
        <source>No units on this device yet.</source>
        <translation>本设备上还没有单位。</translation>
    </message>
    <message numerus="yes">
        <source>%1: %2% done, %n measure(s) overdue</source>
        <translation>
            <numerusform>%1：已完成 %2%，%n 项措施逾期</numerusform>
        </translation>
    </message>
    <message>
        <source>no plan</source>
        <translation>无整改方案</translation>
    </message>
    <message numerus="yes">
        <source>Show all %n unit(s)</source>
        <translation>
            <numerusform>显示全部 %n 个单位</numerusform>
        </translation>
    </message>
    <message>
        <source>Reports and spot checks</source>
        <translation>月报与抽查</translation>
    </message>
    <message>
        <source>Supervision</source>
        <translation>督办与问责</translation>
    </message>
    <message>
        <source>Export ledgers and the monthly summary…</source>
        <translation>导出台账和月度汇总…</translation>
    </message>
    <message>
        <source>Export ledgers and the monthly summary</source>
        <translation>导出台账和月度汇总</translation>
    </message>
    <message>
        <source>Petition supervision…</source>
        <translation>信访督办…</translation>
    </message>
    <message>
        <source>Petition supervision</source>
        <translation>信访督办</translation>
    </message>
    <message>
        <source>Accountability register…</source>
        <translation>问责台账…</translation>
    </message>
    <message>
        <source>Accountability register</source>
        <translation>问责台账</translation>
    </message>
    <message>
        <source>Spot-check draws…</source>
        <translation>抽查抽签…</translation>
    </message>
    <message>
        <source>Spot-check draws</source>
        <translation>抽查抽签</translation>
    </message>
</context>
<context>
    <name>DrawCandidatesPage</name>
    <message>
        <source>Candidates for %1</source>
        <translation>%1 候选单位</translation>
    </message>
    <message>
        <source>%1 candidate units, by unit code. The random picks are numbers in this list.</source>
        <translation>候选单位共 %1 个，按单位编码排列。随机抽取的结果即本名单中的序号。</translation>
    </message>
    <message>
        <source>SHA-256 of the list</source>
        <translation>名单的 SHA-256 值</translation>
    </message>
    <message>
        <source>Number %1: %2 %3</source>
        <translation>第 %1 号：%2 %3</translation>
    </message>
</context>
<context>
    <name>ExportPage</name>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Choose the folder for the exported files</source>
        <translation>选择导出文件的保存位置</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>月份</translation>
    </message>
    <message>
        <source>YYYY-MM, e.g. 2026-04</source>
        <translation>年-月，例如 2026-04</translation>
    </message>
    <message>
        <source>Month to export</source>
        <translation>导出月份</translation>
    </message>
    <message>
        <source>Figures as of %1. The monthly report table and the four batches are for this month; the problem clue ledger lists the clues found in it.</source>
        <translation>数据统计截至 %1。月度整改报告表和四个一批汇总按所选月份统计；问题线索台账列出该月发现的问题线索。</translation>
    </message>
    <message>
        <source>Ledgers (Excel)</source>
        <translation>台账（Excel）</translation>
    </message>
    <message>
        <source>Monthly summary (PDF)</source>
        <translation>月度汇总（PDF）</translation>
    </message>
    <message>
        <source>Include personal data</source>
        <translation>包含个人信息</translation>
    </message>
    <message>
        <source>The columns persons involved and complainant.</source>
        <translation>即“涉及人员”和“信访人”两列。</translation>
    </message>
    <message>
        <source>The files are not encrypted. Keep them where only people allowed to see personal data can open them; the export is recorded.</source>
        <translation>导出的文件不加密，请存放在只有有权查看个人信息的人员才能打开的地方；本次导出会被记录在案。</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>保存位置</translation>
    </message>
    <message>
        <source>Folder for the files</source>
        <translation>保存文件的文件夹</translation>
    </message>
    <message>
        <source>Folder for the exported files</source>
        <translation>导出文件的保存文件夹</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>Choose the folder</source>
        <translation>选择文件夹</translation>
    </message>
    <message>
        <source>Replace existing files</source>
        <translation>替换已有文件</translation>
    </message>
    <message>
        <source>Export the chosen files</source>
        <translation>导出所选文件</translation>
    </message>
    <message>
        <source>Exporting</source>
        <translation>正在导出</translation>
    </message>
    <message>
        <source>Export progress</source>
        <translation>导出进度</translation>
    </message>
    <message>
        <source>Writing %1 (%2 of %3)</source>
        <translation>正在写入 %1（第 %2 个，共 %3 个）</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
</context>
<context>
    <name>FindingDelegate</name>
    <message>
        <source>¥%1</source>
        <translation>¥%1</translation>
    </message>
    <message>
        <source>withdrawn</source>
        <translation>已撤回</translation>
    </message>
    <message>
        <source>Withdrawn</source>
        <translation>已撤回</translation>
    </message>
</context>
<context>
    <name>FindingPage</name>
    <message>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <source>New finding</source>
        <translation>新问题线索</translation>
    </message>
    <message>
        <source>Finding</source>
        <translation>问题线索</translation>
    </message>
    <message>
        <source>Saving</source>
        <translation>正在保存</translation>
    </message>
    <message>
        <source>What you typed before the app was closed is back. Save it, or discard it.</source>
        <translation>应用关闭前输入的内容已恢复。请保存或放弃。</translation>
    </message>
    <message>
        <source>Withdrawn</source>
        <translation>已撤回</translation>
    </message>
    <message>
        <source>Not saved yet</source>
        <translation>尚未保存</translation>
    </message>
    <message>
        <source>Recorded during a visit</source>
        <translation>现场检查中登记</translation>
    </message>
    <message>
        <source>Case opened or transferred %1</source>
        <translation>%1 已立案或移交</translation>
    </message>
    <message>
        <source>Withdrawn: %1</source>
        <translation>已撤回：%1</translation>
    </message>
    <message>
        <source>Your role may not record findings.</source>
        <translation>您的角色无权登记问题线索。</translation>
    </message>
    <message>
        <source>Your role may not change this finding in its present state.</source>
        <translation>此问题线索处于当前状态，您的角色无权修改。</translation>
    </message>
    <message>
        <source>What was found</source>
        <translation>发现的问题</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>问题类别</translation>
    </message>
    <message>
        <source>Choose a category</source>
        <translation>选择问题类别</translation>
    </message>
    <message>
        <source>Specific problem</source>
        <translation>具体问题</translation>
    </message>
    <message>
        <source>e.g. meal subsidies paid twice</source>
        <translation>例如：伙食补助重复发放</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>描述</translation>
    </message>
    <message>
        <source>What was found, where and when, and what shows it</source>
        <translation>发现了什么问题、在何时何地、有何佐证</translation>
    </message>
    <message>
        <source>Amount involved (yuan)</source>
        <translation>涉及金额（元）</translation>
    </message>
    <message>
        <source>e.g. 1234.50</source>
        <translation>例如：1234.50</translation>
    </message>
    <message>
        <source>Amount involved in yuan</source>
        <translation>涉及金额（元）</translation>
    </message>
    <message>
        <source>Persons involved (personal data)</source>
        <translation>涉及人员（个人信息）</translation>
    </message>
    <message>
        <source>Names, separated by commas</source>
        <translation>姓名，用顿号或逗号分隔</translation>
    </message>
    <message>
        <source>Persons involved</source>
        <translation>涉及人员</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>线索来源</translation>
    </message>
    <message>
        <source>Choose where it came from</source>
        <translation>选择线索来源</translation>
    </message>
    <message>
        <source>Found on</source>
        <translation>发现日期</translation>
    </message>
    <message>
        <source>YYYY-MM-DD</source>
        <translation>年-月-日</translation>
    </message>
    <message>
        <source>Found on, year-month-day</source>
        <translation>发现日期（年-月-日）</translation>
    </message>
    <message>
        <source>Save the finding</source>
        <translation>保存问题线索</translation>
    </message>
    <message>
        <source>Save changes</source>
        <translation>保存修改</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>放弃</translation>
    </message>
    <message>
        <source>Discard the changes not saved</source>
        <translation>放弃未保存的修改</translation>
    </message>
    <message>
        <source>Everything you type is kept encrypted on this device until you save it.</source>
        <translation>输入的内容在保存前加密保存在本设备上。</translation>
    </message>
    <message>
        <source>Next step</source>
        <translation>下一步</translation>
    </message>
    <message>
        <source>The finding will then be: %1</source>
        <translation>之后问题线索的状态：%1</translation>
    </message>
    <message>
        <source>No further step is open to your role.</source>
        <translation>您的角色没有可进行的下一步。</translation>
    </message>
    <message>
        <source>Save or discard your changes before the next step.</source>
        <translation>进行下一步前，请先保存或放弃修改。</translation>
    </message>
    <message>
        <source>Withdraw this finding…</source>
        <translation>撤回此问题线索…</translation>
    </message>
    <message>
        <source>Withdraw this finding</source>
        <translation>撤回此问题线索</translation>
    </message>
    <message>
        <source>Photos</source>
        <translation>照片</translation>
    </message>
    <message>
        <source>History</source>
        <translation>历史</translation>
    </message>
    <message>
        <source>Nothing recorded yet.</source>
        <translation>尚无记录。</translation>
    </message>
    <message>
        <source>Loading the finding</source>
        <translation>正在加载问题线索</translation>
    </message>
    <message>
        <source>A withdrawn finding stays on record with your reason, and can no longer be changed.</source>
        <translation>撤回的问题线索连同理由保留在记录中，不能再修改。</translation>
    </message>
    <message>
        <source>Why, e.g. recorded twice by two inspectors</source>
        <translation>理由，例如：两名检查人员重复登记</translation>
    </message>
    <message>
        <source>Reason for the withdrawal</source>
        <translation>撤回理由</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Withdraw</source>
        <translation>撤回</translation>
    </message>
    <message>
        <source>Answer this finding</source>
        <translation>答复此问题</translation>
    </message>
    <message>
        <source>Answer to a finding</source>
        <translation>问题答复</translation>
    </message>
    <message>
        <source>Accept it and say how the unit rectifies it, explain the circumstances, or dispute it with your reasons. The finding itself stays as the inspectors recorded it.</source>
        <translation>可以认领整改并说明整改办法，也可以作情况说明，或说明理由提出异议。问题本身保持检查组登记的原样。</translation>
    </message>
</context>
<context>
    <name>FindingsPage</name>
    <message>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <source>Findings: %1</source>
        <translation>问题线索：%1</translation>
    </message>
    <message>
        <source>Findings</source>
        <translation>问题线索</translation>
    </message>
    <message>
        <source>%1 findings</source>
        <translation>%1 条问题线索</translation>
    </message>
    <message>
        <source>All states</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <source>Show findings in this state</source>
        <translation>显示此状态的问题线索</translation>
    </message>
    <message>
        <source>Record a finding</source>
        <translation>登记问题线索</translation>
    </message>
    <message>
        <source>Loading more findings</source>
        <translation>正在加载更多问题线索</translation>
    </message>
    <message>
        <source>Loading findings</source>
        <translation>正在加载问题线索</translation>
    </message>
    <message>
        <source>No finding in this state.</source>
        <translation>没有此状态的问题线索。</translation>
    </message>
    <message>
        <source>No finding recorded yet.</source>
        <translation>尚未登记问题线索。</translation>
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
    <name>PageHeader</name>
    <message>
        <source>Back</source>
        <translation>返回</translation>
    </message>
</context>
<context>
    <name>PetitionSupervisionPage</name>
    <message>
        <source>Petition supervision</source>
        <translation>信访督办</translation>
    </message>
    <message>
        <source>&quot;Four styles&quot; petitions concluded &quot;unsubstantiated&quot; are verified again under supervision, by a named person and a deadline.</source>
        <translation>反映“四风”问题、调查结论为“否”的信访件，须重点督办复核：明确督办人和办结期限。</translation>
    </message>
    <message>
        <source>No supervised petition is overdue.</source>
        <translation>没有逾期未办结的督办信访件。</translation>
    </message>
    <message>
        <source>Nothing here.</source>
        <translation>暂无记录。</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>已逾期</translation>
    </message>
    <message>
        <source>received %1</source>
        <translation>%1 收件</translation>
    </message>
    <message>
        <source>No one follows it up yet.</source>
        <translation>尚未指定督办人。</translation>
    </message>
    <message>
        <source>Followed up by %1, due %2</source>
        <translation>督办人：%1，期限 %2</translation>
    </message>
    <message>
        <source>Outcome: %1</source>
        <translation>督办结果：%1</translation>
    </message>
    <message>
        <source>Assign…</source>
        <translation>指定督办…</translation>
    </message>
    <message>
        <source>Change…</source>
        <translation>调整督办…</translation>
    </message>
    <message>
        <source>Who follows up the petition about %1, and by when</source>
        <translation>指定%1信访件的督办人和期限</translation>
    </message>
    <message>
        <source>Record the outcome…</source>
        <translation>登记督办结果…</translation>
    </message>
    <message>
        <source>Record the outcome of the petition about %1</source>
        <translation>登记%1信访件的督办结果</translation>
    </message>
    <message>
        <source>Record the outcome</source>
        <translation>登记督办结果</translation>
    </message>
    <message>
        <source>Who follows it up</source>
        <translation>督办人和期限</translation>
    </message>
    <message>
        <source>Outcome recorded: the supervision of the petition about %1 is concluded.</source>
        <translation>已登记督办结果：%1信访件督办办结。</translation>
    </message>
    <message>
        <source>The petition about %1 is followed up by %2 until %3.</source>
        <translation>%1信访件由%2督办，期限 %3。</translation>
    </message>
    <message>
        <source>Followed up by</source>
        <translation>督办人</translation>
    </message>
    <message>
        <source>Name of the inspector</source>
        <translation>督办人姓名</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>督办期限</translation>
    </message>
    <message>
        <source>YYYY-MM-DD</source>
        <translation>年-月-日，如 2026-07-15</translation>
    </message>
    <message>
        <source>Once recorded, the outcome concludes the supervision and can no longer be changed.</source>
        <translation>督办结果登记后即办结，不能再修改。</translation>
    </message>
    <message>
        <source>What the verification found, and what was done</source>
        <translation>复核查明的情况及处理结果</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>督办结果</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Conclude</source>
        <translation>办结</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Save who follows it up</source>
        <translation>保存督办人和期限</translation>
    </message>
</context>
<context>
    <name>PhotoStrip</name>
    <message>
        <source>No photo yet. Photos are sealed into the encrypted store with their SHA-256 and time; they never go to the gallery.</source>
        <translation>尚无照片。照片连同 SHA-256 和时间封存在加密数据库中，不会进入相册。</translation>
    </message>
    <message>
        <source>Photos</source>
        <translation>照片</translation>
    </message>
    <message>
        <source>Photo %1, sealed %2, SHA-256 %3</source>
        <translation>照片 %1，封存于 %2，SHA-256 %3</translation>
    </message>
    <message>
        <source>Decrypting…</source>
        <translation>正在解密…</translation>
    </message>
    <message>
        <source>Take a photo</source>
        <translation>拍照</translation>
    </message>
    <message>
        <source>Choose a photo file…</source>
        <translation>选择照片文件…</translation>
    </message>
    <message>
        <source>Choose a photo file</source>
        <translation>选择照片文件</translation>
    </message>
    <message>
        <source>Sealing the photo</source>
        <translation>正在封存照片</translation>
    </message>
    <message>
        <source>The file itself is left as it is.</source>
        <translation>原文件保持不变。</translation>
    </message>
    <message>
        <source>Choose a photo</source>
        <translation>选择照片</translation>
    </message>
    <message>
        <source>Photos (*.jpg *.jpeg *.png *.heic)</source>
        <translation>照片 (*.jpg *.jpeg *.png *.heic)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
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
    <name>RecordFormPage</name>
    <message>
        <source>New: %1</source>
        <translation>新建%1</translation>
    </message>
    <message>
        <source>Saving</source>
        <translation>正在保存</translation>
    </message>
    <message>
        <source>What you typed before the app was closed is back. Save it, or discard it.</source>
        <translation>应用关闭前填写的内容已恢复。请保存或放弃。</translation>
    </message>
    <message>
        <source>Withdrawn</source>
        <translation>已撤回</translation>
    </message>
    <message>
        <source>Not saved yet</source>
        <translation>尚未保存</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Withdrawn: %1</source>
        <translation>已撤回：%1</translation>
    </message>
    <message>
        <source>Your role may not create this record.</source>
        <translation>您的角色不能新建此记录。</translation>
    </message>
    <message>
        <source>Your role may not change this record in its present state.</source>
        <translation>此记录当前状态下，您的角色不能修改。</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Save changes</source>
        <translation>保存修改</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>放弃</translation>
    </message>
    <message>
        <source>Discard the changes not saved</source>
        <translation>放弃未保存的修改</translation>
    </message>
    <message>
        <source>Everything you type is kept encrypted on this device until you save it.</source>
        <translation>填写的内容在保存前加密暂存在本设备上。</translation>
    </message>
    <message>
        <source>Next step</source>
        <translation>下一步</translation>
    </message>
    <message>
        <source>What you changed is saved with the step.</source>
        <translation>您的修改将随这一步一并保存。</translation>
    </message>
    <message>
        <source>It will then be: %1</source>
        <translation>之后状态为：%1</translation>
    </message>
    <message>
        <source>No further step is open to your role.</source>
        <translation>您的角色没有可进行的下一步。</translation>
    </message>
    <message>
        <source>Withdraw…</source>
        <translation>撤回…</translation>
    </message>
    <message>
        <source>Withdraw this record</source>
        <translation>撤回此记录</translation>
    </message>
    <message>
        <source>History</source>
        <translation>记录历史</translation>
    </message>
    <message>
        <source>Nothing recorded yet.</source>
        <translation>暂无记录。</translation>
    </message>
    <message>
        <source>Loading</source>
        <translation>正在加载</translation>
    </message>
    <message>
        <source>A withdrawn record stays on file with your reason, and can no longer be changed.</source>
        <translation>撤回的记录连同撤回理由保留在案，不能再修改。</translation>
    </message>
    <message>
        <source>Why, e.g. filed twice</source>
        <translation>撤回理由，如：重复填报</translation>
    </message>
    <message>
        <source>Reason for the withdrawal</source>
        <translation>撤回理由</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Withdraw</source>
        <translation>撤回</translation>
    </message>
    <message>
        <source>%1 (required)</source>
        <translation>%1（必填）</translation>
    </message>
    <message>
        <source>YYYY-MM-DD</source>
        <translation>年-月-日，如 2026-05-12</translation>
    </message>
    <message>
        <source>YYYY-MM</source>
        <translation>年-月，如 2026-05</translation>
    </message>
    <message>
        <source>e.g. 1234.50</source>
        <translation>如 1234.50</translation>
    </message>
    <message>
        <source>A whole number</source>
        <translation>填写整数</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>请选择…</translation>
    </message>
</context>
<context>
    <name>RecordLabels</name>
    <message>
        <source>Bureau department</source>
        <comment>unit type 机关科室</comment>
        <translation>机关科室</translation>
    </message>
    <message>
        <source>Elderly home</source>
        <comment>unit type 养老机构</comment>
        <translation>养老机构</translation>
    </message>
    <message>
        <source>Child welfare institution</source>
        <comment>unit type 儿童福利机构</comment>
        <translation>儿童福利机构</translation>
    </message>
    <message>
        <source>Relief station</source>
        <comment>unit type 救助管理站</comment>
        <translation>救助管理站</translation>
    </message>
    <message>
        <source>Funeral service</source>
        <comment>unit type 殡葬服务机构</comment>
        <translation>殡葬服务机构</translation>
    </message>
    <message>
        <source>Marriage registry</source>
        <comment>unit type 婚姻登记处</comment>
        <translation>婚姻登记处</translation>
    </message>
    <message>
        <source>Community service</source>
        <comment>unit type 社区服务机构</comment>
        <translation>社区服务机构</translation>
    </message>
    <message>
        <source>Affiliated unit</source>
        <comment>unit type 其他直属单位</comment>
        <translation>其他直属单位</translation>
    </message>
    <message>
        <source>The two responsibilities not carried out</source>
        <comment>problem category 落实“两个责任”不力</comment>
        <translation>落实“两个责任”不力</translation>
    </message>
    <message>
        <source>Breach of the eight rules</source>
        <comment>problem category 违反中央八项规定精神</comment>
        <translation>违反中央八项规定精神</translation>
    </message>
    <message>
        <source>Four styles</source>
        <comment>problem category “四风”问题</comment>
        <translation>“四风”问题</translation>
    </message>
    <message>
        <source>Harm to the public&apos;s interests</source>
        <comment>problem category 损害群众利益</comment>
        <translation>损害群众利益</translation>
    </message>
    <message>
        <source>Misconduct</source>
        <comment>problem category 乱作为</comment>
        <translation>乱作为</translation>
    </message>
    <message>
        <source>Inaction</source>
        <comment>problem category 不作为</comment>
        <translation>不作为</translation>
    </message>
    <message>
        <source>Internal management and style</source>
        <comment>problem category 内部管理与作风</comment>
        <translation>内部管理与作风</translation>
    </message>
    <message>
        <source>Safety hazard</source>
        <comment>problem category 安全隐患</comment>
        <translation>安全隐患</translation>
    </message>
    <message>
        <source>Recorded</source>
        <comment>finding status 已登记</comment>
        <translation>已登记</translation>
    </message>
    <message>
        <source>Submitted</source>
        <comment>finding status 已提交</comment>
        <translation>已提交</translation>
    </message>
    <message>
        <source>Verified</source>
        <comment>finding status 已核实</comment>
        <translation>已核实</translation>
    </message>
    <message>
        <source>Case opened</source>
        <comment>finding status 已立案</comment>
        <translation>已立案</translation>
    </message>
    <message>
        <source>Transferred</source>
        <comment>finding status 已移交</comment>
        <translation>已移交</translation>
    </message>
    <message>
        <source>Being rectified</source>
        <comment>finding status 整改中</comment>
        <translation>整改中</translation>
    </message>
    <message>
        <source>Closed</source>
        <comment>finding status 已办结</comment>
        <translation>已办结</translation>
    </message>
    <message>
        <source>Draft</source>
        <comment>rectification plan status 草稿</comment>
        <translation>草稿</translation>
    </message>
    <message>
        <source>Submitted</source>
        <comment>rectification plan status 已提交</comment>
        <translation>已提交</translation>
    </message>
    <message>
        <source>Accepted</source>
        <comment>rectification plan status 已通过</comment>
        <translation>已通过</translation>
    </message>
    <message>
        <source>Returned</source>
        <comment>rectification plan status 已退回</comment>
        <translation>已退回</translation>
    </message>
    <message>
        <source>Completed</source>
        <comment>rectification plan status 已完成</comment>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Rectify at once</source>
        <comment>measure kind 立行立改</comment>
        <translation>立行立改</translation>
    </message>
    <message>
        <source>Long-term</source>
        <comment>measure kind 长期坚持</comment>
        <translation>长期坚持</translation>
    </message>
    <message>
        <source>Needs higher-level support</source>
        <comment>measure kind 需上级支持</comment>
        <translation>需上级支持</translation>
    </message>
    <message>
        <source>Not started</source>
        <comment>measure status 未开始</comment>
        <translation>未开始</translation>
    </message>
    <message>
        <source>In progress</source>
        <comment>measure status 推进中</comment>
        <translation>推进中</translation>
    </message>
    <message>
        <source>Done</source>
        <comment>measure status 已完成</comment>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Draft</source>
        <comment>monthly report status 草稿</comment>
        <translation>草稿</translation>
    </message>
    <message>
        <source>Filed</source>
        <comment>monthly report status 已报送</comment>
        <translation>已报送</translation>
    </message>
    <message>
        <source>Leader in charge</source>
        <comment>escalated to 分管领导</comment>
        <translation>分管领导</translation>
    </message>
    <message>
        <source>Party committee</source>
        <comment>escalated to 局党委</comment>
        <translation>局党委</translation>
    </message>
    <message>
        <source>Higher authorities</source>
        <comment>escalated to 上级部门</comment>
        <translation>上级部门</translation>
    </message>
    <message>
        <source>Awaiting an answer</source>
        <comment>escalation status 待批复</comment>
        <translation>待批复</translation>
    </message>
    <message>
        <source>Answered</source>
        <comment>escalation status 已批复</comment>
        <translation>已批复</translation>
    </message>
    <message>
        <source>Closed</source>
        <comment>escalation status 已办结</comment>
        <translation>已办结</translation>
    </message>
    <message>
        <source>Planned</source>
        <comment>visit status 计划</comment>
        <translation>计划</translation>
    </message>
    <message>
        <source>In progress</source>
        <comment>visit status 进行中</comment>
        <translation>进行中</translation>
    </message>
    <message>
        <source>Submitted</source>
        <comment>visit status 已提交</comment>
        <translation>已提交</translation>
    </message>
    <message>
        <source>Reviewed</source>
        <comment>visit status 已审核</comment>
        <translation>已审核</translation>
    </message>
    <message>
        <source>Created</source>
        <comment>audit action</comment>
        <translation>创建</translation>
    </message>
    <message>
        <source>Changed</source>
        <comment>audit action</comment>
        <translation>修改</translation>
    </message>
    <message>
        <source>Withdrawn</source>
        <comment>audit action</comment>
        <translation>撤回</translation>
    </message>
    <message>
        <source>Restored</source>
        <comment>audit action</comment>
        <translation>恢复</translation>
    </message>
    <message>
        <source>Conflict resolved</source>
        <comment>audit action</comment>
        <translation>处理冲突</translation>
    </message>
    <message>
        <source>Document attached</source>
        <comment>audit action</comment>
        <translation>添加附件</translation>
    </message>
    <message>
        <source>Status</source>
        <comment>field 状态</comment>
        <translation>状态</translation>
    </message>
    <message>
        <source>Description</source>
        <comment>field 问题描述/措施内容</comment>
        <translation>描述</translation>
    </message>
    <message>
        <source>Note</source>
        <comment>field 备注</comment>
        <translation>备注</translation>
    </message>
    <message>
        <source>Due date</source>
        <comment>field 完成期限</comment>
        <translation>完成期限</translation>
    </message>
    <message>
        <source>Unit</source>
        <comment>field 单位</comment>
        <translation>单位</translation>
    </message>
    <message>
        <source>Name</source>
        <comment>field 名称</comment>
        <translation>名称</translation>
    </message>
    <message>
        <source>Address</source>
        <comment>field 地址</comment>
        <translation>地址</translation>
    </message>
    <message>
        <source>Problem category</source>
        <comment>field 问题类别</comment>
        <translation>问题类别</translation>
    </message>
    <message>
        <source>Specific problem</source>
        <comment>field 具体问题</comment>
        <translation>具体问题</translation>
    </message>
    <message>
        <source>Amount involved (yuan)</source>
        <comment>field 涉及金额（元）</comment>
        <translation>涉及金额（元）</translation>
    </message>
    <message>
        <source>Persons involved</source>
        <comment>field 涉及人员</comment>
        <translation>涉及人员</translation>
    </message>
    <message>
        <source>Source of the clue</source>
        <comment>field 线索来源</comment>
        <translation>线索来源</translation>
    </message>
    <message>
        <source>Date found</source>
        <comment>field 发现日期</comment>
        <translation>发现日期</translation>
    </message>
    <message>
        <source>Inspectors present</source>
        <comment>field 在场检查人员</comment>
        <translation>在场检查人员</translation>
    </message>
    <message>
        <source>Checklist answers</source>
        <comment>field 检查结果</comment>
        <translation>检查结果</translation>
    </message>
    <message>
        <source>Visit notes</source>
        <comment>field 检查记录</comment>
        <translation>检查记录</translation>
    </message>
    <message>
        <source>Planned date</source>
        <comment>field 计划日期</comment>
        <translation>计划日期</translation>
    </message>
    <message>
        <source>Person responsible</source>
        <comment>field 责任人</comment>
        <translation>责任人</translation>
    </message>
    <message>
        <source>Deadline</source>
        <comment>field 完成时限</comment>
        <translation>完成时限</translation>
    </message>
    <message>
        <source>Evidence of completion</source>
        <comment>field 完成佐证</comment>
        <translation>完成佐证</translation>
    </message>
    <message>
        <source>Title</source>
        <comment>field 标题</comment>
        <translation>标题</translation>
    </message>
    <message>
        <source>Analysis of the causes</source>
        <comment>field 原因剖析</comment>
        <translation>原因剖析</translation>
    </message>
    <message>
        <source>Conclusion of the inquiry</source>
        <comment>field 调查结论</comment>
        <translation>调查结论</translation>
    </message>
    <message>
        <source>Supervisor</source>
        <comment>field 督办人</comment>
        <translation>督办人</translation>
    </message>
    <message>
        <source>Supervision deadline</source>
        <comment>field 督办期限</comment>
        <translation>督办期限</translation>
    </message>
    <message>
        <source>Outcome of the supervision</source>
        <comment>field 督办结果</comment>
        <translation>督办结果</translation>
    </message>
    <message>
        <source>Rectification work done</source>
        <comment>field 整改工作情况</comment>
        <translation>整改工作情况</translation>
    </message>
    <message>
        <source>Problems remaining</source>
        <comment>field 存在问题</comment>
        <translation>存在问题</translation>
    </message>
    <message>
        <source>Plan for next month</source>
        <comment>field 下一步工作计划</comment>
        <translation>下一步工作计划</translation>
    </message>
    <message>
        <source>Withdrawn or kept</source>
        <comment>conflict between an edit and a withdrawal 撤回</comment>
        <translation>撤回还是保留</translation>
    </message>
    <message>
        <source>On-site inspection</source>
        <comment>finding source 现场检查</comment>
        <translation>现场检查</translation>
    </message>
    <message>
        <source>Self-inspection</source>
        <comment>finding source 自查自纠</comment>
        <translation>自查自纠</translation>
    </message>
    <message>
        <source>Petition or report</source>
        <comment>finding source 信访举报</comment>
        <translation>信访举报</translation>
    </message>
    <message>
        <source>Spot check</source>
        <comment>finding source 重点抽查</comment>
        <translation>重点抽查</translation>
    </message>
    <message>
        <source>Clue screening</source>
        <comment>finding source 线索排查</comment>
        <translation>线索排查</translation>
    </message>
    <message>
        <source>Submit for review</source>
        <comment>finding move 已登记 → 已提交</comment>
        <translation>提交审核</translation>
    </message>
    <message>
        <source>Return for rework</source>
        <comment>finding move 已提交 → 已登记</comment>
        <translation>退回修改</translation>
    </message>
    <message>
        <source>Confirm as verified</source>
        <comment>finding move 已提交 → 已核实</comment>
        <translation>确认核实</translation>
    </message>
    <message>
        <source>Open a case</source>
        <comment>finding move 已核实 → 已立案</comment>
        <translation>立案</translation>
    </message>
    <message>
        <source>Transfer to another authority</source>
        <comment>finding move 已核实 → 已移交</comment>
        <translation>移交有关机关</translation>
    </message>
    <message>
        <source>Order rectification</source>
        <comment>finding move 已核实 → 整改中</comment>
        <translation>责令整改</translation>
    </message>
    <message>
        <source>Order rectification</source>
        <comment>finding move 已立案 → 整改中</comment>
        <translation>责令整改</translation>
    </message>
    <message>
        <source>Order rectification</source>
        <comment>finding move 已移交 → 整改中</comment>
        <translation>责令整改</translation>
    </message>
    <message>
        <source>Close the case</source>
        <comment>finding move 已立案 → 已办结</comment>
        <translation>办结</translation>
    </message>
    <message>
        <source>Close as rectified</source>
        <comment>finding move 整改中 → 已办结</comment>
        <translation>整改完成办结</translation>
    </message>
    <message>
        <source>Move to “%1”</source>
        <comment>a life-cycle move the app has no word for</comment>
        <translation>转为“%1”</translation>
    </message>
    <message>
        <source>OK</source>
        <comment>checklist answer 符合</comment>
        <translation>符合</translation>
    </message>
    <message>
        <source>Problem</source>
        <comment>checklist answer 存在问题</comment>
        <translation>存在问题</translation>
    </message>
    <message>
        <source>Not applicable</source>
        <comment>checklist answer 不适用</comment>
        <translation>不适用</translation>
    </message>
    <message>
        <source>Yes</source>
        <comment>checklist answer 是</comment>
        <translation>是</translation>
    </message>
    <message>
        <source>No</source>
        <comment>checklist answer 否</comment>
        <translation>否</translation>
    </message>
    <message>
        <source>Accepted: the unit rectifies</source>
        <comment>answer stance 认领整改</comment>
        <translation>认领整改</translation>
    </message>
    <message>
        <source>Explanation of the facts</source>
        <comment>answer stance 情况说明</comment>
        <translation>情况说明</translation>
    </message>
    <message>
        <source>Disputed</source>
        <comment>answer stance 有异议</comment>
        <translation>有异议</translation>
    </message>
    <message>
        <source>Draft</source>
        <comment>finding answer status 草稿</comment>
        <translation>草稿</translation>
    </message>
    <message>
        <source>Submitted</source>
        <comment>finding answer status 已提交</comment>
        <translation>已提交</translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <comment>finding answer status 已阅</comment>
        <translation>已阅</translation>
    </message>
    <message>
        <source>Not reported</source>
        <comment>accountability reason 不上报</comment>
        <translation>不上报</translation>
    </message>
    <message>
        <source>Not rectified</source>
        <comment>accountability reason 不整改</comment>
        <translation>不整改</translation>
    </message>
    <message>
        <source>Measures not carried out</source>
        <comment>accountability reason 整改措施不落实</comment>
        <translation>整改措施不落实</translation>
    </message>
    <message>
        <source>Concealed</source>
        <comment>accountability reason 瞒报</comment>
        <translation>瞒报</translation>
    </message>
    <message>
        <source>Left out of the report</source>
        <comment>accountability reason 漏报</comment>
        <translation>漏报</translation>
    </message>
    <message>
        <source>Poor rectification</source>
        <comment>accountability reason 整改不力</comment>
        <translation>整改不力</translation>
    </message>
    <message>
        <source>Public notice</source>
        <comment>accountability measure 通报</comment>
        <translation>通报</translation>
    </message>
    <message>
        <source>Reminder talk</source>
        <comment>accountability measure 谈话提醒</comment>
        <translation>谈话提醒</translation>
    </message>
    <message>
        <source>Organisational measures</source>
        <comment>accountability measure 组织处理</comment>
        <translation>组织处理</translation>
    </message>
    <message>
        <source>Party discipline</source>
        <comment>accountability measure 党纪处分</comment>
        <translation>党纪处分</translation>
    </message>
    <message>
        <source>Proposed</source>
        <comment>accountability status 拟问责</comment>
        <translation>拟问责</translation>
    </message>
    <message>
        <source>Confirmed</source>
        <comment>accountability status 已确认</comment>
        <translation>已确认</translation>
    </message>
    <message>
        <source>Dismissed</source>
        <comment>accountability status 不予问责</comment>
        <translation>不予问责</translation>
    </message>
    <message>
        <source>Submit the plan</source>
        <comment>plan move 草稿 → 已提交</comment>
        <translation>提交整改方案</translation>
    </message>
    <message>
        <source>Submit the plan again</source>
        <comment>plan move 已退回 → 已提交</comment>
        <translation>重新提交整改方案</translation>
    </message>
    <message>
        <source>Accept the plan</source>
        <comment>plan move 已提交 → 已通过</comment>
        <translation>审核通过</translation>
    </message>
    <message>
        <source>Return the plan for revision</source>
        <comment>plan move 已提交 → 已退回</comment>
        <translation>退回修改</translation>
    </message>
    <message>
        <source>Report the plan completed</source>
        <comment>plan move 已通过 → 已完成</comment>
        <translation>报告整改完成</translation>
    </message>
    <message>
        <source>Start the measure</source>
        <comment>measure move 未开始 → 推进中</comment>
        <translation>开始推进</translation>
    </message>
    <message>
        <source>Report the measure done</source>
        <comment>measure move 未开始 → 已完成</comment>
        <translation>报告已完成</translation>
    </message>
    <message>
        <source>Report the measure done</source>
        <comment>measure move 推进中 → 已完成</comment>
        <translation>报告已完成</translation>
    </message>
    <message>
        <source>Reopen the measure</source>
        <comment>measure move 已完成 → 推进中</comment>
        <translation>重新推进</translation>
    </message>
    <message>
        <source>File the report</source>
        <comment>monthly report move 草稿 → 已报送</comment>
        <translation>报送</translation>
    </message>
    <message>
        <source>Return the report to the unit</source>
        <comment>monthly report move 已报送 → 草稿</comment>
        <translation>退回单位</translation>
    </message>
    <message>
        <source>Give the answer</source>
        <comment>escalation move 待批复 → 已批复</comment>
        <translation>批复</translation>
    </message>
    <message>
        <source>Reopen the question</source>
        <comment>escalation move 已批复 → 待批复</comment>
        <translation>重新待批复</translation>
    </message>
    <message>
        <source>Close the escalation</source>
        <comment>escalation move 已批复 → 已办结</comment>
        <translation>办结</translation>
    </message>
    <message>
        <source>Submit the answer</source>
        <comment>finding answer move 草稿 → 已提交</comment>
        <translation>提交答复</translation>
    </message>
    <message>
        <source>Acknowledge the answer</source>
        <comment>finding answer move 已提交 → 已阅</comment>
        <translation>阅知</translation>
    </message>
    <message>
        <source>Confirm accountability</source>
        <comment>accountability move 拟问责 → 已确认</comment>
        <translation>确认问责</translation>
    </message>
    <message>
        <source>Dismiss: no accountability</source>
        <comment>accountability move 拟问责 → 不予问责</comment>
        <translation>不予问责</translation>
    </message>
    <message>
        <source>Month covered</source>
        <comment>field 期间</comment>
        <translation>期间</translation>
    </message>
    <message>
        <source>Zero report: no problem found</source>
        <comment>field 零报告</comment>
        <translation>零报告（未发现问题）</translation>
    </message>
    <message>
        <source>Problems found</source>
        <comment>field 自查问题数</comment>
        <translation>自查问题数</translation>
    </message>
    <message>
        <source>What the self-inspection covered</source>
        <comment>field 自查情况</comment>
        <translation>自查情况</translation>
    </message>
    <message>
        <source>Kind of measure</source>
        <comment>field 类型</comment>
        <translation>措施类型</translation>
    </message>
    <message>
        <source>Completed on</source>
        <comment>field 完成日期</comment>
        <translation>完成日期</translation>
    </message>
    <message>
        <source>Month</source>
        <comment>field 月份</comment>
        <translation>月份</translation>
    </message>
    <message>
        <source>Filed on</source>
        <comment>field 报送日期</comment>
        <translation>报送日期</translation>
    </message>
    <message>
        <source>Submitted on</source>
        <comment>field 提交日期</comment>
        <translation>提交日期</translation>
    </message>
    <message>
        <source>Question asked</source>
        <comment>field 请示事项</comment>
        <translation>请示事项</translation>
    </message>
    <message>
        <source>Addressed to</source>
        <comment>field 报送对象</comment>
        <translation>报送对象</translation>
    </message>
    <message>
        <source>Asked on</source>
        <comment>field 请示日期</comment>
        <translation>请示日期</translation>
    </message>
    <message>
        <source>Answer</source>
        <comment>field 批复意见</comment>
        <translation>批复意见</translation>
    </message>
    <message>
        <source>Answered on</source>
        <comment>field 批复日期</comment>
        <translation>批复日期</translation>
    </message>
    <message>
        <source>The unit&apos;s position</source>
        <comment>field 答复意见</comment>
        <translation>答复意见</translation>
    </message>
    <message>
        <source>Answer</source>
        <comment>field 答复内容</comment>
        <translation>答复内容</translation>
    </message>
    <message>
        <source>Held accountable</source>
        <comment>field 问责对象</comment>
        <translation>问责对象</translation>
    </message>
    <message>
        <source>Grounds</source>
        <comment>field 问责情形</comment>
        <translation>问责情形</translation>
    </message>
    <message>
        <source>Measure taken</source>
        <comment>field 问责方式</comment>
        <translation>问责方式</translation>
    </message>
    <message>
        <source>Basis</source>
        <comment>field 依据</comment>
        <translation>依据</translation>
    </message>
    <message>
        <source>Decision</source>
        <comment>field 处理意见</comment>
        <translation>处理意见</translation>
    </message>
    <message>
        <source>Decided on</source>
        <comment>field 决定日期</comment>
        <translation>决定日期</translation>
    </message>
    <message>
        <source>Finding</source>
        <comment>record type 问题线索</comment>
        <translation>问题线索</translation>
    </message>
    <message>
        <source>Self-inspection</source>
        <comment>record type 自查自纠</comment>
        <translation>自查自纠</translation>
    </message>
    <message>
        <source>Rectification plan</source>
        <comment>record type 整改方案</comment>
        <translation>整改方案</translation>
    </message>
    <message>
        <source>Rectification measure</source>
        <comment>record type 整改措施</comment>
        <translation>整改措施</translation>
    </message>
    <message>
        <source>Monthly rectification report</source>
        <comment>record type 月度整改报告</comment>
        <translation>月度整改报告</translation>
    </message>
    <message>
        <source>Escalation</source>
        <comment>record type 请示报告</comment>
        <translation>请示报告</translation>
    </message>
    <message>
        <source>Answer to a finding</source>
        <comment>record type 问题答复</comment>
        <translation>问题答复</translation>
    </message>
    <message>
        <source>Accountability case</source>
        <comment>record type 问责</comment>
        <translation>问责</translation>
    </message>
    <message>
        <source>Letter</source>
        <comment>petition channel 来信</comment>
        <translation>来信</translation>
    </message>
    <message>
        <source>In person</source>
        <comment>petition channel 来访</comment>
        <translation>来访</translation>
    </message>
    <message>
        <source>Hotline</source>
        <comment>petition channel 热线电话</comment>
        <translation>热线电话</translation>
    </message>
    <message>
        <source>Online message</source>
        <comment>petition channel 网上留言</comment>
        <translation>网上留言</translation>
    </message>
    <message>
        <source>Referred from above</source>
        <comment>petition channel 上级转办</comment>
        <translation>上级转办</translation>
    </message>
    <message>
        <source>Under inquiry</source>
        <comment>petition conclusion 待查</comment>
        <translation>待查</translation>
    </message>
    <message>
        <source>Substantiated</source>
        <comment>petition conclusion 属实</comment>
        <translation>属实</translation>
    </message>
    <message>
        <source>Partly substantiated</source>
        <comment>petition conclusion 部分属实</comment>
        <translation>部分属实</translation>
    </message>
    <message>
        <source>Unsubstantiated</source>
        <comment>petition conclusion 否</comment>
        <translation>否</translation>
    </message>
    <message>
        <source>No supervision needed</source>
        <comment>supervision status 无需督办</comment>
        <translation>无需督办</translation>
    </message>
    <message>
        <source>To be assigned</source>
        <comment>supervision status 待督办</comment>
        <translation>待督办</translation>
    </message>
    <message>
        <source>Under supervision</source>
        <comment>supervision status 督办中</comment>
        <translation>督办中</translation>
    </message>
    <message>
        <source>Concluded</source>
        <comment>supervision status 已办结</comment>
        <translation>已办结</translation>
    </message>
</context>
<context>
    <name>RegisterPage</name>
    <message>
        <source>Nothing here.</source>
        <translation>暂无记录。</translation>
    </message>
    <message>
        <source>Loading</source>
        <translation>正在读取</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <comment>a register&apos;s filter and its count</comment>
        <translation>%1 · %2</translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n record(s), the most urgent first.</source>
        <translation>
            <numerusform>共 %n 条，显示前 %1 条，最紧急的在前。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n record(s), the most urgent first.</source>
        <translation>
            <numerusform>共 %n 条，最紧急的在前。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Automatic lock</source>
        <translation>自动锁定</translation>
    </message>
    <message>
        <source>The app locks itself after this time without use, and at once when it goes to the background.</source>
        <translation>超过此时间未操作时应用自动锁定；切到后台时立即锁定。</translation>
    </message>
    <message>
        <source>Lock after</source>
        <translation>自动锁定时间</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>PIN 码</translation>
    </message>
    <message>
        <source>This device has no key store: it is always unlocked with the passphrase.</source>
        <translation>本设备没有系统密钥库，只能用口令解锁。</translation>
    </message>
    <message>
        <source>A PIN unlocks this device. After 5 wrong PINs in a row only the passphrase does.</source>
        <translation>已设置 PIN 码解锁。连续输错 5 次后只能用口令解锁。</translation>
    </message>
    <message>
        <source>Set a PIN of 4 to 12 digits to unlock quickly on site. The passphrase keeps working.</source>
        <translation>设置 4 至 12 位数字的 PIN 码，便于现场快速解锁；口令仍然有效。</translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation>口令</translation>
    </message>
    <message>
        <source>New PIN (4 to 12 digits)</source>
        <translation>新 PIN 码（4 至 12 位数字）</translation>
    </message>
    <message>
        <source>New PIN</source>
        <translation>新 PIN 码</translation>
    </message>
    <message>
        <source>Repeat the PIN</source>
        <translation>再次输入 PIN 码</translation>
    </message>
    <message>
        <source>Change PIN</source>
        <translation>修改 PIN 码</translation>
    </message>
    <message>
        <source>Set PIN</source>
        <translation>设置 PIN 码</translation>
    </message>
    <message>
        <source>Remove PIN</source>
        <translation>取消 PIN 码</translation>
    </message>
    <message>
        <source>Records on this device</source>
        <translation>本设备上的记录</translation>
    </message>
    <message>
        <source>About this device</source>
        <translation>关于本设备</translation>
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
        <translation>结构</translation>
    </message>
    <message>
        <source>version %1</source>
        <translation>版本 %1</translation>
    </message>
    <message>
        <source>FieldCheck %1</source>
        <translation>正风巡检 %1</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>从不</translation>
    </message>
    <message numerus="yes">
        <source>After %n minute(s)</source>
        <translation>
            <numerusform>%n 分钟后</numerusform>
        </translation>
    </message>
    <message>
        <source>The passphrase encrypts everything on this device. Changing it does not touch the records; a PIN keeps working.</source>
        <translation>口令加密本设备上的全部内容。修改口令不影响记录，已设置的 PIN 码继续有效。</translation>
    </message>
    <message>
        <source>Current passphrase</source>
        <translation>当前口令</translation>
    </message>
    <message>
        <source>New passphrase (at least %1 characters)</source>
        <translation>新口令（至少 %1 个字符）</translation>
    </message>
    <message>
        <source>New passphrase</source>
        <translation>新口令</translation>
    </message>
    <message>
        <source>Repeat the new passphrase</source>
        <translation>再次输入新口令</translation>
    </message>
    <message>
        <source>Change passphrase</source>
        <translation>修改口令</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <source>%1, as %2 (%3)</source>
        <translation>%1，用户 %2（%3）</translation>
    </message>
    <message>
        <source>not enrolled (see Sync)</source>
        <translation>尚未登记（见“同步”）</translation>
    </message>
</context>
<context>
    <name>SignaturePad</name>
    <message>
        <source>Signature area: the unit&apos;s representative signs here with a finger</source>
        <translation>签字区：被检查单位代表用手指在此签字</translation>
    </message>
    <message>
        <source>Sign here</source>
        <translation>请在此签字</translation>
    </message>
</context>
<context>
    <name>SpotCheckDrawDetailPage</name>
    <message>
        <source>Draw for %1</source>
        <translation>%1 抽查抽签</translation>
    </message>
    <message>
        <source>Spot-check draw</source>
        <translation>抽查抽签</translation>
    </message>
    <message>
        <source>This draw is not on this device.</source>
        <translation>本设备上没有这次抽签。</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>概况</translation>
    </message>
    <message>
        <source>The draw is recorded. Publish the picks with the seed and the candidate list: anyone can recompute them.</source>
        <translation>抽签结果已记录。请将抽中单位连同种子和候选单位名单一并公布，任何人都可据此复算。</translation>
    </message>
    <message>
        <source>Drawn %1 by %2</source>
        <translation>%1 由 %2 抽签</translation>
    </message>
    <message>
        <source>%1 drawn at random of %2 candidates, and %3 mandatory spot checks.</source>
        <translation>从 %2 个候选单位中随机抽取 %1 个，另有必须重点抽查单位 %3 个。</translation>
    </message>
    <message>
        <source>Withdrawn: %1</source>
        <translation>已撤销：%1</translation>
    </message>
    <message>
        <source>This draw was changed after it was made. Verify it to see what differs.</source>
        <translation>这次抽签在抽取后被改动过。请核验，查看哪里不一致。</translation>
    </message>
    <message>
        <source>Drawn at random</source>
        <translation>随机抽取</translation>
    </message>
    <message>
        <source>No unit was drawn at random: only the mandatory spot checks.</source>
        <translation>未随机抽取单位，只有必须重点抽查的单位。</translation>
    </message>
    <message>
        <source>Number %1 of the candidate list, sampler step i = %2</source>
        <translation>候选单位名单第 %1 号，抽样步骤 i = %2</translation>
    </message>
    <message>
        <source>Mandatory spot checks</source>
        <translation>必须重点抽查</translation>
    </message>
    <message>
        <source>None: no unit filed a zero report while complaints about it came in.</source>
        <translation>无：没有单位在收到群众反映的同时报送“零报告”。</translation>
    </message>
    <message>
        <source>Zero report while complaints came in: %1</source>
        <translation>有群众反映却报送“零报告”：反映 %1 件</translation>
    </message>
    <message>
        <source>Seed and candidates</source>
        <translation>种子和候选单位</translation>
    </message>
    <message>
        <source>%1 gave %2</source>
        <translation>%1 提供：%2</translation>
    </message>
    <message>
        <source>Seed (the parts joined in this order)</source>
        <translation>种子（各方种子按此顺序连接）</translation>
    </message>
    <message>
        <source>SHA-256 of the %1 candidates</source>
        <translation>%1 个候选单位名单的 SHA-256 值</translation>
    </message>
    <message>
        <source>Show the candidate list</source>
        <translation>查看候选单位名单</translation>
    </message>
    <message>
        <source>Verification</source>
        <translation>核验</translation>
    </message>
    <message>
        <source>Recomputes the draw from its record and the units, zero reports and complaints on this device, and names every difference.</source>
        <translation>根据抽签记录以及本设备上的单位、零报告和群众反映重新计算这次抽签，并指出每一处不一致。</translation>
    </message>
    <message>
        <source>Verify again</source>
        <translation>再次核验</translation>
    </message>
    <message>
        <source>Verify</source>
        <translation>核验</translation>
    </message>
    <message>
        <source>Verify the draw</source>
        <translation>核验这次抽签</translation>
    </message>
    <message>
        <source>Verifying</source>
        <translation>正在核验</translation>
    </message>
    <message>
        <source>Verified: recomputed from its record and the store, no difference.</source>
        <translation>核验通过：根据抽签记录和本机数据重新计算，结果一致。</translation>
    </message>
    <message>
        <source>Does not verify: %1 of %2 checks failed.</source>
        <translation>核验未通过：%2 项检查中有 %1 项未通过。</translation>
    </message>
    <message>
        <source>passed</source>
        <translation>通过</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>未通过</translation>
    </message>
    <message>
        <source>Note: %1</source>
        <translation>说明：%1</translation>
    </message>
    <message>
        <source>How to recompute</source>
        <translation>如何复算</translation>
    </message>
    <message>
        <source>Anyone can check the draw without this app: save these lines as draw.py and run python3 draw.py. It checks the candidate list against its SHA-256, joins the seed, runs Rivest&apos;s SHA-256 sampler and compares every pick.</source>
        <translation>不用本应用也能核对这次抽签：将以下代码保存为 draw.py，运行 python3 draw.py。它会用 SHA-256 值核对候选单位名单、连接种子、运行 Rivest SHA-256 抽样算法，并逐一比对抽取结果。</translation>
    </message>
    <message>
        <source>Python 3</source>
        <translation>Python 3 代码</translation>
    </message>
    <message>
        <source>Withdraw this draw</source>
        <translation>撤销这次抽签</translation>
    </message>
    <message>
        <source>A withdrawn draw stays in the list with its reason; a new draw for %1 can then be made.</source>
        <translation>撤销的抽签连同理由保留在列表中；撤销后才能重新进行 %1 的抽签。</translation>
    </message>
    <message>
        <source>Reason, e.g. a party was not present</source>
        <translation>理由，例如：有一方未到场</translation>
    </message>
    <message>
        <source>Reason for withdrawing the draw</source>
        <translation>撤销抽签的理由</translation>
    </message>
    <message>
        <source>Withdraw the draw</source>
        <translation>撤销抽签</translation>
    </message>
</context>
<context>
    <name>SpotCheckDrawPage</name>
    <message>
        <source>Discipline inspection group</source>
        <translation>纪检组</translation>
    </message>
    <message>
        <source>Bureau office</source>
        <translation>局办公室</translation>
    </message>
    <message>
        <source>Party</source>
        <translation>提供方</translation>
    </message>
    <message>
        <source>New spot-check draw</source>
        <translation>新的抽查抽签</translation>
    </message>
    <message>
        <source>Your role may not make a spot-check draw: only discipline inspectors may.</source>
        <translation>您的角色不能进行抽查抽签：只有纪检人员可以。</translation>
    </message>
    <message>
        <source>1. Period and candidates</source>
        <translation>一、抽查月份和候选单位</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>月份</translation>
    </message>
    <message>
        <source>YYYY-MM, e.g. 2026-04</source>
        <translation>年-月，例如 2026-04</translation>
    </message>
    <message>
        <source>Month of the draw</source>
        <translation>抽签所属月份</translation>
    </message>
    <message>
        <source>Reading the candidates</source>
        <translation>正在读取候选单位</translation>
    </message>
    <message>
        <source>%1 candidate units: the units in force, less the mandatory spot checks, by unit code.</source>
        <translation>候选单位 %1 个：现有单位中除去必须重点抽查的单位，按单位编码排列。</translation>
    </message>
    <message>
        <source>SHA-256 of the candidate list: announce it, with the list, before the parties give their seed parts</source>
        <translation>候选单位名单的 SHA-256 值：请在各方提供种子之前，连同名单一并公布</translation>
    </message>
    <message>
        <source>Show the candidate list</source>
        <translation>查看候选单位名单</translation>
    </message>
    <message>
        <source>Mandatory spot checks (zero report while complaints came in): %1</source>
        <translation>必须重点抽查（有群众反映却报送“零报告”）：%1 个</translation>
    </message>
    <message>
        <source>No mandatory spot checks for %1.</source>
        <translation>%1 没有必须重点抽查的单位。</translation>
    </message>
    <message>
        <source>%1 %2 · complaints: %3</source>
        <translation>%1 %2 · 群众反映 %3 件</translation>
    </message>
    <message>
        <source>2. Seed parts</source>
        <translation>二、各方种子</translation>
    </message>
    <message>
        <source>Each party makes its part at the meeting, for example by rolling a ten-sided die twelve times; the parts are revealed together and joined in this order.</source>
        <translation>各方在会上现场产生自己的种子，例如掷十面骰子十二次；各方种子同时公开，按以下顺序连接。</translation>
    </message>
    <message>
        <source>Party of seed part %1</source>
        <translation>第 %1 份种子的提供方</translation>
    </message>
    <message>
        <source>its part, e.g. 361524552613</source>
        <translation>种子，例如 361524552613</translation>
    </message>
    <message>
        <source>Seed part %1</source>
        <translation>第 %1 份种子</translation>
    </message>
    <message>
        <source>✕</source>
        <comment>remove a seed part</comment>
        <translation>✕</translation>
    </message>
    <message>
        <source>Remove seed part %1</source>
        <translation>删除第 %1 份种子</translation>
    </message>
    <message>
        <source>Add a party</source>
        <translation>增加提供方</translation>
    </message>
    <message>
        <source>Add a party&apos;s seed part</source>
        <translation>增加一方的种子</translation>
    </message>
    <message>
        <source>Seed: %1 (%2 characters)</source>
        <translation>种子：%1（%2 个字符）</translation>
    </message>
    <message>
        <source>A short seed: Rivest recommends at least %1 random digits in all.</source>
        <translation>种子较短：Rivest 建议合计至少 %1 位随机数字。</translation>
    </message>
    <message>
        <source>3. Random picks</source>
        <translation>三、随机抽取</translation>
    </message>
    <message>
        <source>e.g. 5</source>
        <translation>例如 5</translation>
    </message>
    <message>
        <source>Number of units to draw at random</source>
        <translation>随机抽取的单位数</translation>
    </message>
    <message>
        <source>of %1 candidates, drawn at random on top of the mandatory spot checks</source>
        <translation>个，从 %1 个候选单位中随机抽取，必须重点抽查的单位另计</translation>
    </message>
    <message>
        <source>drawn at random on top of the mandatory spot checks</source>
        <translation>个，随机抽取，必须重点抽查的单位另计</translation>
    </message>
    <message>
        <source>Open the draw for %1</source>
        <translation>打开 %1 的抽签</translation>
    </message>
    <message>
        <source>Reload the candidates</source>
        <translation>重新读取候选单位</translation>
    </message>
    <message>
        <source>Draw and record</source>
        <translation>抽签并记录</translation>
    </message>
    <message>
        <source>Draw and record the result</source>
        <translation>抽签并记录结果</translation>
    </message>
    <message>
        <source>Drawing</source>
        <translation>正在抽签</translation>
    </message>
    <message>
        <source>The draw is recorded at once and cannot be changed; to draw again, it must be withdrawn with a reason.</source>
        <translation>抽签结果立即记录，不能修改；如需重新抽签，须先说明理由将其撤销。</translation>
    </message>
</context>
<context>
    <name>SpotCheckDrawsPage</name>
    <message>
        <source>Spot-check draws</source>
        <translation>抽查抽签</translation>
    </message>
    <message>
        <source>Each month the units with a zero report although complaints came in are spot-checked without fail; a random sample of the other units is drawn on top. Anyone can recompute a draw from its seed and candidate list.</source>
        <translation>每月对有群众反映却报送“零报告”的单位必须重点抽查，并从其他单位中另行随机抽取。任何人都可以根据种子和候选单位名单复算抽签结果。</translation>
    </message>
    <message>
        <source>New draw…</source>
        <translation>新的抽签…</translation>
    </message>
    <message>
        <source>Make a new spot-check draw</source>
        <translation>进行新的抽查抽签</translation>
    </message>
    <message>
        <source>Draws are made and withdrawn by the discipline inspectors. You can read and verify them here.</source>
        <translation>抽签由纪检人员进行和撤销。您可以在这里查看和核验。</translation>
    </message>
    <message>
        <source>No draw has been made yet.</source>
        <translation>尚未进行抽签。</translation>
    </message>
    <message>
        <source>Draw for %1, made %2 by %3</source>
        <translation>%1 抽查抽签，%2 由 %3 抽取</translation>
    </message>
    <message>
        <source>withdrawn: %1</source>
        <translation>已撤销：%1</translation>
    </message>
    <message>
        <source>Draw for %1</source>
        <translation>%1 抽查抽签</translation>
    </message>
    <message>
        <source>%1 drawn at random of %2 candidates · %3 mandatory spot checks</source>
        <translation>从 %2 个候选单位中随机抽取 %1 个 · 必须重点抽查 %3 个</translation>
    </message>
    <message>
        <source>Drawn by %1</source>
        <translation>抽签人：%1</translation>
    </message>
    <message>
        <source>Withdrawn: %1</source>
        <translation>已撤销：%1</translation>
    </message>
    <message>
        <source>Changed after the draw: verify it.</source>
        <translation>抽签后被改动过：请核验。</translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <source>Sync with the bureau&apos;s server</source>
        <translation>与局机关服务器同步</translation>
    </message>
    <message>
        <source>%1 (%2) at %3</source>
        <translation>%1（%2），服务器 %3</translation>
    </message>
    <message>
        <source>Cancel the sync</source>
        <translation>取消同步</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>立即同步</translation>
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
        <translation>正在发送修改：%1 / %2</translation>
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
        <source>Choose the enrolment file</source>
        <translation>选择登记文件</translation>
    </message>
    <message>
        <source>Enrolment files (*.json)</source>
        <translation>登记文件 (*.json)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
    <message>
        <source>Enrol this device</source>
        <translation>登记本设备</translation>
    </message>
    <message>
        <source>Once, with signal: the enrolment file from the office says where the server is and how to recognise it. Your password is used for this login only and is not kept.</source>
        <translation>只需在有信号时办理一次：机关提供的登记文件写明服务器地址及其识别方式。您的密码仅用于这次登录，不会保存。</translation>
    </message>
    <message>
        <source>No enrolment file chosen</source>
        <translation>尚未选择登记文件</translation>
    </message>
    <message>
        <source>Choose file…</source>
        <translation>选择文件…</translation>
    </message>
    <message>
        <source>Server address (only if the office says so)</source>
        <translation>服务器地址（仅在机关要求时填写）</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>服务器地址</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Enrol</source>
        <translation>登记</translation>
    </message>
    <message>
        <source>Enrolling</source>
        <translation>正在登记</translation>
    </message>
    <message>
        <source>Not enrolled yet: enrol this device below with the file the office gave you.</source>
        <translation>尚未登记：请在下方用机关提供的登记文件登记本设备。</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>处理</translation>
    </message>
    <message>
        <source>Review the conflicts and refused changes</source>
        <translation>处理冲突和被拒绝的修改</translation>
    </message>
    <message>
        <source>%1 and %2 wait for a decision.</source>
        <translation>%1、%2等待处理。</translation>
    </message>
    <message numerus="yes">
        <source>%n conflict(s)</source>
        <translation>
            <numerusform>%n 处冲突</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n rejected change(s)</source>
        <translation>
            <numerusform>%n 项被拒绝的修改</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TodayPage</name>
    <message>
        <source>Visits</source>
        <translation>现场检查</translation>
    </message>
    <message>
        <source>Spot checks</source>
        <translation>重点抽查</translation>
    </message>
    <message>
        <source>Supervised petitions</source>
        <translation>督办信访件</translation>
    </message>
    <message>
        <source>Today&apos;s work</source>
        <translation>今日工作</translation>
    </message>
    <message>
        <source>Last sync: %1</source>
        <translation>上次同步：%1</translation>
    </message>
    <message>
        <source>Never synced</source>
        <translation>尚未同步过</translation>
    </message>
    <message>
        <source>Everything on this device has reached the server.</source>
        <translation>本设备上的所有内容均已送达服务器。</translation>
    </message>
    <message>
        <source>Only sync works until this device reaches the server again.</source>
        <translation>本设备重新连上服务器之前，只能进行同步。</translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation>同步中…</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>同步</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>立即同步</translation>
    </message>
    <message numerus="yes">
        <source>%n item(s) overdue.</source>
        <translation>
            <numerusform>%n 项已逾期。</numerusform>
        </translation>
    </message>
    <message>
        <source>due %1</source>
        <translation>期限 %1</translation>
    </message>
    <message>
        <source>overdue
%1</source>
        <translation>已逾期
%1</translation>
    </message>
    <message>
        <source>Nothing to do today</source>
        <translation>今日暂无任务</translation>
    </message>
    <message>
        <source>Visits, spot checks and petitions assigned to your inspection group appear here after the device syncs with the bureau&apos;s server.</source>
        <translation>分配给本检查组的现场检查、重点抽查和督办信访件，在设备与局机关服务器同步后显示在这里。</translation>
    </message>
    <message>
        <source>Loading</source>
        <translation>加载中</translation>
    </message>
    <message>
        <source>No connection. Everything you record is kept on this device and sent when the connection returns.</source>
        <translation>没有网络连接。记录的内容都保存在本设备上，连接恢复后自动发送。</translation>
    </message>
    <message>
        <source>Waiting to be sent: %1, %2.</source>
        <translation>待发送：%1，%2。</translation>
    </message>
    <message numerus="yes">
        <source>%n change(s)</source>
        <translation>
            <numerusform>%n 项修改</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n photo(s)</source>
        <translation>
            <numerusform>%n 张照片</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>UnitDelegate</name>
    <message>
        <source>%1 open findings</source>
        <translation>%1 个未办结问题</translation>
    </message>
    <message>
        <source>withdrawn</source>
        <translation>已撤回</translation>
    </message>
    <message>
        <source>Withdrawn</source>
        <translation>已撤回</translation>
    </message>
    <message>
        <source>%1 open</source>
        <translation>%1 个未办结</translation>
    </message>
    <message>
        <source>Key unit</source>
        <translation>重点单位</translation>
    </message>
</context>
<context>
    <name>UnitPage</name>
    <message>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Leader in charge: %1</source>
        <translation>分管领导：%1</translation>
    </message>
    <message>
        <source>Key rectification unit</source>
        <translation>重点整改单位</translation>
    </message>
    <message>
        <source>Withdrawn: %1</source>
        <translation>已撤回：%1</translation>
    </message>
    <message>
        <source>Withdrawn</source>
        <translation>已撤回</translation>
    </message>
    <message>
        <source>Open findings</source>
        <translation>未办结问题</translation>
    </message>
    <message>
        <source>No open findings.</source>
        <translation>没有未办结的问题。</translation>
    </message>
    <message>
        <source>%1 closed.</source>
        <translation>已办结 %1 个。</translation>
    </message>
    <message>
        <source>¥%1</source>
        <translation>¥%1</translation>
    </message>
    <message>
        <source>Rectification</source>
        <translation>整改</translation>
    </message>
    <message>
        <source>No rectification plan yet.</source>
        <translation>尚无整改方案。</translation>
    </message>
    <message>
        <source>by %1</source>
        <translation>期限 %1</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>已逾期</translation>
    </message>
    <message>
        <source>Monthly reports</source>
        <translation>月度整改报告</translation>
    </message>
    <message>
        <source>No monthly report filed yet.</source>
        <translation>尚未报送月度报告。</translation>
    </message>
    <message>
        <source>Filed %1, late (due %2)</source>
        <translation>%1 报送，逾期（应于 %2 前）</translation>
    </message>
    <message>
        <source>Filed %1</source>
        <translation>%1 已报送</translation>
    </message>
    <message>
        <source>Due %1</source>
        <translation>应于 %1 前报送</translation>
    </message>
    <message>
        <source>Open escalations</source>
        <translation>未办结的提请事项</translation>
    </message>
    <message>
        <source>No open escalations.</source>
        <translation>没有未办结的提请事项。</translation>
    </message>
    <message>
        <source>To %1</source>
        <translation>提请 %1</translation>
    </message>
    <message>
        <source>History</source>
        <translation>历史</translation>
    </message>
    <message>
        <source>Nothing recorded yet.</source>
        <translation>尚无记录。</translation>
    </message>
    <message>
        <source>Loading the unit</source>
        <translation>正在加载单位</translation>
    </message>
    <message>
        <source>This unit is not on this device.</source>
        <translation>此单位不在本设备上。</translation>
    </message>
    <message>
        <source>Record a finding</source>
        <translation>登记问题线索</translation>
    </message>
    <message>
        <source>All findings (%1)</source>
        <translation>全部问题线索（%1）</translation>
    </message>
    <message>
        <source>Start a visit</source>
        <translation>开始现场检查</translation>
    </message>
    <message>
        <source>Start or continue an on-site visit of this unit</source>
        <translation>开始或继续对本单位的现场检查</translation>
    </message>
    <message>
        <source>Self-inspection for %1</source>
        <translation>%1 自查自纠</translation>
    </message>
    <message>
        <source>A zero report (零报告) declares that the unit found no problem in its self-inspection for the month, and the unit answers for its truth. A unit that files a zero report while complaints about it came in that month is spot-checked without fail.</source>
        <translation>“零报告”表示本单位当月自查未发现问题，本单位对报告的真实性负责。当月有群众反映却报“零报告”的单位，必须接受重点抽查。</translation>
    </message>
    <message>
        <source>Monthly report for %1</source>
        <translation>%1 月度整改报告</translation>
    </message>
    <message>
        <source>Three parts: the rectification work done this month, the problems that remain, and the plan for next month. Due %1.</source>
        <translation>分三部分：本月整改工作情况、存在问题、下一步工作计划。报送截止 %1。</translation>
    </message>
    <message>
        <source>To file for %1</source>
        <translation>%1 应报事项</translation>
    </message>
    <message>
        <source>Self-inspection (自查自纠)</source>
        <translation>自查自纠</translation>
    </message>
    <message>
        <source>Not filed yet</source>
        <translation>尚未报送</translation>
    </message>
    <message>
        <source>Filed as a zero report</source>
        <translation>已报送（零报告）</translation>
    </message>
    <message>
        <source>Filed</source>
        <translation>已报送</translation>
    </message>
    <message>
        <source>To do</source>
        <translation>待办</translation>
    </message>
    <message>
        <source>Monthly rectification report</source>
        <translation>月度整改报告</translation>
    </message>
    <message>
        <source>New rectification plan</source>
        <translation>新建整改方案</translation>
    </message>
    <message>
        <source>Save the plan, then add its measures (at least three) and submit it.</source>
        <translation>先保存方案，再添加整改措施（至少三项），然后提交。</translation>
    </message>
    <message numerus="yes">
        <source>%n measure(s)</source>
        <translation>
            <numerusform>%n 项措施</numerusform>
        </translation>
    </message>
    <message>
        <source>Rectification plan</source>
        <translation>整改方案</translation>
    </message>
    <message>
        <source>Rectification measure</source>
        <translation>整改措施</translation>
    </message>
    <message>
        <source>Add a measure</source>
        <translation>添加整改措施</translation>
    </message>
    <message>
        <source>Add a measure to %1</source>
        <translation>为“%1”添加整改措施</translation>
    </message>
    <message>
        <source>New rectification measure</source>
        <translation>新建整改措施</translation>
    </message>
    <message>
        <source>Each measure has an owner and a deadline. A plan is submitted with at least three measures.</source>
        <translation>每项措施都要有责任人和完成时限。整改方案至少要有三项措施才能提交。</translation>
    </message>
    <message>
        <source>Ask for a decision (请示报告)</source>
        <translation>请示报告</translation>
    </message>
    <message>
        <source>New escalation</source>
        <translation>新建请示报告</translation>
    </message>
    <message>
        <source>For what the unit cannot settle itself: say what needs deciding and to whom it goes.</source>
        <translation>用于本单位无法自行解决的事项：写明需要决定的事项和报送对象。</translation>
    </message>
    <message>
        <source>Escalation</source>
        <translation>请示报告</translation>
    </message>
</context>
<context>
    <name>UnitSection</name>
    <message>
        <source>Showing the newest %1 of %2.</source>
        <translation>显示最新 %1 条，共 %2 条。</translation>
    </message>
</context>
<context>
    <name>UnitsPage</name>
    <message>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <source>Units</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>%1 units</source>
        <translation>%1 个单位</translation>
    </message>
    <message>
        <source>Search by name, address or code</source>
        <translation>按名称、地址或编号搜索</translation>
    </message>
    <message>
        <source>Search units</source>
        <translation>搜索单位</translation>
    </message>
    <message>
        <source>Clear the search</source>
        <translation>清除搜索</translation>
    </message>
    <message>
        <source>%1 found</source>
        <translation>找到 %1 个</translation>
    </message>
    <message>
        <source>%1 found so far</source>
        <translation>已找到 %1 个</translation>
    </message>
    <message>
        <source>Loading more units</source>
        <translation>正在加载更多单位</translation>
    </message>
    <message>
        <source>Loading units</source>
        <translation>正在加载单位</translation>
    </message>
    <message>
        <source>No unit matches “%1”</source>
        <translation>没有与“%1”匹配的单位</translation>
    </message>
    <message>
        <source>No units on this device yet</source>
        <translation>本设备上还没有单位</translation>
    </message>
    <message>
        <source>Try two characters of the name that are next to each other, such as 福利 in 区社会福利院.</source>
        <translation>请输入名称中相邻的两个字，例如“区社会福利院”中的“福利”。</translation>
    </message>
    <message>
        <source>The units of your inspection group arrive when the device syncs with the bureau&apos;s server.</source>
        <translation>本检查组负责的单位在设备与局机关服务器同步后到达。</translation>
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
    <message>
        <source>Unlock with PIN</source>
        <translation>用 PIN 码解锁</translation>
    </message>
    <message>
        <source>Enter your PIN to open the records on this device.</source>
        <translation>输入 PIN 码，打开本设备上的记录。</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>PIN 码</translation>
    </message>
    <message>
        <source>Use the passphrase instead</source>
        <translation>改用口令解锁</translation>
    </message>
    <message>
        <source>Use the PIN instead</source>
        <translation>改用 PIN 码解锁</translation>
    </message>
    <message>
        <source>Checking the PIN…</source>
        <translation>正在核对 PIN 码…</translation>
    </message>
</context>
<context>
    <name>VisitChecklistDelegate</name>
    <message>
        <source>Item %1: %2</source>
        <translation>第 %1 项：%2</translation>
    </message>
    <message>
        <source>%1.</source>
        <translation>%1.</translation>
    </message>
    <message>
        <source>Answered</source>
        <translation>已回答</translation>
    </message>
    <message>
        <source>Required</source>
        <translation>必填</translation>
    </message>
    <message>
        <source>Optional</source>
        <translation>选填</translation>
    </message>
    <message>
        <source>%1 for item %2</source>
        <translation>第 %2 项：%1</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>数字</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>回答</translation>
    </message>
    <message>
        <source>Answer to item %1</source>
        <translation>第 %1 项的回答</translation>
    </message>
    <message>
        <source>Enter a number, e.g. 3 or 2.5.</source>
        <translation>请输入数字，例如 3 或 2.5。</translation>
    </message>
    <message>
        <source>Note (what was seen)</source>
        <translation>备注（所见情况）</translation>
    </message>
    <message>
        <source>Note on item %1</source>
        <translation>第 %1 项的备注</translation>
    </message>
    <message>
        <source>Taking…</source>
        <translation>正在拍摄…</translation>
    </message>
    <message>
        <source>Photo (%1)</source>
        <translation>照片（%1）</translation>
    </message>
    <message>
        <source>Photo</source>
        <translation>照片</translation>
    </message>
    <message>
        <source>Take a photo for item %1; %2 taken</source>
        <translation>为第 %1 项拍照；已拍 %2 张</translation>
    </message>
</context>
<context>
    <name>VisitPage</name>
    <message>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <source>Visit: %1</source>
        <translation>现场检查：%1</translation>
    </message>
    <message>
        <source>Visit</source>
        <translation>现场检查</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Dismiss the message</source>
        <translation>关闭此提示</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>Start the visit</source>
        <translation>开始检查</translation>
    </message>
    <message>
        <source>Start the visit at this unit</source>
        <translation>在本单位开始现场检查</translation>
    </message>
    <message>
        <source>Check-in</source>
        <translation>签到</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>已签到</translation>
    </message>
    <message>
        <source>Not checked in yet. Check in when you are at the unit.</source>
        <translation>尚未签到。到达单位后请签到。</translation>
    </message>
    <message>
        <source>Position taken %1</source>
        <translation>定位时间 %1</translation>
    </message>
    <message>
        <source>The unit has no recorded location, so the distance is not known.</source>
        <translation>单位没有登记位置，无法计算距离。</translation>
    </message>
    <message>
        <source>%1 m from the unit&apos;s recorded location</source>
        <translation>距单位登记位置 %1 米</translation>
    </message>
    <message>
        <source>Far from the unit (more than %1 m). Check in again at the unit; if you are there, say why in the notes.</source>
        <translation>距单位较远（超过 %1 米）。请到单位后重新签到；如已在单位，请在检查记录中说明原因。</translation>
    </message>
    <message>
        <source>The position source says this position is simulated. The visit records that it is not evidence of where you were.</source>
        <translation>定位来源表明此位置为模拟位置。检查记录将注明它不能证明您所在的位置。</translation>
    </message>
    <message>
        <source>Finding the position…</source>
        <translation>正在定位…</translation>
    </message>
    <message>
        <source>Check in again</source>
        <translation>重新签到</translation>
    </message>
    <message>
        <source>Check in here</source>
        <translation>在此签到</translation>
    </message>
    <message>
        <source>Check in: record the position of this visit</source>
        <translation>签到：记录本次检查的位置</translation>
    </message>
    <message>
        <source>Finding the position</source>
        <translation>正在定位</translation>
    </message>
    <message>
        <source>Inspectors present</source>
        <translation>在场检查人员</translation>
    </message>
    <message>
        <source>%1 present</source>
        <translation>%1 在场</translation>
    </message>
    <message>
        <source>%1 is present</source>
        <translation>%1 在场</translation>
    </message>
    <message>
        <source>No members of the group are on this device. Sync to get them.</source>
        <translation>本设备上没有检查组成员，请同步获取。</translation>
    </message>
    <message>
        <source>Two or more inspectors should be present. A visit submitted with fewer is flagged for review.</source>
        <translation>应有两名以上检查人员在场。不足两人提交的检查将被标记待审查。</translation>
    </message>
    <message>
        <source>Checklist</source>
        <translation>检查清单</translation>
    </message>
    <message>
        <source>%1 of %2 answered</source>
        <translation>已答 %1 / %2</translation>
    </message>
    <message>
        <source>This visit has no checklist on this device. Record what you check in the notes.</source>
        <translation>本设备上没有此次检查的清单，请在检查记录中写明检查内容。</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>检查记录</translation>
    </message>
    <message>
        <source>What was checked, who was talked to, what was seen</source>
        <translation>检查了什么、与谁谈话、看到了什么</translation>
    </message>
    <message>
        <source>Notes of the visit</source>
        <translation>检查记录</translation>
    </message>
    <message>
        <source>Signature of the unit</source>
        <translation>被检查单位签字确认</translation>
    </message>
    <message>
        <source>Signed</source>
        <translation>已签字</translation>
    </message>
    <message>
        <source>Changed since signed</source>
        <translation>签字后已改动</translation>
    </message>
    <message>
        <source>Signed by %1 on %2. The signature covers the visit as it is now.</source>
        <translation>%1 于 %2 签字。签字覆盖检查记录的当前内容。</translation>
    </message>
    <message>
        <source>Signed by %1 on %2, but the visit was changed afterwards. The representative must sign again.</source>
        <translation>%1 于 %2 签字，但此后检查记录有改动，代表须重新签字。</translation>
    </message>
    <message>
        <source>The unit&apos;s representative reads the visit record and signs below to confirm it.</source>
        <translation>被检查单位代表阅读检查记录后，在下方签字确认。</translation>
    </message>
    <message>
        <source>Name of the representative who signs</source>
        <translation>签字代表姓名</translation>
    </message>
    <message>
        <source>Name of the unit&apos;s representative</source>
        <translation>被检查单位代表姓名</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Clear the signature</source>
        <translation>清除签字</translation>
    </message>
    <message>
        <source>Confirm with this signature</source>
        <translation>以此签字确认</translation>
    </message>
    <message>
        <source>Seal the signature onto the visit record</source>
        <translation>将签字封存到检查记录</translation>
    </message>
    <message>
        <source>Submit</source>
        <translation>提交</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>This visit is %1: it can no longer be changed on this device.</source>
        <translation>此次检查%1，不能再在本设备上修改。</translation>
    </message>
    <message>
        <source>Still needed:</source>
        <translation>尚需：</translation>
    </message>
    <message>
        <source>Ready to submit. It will be flagged: fewer than two inspectors are present.</source>
        <translation>可以提交。在场检查人员不足两人，提交后将被标记。</translation>
    </message>
    <message>
        <source>Ready to submit.</source>
        <translation>可以提交。</translation>
    </message>
    <message>
        <source>Submit the visit</source>
        <translation>提交检查</translation>
    </message>
    <message>
        <source>Loading the visit</source>
        <translation>正在加载检查</translation>
    </message>
    <message>
        <source>There is no visit to show.</source>
        <translation>没有可显示的检查。</translation>
    </message>
</context>
<context>
    <name>fieldcheck::platform::Camera</name>
    <message>
        <source>No camera was found on this device. You can choose a photo file instead.</source>
        <translation>本设备上没有找到相机。可以改为选择照片文件。</translation>
    </message>
</context>
<context>
    <name>fieldcheck::platform::FakeCamera</name>
    <message>
        <source>The camera could not take the photo (test fake: injected failure). Try again, or choose a photo file instead.</source>
        <translation>相机未能拍照（测试替身：注入的故障）。请重试，或改为选择照片文件。</translation>
    </message>
    <message>
        <source>The photo could not be encoded as JPEG. Reinstall FieldCheck, or choose a photo file instead.</source>
        <translation>照片无法编码为 JPEG。请重新安装正风巡检，或改为选择照片文件。</translation>
    </message>
</context>
<context>
    <name>fieldcheck::platform::PositionSource</name>
    <message>
        <source>This device has no location service. Record the finding without a position, or describe the place in the finding.</source>
        <translation>本设备没有定位服务。可以不带位置记录，或在问题描述中写明地点。</translation>
    </message>
    <message>
        <source>FieldCheck may not use the location. Allow location access for FieldCheck in the system settings, then try again.</source>
        <translation>正风巡检无权使用位置信息。请在系统设置中允许正风巡检访问位置，然后重试。</translation>
    </message>
    <message numerus="yes">
        <source>No position was found within %n second(s). Go outdoors or near a window and try again, or record the finding without a position.</source>
        <translation>
            <numerusform>%n 秒内未能定位。请到室外或靠近窗户后重试，或不带位置记录。</numerusform>
        </translation>
    </message>
    <message>
        <source>The location service stopped (it was switched off or disconnected). Switch location on and try again.</source>
        <translation>定位服务已停止（被关闭或断开）。请打开定位后重试。</translation>
    </message>
    <message>
        <source>The location service failed. Try again, or record the finding without a position.</source>
        <translation>定位服务出错。请重试，或不带位置记录。</translation>
    </message>
</context>
<context>
    <name>fieldcheck::platform::QtCamera</name>
    <message numerus="yes">
        <source>The camera did not deliver the photo within %n second(s). Try again, or choose a photo file instead.</source>
        <translation>
            <numerusform>相机在 %n 秒内没有交回照片。请重试，或改为选择照片文件。</numerusform>
        </translation>
    </message>
    <message>
        <source>The camera could not take the photo (%1). Try again, or choose a photo file instead.</source>
        <translation>相机未能拍照（%1）。请重试，或改为选择照片文件。</translation>
    </message>
    <message>
        <source>The camera failed (%1). Close other apps that use the camera, check that FieldCheck may use it, then try again; or choose a photo file instead.</source>
        <translation>相机出错（%1）。请关闭正在使用相机的其他应用，确认正风巡检有权使用相机后重试；或改为选择照片文件。</translation>
    </message>
    <message>
        <source>A photo is already being taken. Wait for it, then try again.</source>
        <translation>正在拍摄一张照片，请稍候再试。</translation>
    </message>
    <message>
        <source>The photo could not be encoded as JPEG. Reinstall FieldCheck, or choose a photo file instead.</source>
        <translation>照片无法编码为 JPEG。请重新安装正风巡检，或改为选择照片文件。</translation>
    </message>
</context>
<context>
    <name>fieldcheck::ui::AppSettings</name>
    <message numerus="yes">
        <source>Locked after %n minute(s) without use.</source>
        <translation>
            <numerusform>%n 分钟未操作，已自动锁定。</numerusform>
        </translation>
    </message>
    <message>
        <source>Locked because the app went to the background.</source>
        <translation>应用切到后台，已自动锁定。</translation>
    </message>
</context>
<context>
    <name>fieldcheck::ui::ConflictsModel</name>
    <message>
        <source>Keep the record, with the other change</source>
        <translation>保留记录，采用另一方的修改</translation>
    </message>
    <message>
        <source>Withdraw the record</source>
        <translation>撤回记录</translation>
    </message>
    <message>
        <source>Withdraw the record (reason: %1)</source>
        <translation>撤回记录（理由：%1）</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>（空）</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <source>The conflicts could not be read. Sync again or restart the app; if it persists, tell the administrator.</source>
        <translation>无法读取冲突。请重新同步或重启应用；如仍出现，请告知管理员。</translation>
    </message>
    <message>
        <source>Your role may not decide this. Your group leader or the office decides it; until then the value marked as shown stands.</source>
        <translation>您的角色无权决定此项，由检查组组长或机关决定；在此之前以标明显示的值为准。</translation>
    </message>
    <message>
        <source>Your role may not decide this conflict; it stays open for someone who may.</source>
        <translation>您的角色无权处理此冲突，冲突将保留，由有权限的人处理。</translation>
    </message>
    <message>
        <source>The choice could not be saved (%1). Nothing was changed; try again.</source>
        <translation>选择未能保存（%1），未作任何修改，请重试。</translation>
    </message>
    <message>
        <source>Decided. The choice reaches the server and the other devices at the next sync.</source>
        <translation>已决定。下次同步时送达服务器和其他设备。</translation>
    </message>
</context>
<context>
    <name>fieldcheck::ui::DashboardFigure</name>
    <message>
        <source>Unit not on this device</source>
        <translation>本设备上没有该单位</translation>
    </message>
    <message>
        <source>owner %1</source>
        <translation>责任人 %1</translation>
    </message>
    <message>
        <source>Report for %1 filed on %2, due %3</source>
        <translation>%1 月报于 %2 报送，应于 %3 前报送</translation>
    </message>
    <message>
        <source>No report for %1, due %2</source>
        <translation>%1 月报未报送，应于 %2 前报送</translation>
    </message>
    <message>
        <source>Zero report for %1</source>
        <translation>%1 零报告</translation>
    </message>
    <message numerus="yes">
        <source>Zero report for %1 while %n complaint(s) came in: must be spot-checked</source>
        <translation>
            <numerusform>%1 零报告，但当月收到 %n 件信访举报：必须重点抽查</numerusform>
        </translation>
    </message>
    <message>
        <source>Submitted with fewer than two inspectors present</source>
        <translation>提交时在场检查人员少于两人</translation>
    </message>
    <message>
        <source>Bureau-wide</source>
        <translation>全局</translation>
    </message>
    <message>
        <source>Problem clues identified</source>
        <translation>排查问题线索</translation>
    </message>
    <message>
        <source>Cases investigated</source>
        <translation>查办典型案件</translation>
    </message>
    <message>
        <source>Problems solved</source>
        <translation>解决突出问题</translation>
    </message>
    <message>
        <source>Rules issued</source>
        <translation>出台制度规范</translation>
    </message>
    <message>
        <source>Rectification measures</source>
        <translation>整改措施</translation>
    </message>
    <message>
        <source>Measures done</source>
        <translation>已完成措施</translation>
    </message>
    <message>
        <source>Measures overdue</source>
        <translation>逾期措施</translation>
    </message>
    <message>
        <source>Monthly reports filed late</source>
        <translation>迟报月报</translation>
    </message>
    <message>
        <source>Monthly reports missing</source>
        <translation>未报月报</translation>
    </message>
    <message>
        <source>Zero-report units</source>
        <translation>零报告单位</translation>
    </message>
    <message>
        <source>Mandatory spot checks</source>
        <translation>必须重点抽查</translation>
    </message>
    <message>
        <source>Supervised petitions</source>
        <translation>督办信访件</translation>
    </message>
    <message>
        <source>Supervised petitions overdue</source>
        <translation>逾期督办信访件</translation>
    </message>
    <message>
        <source>Visits with fewer than two inspectors</source>
        <translation>检查人员少于两人的现场检查</translation>
    </message>
    <message>
        <source>Open escalations</source>
        <translation>待办请示报告</translation>
    </message>
    <message>
        <source>Accountability proposals to decide</source>
        <translation>待决定的问责建议</translation>
    </message>
    <message>
        <source>These records could not be read. Sync or restart the app; if it persists, tell the administrator.</source>
        <translation>无法读取这些记录。请同步或重启应用；如仍有问题，请告知管理员。</translation>
    </message>
</context>
<context>
    <name>fieldcheck::ui::DashboardModel</name>
    <message>
        <source>&apos;%1&apos; is not a month: write it as YYYY-MM, for example 2026-11.</source>
        <translation>“%1”不是月份：请按 YYYY-MM 填写，例如 2026-11。</translation>
    </message>
    <message>
        <source>The dashboard could not be read. Sync or restart the app; if it persists, tell the administrator.</source>
        <translation>无法读取总览。请同步或重启应用；如仍有问题，请告知管理员。</translation>
    </message>
</context>
<context>
    <name>fieldcheck::ui::EnrolmentController</name>
    <message>
        <source>Choose the enrolment file the office gave you.</source>
        <translation>请选择机关提供的登记文件。</translation>
    </message>
    <message>
        <source>Enter your user name.</source>
        <translation>请输入用户名。</translation>
    </message>
    <message>
        <source>Enter your password.</source>
        <translation>请输入密码。</translation>
    </message>
    <message>
        <source>The enrolment file could not be used (%1). Check that it is the file the office gave you for this server, or ask the office for a new one.</source>
        <translation>登记文件无法使用（%1）。请确认这是机关为此服务器提供的文件，或向机关索取新文件。</translation>
    </message>
    <message>
        <source>The server address does not match the enrolment file, which names %1. Leave the address empty or correct it.</source>
        <translation>服务器地址与登记文件不一致，登记文件写的是 %1。请清空地址或改正。</translation>
    </message>
    <message>
        <source>The server did not accept this user name and password. Check them, or ask the office whether your account may enrol a device.</source>
        <translation>服务器不接受此用户名和密码。请核对，或向机关询问您的账号能否登记设备。</translation>
    </message>
    <message>
        <source>The server at %1 could not be reached. Check the network and the address, then try again.</source>
        <translation>无法连接服务器 %1。请检查网络和地址后重试。</translation>
    </message>
    <message>
        <source>This server cannot be used without the office&apos;s enrolment file (%1). Choose the file.</source>
        <translation>没有机关的登记文件无法使用此服务器（%1）。请选择登记文件。</translation>
    </message>
    <message>
        <source>Enrolment failed (%1). Try again; if it persists, tell the office.</source>
        <translation>登记失败（%1）。请重试；如仍失败，请告知机关。</translation>
    </message>
</context>
<context>
    <name>fieldcheck::ui::ExportController</name>
    <message>
        <source>Problem clue ledger</source>
        <translation>问题线索台账</translation>
    </message>
    <message>
        <source>Rectification ledger</source>
        <translation>整改台账</translation>
    </message>
    <message>
        <source>Monthly report table</source>
        <translation>月度整改报告表</translation>
    </message>
    <message>
        <source>Petition supervision ledger</source>
        <translation>信访件督办台账</translation>
    </message>
    <message>
        <source>Accountability register</source>
        <translation>问责台账</translation>
    </message>
    <message>
        <source>Four batches summary</source>
        <translation>四个一批汇总</translation>
    </message>
    <message>
        <source>Monthly summary (PDF)</source>
        <translation>月度汇总（PDF）</translation>
    </message>
    <message>
        <source>The export stopped because the app locked. The files listed are complete; export again for the rest.</source>
        <translation>应用已锁定，导出已停止。已列出的文件完整可用；其余文件请重新导出。</translation>
    </message>
    <message>
        <source>The store could not be read, so nothing can be exported. Lock the app and unlock it again.</source>
        <translation>无法读取本机数据，不能导出。请锁定应用后重新解锁。</translation>
    </message>
    <message>
        <source>Enter the month as year and month, for example 2026-04.</source>
        <translation>请按“年-月”填写月份，例如 2026-04。</translation>
    </message>
    <message>
        <source>%1 has not begun yet. Choose %2 or an earlier month.</source>
        <translation>%1 尚未开始，请选择 %2 或更早的月份。</translation>
    </message>
    <message>
        <source>Unlock the app to export.</source>
        <translation>请先解锁应用再导出。</translation>
    </message>
    <message>
        <source>Choose the folder the files go to.</source>
        <translation>请选择保存文件的文件夹。</translation>
    </message>
    <message>
        <source>The folder %1 does not exist. Choose another folder or create it first.</source>
        <translation>文件夹 %1 不存在。请选择其他文件夹，或先创建该文件夹。</translation>
    </message>
    <message>
        <source>%1 is a file, not a folder. Choose a folder.</source>
        <translation>%1 是文件，不是文件夹。请选择文件夹。</translation>
    </message>
    <message>
        <source>The app may not write to the folder %1. Choose another folder.</source>
        <translation>本应用无权写入文件夹 %1，请选择其他文件夹。</translation>
    </message>
    <message>
        <source>Choose at least one ledger or the monthly summary.</source>
        <translation>请至少选择一种台账或月度汇总。</translation>
    </message>
    <message>
        <source>The folder already holds %1. Tick &quot;Replace existing files&quot; or choose another folder.</source>
        <translation>该文件夹中已有 %1。请勾选“替换已有文件”，或选择其他文件夹。</translation>
    </message>
    <message>
        <source>%1 appeared in the folder meanwhile and was left as it is. Tick &quot;Replace existing files&quot; or choose another folder.</source>
        <translation>导出过程中文件夹里出现了 %1，已原样保留。请勾选“替换已有文件”，或选择其他文件夹。</translation>
    </message>
    <message>
        <source>%1 could not be written to the folder (is it full, or was it removed?). Nothing half-written was left. Details: %2</source>
        <translation>无法将 %1 写入该文件夹（存储空间是否已满，或文件夹已被移除？）。没有留下写了一半的文件。详情：%2</translation>
    </message>
    <message>
        <source>The monthly summary needs the font Noto Sans CJK SC, which is not installed on this device. Details: %1</source>
        <translation>生成月度汇总需要 Noto Sans CJK SC 字体，本设备未安装。详情：%1</translation>
    </message>
    <message>
        <source>%1 could not be made. Details: %2</source>
        <translation>无法生成 %1。详情：%2</translation>
    </message>
    <message numerus="yes">
        <source>%n page(s)</source>
        <translation>
            <numerusform>共 %n 页</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n row(s)</source>
        <translation>
            <numerusform>%n 行</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) written to %1.</source>
        <translation>
            <numerusform>已将 %n 个文件写入 %1。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>fieldcheck::ui::FindingEditor</name>
    <message>
        <source>Fill this in: a finding needs it.</source>
        <translation>请填写：问题线索需要此项。</translation>
    </message>
    <message>
        <source>Enter the amount in yuan with at most two decimals, such as 1234.50.</source>
        <translation>请输入金额（元），最多两位小数，例如 1234.50。</translation>
    </message>
    <message>
        <source>Enter a date as year-month-day, such as 2026-05-12.</source>
        <translation>请按“年-月-日”输入日期，例如 2026-05-12。</translation>
    </message>
    <message>
        <source>Choose one of the list.</source>
        <translation>请从列表中选择。</translation>
    </message>
    <message>
        <source>The linked record is not on this device.</source>
        <translation>关联的记录不在本设备上。</translation>
    </message>
    <message>
        <source>This finding could not be read. The store may be damaged.</source>
        <translation>无法读取此问题线索，数据库可能已损坏。</translation>
    </message>
    <message>
        <source>This unit is not on this device.</source>
        <translation>此单位不在本设备上。</translation>
    </message>
    <message>
        <source>This finding is not on this device.</source>
        <translation>此问题线索不在本设备上。</translation>
    </message>
    <message>
        <source>This finding was changed since your unsaved edits were made. Check them before saving.</source>
        <translation>在您未保存的修改之后，此问题线索已被改动。请核对后再保存。</translation>
    </message>
    <message>
        <source>Photo attached</source>
        <translation>添加照片</translation>
    </message>
    <message>
        <source>This finding was withdrawn: it can no longer be changed.</source>
        <translation>此问题线索已撤回，不能再修改。</translation>
    </message>
    <message>
        <source>This field cannot be changed.</source>
        <translation>此项不能修改。</translation>
    </message>
    <message>
        <source>Your role may not change this field of the finding now.</source>
        <translation>您的角色现在无权修改问题线索的此项。</translation>
    </message>
    <message>
        <source>What you typed could not be kept on the device. Save the finding now, or note it down.</source>
        <translation>输入的内容未能保存在设备上。请立即保存问题线索，或另行记下。</translation>
    </message>
    <message>
        <source>Your role may not record findings.</source>
        <translation>您的角色无权登记问题线索。</translation>
    </message>
    <message>
        <source>The finding was not saved. Fill in the marked fields.</source>
        <translation>问题线索未保存，请填写标出的项目。</translation>
    </message>
    <message>
        <source>Finding saved. You can add photos now.</source>
        <translation>问题线索已保存，现在可以添加照片。</translation>
    </message>
    <message>
        <source>Changes saved.</source>
        <translation>修改已保存。</translation>
    </message>
    <message>
        <source>Save or discard your changes first: after this step you may no longer be able to save them.</source>
        <translation>请先保存或放弃修改：进行这一步后可能无法再保存。</translation>
    </message>
    <message>
        <source>Now: %1.</source>
        <translation>当前：%1。</translation>
    </message>
    <message>
        <source>Say why the finding is withdrawn: a withdrawal needs a reason.</source>
        <translation>请说明撤回理由：撤回必须有理由。</translation>
    </message>
    <message>
        <source>Finding withdrawn.</source>
        <translation>问题线索已撤回。</translation>
    </message>
    <message>
        <source>The finding was not saved. Check the marked field.</source>
        <translation>问题线索未保存，请检查标出的项目。</translation>
    </message>
    <message>
        <source>The finding was not saved as it is.</source>
        <translation>问题线索未按现有内容保存。</translation>
    </message>
    <message>
        <source>Your role may not make this change.</source>
        <translation>您的角色无权进行此修改。</translation>
    </message>
    <message>
        <source>This step is not possible now. The finding was read again: it may have changed meanwhile.</source>
        <translation>现在不能进行这一步。已重新读取问题线索，它可能已被改动。</translation>
    </message>
    <message>
        <source>This finding is not on this device any more.</source>
        <translation>此问题线索已不在本设备上。</translation>
    </message>
    <message>
        <source>The finding could not be saved. Try again; if it keeps failing, report it to the office.</source>
        <translation>问题线索未能保存。请重试；如仍失败，请报告机关。</translation>
    </message>
</context>
<context>
    <name>fieldcheck::ui::FindingListModel</name>
    <message>
        <source>The findings could not be read. The store may be damaged.</source>
        <translation>无法读取问题线索，数据库可能已损坏。</translation>
    </message>
</context>
<context>
    <name>fieldcheck::ui::PhotoController</name>
    <message>
        <source>Save the record first; then photos can be added.</source>
        <translation>请先保存记录，然后才能添加照片。</translation>
    </message>
    <message>
        <source>The photos could not be read. The store may be damaged.</source>
        <translation>无法读取照片，数据库可能已损坏。</translation>
    </message>
    <message>
        <source>This record is not on this device.</source>
        <translation>此记录不在本设备上。</translation>
    </message>
    <message>
        <source>This record was withdrawn: no photos can be added.</source>
        <translation>此记录已撤回，不能添加照片。</translation>
    </message>
    <message>
        <source>Your role may not add photos to this record now.</source>
        <translation>您的角色现在无权为此记录添加照片。</translation>
    </message>
    <message>
        <source>The file “%1” cannot be read. Choose it again, or another one.</source>
        <translation>无法读取文件“%1”。请重新选择或选择其他文件。</translation>
    </message>
    <message>
        <source>Photo sealed on the device, SHA-256 %1.</source>
        <extracomment>%1 is the start and the end of the photo&apos;s SHA-256</extracomment>
        <translation>照片已封存在设备上，SHA-256 %1。</translation>
    </message>
    <message>
        <source>File sealed on the device, SHA-256 %1.</source>
        <translation>文件已封存在设备上，SHA-256 %1。</translation>
    </message>
    <message>
        <source>This record is not on this device any more.</source>
        <translation>此记录已不在本设备上。</translation>
    </message>
    <message>
        <source>The photo was empty. Take it again.</source>
        <translation>照片为空，请重拍。</translation>
    </message>
    <message>
        <source>The photo could not be sealed: the device refused to write it. Free some space and try again.</source>
        <translation>照片未能封存：设备拒绝写入。请释放一些空间后重试。</translation>
    </message>
    <message>
        <source>The photo could not be sealed. Try again; if it keeps failing, report it to the office.</source>
        <translation>照片未能封存。请重试；如仍失败，请报告机关。</translation>
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
    <name>fieldcheck::ui::RecordEditor</name>
    <message>
        <source>Fill this in: it is required.</source>
        <translation>此项必填。</translation>
    </message>
    <message>
        <source>Enter the amount in yuan with at most two decimals, such as 1234.50.</source>
        <translation>请以元为单位填写金额，最多两位小数，如 1234.50。</translation>
    </message>
    <message>
        <source>Enter a date as year-month-day, such as 2026-05-12.</source>
        <translation>请按年-月-日填写日期，如 2026-05-12。</translation>
    </message>
    <message>
        <source>Enter a month as year-month, such as 2026-05.</source>
        <translation>请按年-月填写月份，如 2026-05。</translation>
    </message>
    <message>
        <source>Enter a whole number, such as 3.</source>
        <translation>请填写整数，如 3。</translation>
    </message>
    <message>
        <source>Enter a number.</source>
        <translation>请填写数字。</translation>
    </message>
    <message>
        <source>Answer yes or no.</source>
        <translation>请选择是或否。</translation>
    </message>
    <message>
        <source>Choose one of the list.</source>
        <translation>请从列表中选择一项。</translation>
    </message>
    <message>
        <source>This form is not available in this version of the app.</source>
        <translation>此版本的应用不支持该表单。</translation>
    </message>
    <message>
        <source>This record could not be read. The store may be damaged.</source>
        <translation>无法读取此记录，本地数据可能已损坏。</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <source>What this form is for is not on this device.</source>
        <translation>此表单所属的记录不在本设备上。</translation>
    </message>
    <message>
        <source>This record is not on this device.</source>
        <translation>此记录不在本设备上。</translation>
    </message>
    <message>
        <source>Your role does not see records of this kind.</source>
        <translation>您的角色无权查看此类记录。</translation>
    </message>
    <message>
        <source>This record was changed since your unsaved edits were made. Check them before saving.</source>
        <translation>在您未保存的修改之后，此记录已被更改。请核对后再保存。</translation>
    </message>
    <message>
        <source>Photo attached</source>
        <translation>已添加照片</translation>
    </message>
    <message>
        <source>This record was withdrawn: it can no longer be changed.</source>
        <translation>此记录已撤回，不能再修改。</translation>
    </message>
    <message>
        <source>This field cannot be changed.</source>
        <translation>此项不能修改。</translation>
    </message>
    <message>
        <source>This form has no such field.</source>
        <translation>此表单没有该项。</translation>
    </message>
    <message>
        <source>Your role may not change this field now.</source>
        <translation>您的角色目前不能修改此项。</translation>
    </message>
    <message>
        <source>What you typed could not be kept on the device. Save it now, or note it down.</source>
        <translation>填写的内容未能暂存在本设备上。请立即保存，或另行记下。</translation>
    </message>
    <message>
        <source>Your role may not create this record.</source>
        <translation>您的角色不能新建此记录。</translation>
    </message>
    <message>
        <source>Not saved yet. Fill in the marked fields.</source>
        <translation>尚未保存。请填写标出的各项。</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
    <message>
        <source>Changes saved.</source>
        <translation>修改已保存。</translation>
    </message>
    <message>
        <source>Now: %1.</source>
        <translation>当前状态：%1。</translation>
    </message>
    <message>
        <source>Say why it is withdrawn: a withdrawal needs a reason.</source>
        <translation>请说明撤回理由：撤回必须填写理由。</translation>
    </message>
    <message>
        <source>Withdrawn.</source>
        <translation>已撤回。</translation>
    </message>
    <message>
        <source>It could not be saved. Try again; if it keeps failing, report it to the office.</source>
        <translation>未能保存。请重试；如仍失败，请报告办公室。</translation>
    </message>
    <message>
        <source>Not saved. Check the marked field.</source>
        <translation>未保存。请检查标出的项。</translation>
    </message>
    <message>
        <source>Not saved as it is.</source>
        <translation>按当前内容无法保存。</translation>
    </message>
    <message>
        <source>Your role may not make this change.</source>
        <translation>您的角色不能进行此项修改。</translation>
    </message>
    <message>
        <source>This step is not possible now. The record was read again: it may have changed meanwhile.</source>
        <translation>目前不能进行这一步。已重新读取此记录，它可能已被他人更改。</translation>
    </message>
    <message>
        <source>Fill this in for this step.</source>
        <translation>进行这一步需填写此项。</translation>
    </message>
    <message>
        <source>Not possible yet: the rule below says what is missing. Nothing you typed is lost.</source>
        <translation>暂不能进行：下方规则说明了缺少的内容。您填写的内容不会丢失。</translation>
    </message>
    <message>
        <source>This record is not on this device any more.</source>
        <translation>此记录已不在本设备上。</translation>
    </message>
</context>
<context>
    <name>fieldcheck::ui::RegisterModel</name>
    <message>
        <source>Unit not on this device</source>
        <translation>本设备上没有该单位</translation>
    </message>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>To decide</source>
        <comment>accountability filter 拟问责</comment>
        <translation>待决定</translation>
    </message>
    <message>
        <source>Confirmed</source>
        <comment>accountability filter 已确认</comment>
        <translation>已确认</translation>
    </message>
    <message>
        <source>Dismissed</source>
        <comment>accountability filter 不予问责</comment>
        <translation>不予问责</translation>
    </message>
    <message>
        <source>Open</source>
        <comment>petition supervision filter 督办中</comment>
        <translation>督办中</translation>
    </message>
    <message>
        <source>Overdue</source>
        <comment>petition supervision filter 逾期</comment>
        <translation>已逾期</translation>
    </message>
    <message>
        <source>Concluded</source>
        <comment>petition supervision filter 已办结</comment>
        <translation>已办结</translation>
    </message>
    <message>
        <source>The register could not be read. Sync or restart the app; if it persists, tell the administrator.</source>
        <translation>台账无法读取。请同步或重启应用；如仍无法读取，请联系管理员。</translation>
    </message>
</context>
<context>
    <name>fieldcheck::ui::ScreenshotTour</name>
    <message>
        <source>A zero report declares that the unit&apos;s self-inspection found no problem. It is checked against the petitions about the unit: a zero report while petitions are open leads to a spot check.</source>
        <translation>零报告即声明本单位自查自纠未发现问题。零报告将与反映本单位的信访举报比对：有信访件在办而报零报告的，将列入重点抽查。</translation>
    </message>
</context>
<context>
    <name>fieldcheck::ui::SpotCheckDrawDetail</name>
    <message>
        <source>The record reads as a draw</source>
        <translation>记录可读取为抽签</translation>
    </message>
    <message>
        <source>Not changed after the draw</source>
        <translation>抽签后未被改动</translation>
    </message>
    <message>
        <source>The candidate list matches its SHA-256</source>
        <translation>候选单位名单与其 SHA-256 值相符</translation>
    </message>
    <message>
        <source>Candidates by unit code, each once, none mandatory</source>
        <translation>候选单位按编码排列、无重复、不含必须重点抽查单位</translation>
    </message>
    <message>
        <source>Candidates and mandatory units are the units in force at the draw</source>
        <translation>候选单位和必须重点抽查单位即抽签时的全部现有单位</translation>
    </message>
    <message>
        <source>The seed is the parts joined</source>
        <translation>种子由各方种子连接而成</translation>
    </message>
    <message>
        <source>The random picks recomputed from the seed</source>
        <translation>由种子重新计算的随机抽取结果一致</translation>
    </message>
    <message>
        <source>The mandatory spot checks the data implies</source>
        <translation>必须重点抽查单位与数据相符</translation>
    </message>
    <message>
        <source>The draw could not be read. Sync or restart the app; if it persists, tell the administrator.</source>
        <translation>无法读取这次抽签。请同步或重启应用；如果问题仍然存在，请告知管理员。</translation>
    </message>
    <message>
        <source>This record no longer reads as a draw: it was changed outside the app. Verify it to see what is wrong.</source>
        <translation>这条记录已无法读取为抽签：它在应用之外被改动过。请核验，查看问题所在。</translation>
    </message>
    <message>
        <source>The draw could not be verified: it could not be read. Sync or restart the app; if it persists, tell the administrator.</source>
        <translation>无法核验这次抽签：无法读取。请同步或重启应用；如果问题仍然存在，请告知管理员。</translation>
    </message>
    <message>
        <source>This draw is not on this device any more.</source>
        <translation>本设备上已没有这次抽签。</translation>
    </message>
    <message>
        <source>Your role may not withdraw a draw: only discipline inspectors may.</source>
        <translation>您的角色不能撤销抽签：只有纪检人员可以。</translation>
    </message>
    <message>
        <source>This draw is withdrawn already.</source>
        <translation>这次抽签已经撤销。</translation>
    </message>
    <message>
        <source>Give the reason for withdrawing the draw: it is shown with the draw from now on.</source>
        <translation>请填写撤销抽签的理由：理由今后将随抽签一并显示。</translation>
    </message>
    <message>
        <source>The draw was not withdrawn: %1</source>
        <translation>抽签未撤销：%1</translation>
    </message>
</context>
<context>
    <name>fieldcheck::ui::SpotCheckDrawForm</name>
    <message>
        <source>Your role may not make a spot-check draw: only discipline inspectors may. You can read the draws and verify them.</source>
        <translation>您的角色不能进行抽查抽签：只有纪检人员可以。您可以查看和核验抽签。</translation>
    </message>
    <message>
        <source>The store could not be read. Lock the app and unlock it again.</source>
        <translation>无法读取数据。请锁定应用后重新解锁。</translation>
    </message>
    <message>
        <source>Enter the month as year and month, for example 2026-04.</source>
        <translation>请按“年-月”填写月份，例如 2026-04。</translation>
    </message>
    <message>
        <source>The candidates could not be read. Sync or restart the app; if it persists, tell the administrator.</source>
        <translation>无法读取候选单位。请同步或重启应用；如果问题仍然存在，请告知管理员。</translation>
    </message>
    <message>
        <source>Only %1 units are candidates: draw from 0 to %1 of them at random. The %2 mandatory spot checks come on top.</source>
        <translation>候选单位只有 %1 个：随机抽取数应在 0 到 %1 之间。%2 个必须重点抽查的单位另计。</translation>
    </message>
    <message>
        <source>Unlock the app to draw.</source>
        <translation>请先解锁应用再抽签。</translation>
    </message>
    <message>
        <source>The candidates for %1 are not read yet. Wait for them and announce their SHA-256 before the parties give their parts.</source>
        <translation>%1 的候选单位尚未读取。请等待读取完成，并在各方提供种子之前公布其 SHA-256 值。</translation>
    </message>
    <message>
        <source>Enter how many units to draw at random: 0 to %1.</source>
        <translation>请填写随机抽取的单位数：0 到 %1。</translation>
    </message>
    <message>
        <source>Not drawn: check the number of random picks.</source>
        <translation>未抽签：请检查随机抽取的单位数。</translation>
    </message>
    <message>
        <source>Add the seed part of at least one party.</source>
        <translation>请至少填写一方的种子。</translation>
    </message>
    <message>
        <source>Name the party who gave this part.</source>
        <translation>请填写提供这份种子的一方。</translation>
    </message>
    <message>
        <source>A party&apos;s name may not contain &quot;=&quot; or control characters.</source>
        <translation>提供方名称不能含有“=”或控制字符。</translation>
    </message>
    <message>
        <source>Enter the part this party gave.</source>
        <translation>请填写这一方提供的种子。</translation>
    </message>
    <message>
        <source>Only digits, letters and punctuation, without blanks. Full-width digits such as ４ look the same but give another seed.</source>
        <translation>只能填写半角数字、字母和标点，不能有空格。全角数字（如“４”）看起来相同，但会得出不同的种子。</translation>
    </message>
    <message>
        <source>This party gave a part already: each party gives one part.</source>
        <translation>这一方已提供过种子：每一方只提供一份。</translation>
    </message>
    <message>
        <source>Not drawn: check seed part %1.</source>
        <translation>未抽签：请检查第 %1 份种子。</translation>
    </message>
    <message>
        <source>A draw for %1 exists already. To draw again, open it and withdraw it with a reason first: it stays in the list, so that a redraw is never hidden.</source>
        <translation>%1 已有抽签。如需重新抽签，请打开该抽签并先说明理由将其撤销：它仍保留在列表中，重新抽签不会被隐瞒。</translation>
    </message>
    <message>
        <source>Not drawn: the candidate list changed after it was announced (a unit was added, withdrawn or renamed, or became a mandatory spot check). Reload the candidates, announce the new SHA-256 and collect the seed parts again.</source>
        <translation>未抽签：候选单位名单在公布后发生了变化（有单位新增、撤回、更名，或成为必须重点抽查单位）。请重新读取候选单位，公布新的 SHA-256 值，并重新收集各方种子。</translation>
    </message>
    <message>
        <source>Not drawn as it is.</source>
        <translation>按目前填写的内容无法抽签。</translation>
    </message>
    <message>
        <source>The draw could not be recorded. Try again; if it keeps failing, tell the administrator.</source>
        <translation>无法记录抽签。请重试；如果一直失败，请告知管理员。</translation>
    </message>
</context>
<context>
    <name>fieldcheck::ui::SpotCheckDrawList</name>
    <message>
        <source>A recorded draw cannot be read: it was changed outside the app. Tell the administrator; the details name it.</source>
        <translation>有一次抽签记录无法读取：它在应用之外被改动过。请告知管理员；详细信息中注明了是哪一次。</translation>
    </message>
    <message>
        <source>The draws could not be read. Sync or restart the app; if it persists, tell the administrator.</source>
        <translation>无法读取抽签。请同步或重启应用；如果问题仍然存在，请告知管理员。</translation>
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
        <source>The office has withdrawn this device. Its FieldCheck data and keys have been erased.</source>
        <translation>单位已注销本设备，本机正风巡检数据和密钥已全部清除。</translation>
    </message>
    <message>
        <source>Synced: %1 sent, %2 received.</source>
        <translation>同步完成：上传 %1，接收 %2。</translation>
    </message>
    <message numerus="yes">
        <source>%n change(s)</source>
        <translation>
            <numerusform>%n 项修改</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n record(s)</source>
        <translation>
            <numerusform>%n 条记录</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n photo(s) uploaded.</source>
        <translation>
            <numerusform>已上传 %n 张照片。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n photo(s) not uploaded yet.</source>
        <translation>
            <numerusform>%n 张照片尚未上传。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>fieldcheck::ui::TodayModel</name>
    <message>
        <source>On-site inspection</source>
        <translation>现场检查</translation>
    </message>
    <message>
        <source>Spot check</source>
        <translation>重点抽查</translation>
    </message>
    <message>
        <source>Petition follow-up</source>
        <translation>信访督办</translation>
    </message>
    <message>
        <source>Clue screening</source>
        <translation>线索排查</translation>
    </message>
    <message>
        <source>Unit not on this device</source>
        <translation>单位不在本设备上</translation>
    </message>
    <message>
        <source>Part of today&apos;s work could not be read. Sync or restart the app; if it persists, tell the administrator.</source>
        <translation>部分今日工作未能读取。请同步或重启应用；如仍出现，请告知管理员。</translation>
    </message>
    <message>
        <source>Visit under way</source>
        <translation>检查进行中</translation>
    </message>
    <message>
        <source>Visit planned</source>
        <translation>已计划检查</translation>
    </message>
    <message numerus="yes">
        <source>Must be checked: zero report while %n complaint(s) came in (%1)</source>
        <translation>
            <numerusform>必须抽查：“零报告”但收到 %n 件信访举报（%1）</numerusform>
        </translation>
    </message>
    <message>
        <source>Drawn at random for %1</source>
        <translation>%1 随机抽中</translation>
    </message>
    <message>
        <source>Supervision needed: no inspector assigned yet</source>
        <translation>需督办：尚未指定督办人</translation>
    </message>
    <message>
        <source>Under supervision by %1</source>
        <translation>督办人：%1</translation>
    </message>
</context>
<context>
    <name>fieldcheck::ui::UnitDetail</name>
    <message>
        <source>This unit could not be read. The store may be damaged.</source>
        <translation>无法读取此单位，数据库可能已损坏。</translation>
    </message>
    <message>
        <source>Inspection visit</source>
        <translation>现场检查</translation>
    </message>
    <message>
        <source>by %1</source>
        <translation>操作人 %1</translation>
    </message>
</context>
<context>
    <name>fieldcheck::ui::UnitListModel</name>
    <message>
        <source>The units could not be read. The store may be damaged.</source>
        <translation>无法读取单位，数据库可能已损坏。</translation>
    </message>
    <message>
        <source>Type at least two characters of the name or address.</source>
        <translation>请至少输入名称或地址中的两个字。</translation>
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
    <message numerus="yes">
        <source>Wrong PIN. After %n more wrong PIN(s) only the passphrase will open the store.</source>
        <translation>
            <numerusform>PIN 码错误。再错 %n 次后只能用口令打开。</numerusform>
        </translation>
    </message>
    <message>
        <source>Wrong passphrase: the PIN was not changed.</source>
        <translation>口令错误，PIN 码未修改。</translation>
    </message>
    <message>
        <source>Too many wrong passphrases. Wait a while, then try again.</source>
        <translation>口令错误次数过多，请稍后再试。</translation>
    </message>
    <message>
        <source>The device&apos;s key store did not keep the PIN&apos;s secret, so no PIN was set. Unlock with the passphrase.</source>
        <translation>设备的系统密钥库未能保存 PIN 码的密钥，未设置 PIN 码。请用口令解锁。</translation>
    </message>
    <message>
        <source>The PIN could not be changed (%1). Try again; the passphrase still opens the store.</source>
        <translation>PIN 码未能修改（%1）。请重试；口令仍可打开数据。</translation>
    </message>
    <message>
        <source>No PIN is set on this device. Unlock with the passphrase.</source>
        <translation>本设备未设置 PIN 码，请用口令解锁。</translation>
    </message>
    <message>
        <source>A PIN has 4 to 12 digits.</source>
        <translation>PIN 码为 4 至 12 位数字。</translation>
    </message>
    <message>
        <source>This device has no key store, so a PIN cannot be kept safely. Unlock with the passphrase.</source>
        <translation>本设备没有系统密钥库，无法安全保存 PIN 码。请用口令解锁。</translation>
    </message>
    <message>
        <source>Enter the passphrase: it proves that you may set a PIN.</source>
        <translation>请输入口令，以证明您有权设置 PIN 码。</translation>
    </message>
    <message>
        <source>The two PINs do not match. Enter the same PIN twice.</source>
        <translation>两次输入的 PIN 码不一致，请输入相同的 PIN 码。</translation>
    </message>
    <message>
        <source>PIN set. From now on the PIN unlocks this device; the passphrase still works.</source>
        <translation>PIN 码已设置。今后可用 PIN 码解锁本设备，口令仍然有效。</translation>
    </message>
    <message>
        <source>PIN removed. Only the passphrase unlocks this device now.</source>
        <translation>PIN 码已取消。现在只能用口令解锁本设备。</translation>
    </message>
    <message>
        <source>Too many wrong PINs: the PIN has been erased. Unlock with the passphrase, then choose a new PIN in Settings.</source>
        <translation>PIN 码错误次数过多，PIN 码已清除。请用口令解锁，再到“设置”中设置新的 PIN 码。</translation>
    </message>
    <message>
        <source>Too many wrong PINs. Wait, then try again.</source>
        <translation>PIN 码错误次数过多，请稍后再试。</translation>
    </message>
    <message>
        <source>The PIN no longer works on this device (the key store lost its secret). Unlock with the passphrase and choose a new PIN in Settings.</source>
        <translation>PIN 码在本设备上已失效（系统密钥库丢失了密钥）。请用口令解锁，再到“设置”中设置新的 PIN 码。</translation>
    </message>
    <message>
        <source>The device&apos;s key store did not answer, so the PIN cannot be checked. Unlock with the passphrase.</source>
        <translation>设备的系统密钥库没有响应，无法核对 PIN 码。请用口令解锁。</translation>
    </message>
    <message>
        <source>The current passphrase is wrong: nothing was changed.</source>
        <translation>当前口令错误，未作任何修改。</translation>
    </message>
    <message>
        <source>Passphrase changed. Use the new one from now on; the PIN, if set, still works.</source>
        <translation>口令已修改，今后请使用新口令；已设置的 PIN 码仍然有效。</translation>
    </message>
    <message>
        <source>The passphrase could not be changed (%1). The old one still works; try again.</source>
        <translation>口令未能修改（%1），原口令仍然有效，请重试。</translation>
    </message>
    <message>
        <source>Enter the current passphrase.</source>
        <translation>请输入当前口令。</translation>
    </message>
</context>
<context>
    <name>fieldcheck::ui::VisitEditor</name>
    <message>
        <source>The unit&apos;s representative signs the visit record.</source>
        <translation>被检查单位代表在检查记录上签字。</translation>
    </message>
    <message>
        <source>Your role may not change this visit. Ask your group leader.</source>
        <translation>您的角色无权修改此次检查，请询问检查组组长。</translation>
    </message>
    <message>
        <source>This visit can no longer be changed here: it was submitted or withdrawn meanwhile. Go back and open it again.</source>
        <translation>此次检查已被提交或撤回，不能在此修改。请返回后重新打开。</translation>
    </message>
    <message>
        <source>This visit is no longer on this device.</source>
        <translation>此次检查已不在本设备上。</translation>
    </message>
    <message>
        <source>The visit could not be saved. Try again; if it keeps failing, tell the administrator.</source>
        <translation>检查未能保存。请重试；如仍失败，请告知管理员。</translation>
    </message>
    <message>
        <source>Check in at the unit (the visit&apos;s position).</source>
        <translation>在单位签到（检查位置）。</translation>
    </message>
    <message>
        <source>Answer the required checklist items: %1.</source>
        <translation>回答必填的检查项：%1。</translation>
    </message>
    <message>
        <source>The visit changed after it was signed: the representative signs again.</source>
        <translation>签字后检查记录有改动，代表须重新签字。</translation>
    </message>
    <message>
        <source>This visit is not on this device. Sync, then open it again.</source>
        <translation>此次检查不在本设备上。请同步后重新打开。</translation>
    </message>
    <message>
        <source>This task is not on this device. Sync, then open it again.</source>
        <translation>此任务不在本设备上。请同步后重新打开。</translation>
    </message>
    <message>
        <source>No inspection group is on this device, so a visit cannot be started. Sync first.</source>
        <translation>本设备上没有检查组，无法开始检查。请先同步。</translation>
    </message>
    <message>
        <source>The unit of this visit is not on this device. Sync, then open it again.</source>
        <translation>此次检查的单位不在本设备上。请同步后重新打开。</translation>
    </message>
    <message>
        <source>This visit could not be read. The store may be damaged.</source>
        <translation>无法读取此次检查，数据库可能已损坏。</translation>
    </message>
    <message>
        <source>Restored what you entered on %1 and had not yet saved to the visit record.</source>
        <translation>已恢复您在 %1 输入但尚未保存到检查记录的内容。</translation>
    </message>
    <message>
        <source>The visit was changed on another device since: check the answers.</source>
        <translation>此后另一台设备修改了此次检查，请核对回答。</translation>
    </message>
    <message>
        <source>The checklist of this visit cannot be read. Sync; if it persists, tell the administrator.</source>
        <translation>无法读取此次检查的清单。请同步；如仍出现，请告知管理员。</translation>
    </message>
    <message>
        <source>Not started</source>
        <translation>未开始</translation>
    </message>
    <message>
        <source>Withdrawn</source>
        <translation>已撤回</translation>
    </message>
    <message>
        <source>%1 m</source>
        <translation>%1 米</translation>
    </message>
    <message>
        <source>Your last change could not be kept on this device. Check the free space, then change it again.</source>
        <translation>最后一次修改未能保存在本设备上。请检查剩余空间后重新修改。</translation>
    </message>
    <message>
        <source>The visit has started. Check in at the unit.</source>
        <translation>检查已开始，请在单位签到。</translation>
    </message>
    <message>
        <source>Enter the name of the unit&apos;s representative who signs.</source>
        <translation>请输入签字的单位代表姓名。</translation>
    </message>
    <message>
        <source>The signature is empty. Ask the representative to sign in the box.</source>
        <translation>签字为空，请代表在框内签字。</translation>
    </message>
    <message>
        <source>Signed by %1. The visit record is sealed with the signature.</source>
        <translation>%1 已签字，检查记录已连同签字封存。</translation>
    </message>
    <message>
        <source>Not submitted yet. Still needed:</source>
        <translation>尚未提交。尚需：</translation>
    </message>
    <message>
        <source>Submitted. It is flagged: fewer than two inspectors were present.</source>
        <translation>已提交。在场检查人员不足两人，已被标记。</translation>
    </message>
    <message>
        <source>Submitted.</source>
        <translation>已提交。</translation>
    </message>
    <message>
        <source>Photo sealed in the encrypted store.</source>
        <translation>照片已封存到加密数据库。</translation>
    </message>
</context>
</TS>

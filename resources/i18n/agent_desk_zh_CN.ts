<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../../agent_desk/ui/about_dialog.py" line="+47"/>
        <location line="+1"/>
        <source>About Agent Desk</source>
        <translation>关于电销工作台</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Agent Desk {version}</source>
        <translation>电销工作台 {version}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The telemarketing rep&apos;s workstation, with a read-only team view for supervisors.</source>
        <translation>电话销售人员的工作台，并为主管提供只读的团队视图。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Free software under the {licence} licence.</source>
        <translation>自由软件，以 {licence} 许可证发布。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The licence</source>
        <translation>许可证</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Python {python} · Qt {qt} · PySide6 {pyside}</source>
        <translation>Python {python} · Qt {qt} · PySide6 {pyside}</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Logs</source>
        <translation>日志</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The folder: {what}</source>
        <translation>文件夹：{what}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open this folder</source>
        <translation>打开这个文件夹</translation>
    </message>
</context>
<context>
    <name>AmendDialog</name>
    <message>
        <location filename="../../agent_desk/ui/amend_dialog.py" line="+120"/>
        <source>Amend a saved wrap-up</source>
        <translation>更正已保存的通话小结</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Amend wrap-up</source>
        <translation>更正通话小结</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A saved wrap-up is never edited: Amend adds a linked amendment.</source>
        <translation>已保存的通话小结不能修改：更正会另存一条与原记录关联的更正。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Reason for the amendment</source>
        <translation>更正原因</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>e.g. wrong outcome picked</source>
        <translation>如：通话结果选错了</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Reason for the amendment *</source>
        <translation>更正原因 *</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Save amendment</source>
        <translation>保存更正</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save the amendment</source>
        <translation>保存更正</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>The saved wrap-up</source>
        <translation>已保存的通话小结</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Saved at</source>
        <translation>保存时间</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Amended because</source>
        <translation>更正原因</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Give a reason for the amendment first</source>
        <translation>请先填写更正原因</translation>
    </message>
</context>
<context>
    <name>AppMenu</name>
    <message>
        <location filename="../../agent_desk/ui/app_menu.py" line="+29"/>
        <source>Agent Desk menu</source>
        <translation>电销工作台菜单</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Settings…</source>
        <translation>设置…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>About Agent Desk</source>
        <translation>关于电销工作台</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open the log folder</source>
        <translation>打开日志文件夹</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+2"/>
        <source>Settings and About</source>
        <translation>设置和关于</translation>
    </message>
</context>
<context>
    <name>AssessmentModel</name>
    <message>
        <location filename="../../agent_desk/ui/team_assessment.py" line="+86"/>
        <location line="+83"/>
        <source>Rep</source>
        <translation>电销人员</translation>
    </message>
    <message>
        <location line="-80"/>
        <source>Year</source>
        <translation>年度</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>{average}
{rated} rated</source>
        <translation>{average}
{rated} 条评价</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{actual}
{percent}%</source>
        <translation>{actual}
{percent}%</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{period}: no customer rated a call</source>
        <translation>{period}：无客户评价</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{period}: average {average} of 5 from {rated} rated contacts</source>
        <translation>{period}：{rated} 条评价，平均 {average} 分（满分 5 分）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{period}: {actual}, no target</source>
        <translation>{period}：{actual}，未设目标</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{period}: {actual} of {target} ({percent}%)</source>
        <translation>{period}：{actual} / 目标 {target}（{percent}%）</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>{period} target</source>
        <translation>{period} 目标</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>{period} rated</source>
        <translation>{period} 评价数</translation>
    </message>
</context>
<context>
    <name>AssessmentPanel</name>
    <message>
        <location line="+33"/>
        <source>Each rep&apos;s months and year against target</source>
        <translation>每位电销人员各月及全年与目标对比</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Dials</source>
        <translation>拨打</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Contacts</source>
        <translation>接通</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Interested</source>
        <translation>有意向</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sales amount</source>
        <translation>销售额</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Customer satisfaction</source>
        <translation>客户满意度</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Monthly and yearly assessment</source>
        <translation>月度及年度考核</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Green: target met · red: a past month that missed it · amber: this month, behind pace · grey: to come</source>
        <translation>绿色：达标 · 红色：往月未达标 · 黄色：本月进度落后 · 灰色：未到</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Figure</source>
        <translation>指标</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Year</source>
        <translation>年份</translation>
    </message>
</context>
<context>
    <name>BoardModel</name>
    <message>
        <location filename="../../agent_desk/ui/team_board.py" line="+85"/>
        <source>Dials</source>
        <translation>拨打</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Contacts</source>
        <translation>接通</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sales</source>
        <translation>销售额</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Rep</source>
        <translation>电销人员</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{user} · desk {desk}</source>
        <translation>{user} · 坐席 {desk}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Current call</source>
        <translation>当前通话</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Needs attention</source>
        <translation>需关注</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>{state} · {time}</source>
        <translation>{state} · {time}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>No word from the desk since {time}</source>
        <translation>坐席自 {time} 起无响应</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{n} records waiting on the desk</source>
        <translation>坐席上有 {n} 条记录待上传</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Soft call limit {time}</source>
        <translation>通话时长提醒线 {time}</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>{actual} / {target}</source>
        <translation>{actual} / {target}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No target set</source>
        <translation>未设目标</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{percent} of today&apos;s target</source>
        <translation>已完成今日目标的 {percent}</translation>
    </message>
</context>
<context>
    <name>BoardPanel</name>
    <message>
        <location line="+55"/>
        <source>Every rep&apos;s state and figures now</source>
        <translation>每位电销人员的当前状态与数据</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>On a call</source>
        <translation>通话中</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Reps on a call</source>
        <translation>正在通话的人数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Wrap-up</source>
        <translation>通话小结</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Reps in wrap-up</source>
        <translation>正在填写通话小结的人数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Reps ready to dial</source>
        <translation>就绪可拨的人数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Reps paused</source>
        <translation>已暂停的人数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Reps offline</source>
        <translation>离线的人数</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Need attention</source>
        <translation>需关注</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Rows that need you</source>
        <translation>需要主管关注的人数</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Dials today</source>
        <translation>今日拨打</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Team dials today</source>
        <translation>团队今日拨打数</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Contacts today</source>
        <translation>今日接通</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Team contacts today</source>
        <translation>团队今日接通数</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sales today</source>
        <translation>今日销售额</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Team sales today</source>
        <translation>团队今日销售额</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Refreshed every {n} seconds · double-click a rep to see their calls</source>
        <translation>每 {n} 秒刷新 · 双击某人查看其通话记录</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>{actual} / {target}</source>
        <translation>{actual} / {target}</translation>
    </message>
</context>
<context>
    <name>CallControls</name>
    <message>
        <location filename="../../agent_desk/ui/call_controls.py" line="+121"/>
        <location line="+112"/>
        <source>Dial</source>
        <translation>拨号</translation>
    </message>
    <message>
        <location line="-111"/>
        <source>Hang up</source>
        <translation>挂断</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hold</source>
        <translation>保持</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Mute</source>
        <translation>静音</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+193"/>
        <source>Transfer</source>
        <translation>转接</translation>
    </message>
    <message>
        <location line="-171"/>
        <location line="+4"/>
        <location line="+4"/>
        <source>Dial pad</source>
        <translation>拨号盘</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Customer answered</source>
        <translation>客户已接听</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Call ended</source>
        <translation>通话已结束</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Rings so far</source>
        <translation>已响铃次数</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Call time</source>
        <translation>通话时长</translation>
    </message>
    <message>
        <location line="+56"/>
        <source>No call</source>
        <translation>无通话</translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>Ring %n</source>
        <translation>
            <numerusform>响铃 %n 声</numerusform>
        </translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Dialing {number}…</source>
        <translation>正在拨打 {number}…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Ringing {number}…</source>
        <translation>{number} 振铃中…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Connected {number}</source>
        <translation>已接通 {number}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>On hold {number}</source>
        <translation>保持中 {number}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ended: {reason}</source>
        <translation>已结束：{reason}</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>Customer service ({number})</source>
        <translation>客服 ({number})</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Other number…</source>
        <translation>其他号码…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Transfer the call to:</source>
        <translation>将通话转接至：</translation>
    </message>
</context>
<context>
    <name>ChartsPanel</name>
    <message>
        <location filename="../../agent_desk/ui/team_charts.py" line="+109"/>
        <source>Charts of the team&apos;s calls and progress</source>
        <translation>团队通话与进度图表</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Which period the outcome and progress charts cover</source>
        <translation>通话结果与目标进度图表的统计期间</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Calls per hour today</source>
        <translation>今日每小时通话量</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Outcomes</source>
        <translation>通话结果</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Progress to target</source>
        <translation>目标进度</translation>
    </message>
    <message>
        <location line="+44"/>
        <location line="+60"/>
        <source>Dials</source>
        <translation>拨打</translation>
    </message>
    <message>
        <location line="-59"/>
        <location line="+60"/>
        <source>Contacts</source>
        <translation>接通</translation>
    </message>
    <message>
        <location line="-59"/>
        <source>Sales</source>
        <translation>成交</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Outcomes · {period}</source>
        <translation>通话结果 · {period}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>No wrap-up yet</source>
        <translation>尚无小结</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{outcome}  {calls} ({share:.0%})</source>
        <translation>{outcome}  {calls} ({share:.0%})</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Outcomes · {period}: no calls yet</source>
        <translation>通话结果 · {period}：暂无通话</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Progress to target · {period}</source>
        <translation>目标进度 · {period}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Interested</source>
        <translation>有意向</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sales amount</source>
        <translation>销售额</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Progress to target · {period}: no targets set</source>
        <translation>目标进度 · {period}：未设目标</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Reached</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Expected by now</source>
        <translation>按进度应完成</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>{passed:.0%} of the period has passed.</source>
        <translation>本期已过去 {passed:.0%}。</translation>
    </message>
</context>
<context>
    <name>ComplaintsModel</name>
    <message>
        <location filename="../../agent_desk/ui/team_lists.py" line="+77"/>
        <source>Since</source>
        <translation>投诉时间</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open for</source>
        <translation>已等待</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rep</source>
        <translation>电销人员</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Complaint</source>
        <translation>投诉内容</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Escalated</source>
        <translation>升级处理</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Put through to customer service</source>
        <translation>已转接客服</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not put through</source>
        <translation>未转接</translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <location filename="../../agent_desk/ui/crash_dialog.py" line="+38"/>
        <source>Agent Desk ran into a problem</source>
        <translation>电销工作台遇到了问题</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Agent Desk — Something went wrong</source>
        <translation>电销工作台 — 出错了</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Agent Desk ran into a problem it did not expect.</source>
        <translation>电销工作台遇到了一个意外问题。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>What went wrong</source>
        <translation>出了什么问题</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>What happened:</source>
        <translation>问题：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Where in the program</source>
        <translation>出错的程序位置</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Where:</source>
        <translation>位置：</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>could not be written; the details are below</source>
        <translation>无法写入；详细信息见下方</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Where the log is</source>
        <translation>日志所在位置</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open the log folder</source>
        <translation>打开日志文件夹</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open the folder of the log file</source>
        <translation>打开日志文件所在的文件夹</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Log:</source>
        <translation>日志：</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>What was saved</source>
        <translation>已保存的内容</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The technical details</source>
        <translation>技术细节</translation>
    </message>
    <message>
        <location line="+8"/>
        <location line="+38"/>
        <source>Show details</source>
        <translation>显示详情</translation>
    </message>
    <message>
        <location line="-37"/>
        <source>Show the traceback</source>
        <translation>显示错误回溯</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Copy details</source>
        <translation>复制详情</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy the details for a bug report</source>
        <translation>复制详情，用于报告问题</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Close Agent Desk</source>
        <translation>关闭电销工作台</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Keep working</source>
        <translation>继续工作</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Close this message and go on</source>
        <translation>关闭此消息并继续</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Your open work could not all be saved; see the log. Wrap-ups you saved before are safe in the desk database.</source>
        <translation>未能保存全部正在进行的工作，请查看日志。之前已保存的通话小结安全地保存在本机数据库中。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Your work is safe: {what} was saved. Wrap-ups you saved before are kept in the desk database.</source>
        <translation>您的工作没有丢失：已保存{what}。之前已保存的通话小结保存在本机数据库中。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Nothing was lost: wrap-ups you saved are kept in the desk database.</source>
        <translation>没有丢失任何内容：已保存的通话小结保存在本机数据库中。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Hide details</source>
        <translation>隐藏详情</translation>
    </message>
</context>
<context>
    <name>DeskStatusBar</name>
    <message>
        <location filename="../../agent_desk/ui/desk_status.py" line="+28"/>
        <source>Your state</source>
        <translation>我的状态</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Time since the shift started</source>
        <translation>本班次已进行的时间</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Today&apos;s figures against target</source>
        <translation>今日数据与目标对比</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Connecting…</source>
        <translation>连接中…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Connection to the team database</source>
        <translation>与团队数据库的连接</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>TRAINING — nothing reaches real customers</source>
        <translation>培训模式：不会拨给真实客户</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>{state} · {time}</source>
        <translation>{state} · {time}</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Saved work is kept on this desk and sent when the connection is back.</source>
        <translation>已保存的记录暂存在本机，连接恢复后自动上传。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Today: {dials} dials · {contacts} contacts · sales {sales}</source>
        <translation>今日：拨打 {dials} · 接通 {contacts} · 销售额 {sales}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Today: dials {dials}/{t_dials} · contacts {contacts}/{t_contacts} · sales {sales}/{t_sales}</source>
        <translation>今日：拨打 {dials}/{t_dials} · 接通 {contacts}/{t_contacts} · 销售额 {sales}/{t_sales}</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Contact rate {rate:.0%} · talk time {talk}</source>
        <translation>接通率 {rate:.0%} · 通话时长 {talk}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Shift {time}</source>
        <translation>在岗 {time}</translation>
    </message>
</context>
<context>
    <name>DialPad</name>
    <message>
        <location filename="../../agent_desk/ui/call_controls.py" line="-266"/>
        <source>Dial pad: type a number to dial, or send tones</source>
        <translation>拨号盘：输入号码拨打，通话中可发送按键音</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+1"/>
        <source>Number to dial</source>
        <translation>输入要拨打的号码</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Call this number</source>
        <translation>拨打此号码</translation>
    </message>
</context>
<context>
    <name>EndShiftDialog</name>
    <message>
        <location filename="../../agent_desk/ui/shift_dialog.py" line="+40"/>
        <source>End of shift summary</source>
        <translation>班次小结</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>End of shift</source>
        <translation>结束班次</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Check today&apos;s figures before you confirm. They are saved for your supervisor.</source>
        <translation>请先核对今日数据再确认。数据会保存，供主管查看。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Shift</source>
        <translation>班次</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{start} – {end}</source>
        <translation>{start} – {end}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Dials</source>
        <translation>拨打数</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Inbound calls</source>
        <translation>来电数</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Contacts</source>
        <translation>接通数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{n} ({rate:.0%} of dials)</source>
        <translation>{n}（接通率 {rate:.0%}）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Talk time</source>
        <translation>通话时长</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Intents</source>
        <translation>意向</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Callbacks set</source>
        <translation>已约回访</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sales</source>
        <translation>成交</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{count} · amount {amount:,.2f}</source>
        <translation>{count} 单 · 金额 {amount:,.2f}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Customer satisfaction</source>
        <translation>客户满意度</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{average} of 5 · {rated} rated</source>
        <translation>{average} 分（满分 5 分）· {rated} 条评价</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Note for your supervisor</source>
        <translation>给主管的备注</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Note for your supervisor (optional)</source>
        <translation>给主管的备注（选填）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Confirm and end shift</source>
        <translation>确认并结束班次</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Export shift summary</source>
        <translation>导出班次小结</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
</context>
<context>
    <name>ExportButton</name>
    <message>
        <location filename="../../agent_desk/ui/team_export.py" line="+53"/>
        <source>Export the table on screen to a file</source>
        <translation>将当前表格导出为文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+29"/>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location line="-26"/>
        <source>CSV file…</source>
        <translation>CSV 文件…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Excel workbook (XLSX)…</source>
        <translation>Excel 工作簿 (XLSX)…</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>CSV file (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
</context>
<context>
    <name>FiguresModel</name>
    <message>
        <location filename="../../agent_desk/ui/team_figures.py" line="+87"/>
        <source>Dials</source>
        <translation>拨打</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Contacts</source>
        <translation>接通</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Interested</source>
        <translation>有意向</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sales amount</source>
        <translation>销售额</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Actual / target; the bar shows how far to target</source>
        <translation>实际 / 目标；进度条表示完成程度</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+61"/>
        <source>Rep</source>
        <translation>电销人员</translation>
    </message>
    <message>
        <location line="-57"/>
        <location line="+66"/>
        <source>Contact rate</source>
        <translation>接通率</translation>
    </message>
    <message>
        <location line="-61"/>
        <location line="+62"/>
        <source>Talk time</source>
        <translation>通话时长</translation>
    </message>
    <message>
        <location line="-56"/>
        <location line="+58"/>
        <source>Sales</source>
        <translation>成交</translation>
    </message>
    <message>
        <location line="-55"/>
        <location line="+56"/>
        <source>Callbacks set</source>
        <translation>已约回访</translation>
    </message>
    <message>
        <location line="-51"/>
        <source>Satisfaction</source>
        <translation>满意度</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Customer satisfaction: the average of the customers&apos; ratings (1 to 5) and, in brackets, how many contacts were rated</source>
        <translation>客户满意度：客户评分（1 至 5 分）的平均值，括号内为评价条数</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>No customer rated a call in this period</source>
        <translation>本期间没有客户评价</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Average {average} of 5 from {rated} rated contacts</source>
        <translation>{rated} 条评价，平均 {average} 分（满分 5 分）</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>{actual} / {target} · {percent}</source>
        <translation>{actual} / {target} · {percent}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>No target set</source>
        <translation>未设目标</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Target met</source>
        <translation>已达标</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{remaining} to go</source>
        <translation>还差 {remaining}</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>{figure} target</source>
        <translation>{figure}目标</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{figure} %</source>
        <translation>{figure} %</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Satisfaction (average)</source>
        <translation>满意度（平均）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rated contacts</source>
        <translation>评价数</translation>
    </message>
</context>
<context>
    <name>FiguresPanel</name>
    <message>
        <location line="+105"/>
        <source>Which period the figures cover</source>
        <translation>数据的统计期间</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Each rep&apos;s figures against target</source>
        <translation>每位电销人员的数据与目标对比</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Team total</source>
        <translation>团队合计</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>No targets are set for this period.</source>
        <translation>本期未设目标。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Today&apos;s target is each rep&apos;s monthly target shared over the month&apos;s working days. {passed} of the working day has passed: green is met, amber is behind.</source>
        <translation>今日目标为每人月度目标按本月工作日平均分摊。今天的工作时间已过去 {passed}：绿色为达标，黄色为进度落后。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Monthly targets. {passed} of the month has passed: green is met, amber is behind.</source>
        <translation>月度目标。本月已过去 {passed}：绿色为达标，黄色为进度落后。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The year&apos;s monthly targets added up. {passed} of the year has passed: green is met, amber is behind.</source>
        <translation>全年各月目标之和。本年已过去 {passed}：绿色为达标，黄色为进度落后。</translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <location filename="../../agent_desk/ui/first_run.py" line="+30"/>
        <location line="+1"/>
        <location line="+10"/>
        <source>Welcome to Agent Desk</source>
        <translation>欢迎使用电销工作台</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>How do you want to start?</source>
        <translation>您想如何开始？</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Try the demo</source>
        <translation>试用演示</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A practice team on this computer: demo leads, scripts and a simulated line. Customers are played by personas; nothing is dialed for real.</source>
        <translation>在本机上的练习团队：演示客户、话术和模拟线路。客户由模拟角色扮演，不会真正拨出任何电话。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Open the demo desk</source>
        <translation>打开演示工作台</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Connect to my team&apos;s server</source>
        <translation>连接到团队服务器</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Log in to your team&apos;s database with the server, user name and password your admin gave you. The password can be kept in this computer&apos;s keyring.</source>
        <translation>使用管理员提供的服务器地址、用户名和密码登录团队数据库。密码可以保存在本机的密钥环中。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Log in to the team&apos;s server</source>
        <translation>登录团队服务器</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>You can change this later under Settings, and choose the language, colours and phone line there.</source>
        <translation>以后可以在“设置”中更改，也可以在那里选择语言、配色和电话线路。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Close Agent Desk</source>
        <translation>关闭电销工作台</translation>
    </message>
</context>
<context>
    <name>FlaggedModel</name>
    <message>
        <location filename="../../agent_desk/ui/team_lists.py" line="+30"/>
        <source>Call</source>
        <translation>通话时间</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Arrived</source>
        <translation>上传时间</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Rep</source>
        <translation>电销人员</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Outcome</source>
        <translation>通话结果</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Why flagged</source>
        <translation>标记原因</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>No wrap-up yet</source>
        <translation>尚无小结</translation>
    </message>
</context>
<context>
    <name>FollowupPicker</name>
    <message>
        <location filename="../../agent_desk/ui/followup_picker.py" line="+144"/>
        <source>Not set</source>
        <translation>未设置</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Follow-up time, in your local time</source>
        <translation>跟进时间（本机时间）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Who makes the follow-up call</source>
        <translation>由谁跟进</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>For me</source>
        <translation>由我跟进</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>For my team</source>
        <translation>由本组跟进</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>+2 h</source>
        <translation>+2 小时</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>In two hours, moved into the customer&apos;s calling hours</source>
        <translation>2 小时后（自动调到客户的可拨打时段内）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Tomorrow 10:00</source>
        <translation>明天 10:00</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tomorrow 10:00 customer time, moved into their calling hours</source>
        <translation>客户时间明天 10:00（自动调到可拨打时段内）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Next week</source>
        <translation>下周</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>In 7 days, 10:00 customer time, moved into their calling hours</source>
        <translation>7 天后客户时间 10:00（自动调到可拨打时段内）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Customer time</source>
        <translation>客户时间</translation>
    </message>
    <message>
        <location line="+98"/>
        <source>Pick a time inside the customer&apos;s calling hours.</source>
        <translation>请选择客户可拨打时段内的时间。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Unknown customer time zone {zone}</source>
        <translation>未知的客户时区 {zone}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Customer time {time}: inside calling hours</source>
        <translation>客户时间 {time}：在可拨打时段内</translation>
    </message>
</context>
<context>
    <name>HelpOverlay</name>
    <message>
        <location filename="../../agent_desk/ui/help_overlay.py" line="+18"/>
        <location line="+4"/>
        <source>Keyboard shortcuts</source>
        <translation>快捷键</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Press F1 or Esc to close.</source>
        <translation>按 F1 或 Esc 关闭。</translation>
    </message>
</context>
<context>
    <name>HistoryModel</name>
    <message>
        <location filename="../../agent_desk/ui/history_model.py" line="+103"/>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Call</source>
        <translation>通话</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Intent</source>
        <translation>意向</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location line="+90"/>
        <source>{outcome} · {amount}</source>
        <translation>{outcome} · {amount}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Amended: {reason}</source>
        <translation>已更正：{reason}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{length} · {reason}</source>
        <translation>{length} · {reason}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No wrap-up</source>
        <translation>无小结</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Amended {time}: {reason}</source>
        <translation>{time} 更正：{reason}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{time} · {length} · {reason}</source>
        <translation>{time} · {length} · {reason}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Training call</source>
        <translation>培训通话</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Spoke with: {person}</source>
        <translation>通话对象：{person}</translation>
    </message>
</context>
<context>
    <name>InboundBanner</name>
    <message>
        <location filename="../../agent_desk/ui/inbound_banner.py" line="+29"/>
        <source>A call is coming in</source>
        <translation>有来电</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Who is calling</source>
        <translation>来电客户</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+2"/>
        <source>Answer</source>
        <translation>接听</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>Answer the incoming call</source>
        <translation>接听来电</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+2"/>
        <source>Reject</source>
        <translation>拒接</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>Reject the incoming call</source>
        <translation>拒接来电</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>unknown number</source>
        <translation>未知号码</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{name} ({company})</source>
        <translation>{name}（{company}）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Incoming call: {name} · {number}</source>
        <translation>来电：{name} · {number}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Incoming call: {number} (not one of your leads)</source>
        <translation>来电：{number}（不是您的客户）</translation>
    </message>
</context>
<context>
    <name>IntentButtons</name>
    <message>
        <location filename="../../agent_desk/ui/wrapup_choices.py" line="+146"/>
        <source>Alt+{key}</source>
        <translation>Alt+{key}</translation>
    </message>
</context>
<context>
    <name>LeadCardView</name>
    <message>
        <location filename="../../agent_desk/ui/lead_card.py" line="+65"/>
        <source>The selected lead</source>
        <translation>所选客户</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No lead selected</source>
        <translation>未选择客户</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Select a lead from the queue.</source>
        <translation>请从待拨队列中选择客户。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Customer name</source>
        <translation>客户姓名</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Company</source>
        <translation>公司</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Phone number, masked</source>
        <translation>电话号码（部分隐藏）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status and attempts</source>
        <translation>状态与拨打次数</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Customer time and calling state</source>
        <translation>客户时间与可拨打状态</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Why the number is blocked</source>
        <translation>列入勿扰名单的原因</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Scheduled callback</source>
        <translation>已约回访</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>More about the lead</source>
        <translation>客户的其他信息</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Campaign</source>
        <translation>活动</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Previous calls</source>
        <translation>通话记录</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Previous calls, newest first</source>
        <translation>通话记录（最新的在前）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No previous calls</source>
        <translation>无通话记录</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No previous calls.</source>
        <translation>暂无通话记录。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The selected call</source>
        <translation>所选通话</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Amend…</source>
        <translation>更正…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Correct the selected wrap-up</source>
        <translation>更正所选通话的小结</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Records are never changed: a correction is saved next to the original.</source>
        <translation>记录不能修改：更正会与原记录并列保存。</translation>
    </message>
    <message>
        <location line="+73"/>
        <source>(no name)</source>
        <translation>（无姓名）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Campaign: {name}</source>
        <translation>活动：{name}</translation>
    </message>
    <message numerus="yes">
        <location line="+34"/>
        <source>{n} attempts made</source>
        <translation>
            <numerusform>已拨打 {n} 次</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>All {max} attempts used</source>
        <translation>{max} 次已拨满</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Attempt {n} of {max}</source>
        <translation>第 {n}/{max} 次</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{status} · {attempts}</source>
        <translation>{status} · {attempts}</translation>
    </message>
    <message numerus="yes">
        <location line="+25"/>
        <source>{n} more</source>
        <translation>
            <numerusform>另有 {n} 项</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>More fields; the tooltip lists them</source>
        <translation>更多字段（见悬停提示）</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>On the do-not-call list — cannot be dialed</source>
        <translation>在勿扰名单中，不可拨打</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Calling hours unknown for this customer</source>
        <translation>该客户的可拨打时段未知</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Reason: {reason}</source>
        <translation>原因：{reason}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Callback due since {time}</source>
        <translation>回访已到期（{time}）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Callback scheduled for {time}</source>
        <translation>已约回访：{time}</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>This call has no wrap-up.</source>
        <translation>这通电话没有通话小结。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Amended: {reason}</source>
        <translation>已更正：{reason}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Spoke with: {person}</source>
        <translation>通话对象：{person}</translation>
    </message>
</context>
<context>
    <name>LineStatus</name>
    <message>
        <location filename="../../agent_desk/ui/line_status.py" line="+32"/>
        <source>The phone line: click for its settings</source>
        <translation>电话线路：点击打开线路设置</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Line ready</source>
        <translation>线路就绪</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Line starting…</source>
        <translation>线路启动中…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Line down</source>
        <translation>线路中断</translation>
    </message>
</context>
<context>
    <name>ListsPanel</name>
    <message>
        <location filename="../../agent_desk/ui/team_lists.py" line="+19"/>
        <source>Open complaints and escalations</source>
        <translation>未处理的投诉与升级</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Callbacks past their time</source>
        <translation>已过时间的回访</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Records flagged after a lost lease</source>
        <translation>客户领用失效后上传而被标记的记录</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Open complaints ({n})</source>
        <translation>未处理投诉 ({n})</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Overdue callbacks ({n})</source>
        <translation>逾期回访 ({n})</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Flagged records ({n})</source>
        <translation>标记记录 ({n})</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../agent_desk/ui/login_dialog.py" line="+80"/>
        <source>Log in to Agent Desk</source>
        <translation>登录电销工作台</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Agent Desk — Log in</source>
        <translation>电销工作台 — 登录</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Log in to your team&apos;s database</source>
        <translation>登录团队数据库</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Use the user name and password your admin gave you.</source>
        <translation>请使用管理员分配给您的用户名和密码。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Server address</source>
        <translation>服务器地址</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>host name, or host:port</source>
        <translation>主机名，或 主机:端口</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Database name</source>
        <translation>数据库名称</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Your user name</source>
        <translation>您的用户名</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Your password</source>
        <translation>您的密码</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Remember password</source>
        <translation>记住密码</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Keep the password in this computer&apos;s keyring</source>
        <translation>将密码保存在本机的系统钥匙串中</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>This computer has no keyring to keep passwords in.</source>
        <translation>本机没有可保存密码的系统钥匙串。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Database</source>
        <translation>数据库</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Connecting</source>
        <translation>正在连接</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Login status</source>
        <translation>登录状态</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Connect</source>
        <translation>连接</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Log in</source>
        <translation>登录</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+82"/>
        <source>Connecting to {server}…</source>
        <translation>正在连接 {server}…</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Enter the server address.</source>
        <translation>请输入服务器地址。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The port after the colon must be a number from 1 to 65535.</source>
        <translation>冒号后的端口必须是 1 到 65535 之间的数字。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Enter the database name.</source>
        <translation>请输入数据库名称。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Enter your user name.</source>
        <translation>请输入您的用户名。</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Logged in, but this computer&apos;s keyring could not keep your password: you will be asked for it next time.</source>
        <translation>已登录，但本机钥匙串无法保存您的密码：下次登录时需要重新输入。</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Cancelled. Nothing was changed.</source>
        <translation>已取消，未做任何更改。</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>The password is not right for {user}.</source>
        <translation>{user} 的密码不正确。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Enter the password for {user}.</source>
        <translation>请输入 {user} 的密码。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{user} is not an Agent Desk user on this server. Check the user name, or ask your admin.</source>
        <translation>{user} 不是该服务器上的工作台用户。请检查用户名，或联系管理员。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cannot reach {server}. Check the address and your network.</source>
        <translation>无法连接 {server}。请检查地址和网络。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The secure connection to {server} failed. Check the SSL settings under Advanced, or ask your admin.</source>
        <translation>与 {server} 的加密连接失败。请检查“高级”中的 SSL 设置，或联系管理员。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{server} has no database named {database}. Check the name.</source>
        <translation>{server} 上没有名为 {database} 的数据库。请检查名称。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The team database is not set up yet: ask your admin to run agent-desk-admin init.</source>
        <translation>团队数据库尚未初始化：请管理员运行 agent-desk-admin init。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The team database needs an upgrade: ask your admin to run agent-desk-admin init.</source>
        <translation>团队数据库需要升级：请管理员运行 agent-desk-admin init。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This Agent Desk is older than the team database: please update it.</source>
        <translation>此工作台版本低于团队数据库：请更新工作台。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{user} may not use this database. Ask your admin to give you access.</source>
        <translation>{user} 无权使用此数据库。请联系管理员开通权限。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Could not log in to {server}. The server said: {detail}</source>
        <translation>无法登录 {server}。服务器返回：{detail}</translation>
    </message>
</context>
<context>
    <name>MessageBar</name>
    <message>
        <location filename="../../agent_desk/ui/message_bar.py" line="+18"/>
        <source>Messages</source>
        <translation>消息</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>OutcomeButtons</name>
    <message>
        <location filename="../../agent_desk/ui/wrapup_choices.py" line="-47"/>
        <source>{key} {label}</source>
        <translation>{key} {label}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Key {key} or Alt+{key}</source>
        <translation>按 {key} 或 Alt+{key}</translation>
    </message>
</context>
<context>
    <name>OverdueModel</name>
    <message>
        <location filename="../../agent_desk/ui/team_lists.py" line="-86"/>
        <source>Was due</source>
        <translation>约定时间</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Late by</source>
        <translation>逾期</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Minutes late, in the export</source>
        <translation>导出时以分钟计</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Owner</source>
        <translation>负责人</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Set by</source>
        <translation>约定人</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The team</source>
        <translation>本组</translation>
    </message>
</context>
<context>
    <name>PauseButton</name>
    <message>
        <location filename="../../agent_desk/ui/pause_button.py" line="+24"/>
        <source>Pause with a reason, or resume</source>
        <translation>选择原因暂停，或继续</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
</context>
<context>
    <name>PeriodSwitch</name>
    <message>
        <location filename="../../agent_desk/ui/team_figures.py" line="-102"/>
        <source>Today</source>
        <translation>今日</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This month</source>
        <translation>本月</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This year</source>
        <translation>本年</translation>
    </message>
</context>
<context>
    <name>QueueModel</name>
    <message>
        <location filename="../../agent_desk/ui/queue_model.py" line="+105"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Company</source>
        <translation>公司</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Attempts</source>
        <translation>次数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not now</source>
        <translation>暂不可拨</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Due callback, callable now, or outside calling hours</source>
        <translation>回访已到期、现在可拨或不在可拨打时段</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Customer time: the time where the customer is</source>
        <translation>客户时间：客户所在地的当地时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Attempts made (of the campaign&apos;s maximum)</source>
        <translation>已拨打次数/活动规定的最多次数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Why this lead cannot be called now</source>
        <translation>该客户现在不能拨打的原因</translation>
    </message>
    <message>
        <location line="+115"/>
        <source>Callback due</source>
        <translation>回访已到期</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Callable now</source>
        <translation>现在可拨</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>On the do-not-call list</source>
        <translation>在勿扰名单中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Outside calling hours</source>
        <translation>不在可拨打时段</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Attempts: {attempts}</source>
        <translation>拨打次数：{attempts}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>On the do-not-call list — cannot be dialed</source>
        <translation>在勿扰名单中，不可拨打</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Calling hours unknown for this customer</source>
        <translation>该客户的可拨打时段未知</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Callback due since {time}
{state}</source>
        <translation>回访已到期（{time}）
{state}</translation>
    </message>
</context>
<context>
    <name>QueuePanel</name>
    <message>
        <location filename="../../agent_desk/ui/queue_panel.py" line="+85"/>
        <source>Number of leads in my queue</source>
        <translation>待拨队列中的客户数</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Search my leads by name, company or phone</source>
        <translation>按姓名、公司或电话搜索我的客户</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Search my leads (Ctrl+F)</source>
        <translation>搜索我的客户 (Ctrl+F)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Search results</source>
        <translation>搜索结果</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>My leads; Enter dials the selected lead</source>
        <translation>我的客户；按 Enter 拨打所选客户</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Why the list is empty</source>
        <translation>列表为空的原因</translation>
    </message>
    <message numerus="yes">
        <location line="+144"/>
        <source>My queue ({n})</source>
        <translation>
            <numerusform>待拨队列 ({n})</numerusform>
        </translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No callable leads right now. New leads arrive as the team&apos;s lists and calling hours allow.</source>
        <translation>现在没有可拨打的客户。团队名单和可拨打时段允许时，新客户会自动进入队列。</translation>
    </message>
    <message numerus="yes">
        <location line="+8"/>
        <source>Search results ({n}) — Esc to return to the queue</source>
        <translation>
            <numerusform>搜索结果 ({n})，按 Esc 返回待拨队列</numerusform>
        </translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No lead matches</source>
        <translation>没有匹配的客户</translation>
    </message>
</context>
<context>
    <name>RecordsFilter</name>
    <message>
        <location filename="../../agent_desk/ui/team_records.py" line="+81"/>
        <source>Which calls the records show</source>
        <translation>通话记录的筛选条件</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Whose calls</source>
        <translation>谁的通话</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>All reps</source>
        <translation>全部人员</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>First day</source>
        <translation>开始日期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last day</source>
        <translation>结束日期</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Only calls with this outcome</source>
        <translation>只看该通话结果</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Flagged only</source>
        <translation>只看标记记录</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Only records flagged on arrival</source>
        <translation>只看上传时被标记的记录</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Training calls</source>
        <translation>培训通话</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show training calls too</source>
        <translation>同时显示培训通话</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Rep</source>
        <translation>人员</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Outcome</source>
        <translation>通话结果</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>All outcomes</source>
        <translation>全部结果</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No wrap-up yet</source>
        <translation>尚无小结</translation>
    </message>
</context>
<context>
    <name>RecordsModel</name>
    <message>
        <location filename="../../agent_desk/ui/team_records_model.py" line="+47"/>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rep</source>
        <translation>电销人员</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Call</source>
        <translation>通话</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Intent</source>
        <translation>意向</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Spoke with</source>
        <translation>通话对象</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Marks</source>
        <translation>标注</translation>
    </message>
    <message>
        <location line="+119"/>
        <source>Original wrap-up</source>
        <translation>原始小结</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Amendment: {reason}</source>
        <translation>更正：{reason}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{length} · {reason}</source>
        <translation>{length} · {reason}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>No wrap-up yet</source>
        <translation>尚无小结</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Counts</source>
        <translation>计入统计</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Amended</source>
        <translation>已更正</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Training</source>
        <translation>培训</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Flagged</source>
        <translation>已标记</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Training call: not counted in any figure</source>
        <translation>培训通话：不计入任何数据</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Follow-up {time}</source>
        <translation>跟进时间 {time}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Customer satisfaction: {rating} of 5</source>
        <translation>客户满意度：{rating} 分（满分 5 分）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Complaint: {summary}</source>
        <translation>投诉：{summary}</translation>
    </message>
</context>
<context>
    <name>RecordsPanel</name>
    <message>
        <location filename="../../agent_desk/ui/team_records.py" line="+119"/>
        <source>Calls and their wrap-ups, amendments under them</source>
        <translation>通话及其小结，更正记录列在原始小结下</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>End-of-shift summaries the reps confirmed</source>
        <translation>电销人员确认的班次小结</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Calls</source>
        <translation>通话</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Shift summaries</source>
        <translation>班次小结</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Calls ({n})</source>
        <translation>通话 ({n})</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Showing the newest {n} calls: narrow the days or pick a rep.</source>
        <translation>只显示最新的 {n} 通：请缩小日期范围或选择人员。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Shift summaries ({n})</source>
        <translation>班次小结 ({n})</translation>
    </message>
</context>
<context>
    <name>RepWindow</name>
    <message>
        <location filename="../../agent_desk/ui/rep_window.py" line="+67"/>
        <source>Agent Desk — {name}</source>
        <translation>电销工作台 — {name}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{title} [Training]</source>
        <translation>{title} [培训模式]</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>Call</source>
        <translation>通话</translation>
    </message>
    <message>
        <location line="+61"/>
        <location line="+48"/>
        <source>Pause / resume</source>
        <translation>暂停/继续</translation>
    </message>
    <message>
        <location line="-45"/>
        <source>End shift…</source>
        <translation>结束班次…</translation>
    </message>
    <message>
        <location line="-53"/>
        <location line="+56"/>
        <source>Keyboard shortcuts</source>
        <translation>快捷键</translation>
    </message>
    <message>
        <location line="-58"/>
        <source>End the shift: confirm the day&apos;s figures</source>
        <translation>结束班次：确认今日数据</translation>
    </message>
    <message>
        <location line="+60"/>
        <location line="+31"/>
        <source>Next lead</source>
        <translation>下一个客户</translation>
    </message>
    <message>
        <location line="-29"/>
        <location line="+30"/>
        <source>Search my leads</source>
        <translation>搜索我的客户</translation>
    </message>
    <message>
        <location line="-28"/>
        <source>Go to the queue</source>
        <translation>转到待拨队列</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Go to the talk-track</source>
        <translation>转到话术</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Go to the wrap-up</source>
        <translation>转到通话小结</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Answer the incoming call</source>
        <translation>接听来电</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Reject the incoming call</source>
        <translation>拒接来电</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>SIP line settings…</source>
        <translation>SIP 线路设置…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Dial the selected lead</source>
        <translation>拨打所选客户</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hang up</source>
        <translation>挂断</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hold / resume the call</source>
        <translation>保持/恢复通话</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mute / unmute</source>
        <translation>静音/取消静音</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Transfer</source>
        <translation>转接</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dial pad</source>
        <translation>拨号盘</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Answer / reject an incoming call</source>
        <translation>接听 / 拒接来电</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Pick an outcome</source>
        <translation>选择通话结果</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Intent level</source>
        <translation>意向等级</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save the wrap-up</source>
        <translation>保存通话小结</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Go to queue / talk-track / wrap-up</source>
        <translation>转到待拨队列/话术/通话小结</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>End shift</source>
        <translation>结束班次</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This help</source>
        <translation>显示本帮助</translation>
    </message>
    <message>
        <location line="+98"/>
        <source>Missed call: the caller hung up.</source>
        <translation>未接来电：对方已挂断。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>No SIP account is set up for this desk: click “Line down” in the status bar ({keys}) to set it up.</source>
        <translation>这个坐席还没有设置 SIP 账号：请点击状态栏中的“线路中断” ({keys}) 进行设置。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The phone line is down ({detail}). Reconnecting…</source>
        <translation>电话线路中断（{detail}），正在重新连接…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The phone line is down ({detail}).</source>
        <translation>电话线路中断（{detail}）。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The phone line is down.</source>
        <translation>电话线路中断。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The phone line is back.</source>
        <translation>电话线路已恢复。</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>The wrap-up of your last call was not saved before the desk closed. It is back: please complete and save it.</source>
        <translation>上一通电话的通话小结在程序关闭前未保存，现已恢复，请补全并保存。</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Wrap-up saved.</source>
        <translation>通话小结已保存。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Callback due: {names}</source>
        <translation>回访已到期：{names}</translation>
    </message>
    <message>
        <location line="-57"/>
        <location line="+60"/>
        <source>Agent Desk</source>
        <translation>电销工作台</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>Shift ended. Your summary is saved.</source>
        <translation>班次已结束，小结已保存。</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>A call is live</source>
        <translation>通话进行中</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Closing ends the call. Its wrap-up will be waiting when you return. Close anyway?</source>
        <translation>关闭会结束当前通话，下次打开时再填写通话小结。仍要关闭吗？</translation>
    </message>
</context>
<context>
    <name>SatisfactionBox</name>
    <message>
        <location filename="../../agent_desk/ui/wrapup_fields.py" line="+65"/>
        <source>— not given</source>
        <translation>— 未评价</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>1 · very dissatisfied</source>
        <translation>1 · 非常不满意</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>2 · dissatisfied</source>
        <translation>2 · 不满意</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>3 · neutral</source>
        <translation>3 · 一般</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>4 · satisfied</source>
        <translation>4 · 满意</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>5 · very satisfied</source>
        <translation>5 · 非常满意</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The customer&apos;s own rating of the call, if they gave one</source>
        <translation>客户本人对本次通话的评分（如客户给出）</translation>
    </message>
</context>
<context>
    <name>ScriptPanel</name>
    <message>
        <location filename="../../agent_desk/ui/script_panel.py" line="+77"/>
        <source>Talk-track title</source>
        <translation>话术标题</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Jump to a section of the talk-track</source>
        <translation>跳转到话术的某个部分</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Opening to say on every call</source>
        <translation>每通电话都要说的开场白</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Opening text</source>
        <translation>开场白内容</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Talk-track text</source>
        <translation>话术内容</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This campaign has no talk-track yet.</source>
        <translation>该活动还没有话术。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No talk-track</source>
        <translation>无话术</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Answers to objections</source>
        <translation>异议应答</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>What the customer says</source>
        <translation>客户说的话</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Customer says</source>
        <translation>客户说</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The customer&apos;s words</source>
        <translation>客户原话</translation>
    </message>
    <message>
        <location line="+178"/>
        <source>Opening</source>
        <translation>开场白</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Discovery</source>
        <translation>需求了解</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pitch</source>
        <translation>方案介绍</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Objections</source>
        <translation>异议处理</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Close</source>
        <comment>talk-track section: closing the sale</comment>
        <translation>促成</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>{title}: pinned above during the call</source>
        <translation>{title}：通话中固定在上方</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Go to {title}</source>
        <translation>转到“{title}”</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Objections:</source>
        <translation>异议：</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Answer: {title}</source>
        <translation>应答：{title}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Jump to this part of the talk-track</source>
        <translation>跳转到话术的这一部分</translation>
    </message>
</context>
<context>
    <name>Settings</name>
    <message>
        <location filename="../../agent_desk/settings.py" line="+91"/>
        <source>General</source>
        <translation>常规</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Phone line</source>
        <translation>电话线路</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Notifications</source>
        <translation>通知</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Language of the interface</source>
        <translation>界面语言</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Same as the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Colours</source>
        <translation>配色</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Follow the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>When Agent Desk starts</source>
        <translation>启动时</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Ask: demo or team server</source>
        <translation>询问：演示或团队服务器</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Log in to the team&apos;s server</source>
        <translation>登录团队服务器</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open the demo</source>
        <translation>打开演示</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>How calls are placed</source>
        <translation>拨打方式</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Simulated line (demo and practice)</source>
        <translation>模拟线路（演示和练习）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This computer&apos;s softphone (tel: links)</source>
        <translation>本机的软电话（tel: 链接）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SIP line (headset on this desk)</source>
        <translation>SIP 线路（本机耳麦）</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Simulated customers answer after about (seconds)</source>
        <translation>模拟客户接听前的大约时间（秒）</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Show a desktop notification when a callback is due</source>
        <translation>回访到期时显示桌面通知</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Flash the taskbar entry when a callback is due</source>
        <translation>回访到期时闪烁任务栏图标</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Play a short sound when a callback is due</source>
        <translation>回访到期时播放提示音</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../agent_desk/ui/settings_dialog.py" line="+85"/>
        <source>Agent Desk settings</source>
        <translation>电销工作台设置</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Agent Desk — Settings</source>
        <translation>电销工作台 — 设置</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Settings pages</source>
        <translation>设置页面</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Keyboard</source>
        <translation>快捷键</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Some changes take effect when Agent Desk restarts.</source>
        <translation>部分更改在重新启动电销工作台后生效。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Restart needed</source>
        <translation>需要重新启动</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Kept in {file}</source>
        <translation>保存在 {file}</translation>
    </message>
    <message>
        <location line="+87"/>
        <source>Takes effect when Agent Desk restarts.</source>
        <translation>重新启动电销工作台后生效。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>SIP account and audio…</source>
        <translation>SIP 账号和音频…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The SIP account, the headset and the microphone of this desk</source>
        <translation>本机的 SIP 账号、耳机和麦克风</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Keyboard shortcuts</source>
        <translation>快捷键</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The desk&apos;s keyboard shortcuts</source>
        <translation>工作台的快捷键</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Keys</source>
        <translation>按键</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Open a desk to see its shortcuts (F1 there).</source>
        <translation>打开工作台后可查看其快捷键（在那里按 F1）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Press F1 at the desk to see them over the window.</source>
        <translation>在工作台按 F1 可在窗口上查看快捷键。</translation>
    </message>
    <message>
        <location line="+83"/>
        <source>SIP line</source>
        <translation>SIP 线路</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This Agent Desk was built without the SIP line.</source>
        <translation>此版本的电销工作台不含 SIP 线路。</translation>
    </message>
</context>
<context>
    <name>SipSettingsDialog</name>
    <message>
        <location filename="../../agent_desk/ui/sip_settings_dialog.py" line="+64"/>
        <source>SIP account and audio</source>
        <translation>SIP 账号和音频</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SIP line</source>
        <translation>SIP 线路</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Your phone line</source>
        <translation>您的电话线路</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The account your company&apos;s phone system gave you. The password is kept in the system keyring, never in a file.</source>
        <translation>公司电话系统分配给您的账号。密码保存在系统密钥环中，不会写入文件。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>SIP server, host[:port]</source>
        <translation>SIP 服务器，主机[:端口]</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>SIP user name or extension</source>
        <translation>SIP 用户名或分机号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SIP password</source>
        <translation>SIP 密码</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Remember the password on this computer</source>
        <translation>在这台电脑上记住密码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keep the password in the keyring</source>
        <translation>把密码保存在密钥环中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Register with the server</source>
        <translation>向服务器注册</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Off: calls go straight to the server&apos;s address, with no account</source>
        <translation>关闭时：不使用账号，呼叫直接发往服务器地址</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>How SIP travels</source>
        <translation>SIP 传输方式</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Audio codecs, the preferred first; tick those to offer</source>
        <translation>音频编解码器，优先的排在前面；勾选要使用的</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Up</source>
        <translation>上移</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Prefer the chosen codec more</source>
        <translation>提高所选编解码器的优先级</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Down</source>
        <translation>下移</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Prefer the chosen codec less</source>
        <translation>降低所选编解码器的优先级</translation>
    </message>
    <message>
        <location line="+13"/>
        <location line="+11"/>
        <source>Microphone</source>
        <translation>麦克风</translation>
    </message>
    <message>
        <location line="-10"/>
        <source>Speaker or headset</source>
        <translation>扬声器或耳机</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Transport</source>
        <translation>传输方式</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Codecs</source>
        <translation>编解码器</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Speaker</source>
        <translation>扬声器</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Test my line</source>
        <translation>测试线路</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Register with these settings and measure the round trip</source>
        <translation>用这些设置注册并测量往返时间</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>What the line test found</source>
        <translation>线路测试结果</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Why the settings cannot be saved</source>
        <translation>设置无法保存的原因</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Save the SIP account</source>
        <translation>保存 SIP 账号</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>{codec} (wideband)</source>
        <translation>{codec}（宽频）</translation>
    </message>
    <message>
        <location line="+68"/>
        <source>Enter the SIP server.</source>
        <translation>请填写 SIP 服务器。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Enter your SIP user name, or turn off registering.</source>
        <translation>请填写 SIP 用户名，或关闭“向服务器注册”。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Tick at least one codec.</source>
        <translation>请至少勾选一个编解码器。</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>These settings cannot work: {detail}</source>
        <translation>这些设置无法使用：{detail}</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>The settings could not be saved: {detail}</source>
        <translation>设置未能保存：{detail}</translation>
    </message>
    <message>
        <location line="+68"/>
        <source>Testing the line…</source>
        <translation>正在测试线路…</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Registered. Round trip {ms} ms.</source>
        <translation>已注册。往返 {ms} 毫秒。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The server answered. Round trip {ms} ms.</source>
        <translation>服务器已应答。往返 {ms} 毫秒。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The SIP engine (baresip) is not installed on this computer.</source>
        <translation>这台电脑没有安装 SIP 引擎 (baresip)。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The server refused the user name or password ({detail}).</source>
        <translation>服务器拒绝了用户名或密码（{detail}）。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The SIP engine&apos;s audio module for this device ({detail}) is not installed: install it or choose another microphone and speaker.</source>
        <translation>这台电脑没有安装此音频设备所需的 SIP 引擎模块（{detail}）：请安装，或选择其他麦克风和扬声器。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The server did not answer: check the address and the network.</source>
        <translation>服务器没有应答：请检查地址和网络。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The line test failed: {detail}</source>
        <translation>线路测试失败：{detail}</translation>
    </message>
</context>
<context>
    <name>SslSection</name>
    <message>
        <location filename="../../agent_desk/ui/login_ssl.py" line="+37"/>
        <source>Show the SSL settings</source>
        <translation>显示 SSL 设置</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Advanced</source>
        <translation>高级</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>How the connection is encrypted</source>
        <translation>连接的加密方式</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>disable: never encrypt</source>
        <translation>disable：从不加密</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>allow: encrypt only when the server insists</source>
        <translation>allow：仅在服务器要求时加密</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>prefer: encrypt when the server can (default)</source>
        <translation>prefer：服务器支持时加密（默认）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>require: always encrypt</source>
        <translation>require：始终加密</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>verify-ca: encrypt, check the server&apos;s certificate</source>
        <translation>verify-ca：加密并校验服务器证书</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>verify-full: also check the server&apos;s name</source>
        <translation>verify-full：同时校验服务器名称</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>SSL mode</source>
        <translation>SSL 模式</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>CA certificate</source>
        <translation>CA 证书</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Server&apos;s CA file</source>
        <translation>服务器的 CA 文件</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Client certificate</source>
        <translation>客户端证书</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Your certificate</source>
        <translation>您的证书</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Client key</source>
        <translation>客户端密钥</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Your certificate&apos;s key</source>
        <translation>您证书的密钥</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Certificates and keys (*.crt *.pem *.cer *.key);;All files (*)</source>
        <translation>证书和密钥 (*.crt *.pem *.cer *.key);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>Startup</name>
    <message>
        <location filename="../../agent_desk/startup.py" line="+90"/>
        <source>the wrap-up you were typing (as a draft)</source>
        <translation>正在填写的通话小结（作为草稿）</translation>
    </message>
</context>
<context>
    <name>SummariesModel</name>
    <message>
        <location filename="../../agent_desk/ui/team_records.py" line="-140"/>
        <source>Rep</source>
        <translation>电销人员</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Shift</source>
        <translation>班次开始</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Confirmed {time}</source>
        <translation>确认于 {time}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Ended</source>
        <translation>结束</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Dials</source>
        <translation>拨打</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Contacts</source>
        <translation>接通</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Talk time</source>
        <translation>通话时长</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Interested</source>
        <translation>有意向</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Callbacks set</source>
        <translation>已约回访</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Sales</source>
        <translation>成交</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Sales amount</source>
        <translation>销售额</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Satisfaction</source>
        <translation>满意度</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Rep&apos;s note</source>
        <translation>人员备注</translation>
    </message>
</context>
<context>
    <name>TeamLists</name>
    <message>
        <location filename="../../agent_desk/ui/team_lists.py" line="-70"/>
        <source>{d} d {h} h</source>
        <translation>{d} 天 {h} 小时</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{h} h {m} min</source>
        <translation>{h} 小时 {m} 分</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{m} min</source>
        <translation>{m} 分钟</translation>
    </message>
</context>
<context>
    <name>TeamWindow</name>
    <message>
        <location filename="../../agent_desk/ui/team_window.py" line="+58"/>
        <source>The team view (read-only)</source>
        <translation>团队视图（只读）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Agent Desk — Team view: {team}</source>
        <translation>电销工作台 — 团队视图：{team}</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Team, last refresh and connection</source>
        <translation>团队、最近刷新时间与连接状态</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Team: {team}</source>
        <translation>团队：{team}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not refreshed yet</source>
        <translation>尚未刷新</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Connecting…</source>
        <translation>连接中…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Read-only</source>
        <translation>只读</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The team view shows records; it cannot change any of them.</source>
        <translation>团队视图只显示记录，不能修改任何记录。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Team view</source>
        <translation>团队视图</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Team view · {team}</source>
        <translation>团队视图 · {team}</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Refresh every view now</source>
        <translation>立即刷新所有视图</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+36"/>
        <source>Keyboard shortcuts</source>
        <translation>快捷键</translation>
    </message>
    <message>
        <location line="-27"/>
        <location line="+97"/>
        <source>Live board</source>
        <translation>实时看板</translation>
    </message>
    <message>
        <location line="-96"/>
        <source>Figures</source>
        <translation>业绩数据</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Assessment</source>
        <translation>考核</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Charts</source>
        <translation>图表</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Records</source>
        <translation>通话记录</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+141"/>
        <source>Needs action</source>
        <translation>待处理</translation>
    </message>
    <message>
        <location line="-121"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Refresh every view</source>
        <translation>刷新所有视图</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export the table on screen</source>
        <translation>导出当前表格</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Go to a view</source>
        <translation>切换视图</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A rep&apos;s records (on the board)</source>
        <translation>查看某人的通话记录（在看板上）</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Double-click</source>
        <translation>双击</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This help</source>
        <translation>本帮助</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Team total</source>
        <translation>团队合计</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>Live board ({n} need attention)</source>
        <translation>实时看板 ({n} 人需关注)</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Updated {time}</source>
        <translation>更新于 {time}</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Connected</source>
        <translation>已连接</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Not connected</source>
        <translation>未连接</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Needs action ({n})</source>
        <translation>待处理 ({n})</translation>
    </message>
    <message>
        <location line="+60"/>
        <source>There is no table to export here.</source>
        <translation>此页没有可导出的表格。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Could not export: {problem}</source>
        <translation>导出失败：{problem}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Exported {n} rows to {file}</source>
        <translation>已导出 {n} 行到 {file}</translation>
    </message>
</context>
<context>
    <name>Texts</name>
    <message>
        <location filename="../../agent_desk/ui/texts.py" line="+71"/>
        <source>Break</source>
        <translation>小休</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lunch</source>
        <translation>午餐</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Meeting</source>
        <translation>会议</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Training</source>
        <translation>培训</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Coaching</source>
        <translation>辅导</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Technical problem</source>
        <translation>技术故障</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+14"/>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <location line="-10"/>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dialing</source>
        <translation>拨号中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ringing</source>
        <translation>振铃中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>On call</source>
        <translation>通话中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Wrap-up</source>
        <translation>通话小结</translation>
    </message>
    <message>
        <location line="+11"/>
        <location line="+301"/>
        <source>{state}: {reason}</source>
        <translation>{state}：{reason}</translation>
    </message>
    <message>
        <location line="-292"/>
        <source>Public holiday for the customer</source>
        <translation>客户所在地法定节假日</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No calling on this day</source>
        <translation>当天不可拨打</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Too early for the customer</source>
        <translation>客户当地时间太早</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Customer&apos;s meal or rest time</source>
        <translation>客户用餐或午休时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Too late for the customer</source>
        <translation>客户当地时间太晚</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The campaign has no calling hours</source>
        <translation>该活动未设置可拨打时段</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Callable now (customer time {time})</source>
        <translation>现在可拨打（客户时间 {time}）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{reason} (customer time {time}); no calling time ahead</source>
        <translation>{reason}（客户时间 {time}）；之后没有可拨打时段</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{reason} (customer time {time}); opens {opens}</source>
        <translation>{reason}（客户时间 {time}）；{opens} 起可拨打</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>not a valid phone number</source>
        <translation>不是有效的电话号码</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the number is empty</source>
        <translation>号码为空</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the number is too short</source>
        <translation>号码太短</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the number is too long</source>
        <translation>号码太长</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>unknown country code</source>
        <translation>国家/地区代码未知</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>it contains letters or symbols</source>
        <translation>号码含有字母或符号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the number does not exist in its country&apos;s numbering plan</source>
        <translation>号码不符合所属国家/地区的编号规则</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Save the wrap-up of the last call first.</source>
        <translation>请先保存上一通电话的通话小结。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A call is already in progress.</source>
        <translation>已有通话正在进行。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>You are paused. Resume before dialing.</source>
        <translation>您已暂停，请先点“继续”再拨号。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No lead is selected.</source>
        <translation>未选择客户。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This number is on the do-not-call list and cannot be dialed.</source>
        <translation>该号码在勿扰名单中，不可拨打。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Calling hours are unknown for this customer; not dialing.</source>
        <translation>该客户的可拨打时段未知，不予拨打。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not now: {why}</source>
        <translation>现在不能拨打：{why}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cannot dial: {problem}.</source>
        <translation>无法拨打：{problem}。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This lead is closed ({status}); it is not called again.</source>
        <translation>该客户已结束（{status}），不再拨打。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Called recently: the next attempt is allowed {when}.</source>
        <translation>刚刚拨打过：下次可拨打时间为 {when}。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Another desk is working this lead right now.</source>
        <translation>其他坐席正在处理这个客户。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The line refused the call: {detail}</source>
        <translation>线路拒绝了呼叫：{detail}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>You hung up</source>
        <translation>我方挂断</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Customer hung up</source>
        <translation>客户挂断</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Busy</source>
        <translation>占线</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No answer</source>
        <translation>无人接听</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rejected</source>
        <translation>被拒接</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Call failed</source>
        <translation>呼叫失败</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancelled before answer</source>
        <translation>接通前已取消</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Number does not exist</source>
        <translation>空号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Transferred</source>
        <translation>已转接</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>A · hot</source>
        <translation>A · 高意向</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>B · warm</source>
        <translation>B · 中意向</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>C · cold</source>
        <translation>C · 低意向</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>D · none</source>
        <translation>D · 无意向</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Contact time</source>
        <translation>联系时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Person spoken to</source>
        <translation>通话对象</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Outcome</source>
        <translation>通话结果</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Intent</source>
        <translation>意向</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Customer satisfaction</source>
        <translation>客户满意度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+131"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location line="-130"/>
        <source>Follow-up</source>
        <translation>跟进</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Complaint summary</source>
        <translation>投诉摘要</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Required.</source>
        <translation>必填。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cannot be in the future.</source>
        <translation>不能晚于现在。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>More than 7 days ago.</source>
        <translation>不能早于 7 天前。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Must be in the future.</source>
        <translation>必须是将来的时间。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Outside the customer&apos;s calling hours; next opening {when}.</source>
        <translation>不在客户的可拨打时段内；下次可拨打：{when}。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Outside the customer&apos;s calling hours.</source>
        <translation>不在客户的可拨打时段内。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Unknown outcome.</source>
        <translation>未知的通话结果。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Must be more than 0.</source>
        <translation>必须大于 0。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Must be at most {max}.</source>
        <translation>不能超过 {max}。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>At most 2 decimal places.</source>
        <translation>最多保留 2 位小数。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Tag “{tag}” is too long (at most {max} characters).</source>
        <translation>标签“{tag}”太长（最多 {max} 个字符）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Too long: at most {max} characters.</source>
        <translation>太长：最多 {max} 个字符。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Too many: at most {max}.</source>
        <translation>太多：最多 {max} 个。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Choose a rating from {min} to {max}.</source>
        <translation>请选择 {min} 至 {max} 分。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Too short: at least {min} characters.</source>
        <translation>太短：至少 {min} 个字符。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Sync problem: {n} waiting</source>
        <translation>同步出错：{n} 条待上传</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Connecting…</source>
        <translation>连接中…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Offline since {time}, {n} waiting</source>
        <translation>{time} 起离线，{n} 条待上传</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Syncing, {n} waiting</source>
        <translation>同步中，{n} 条待上传</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Synced</source>
        <translation>已同步</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Holiday</source>
        <translation>节假日</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No calls today</source>
        <translation>今日不拨打</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Too early</source>
        <translation>太早</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Meal or rest time</source>
        <translation>用餐/午休</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Too late</source>
        <translation>太晚</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No calling hours</source>
        <translation>无可拨时段</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Hours unknown</source>
        <translation>时段未知</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Opens {time}</source>
        <translation>{time} 起可拨</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>New</source>
        <translation>新客户</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>In progress</source>
        <translation>跟进中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Callback</source>
        <translation>待回访</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Do not call</source>
        <translation>勿扰</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Attempts used up</source>
        <translation>次数已用完</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Finish the call and its wrap-up before pausing.</source>
        <translation>请先结束通话并保存通话小结，再暂停。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>There is no wrap-up to save.</source>
        <translation>没有需要保存的通话小结。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The campaign is not loaded yet; try again in a moment.</source>
        <translation>活动尚未加载，请稍后再试。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The caller hung up before the call could be answered.</source>
        <translation>来电在接听前已挂断。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The line could not do that: {detail}</source>
        <translation>线路无法执行该操作：{detail}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>City</source>
        <translation>城市</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Email</source>
        <translation>邮箱</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Job title</source>
        <translation>职务</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>, </source>
        <comment>list separator</comment>
        <translation>、</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Long wrap-up</source>
        <translation>小结过久</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Long pause</source>
        <translation>暂停过久</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Call over the limit</source>
        <translation>通话超时</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Offline with records waiting</source>
        <translation>离线且有记录待上传</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Arrived after its lease was lost</source>
        <translation>客户领用失效后才上传</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>The team database does not answer; the figures shown may be old.</source>
        <translation>团队数据库无响应，显示的数据可能不是最新的。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Your login may not read this view.</source>
        <translation>您的账号无权查看此视图。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Your login belongs to no team.</source>
        <translation>您的账号不属于任何团队。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This view could not be refreshed; the log has the details.</source>
        <translation>此视图刷新失败，详情见日志。</translation>
    </message>
</context>
<context>
    <name>TransferBanner</name>
    <message>
        <location filename="../../agent_desk/ui/transfer_banner.py" line="+19"/>
        <source>Complaint transfer</source>
        <translation>投诉转接</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Transfer</source>
        <translation>转接</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Transfer to customer service</source>
        <translation>转接客服</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Customer complaint: transfer to customer service {number}</source>
        <translation>客户投诉：请转接客服 {number}</translation>
    </message>
</context>
<context>
    <name>WrapupFields</name>
    <message>
        <location filename="../../agent_desk/ui/wrapup_fields.py" line="+40"/>
        <source>Call</source>
        <translation>通话</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Customer in person</source>
        <translation>客户本人</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Colleague</source>
        <translation>同事</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Family member</source>
        <translation>家人</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Receptionist</source>
        <translation>前台</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Follow-up</source>
        <translation>跟进</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Call back at</source>
        <translation>回访时间</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Comma-separated, e.g. price, later</source>
        <translation>用逗号分隔，如：价格，再联系</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>e.g. 1,299.00</source>
        <translation>如 1,299.00</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Opening statement given
(who I am, company, purpose)</source>
        <translation>已做开场说明
（本人身份、公司、来电目的）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Opening statement given</source>
        <translation>已做开场说明</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>{field} *</source>
        <translation>{field} *</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Required</source>
        <translation>必填</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Problem with {field}</source>
        <translation>{field}有误</translation>
    </message>
</context>
<context>
    <name>WrapupForm</name>
    <message>
        <location filename="../../agent_desk/ui/wrapup_form.py" line="+75"/>
        <source>Wrap-up form</source>
        <translation>通话小结表</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>The wrap-up form opens when you dial.</source>
        <translation>拨号后即可填写通话小结。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>How long the call lasted</source>
        <translation>通话时长</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Save the wrap-up ({keys})</source>
        <translation>保存通话小结 ({keys})</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save ({keys})</source>
        <translation>保存 ({keys})</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save the wrap-up</source>
        <translation>保存通话小结</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>* required</source>
        <translation>* 为必填</translation>
    </message>
    <message>
        <location line="+60"/>
        <source>Talk time {time} · {reason}</source>
        <translation>通话时长 {time} · {reason}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Incoming call · {facts}</source>
        <translation>来电 · {facts}</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>No one (not answered)</source>
        <translation>无（未接听）</translation>
    </message>
    <message>
        <location line="+82"/>
        <source>Available when the call ends</source>
        <translation>通话结束后可保存</translation>
    </message>
    <message>
        <location line="+59"/>
        <source>Not an amount. Type it like 1,299.50.</source>
        <translation>不是有效金额，请按 1,299.50 的格式输入。</translation>
    </message>
</context>
</TS>

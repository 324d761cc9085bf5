// i18n-command.js: the words of tips, tasks, the daily report and the dashboard, added to the UI's
// messages by words/command.js. English follows the glossary: tip, task, daily report, dashboard,
// command post.

export default {
  'zh-CN': {
    tipKind: { returnee: '未报备返乡人员', gathering: '聚集活动', fever: '发热人员', price_gouging: '哄抬口罩价格', other: '其他' },
    tipStatus: { received: '已受理', checking: '核查中', handled: '已办结' },
    triage: { checking: '核查中', duplicate: '重复举报', not_credible: '不可信', task: '派发任务', handled: '已办结' },
    taskStatus: { open: '待办', in_progress: '办理中', done: '已完成', verified: '已核验', reopened: '已退回' },
    priority: { low: '低', normal: '一般', high: '高', urgent: '紧急' },
    taskSource: { tip: '群众举报', meeting: '调度会', alert: '预警', big_data: '大数据比对', sweep: '地毯式排查', manual: '手工录入' },
    taskEvent: { created: '派发', started: '开始办理', done: '完成', verified: '核验', reopened: '退回', assigned: '改派', listed: '大数据比对' },
    tipForm: {
      title: '群众举报', intro: '发现防疫隐患请告诉我们。举报受理后会给您一个查询码，凭码可查看处理进度。',
      kind: '举报类型', village: '村（社区）', villagePick: '请选择村（社区）', villageText: '如：云龙村',
      address: '地点', addressPh: '详细地址或位置描述', happened: '时间', happenedPh: '如：2月2日晚上',
      description: '情况描述', descriptionPh: '请描述您看到的情况（5–2000 字）', name: '您的姓名', phone: '联系电话',
      anonymous: '匿名举报（不留姓名和电话）', submit: '提交举报', needKind: '请选择举报类型',
      descLen: '情况描述须 5–2000 字', phoneFormat: '请填写 11 位手机号', solving: '提交较频繁，正在进行安全验证…',
      solvingProgress: '已计算 {n} 次', done: '举报已受理', codeHint: '请记下查询码，凭码查询处理进度：',
      copy: '复制查询码', copied: '已复制', track: '查询进度', another: '再举报一件', toLogin: '工作人员登录',
      privacy: '您的个人信息只有指挥部工作人员可见，不会公开。', throttled: '提交过于频繁，请稍后再试'
    },
    tipTrack: {
      title: '举报进度查询', code: '查询码', codePh: '请输入查询码', query: '查询', status: '处理状态',
      kind: '举报类型', created_at: '受理时间', result: '处理结果', noResult: '暂无处理结果', notFound: '查询码不存在，请核对后重试',
      newTip: '我要举报', steps: '受理 → 核查 → 办结'
    },
    tip: {
      title: '群众举报', status: '状态', kind: '类型', code: '查询码', area: '村（社区）', address: '地点',
      happened: '时间', description: '情况描述', name: '举报人', phone: '电话', anonymous: '匿名',
      created_at: '受理时间', handled_at: '办结时间', triage: '处理方式', duplicate_of: '重复于', task: '任务',
      public_result: '公开答复', publicHint: '举报人凭查询码可看到这段文字，请勿写入任何人的个人信息。',
      detail: '举报详情', back: '返回列表', empty: '暂无举报', actions: '处置', pickDuplicate: '选择与之重复的举报',
      needDuplicate: '请选择与之重复的举报', saved: '已处置', triageTitle: '处置举报', openTask: '查看任务',
      confirmAction: '确定将此举报标记为“{action}”？', noTip: '举报不存在'
    },
    task: {
      title: '任务', mine: '我的任务', all: '全部任务', status: '状态', overdue: '逾期', onlyOverdue: '只看逾期',
      byOwner: '按责任人：', openN: '未办结 {n}', overdueN: '逾期 {n}',
      name: '任务', description: '说明', area: '区域', person: '相关人员', owner: '责任人', assigned_by: '派发人',
      deadline: '截止时间', priority: '优先级', source: '来源', result: '办理结果', evidence: '佐证',
      evidencePh: '如：照片编号、现场情况、联系记录', created_at: '派发时间', done_at: '完成时间',
      verified_at: '核验时间', events: '办理记录', empty: '暂无任务', noMine: '暂无待办任务', add: '派发任务',
      start: '开始办理', done: '办结', verify: '核验通过', reopen: '退回', reason: '退回原因', note: '核验意见',
      doneTitle: '办结任务', verifyTitle: '核验任务', reopenTitle: '退回任务', needResult: '请填写办理结果',
      needReason: '请填写退回原因', needTitle: '请填写任务名称', needOwner: '请选择责任人', needArea: '请选择区域',
      needDeadline: '请选择截止时间', ownerId: '责任人用户 ID', ownerPick: '选择责任人', areaHint: '责任人的辖区须包含任务区域',
      saved: '已保存', detail: '任务详情', back: '返回', overdueTag: '已逾期', due: '截止 {time}',
      fromTip: '来自举报', more: '查看全部', created: '任务已派发'
    },
    report: {
      title: '调度日报', date: '日期', xlsx: '下载 Excel', html: '打印版', town: '全镇', village: '村（社区）',
      district: '全区', townUnit: '乡镇（街道）', towns: '各乡镇（街道）', csv: '下载 CSV',
      monitoring: '健康监测', change: '较前一日', registry: '人口底数', persons: '人员', households: '户数',
      tasks: '任务', opened: '今日派发', closed: '今日办结', overdue: '逾期', median: '平均办结时长（中位数，小时）',
      open: '未办结', tips: '群众举报', received: '今日受理', handled: '今日办结', share24: '24 小时内办结率',
      byKind: '按类型', openAlerts: '未闭环预警', overdueTasks: '逾期任务', none: '无', age: '已 {h} 小时',
      generated: '生成于 {time}', downloaded: '已下载 {name}', aggregate: '（仅汇总数）',
      supplies: '防疫物资', item: '物资', sup_received: '累计收到', sup_issued: '累计发放', sup_written_off: '报损',
      sup_in_stock: '库存', cashReceived: '现金收到', cashSpent: '现金支出', cashBalance: '现金结余',
      lowStock: '低于预警线', store: '存放点', quantity: '库存', threshold: '预警线', daysLeft: '可用天数',
      checkpoints: '卡口排查', post: '卡口', cp_vehicles: '车辆', cp_pedestrians: '行人', cp_people: '人数',
      cp_abnormal: '体温异常', cp_high_risk: '来自高风险地区', cp_handoffs: '移交',
      sweeps: '地毯式排查', round: '第 {n} 轮', householdsReached: '已走访户 / 户数', householdRate: '户覆盖率',
      personsReached: '已排查人 / 人数', notReached: '待回访户',
      gatherings: '聚集性活动', gatheringsToday: '今日登记', stoppedToday: '今日取消或延期',
      g_registered: '登记', g_pending: '待劝导', g_cancelled: '取消', g_postponed: '延期', g_simplified: '从简',
      g_held: '照常举办', g_cancelled_or_postponed: '取消或延期'
    },
    dash: {
      title: '指挥大屏', under_observation: '在观察人数', abnormal_today: '今日异常', alerts_open: '未闭环预警',
      tasks_overdue: '逾期任务', tips_today: '今日举报', daily: '重点人员在观察人数（近 14 天）',
      abnormal: '异常体温/症状（近 14 天）', byVillage: '各村预警与逾期任务', byStatus: '任务状态',
      byTown: '各乡镇（街道）预警与逾期任务',
      updated: '更新于 {time} · 每 60 秒自动刷新', back: '返回', fullscreen: '全屏', tasksOpen: '未办结任务'
    }
  },

  en: {
    tipKind: { returnee: 'Unreported returnee', gathering: 'Gathering', fever: 'Someone with fever', price_gouging: 'Mask price gouging', other: 'Other' },
    tipStatus: { received: 'Received', checking: 'Being checked', handled: 'Handled' },
    triage: { checking: 'Checking', duplicate: 'Duplicate', not_credible: 'Not credible', task: 'Create a task', handled: 'Handled' },
    taskStatus: { open: 'Open', in_progress: 'In progress', done: 'Done', verified: 'Verified', reopened: 'Reopened' },
    priority: { low: 'Low', normal: 'Normal', high: 'High', urgent: 'Urgent' },
    taskSource: { tip: 'Tip', meeting: 'Dispatch meeting', alert: 'Alert', big_data: 'List matching', sweep: 'Sweep', manual: 'Manual entry' },
    taskEvent: { created: 'Assigned', started: 'Started', done: 'Done', verified: 'Verified', reopened: 'Reopened', assigned: 'Reassigned', listed: 'List matching' },
    tipForm: {
      title: 'Tip-off', intro: 'Tell us about an epidemic risk. You get a tracking code to follow what happens.',
      kind: 'What', village: 'Village / community', villagePick: 'Choose a village', villageText: 'e.g. Yunlong village',
      address: 'Where', addressPh: 'Address or place', happened: 'When', happenedPh: 'e.g. the evening of 2 Feb',
      description: 'Description', descriptionPh: 'What did you see (5-2000 characters)', name: 'Your name', phone: 'Phone',
      anonymous: 'Anonymous (no name or phone kept)', submit: 'Send the tip', needKind: 'Choose what it is about',
      descLen: 'The description takes 5-2000 characters', phoneFormat: 'Enter an 11-digit mobile number',
      solving: 'Many tips from here: a quick security check is running…', solvingProgress: '{n} tries',
      done: 'Tip received', codeHint: 'Keep the tracking code to follow your tip:', copy: 'Copy the code',
      copied: 'Copied', track: 'Track', another: 'Send another tip', toLogin: 'Staff login',
      privacy: 'Only the command post sees your personal data; it is never made public.', throttled: 'Too many tips; try again later'
    },
    tipTrack: {
      title: 'Track a tip', code: 'Tracking code', codePh: 'Enter the tracking code', query: 'Track', status: 'Status',
      kind: 'What', created_at: 'Received', result: 'Result', noResult: 'No result yet', notFound: 'No tip has this code; check it and try again',
      newTip: 'Send a tip', steps: 'Received → being checked → handled'
    },
    tip: {
      title: 'Tips', status: 'Status', kind: 'What', code: 'Code', area: 'Village', address: 'Where',
      happened: 'When', description: 'Description', name: 'Tipster', phone: 'Phone', anonymous: 'Anonymous',
      created_at: 'Received', handled_at: 'Handled', triage: 'Triage', duplicate_of: 'Duplicate of', task: 'Task',
      public_result: 'Public result', publicHint: 'The tipster reads this with the tracking code: no personal data here.',
      detail: 'Tip', back: 'Back to the list', empty: 'No tips', actions: 'Triage', pickDuplicate: 'The tip it repeats',
      needDuplicate: 'Choose the tip it repeats', saved: 'Saved', triageTitle: 'Triage', openTask: 'Open the task',
      confirmAction: 'Mark this tip as "{action}"?', noTip: 'No such tip'
    },
    task: {
      title: 'Tasks', mine: 'My tasks', all: 'All tasks', status: 'Status', overdue: 'Overdue', onlyOverdue: 'Overdue only',
      byOwner: 'By owner:', openN: '{n} open', overdueN: '{n} overdue',
      name: 'Task', description: 'Description', area: 'Area', person: 'Person', owner: 'Owner', assigned_by: 'Assigned by',
      deadline: 'Deadline', priority: 'Priority', source: 'Source', result: 'Result', evidence: 'Evidence',
      evidencePh: 'e.g. photo numbers, what was found, calls made', created_at: 'Assigned', done_at: 'Done',
      verified_at: 'Verified', events: 'History', empty: 'No tasks', noMine: 'Nothing to do', add: 'New task',
      start: 'Start', done: 'Done', verify: 'Verify', reopen: 'Reopen', reason: 'Reason', note: 'Note',
      doneTitle: 'Finish the task', verifyTitle: 'Verify the task', reopenTitle: 'Reopen the task', needResult: 'Enter the result',
      needReason: 'Enter the reason', needTitle: 'Enter a title', needOwner: 'Choose the owner', needArea: 'Choose the area',
      needDeadline: 'Choose the deadline', ownerId: 'Owner user id', ownerPick: 'Choose the owner', areaHint: "The owner's area must hold the task's area",
      saved: 'Saved', detail: 'Task', back: 'Back', overdueTag: 'Overdue', due: 'due {time}',
      fromTip: 'From a tip', more: 'All tasks', created: 'Task assigned'
    },
    report: {
      title: 'Daily report', date: 'Date', xlsx: 'Download xlsx', html: 'Printable', town: 'Town', village: 'Village',
      district: 'District', townUnit: 'Town', towns: 'Towns', csv: 'Download CSV',
      monitoring: 'Health monitoring', change: 'Since the day before', registry: 'Registry', persons: 'Persons', households: 'Households',
      tasks: 'Tasks', opened: 'Opened', closed: 'Closed', overdue: 'Overdue', median: 'Median hours to close',
      open: 'Open', tips: 'Tips', received: 'Received', handled: 'Handled', share24: 'Handled within 24 h',
      byKind: 'By kind', openAlerts: 'Open alerts', overdueTasks: 'Overdue tasks', none: 'None', age: '{h} h',
      generated: 'Generated {time}', downloaded: 'Saved {name}', aggregate: '(counts only)',
      supplies: 'Supplies', item: 'Item', sup_received: 'Received', sup_issued: 'Issued', sup_written_off: 'Written off',
      sup_in_stock: 'In stock', cashReceived: 'Cash received', cashSpent: 'Cash spent', cashBalance: 'Cash balance',
      lowStock: 'Below the low-stock line', store: 'Store', quantity: 'In stock', threshold: 'Low-stock line', daysLeft: 'Days left',
      checkpoints: 'Checkpoint screenings', post: 'Checkpoint', cp_vehicles: 'Vehicles', cp_pedestrians: 'Pedestrians', cp_people: 'People',
      cp_abnormal: 'Abnormal temperature', cp_high_risk: 'From high-risk areas', cp_handoffs: 'Handed off',
      sweeps: 'Sweeps', round: 'round {n}', householdsReached: 'Households reached', householdRate: 'Household coverage',
      personsReached: 'People reached', notReached: 'Not yet reached',
      gatherings: 'Gatherings', gatheringsToday: 'Registered today', stoppedToday: 'Cancelled or postponed today',
      g_registered: 'Registered', g_pending: 'To persuade', g_cancelled: 'Cancelled', g_postponed: 'Postponed', g_simplified: 'Simplified',
      g_held: 'Held', g_cancelled_or_postponed: 'Cancelled or postponed'
    },
    dash: {
      title: 'Dashboard', under_observation: 'Under observation', abnormal_today: 'Abnormal today', alerts_open: 'Open alerts',
      tasks_overdue: 'Overdue tasks', tips_today: 'Tips today', daily: 'Key persons under observation (14 days)',
      abnormal: 'Abnormal checks (14 days)', byVillage: 'Alerts and overdue tasks by village', byStatus: 'Tasks by status',
      byTown: 'Alerts and overdue tasks by town',
      updated: 'Updated {time} · refreshes every 60 s', back: 'Back', fullscreen: 'Full screen', tasksOpen: 'Open tasks'
    }
  }
}

// i18n-sweep.js: the words of sweeps, publicity and gatherings, added to the UI's messages by
// words/sweep.js. English follows the glossary: sweep (campaign), visit, round, publicity, gathering.

export default {
  'zh-CN': {
    sweep: {
      title: '地毯式排查', add: '新建排查', edit: '编辑排查', empty: '暂无排查活动', name: '名称', scope: '范围',
      period: '时间', starts_on: '开始日期', ends_on: '结束日期', round: '第 {n} 轮', rounds: '轮次', status: '状态',
      active: '进行中', closed: '已结束', households: '户', persons: '人', reached: '已走访', coverage: '覆盖情况',
      householdsReached: '已走访户', personsReached: '已排查人', notReached: '待回访户', visits: '走访次数',
      householdRate: '户覆盖率', personRate: '人覆盖率', village: '村（社区）', grid: '网格', town: '合计',
      door: '去走访', detail: '详情', export: '导出 CSV', newRound: '开始新一轮', newRoundConfirm: '开始第 {n} 轮排查？每户都要重新走访，前几轮的数字保留用于对比。',
      close: '结束排查', reopen: '重新开始', pending: '未走访户', visitsTab: '走访记录', pickArea: '选择网格或村',
      compare: '各轮对比', roundN: '第{n}轮', saved: '已保存', questions: '问卷', addQuestion: '添加问题',
      template: '使用常用问卷', qText: '问题', qKey: '代码', qKind: '类型', perPerson: '逐人回答', required: '必答',
      choices: '选项', handoff: '有风险时', handoffNone: '不转交', handoffMonitor: '转重点人员监测', handoffTask: '派任务给村书记',
      handoffOn: '哪些选项需转交', reason: '原因', remove: '删除', up: '上移', needName: '请填写名称',
      needScope: '请选择排查范围', needDates: '请选择起止日期', needQuestion: '至少一个问题', scopeHint: '可选镇、村（社区）或网格，可多选',
      myProgress: '已走访 {h} / {ht} 户，{p} / {pt} 人', pendingCount: '还有 {n} 户未走访', allDone: '本片所有户都已走访 ✓',
      filterAll: '全部', filterNew: '未敲门', filterRevisit: '需回访', revisitOn: '回访 {d}', attempts: '已去 {n} 次',
      head: '户主', members: '{n} 人', noHead: '（未登记户主）', lastVisit: '上次', address: '住址', outcome: '结果',
      recordedBy: '登记人', handoffs: '转交', personsSeen: '见到'
    },
    sweepOutcome: { reached: '见到人', not_home: '无人在家', refused: '拒绝配合', moved: '已搬走' },
    qkind: { yesno: '是/否', number: '数字', choice: '单选', text: '文字' },
    visit: {
      title: '走访登记', household: '户', outcome: '这一户', whoHome: '在家人员（逐人回答）', home: '在家', away: '不在家',
      hhQuestions: '按户问题', yes: '是', no: '否', restNo: '其余全部为否', fromPlace: '从哪里回来', arrivedOn: '抵达日期',
      revisitOn: '回访日期', note: '备注', save: '保存', saving: '保存中…', retrying: '网络不稳，重试中…',
      saved: '已保存走访记录', back: '返回未走访列表', another: '继续走访下一户', needOutcome: '请选择这一户的情况',
      needPerson: '请至少勾选一名在家人员', needAnswer: '请回答：{q}（{name}）', toMonitor: '已转入重点人员监测：{name}',
      toTask: '已派任务给村书记：{name}（{q}）', already: '{name} 已在观察中', noMembers: '这一户没有登记成员，请先在“户”里补登人员',
      answered: '已答 {n}/{m}', newcomer: '不在册人员（将登记入本户）', addNewcomer: '添加不在册人员',
      needNewName: '请填写不在册人员的姓名'
    },
    publicity: {
      title: '宣传', add: '记录宣传', kind: '方式', area: '区域', titleField: '内容/名称', date: '日期', quantity: '数量',
      route: '路线', note: '备注', covers: '覆盖区域', coversHint: '喇叭、横幅、巡逻车：覆盖的村或网格（整片算覆盖）',
      households: '覆盖的户', householdsHint: '微信群、电话、宣传单：勾选覆盖到的户', pickGrid: '选择网格后勾选户',
      selectAll: '全选', coverage: '宣传覆盖', reached: '已覆盖户', uncovered: '未覆盖户', rate: '覆盖率', whole: '整片覆盖',
      actions: '宣传记录', uncoveredList: '尚无任何渠道覆盖的户', aloneElderly: '独居老人', doorTask: '派上门宣传任务',
      taskCreated: '已派任务 #{id}', empty: '暂无记录', listed: '{n} 户',
      photos: '照片', details: '详情/照片', addPhoto: '拍照/选照片', photoSaved: '照片已上传', photoDelete: '删除照片',
      photoDeleteConfirm: '确定删除这张照片吗？', photoMax: '每次宣传最多 {n} 张照片', notImage: '无法读取这张图片',
      photoHint: '横幅、标语可拍照留存（可选，最多 {n} 张）；上传前自动压缩，并去除照片里的位置等信息',
      photoFailed: '照片 {name} 未能上传：{err}', photoOf: '{title} 的第 {n} 张照片'
    },
    pubKind: { loudspeaker: '流动小喇叭', wechat_group: '微信群', banner: '横幅', poster: '标语/海报', patrol_car: '宣传巡逻车', leaflet: '宣传单', call: '电话通知' },
    gathering: {
      title: '聚集性活动', add: '登记活动', kind: '类型', host: '主家', hostSearch: '输入姓名、完整身份证号 / 手机号或号码后4位查找主家', plannedOn: '原定日期',
      place: '地点', expected: '预计人数', note: '备注', outcome: '结果', setOutcome: '登记结果', postponedTo: '延期至',
      guests: '实际人数（仅家属）', heldReason: '举办原因', approvedBy: '批准人', persuadedBy: '劝导人', persuadedAt: '劝导时间',
      figures: '统计', from: '从', to: '到', registered: '登记', cancelledOrPostponed: '取消或延期', guestsAvoided: '减少聚集人次',
      pending: '待劝导', export: '导出 CSV', empty: '暂无登记', headline: '取消或延期喜事丧宴 {n} 起', village: '村（社区）'
    },
    gKind: { wedding: '婚礼', funeral: '丧事', birthday: '寿宴', temple_fair: '庙会', other: '其他' },
    gOutcome: { pending: '待劝导', cancelled: '取消', postponed: '延期', simplified: '从简', held: '照常举办' }
  },

  en: {
    sweep: {
      title: 'Sweeps', add: 'New sweep', edit: 'Edit sweep', empty: 'No sweep campaigns yet', name: 'Name', scope: 'Scope',
      period: 'Period', starts_on: 'Starts', ends_on: 'Ends', round: 'Round {n}', rounds: 'Rounds', status: 'Status',
      active: 'Under way', closed: 'Closed', households: 'households', persons: 'people', reached: 'Reached', coverage: 'Coverage',
      householdsReached: 'Households reached', personsReached: 'People reached', notReached: 'Revisits due', visits: 'Visits',
      householdRate: 'Household coverage', personRate: 'People coverage', village: 'Village', grid: 'Grid', town: 'Total',
      door: 'Visit doors', detail: 'Details', export: 'Export CSV', newRound: 'Start a new round', newRoundConfirm: 'Start round {n}? Every household is due again; earlier rounds stay for comparison.',
      close: 'Close', reopen: 'Reopen', pending: 'Not reached', visitsTab: 'Visits', pickArea: 'Choose a grid or village',
      compare: 'Rounds compared', roundN: 'Round {n}', saved: 'Saved', questions: 'Questionnaire', addQuestion: 'Add a question',
      template: 'Use the usual questions', qText: 'Question', qKey: 'Key', qKind: 'Kind', perPerson: 'Per person', required: 'Required',
      choices: 'Choices', handoff: 'On a risk', handoffNone: 'No hand-off', handoffMonitor: 'Key-person monitoring', handoffTask: 'Task for the secretary',
      handoffOn: 'Choices that hand off', reason: 'Reason', remove: 'Remove', up: 'Up', needName: 'Give a name',
      needScope: 'Choose the scope', needDates: 'Choose the dates', needQuestion: 'At least one question', scopeHint: 'The town, villages or grids; several allowed',
      myProgress: '{h} / {ht} households, {p} / {pt} people reached', pendingCount: '{n} households not reached yet', allDone: 'Every household here is reached ✓',
      filterAll: 'All', filterNew: 'Not knocked', filterRevisit: 'Revisit', revisitOn: 'revisit {d}', attempts: '{n} attempt | {n} attempts',
      head: 'Head', members: '{n} people', noHead: '(no head recorded)', lastVisit: 'Last', address: 'Address', outcome: 'Outcome',
      recordedBy: 'Recorded by', handoffs: 'Hand-offs', personsSeen: 'Seen'
    },
    sweepOutcome: { reached: 'Reached', not_home: 'Nobody home', refused: 'Refused', moved: 'Moved away' },
    qkind: { yesno: 'Yes/no', number: 'Number', choice: 'Choice', text: 'Text' },
    visit: {
      title: 'Visit', household: 'Household', outcome: 'This household', whoHome: 'Who is home (answers per person)', home: 'Home', away: 'Away',
      hhQuestions: 'Household questions', yes: 'Yes', no: 'No', restNo: 'All others: no', fromPlace: 'Back from', arrivedOn: 'Arrived on',
      revisitOn: 'Revisit on', note: 'Note', save: 'Save', saving: 'Saving…', retrying: 'Weak signal, retrying…',
      saved: 'Visit saved', back: 'Back to the list', another: 'Next household', needOutcome: 'Choose what happened at this door',
      needPerson: 'Tick at least one person at home', needAnswer: 'Please answer: {q} ({name})', toMonitor: 'Handed to key-person monitoring: {name}',
      toTask: 'Task for the secretary: {name} ({q})', already: '{name} is under observation already', noMembers: 'No members recorded: add the people under Households first',
      answered: '{n}/{m} answered', newcomer: 'Not in the registry (added to this household)', addNewcomer: 'Someone not in the registry',
      needNewName: 'Give the name of the person not in the registry'
    },
    publicity: {
      title: 'Publicity', add: 'Record publicity', kind: 'Channel', area: 'Area', titleField: 'What / name', date: 'Date', quantity: 'Quantity',
      route: 'Route', note: 'Note', covers: 'Areas covered', coversHint: 'Loudspeakers, banners, patrol cars: the villages or grids covered whole',
      households: 'Households reached', householdsHint: 'WeChat groups, calls, leaflets: tick the households reached', pickGrid: 'Choose a grid, then tick households',
      selectAll: 'All', coverage: 'Publicity coverage', reached: 'Reached', uncovered: 'Not reached', rate: 'Rate', whole: 'Covered whole',
      actions: 'Actions', uncoveredList: 'Households no channel reaches', aloneElderly: 'Elderly, alone', doorTask: 'Door-visit task',
      taskCreated: 'Task #{id} created', empty: 'Nothing recorded', listed: '{n} households',
      photos: 'Photos', details: 'Details / photos', addPhoto: 'Take or choose a photo', photoSaved: 'Photo uploaded', photoDelete: 'Delete photo',
      photoDeleteConfirm: 'Delete this photo?', photoMax: 'An action has at most {n} photos', notImage: 'This image cannot be read',
      photoHint: 'Banners and posters may keep a photo (optional, at most {n}); it is made smaller before upload, and its location data removed',
      photoFailed: 'Photo {name} was not uploaded: {err}', photoOf: 'Photo {n} of {title}'
    },
    pubKind: { loudspeaker: 'Loudspeaker', wechat_group: 'WeChat group', banner: 'Banner', poster: 'Poster', patrol_car: 'Patrol car', leaflet: 'Leaflets', call: 'Calls' },
    gathering: {
      title: 'Gatherings', add: 'Register', kind: 'Kind', host: 'Host', hostSearch: 'Type a name, a whole ID number / phone or its last 4 digits to find the host', plannedOn: 'Planned on',
      place: 'Place', expected: 'Expected guests', note: 'Note', outcome: 'Outcome', setOutcome: 'Record outcome', postponedTo: 'Postponed to',
      guests: 'Who came (family only)', heldReason: 'Why held', approvedBy: 'Approved by', persuadedBy: 'Persuaded by', persuadedAt: 'Persuaded at',
      figures: 'Figures', from: 'From', to: 'To', registered: 'Registered', cancelledOrPostponed: 'Cancelled or postponed', guestsAvoided: 'Guests avoided',
      pending: 'Pending', export: 'Export CSV', empty: 'Nothing registered', headline: '{n} weddings and funerals cancelled or postponed', village: 'Village'
    },
    gKind: { wedding: 'Wedding', funeral: 'Funeral', birthday: 'Birthday banquet', temple_fair: 'Temple fair', other: 'Other' },
    gOutcome: { pending: 'Pending', cancelled: 'Cancelled', postponed: 'Postponed', simplified: 'Simplified', held: 'Held' }
  }
}

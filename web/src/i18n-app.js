// i18n-app.js: the words of the frame, the login page and the registry, with every module's menu
// entries, loaded with the app (i18n.js). Chinese is the default; English follows docs/GLOSSARY names.
// Like each module's i18n-*.js, one object per language as `export default` of a literal: the form
// in which @intlify/unplugin-vue-i18n compiles the messages at build time (vite.config.js).

export default {
  'zh-CN': {
    app: { title: '防疫指挥系统', short: '防疫' },
    lang: { switchTo: 'English', current: '中文' },
    common: {
      search: '查询', reset: '重置', add: '新增', edit: '编辑', save: '保存', cancel: '取消',
      confirm: '确定', close: '关闭', detail: '详情', actions: '操作', loading: '加载中…',
      none: '无', all: '全部', yes: '是', no: '否', total: '共 {n} 条', ok: '成功', failed: '失败',
      saved: '已保存', created: '已新增', optional: '选填', withOptional: '{label}（选填）', refresh: '刷新'
    },
    menu: {
      home: '首页', areas: '区域', people: '人员', households: '户', import: '导入',
      users: '用户', audit: '审计日志', logout: '退出登录', open: '菜单',
      // the entries of each module (monitoring, command post, checkpoints, sweeps, supplies, lists)
      worklist: '今日工作', keyPersons: '重点人员', alerts: '预警', monitorSettings: '监测设置',
      tips: '群众举报', tasks: '任务', report: '调度日报', dashboard: '指挥大屏',
      screening: '卡口登记', dutyNow: '在岗值班', dutyPosts: '岗点排班', checkpointFigures: '卡口统计',
      sweeps: '地毯式排查', publicity: '宣传', gatherings: '聚集性活动',
      supplies: '物资库存', donations: '爱心捐赠', ledger: '台账', cash: '现金收支',
      lists: '大数据比对'
    },
    // the menu's groups (menu.js), by duty
    menuGroup: {
      monitoring: '重点人员监测', checkpoints: '卡口值守', sweeps: '排查与宣传', supplies: '物资',
      command: '指挥调度', registry: '人口登记', system: '系统管理'
    },
    login: {
      title: '防疫指挥系统', subtitle: '镇村防控登记与调度', username: '用户名', password: '密码',
      submit: '登录', required: '请输入用户名和密码', welcome: '欢迎，{name}',
      // the links to the public tip form and its tracking (their pages' titles, tipForm and tipTrack
      // of i18n-command.js, which the login page does not load)
      toTip: '群众举报', toTrack: '举报进度查询'
    },
    home: {
      welcome: '您好，{name}', role: '角色', area: '管辖区域', persons: '人员', households: '户数',
      subareas: '下级区域', level: '层级', name: '名称', code: '区划代码', noCounts: '暂无统计'
    },
    area: {
      title: '区域', hint: '点击区域查看该区域的人员', filter: '筛选区域', viewPeople: '查看人员',
      persons: '{n} 人', households: '{n} 户', add: '新增区域', name: '名称', kind: '类型',
      parent: '上级区域', code: '区划代码（选填）', pick: '选择区域'
    },
    level: { district: '区', town: '镇', village: '村', grid: '网格' },
    kind: { district: '区', town: '镇', street: '街道', village: '村', community: '社区', grid: '网格（组）' },
    person: {
      title: '人员', search: '姓名，或完整身份证号 / 完整手机号 / 号码后4位', name: '姓名', id_number: '身份证号',
      phone: '联系电话', gender: '性别', birth_date: '出生日期', age: '年龄', ageYears: '{n} 岁', area: '所属区域',
      area_name: '所属区域', household: '户', household_address: '住址', relation: '与户主关系',
      residence: '人员类别', tags: '标签', notes: '备注', created_at: '登记时间',
      updated_at: '更新时间', add: '新增人员', edit: '编辑人员', detail: '人员详情',
      reveal: '查看完整信息', revealTitle: '查看完整信息', revealReason: '查看原因',
      revealHint: '查看完整身份证号、电话和出生日期会记入审计日志，请说明原因。',
      revealReasonRequired: '请填写查看原因', revealed: '完整信息', masked: '已脱敏',
      placeIn: '落户方式', inHousehold: '归入现有户', inArea: '只选区域', pickHousehold: '搜索住址选择户',
      pickArea: '选择网格', genderHint: '有身份证号时性别和出生日期由身份证号得出',
      keepMasked: '留空则不修改（当前 {v}）', keepAge: '现 {n} 岁，可不填', merged: '已合并到 #{id}', demo: '演示数据',
      male: '男', female: '女', relationHead: '户主', needPlace: '请选择户或区域', needName: '请填写姓名'
    },
    relation: { head: '户主', spouse: '配偶', child: '子女', parent: '父母', grandchild: '孙子女', sibling: '兄弟姐妹', other: '其他' },
    residence: { registered: '户籍', registered_away: '户籍外出', resident: '常住', floating: '流动' },
    tag: { party_member: '党员', grid_worker: '网格员', village_doctor: '村医', volunteer: '志愿者', model_household: '党员示范户' },
    household: {
      title: '户', search: '按住址查询', address: '住址', area: '所属区域', head: '户主',
      members: '人数', notes: '备注', add: '新增户', detail: '户详情', memberList: '家庭成员',
      created_at: '建档时间'
    },
    import: {
      title: '导入人员', hint: '上传 Excel 表格（.xlsx、.xls）或 CSV 文件（UTF-8 或 GBK）；表头可在标题行之下。', file: '选择文件',
      noFile: '请先选择 CSV 文件', template: '下载模板 CSV', dryRun: '预检（只检查不写入）',
      submit: '上传', submitDry: '预检', result: '导入结果', dryResult: '预检结果（未写入）',
      rows: '数据行', created: '新增', updated: '更新', unchanged: '未变', households_created: '新建户',
      encoding: '编码', errors: '以下行有错误，请改正后重新上传', line: '行号', field: '字段',
      reason: '原因', chosen: '已选：{name}（{size}）', done: '导入完成'
    },
    user: {
      title: '用户', username: '用户名', display_name: '姓名', role: '角色', area: '管辖区域',
      password: '密码', passwordHint: '至少 10 位', disabled: '状态', enabled: '正常',
      isDisabled: '已停用', disable: '停用', enable: '启用', created_at: '创建时间',
      last_login_at: '最近登录', add: '新增用户', passwordShort: '密码至少 10 位',
      needAll: '请填写用户名、角色、区域和密码', confirmDisable: '确定停用用户 {name}？'
    },
    role: {
      admin: '指挥部管理员', secretary: '村（社区）书记', grid: '网格员', doctor: '村医',
      checkpoint: '卡口值守', viewer: '区级查看', auditor: '审计员', district: '区指挥部'
    },
    backup: {
      last: '最近一次自动备份：{at}（{file}）', none: '尚无自动备份', next: '；下次：{at}',
      failedAt: '{at} 备份失败：{why}', pg: '数据库为 PostgreSQL：服务器不自动备份，请使用数据库自身的备份',
      off: '自动备份已关闭（--backup-every 0），请另行安排备份'
    },
    audit: {
      title: '审计日志', at: '时间', username: '用户', ip: 'IP', action: '操作', object: '对象',
      detail: '详情', ok: '结果', filterAction: '操作类型', filterUser: '用户名',
      filterSerial: '导出编号 EX-…', serial: '导出编号', verify: '校验日志完整性',
      whole: '审计日志完整：共 {rows} 条，链头哈希 {hash}（请另行记下，下次核对）',
      broken: '审计日志被篡改：{what}（此前 {rows} 条完好）'
    },
    action: {
      login: '登录', login_failed: '登录失败', logout: '退出', create: '新增', update: '修改',
      reveal: '查看完整信息', merge: '合并', import: '导入', export: '导出',
      user_create: '新增用户', user_update: '修改用户', search: '按号码查询', search_throttled: '号码查询过频被拒'
    },
    err: { generic: '操作失败', forbidden: '没有权限', notFound: '页面不存在', back: '返回首页' }
  },

  en: {
    app: { title: 'Fangyi command post', short: 'Fangyi' },
    lang: { switchTo: '中文', current: 'English' },
    common: {
      search: 'Search', reset: 'Reset', add: 'Add', edit: 'Edit', save: 'Save', cancel: 'Cancel',
      confirm: 'OK', close: 'Close', detail: 'Details', actions: 'Actions', loading: 'Loading…',
      none: 'None', all: 'All', yes: 'Yes', no: 'No', total: '{n} in all', ok: 'OK', failed: 'Failed',
      saved: 'Saved', created: 'Added', optional: 'optional', withOptional: '{label} (optional)', refresh: 'Refresh'
    },
    menu: {
      home: 'Home', areas: 'Areas', people: 'People', households: 'Households', import: 'Import',
      users: 'Users', audit: 'Audit log', logout: 'Log out', open: 'Menu',
      // the entries of each module (monitoring, command post, checkpoints, sweeps, supplies, lists)
      worklist: 'Worklist', keyPersons: 'Key persons', alerts: 'Alerts', monitorSettings: 'Monitoring settings',
      tips: 'Tips', tasks: 'Tasks', report: 'Daily report', dashboard: 'Dashboard',
      screening: 'Screening', dutyNow: 'On duty now', dutyPosts: 'Duty posts', checkpointFigures: 'Checkpoint figures',
      sweeps: 'Sweeps', publicity: 'Publicity', gatherings: 'Gatherings',
      supplies: 'Stock', donations: 'Donations', ledger: 'Ledger', cash: 'Cash',
      lists: 'List matching'
    },
    menuGroup: {
      monitoring: 'Monitoring', checkpoints: 'Checkpoints', sweeps: 'Sweeps & publicity', supplies: 'Supplies',
      command: 'Command post', registry: 'Registry', system: 'System'
    },
    login: {
      title: 'Fangyi command post', subtitle: 'Town and village registry and dispatch',
      username: 'Username', password: 'Password', submit: 'Log in',
      required: 'Enter your username and password', welcome: 'Welcome, {name}',
      toTip: 'Tip-off', toTrack: 'Track a tip'
    },
    home: {
      welcome: 'Hello, {name}', role: 'Role', area: 'Area', persons: 'People',
      households: 'Households', subareas: 'Areas below', level: 'Level', name: 'Name',
      code: 'Area code', noCounts: 'No figures yet'
    },
    area: {
      title: 'Areas', hint: 'Click an area to see its people', filter: 'Area', viewPeople: 'People',
      persons: '{n} people', households: '{n} households', add: 'Add area', name: 'Name',
      kind: 'Kind', parent: 'Parent area', code: 'Area code (optional)', pick: 'Choose an area'
    },
    level: { district: 'District', town: 'Town', village: 'Village', grid: 'Grid' },
    kind: { district: 'District', town: 'Town', street: 'Street', village: 'Village', community: 'Community', grid: 'Grid' },
    person: {
      title: 'People', search: 'Name, or a whole ID number / whole phone / last 4 digits', name: 'Name', id_number: 'ID number',
      phone: 'Phone', gender: 'Gender', birth_date: 'Birth date', age: 'Age', ageYears: '{n} years', area: 'Area', area_name: 'Area',
      household: 'Household', household_address: 'Address', relation: 'Relation to head',
      residence: 'Residence', tags: 'Tags', notes: 'Notes', created_at: 'Registered',
      updated_at: 'Updated', add: 'Add person', edit: 'Edit person', detail: 'Person',
      reveal: 'Show full details', revealTitle: 'Show full details', revealReason: 'Reason',
      revealHint: 'Showing the full ID number, phone and birth date is recorded in the audit log. Give a reason.',
      revealReasonRequired: 'A reason is required', revealed: 'Full details', masked: 'masked',
      placeIn: 'Place in', inHousehold: 'An existing household', inArea: 'An area only',
      pickHousehold: 'Search a household by address', pickArea: 'Choose a grid',
      genderHint: 'With an ID number, gender and birth date come from it',
      keepMasked: 'Leave empty to keep (now {v})', keepAge: 'Aged {n}, optional', merged: 'Merged into #{id}', demo: 'demo data',
      male: 'Male', female: 'Female', relationHead: 'Head', needPlace: 'Choose a household or an area',
      needName: 'Enter a name'
    },
    relation: { head: 'Head', spouse: 'Spouse', child: 'Child', parent: 'Parent', grandchild: 'Grandchild', sibling: 'Sibling', other: 'Other' },
    residence: { registered: 'Registered', registered_away: 'Registered, away', resident: 'Resident', floating: 'Floating' },
    tag: { party_member: 'Party member', grid_worker: 'Grid worker', village_doctor: 'Village doctor', volunteer: 'Volunteer', model_household: 'Model household' },
    household: {
      title: 'Households', search: 'Search by address', address: 'Address', area: 'Area',
      head: 'Head of household', members: 'Members', notes: 'Notes', add: 'Add household',
      detail: 'Household', memberList: 'Members', created_at: 'Created'
    },
    import: {
      title: 'Import residents', hint: 'Upload an Excel workbook (.xlsx, .xls) or a CSV file (UTF-8 or GBK); the header may sit below a title row.',
      file: 'Choose file', noFile: 'Choose a CSV file first', template: 'Download the template CSV',
      dryRun: 'Dry run (check only, write nothing)', submit: 'Upload', submitDry: 'Check',
      result: 'Import result', dryResult: 'Dry run result (nothing written)', rows: 'Rows',
      created: 'Created', updated: 'Updated', unchanged: 'Unchanged',
      households_created: 'Households created', encoding: 'Encoding',
      errors: 'These rows have errors; fix them and upload again', line: 'Line', field: 'Field',
      reason: 'Reason', chosen: 'Chosen: {name} ({size})', done: 'Import finished'
    },
    user: {
      title: 'Users', username: 'Username', display_name: 'Display name', role: 'Role',
      area: 'Area', password: 'Password', passwordHint: 'at least 10 characters',
      disabled: 'Status', enabled: 'Active', isDisabled: 'Disabled', disable: 'Disable',
      enable: 'Enable', created_at: 'Created', last_login_at: 'Last login', add: 'Add user',
      passwordShort: 'The password needs at least 10 characters',
      needAll: 'Enter username, role, area and password', confirmDisable: 'Disable user {name}?'
    },
    role: {
      admin: 'Command post admin', secretary: 'Village secretary', grid: 'Grid worker',
      doctor: 'Village doctor', checkpoint: 'Checkpoint duty', viewer: 'District viewer',
      auditor: 'Auditor', district: 'District command'
    },
    backup: {
      last: 'Last automatic backup: {at} ({file})', none: 'No automatic backup yet', next: '; next: {at}',
      failedAt: 'Backup failed at {at}: {why}', pg: 'The database is PostgreSQL: the server does not back up; use the database\'s own backups',
      off: 'Automatic backups are off (--backup-every 0): arrange backups some other way'
    },
    audit: {
      title: 'Audit log', at: 'Time', username: 'User', ip: 'IP', action: 'Action', object: 'Object',
      detail: 'Detail', ok: 'Result', filterAction: 'Action', filterUser: 'Username',
      filterSerial: 'Export serial EX-…', serial: 'Export serial', verify: 'Verify the log',
      whole: 'The audit log is whole: {rows} rows, head hash {hash} (write it down elsewhere and compare it next time)',
      broken: 'The audit log was tampered with: {what} (earlier rows verified: {rows})'
    },
    action: {
      login: 'Log in', login_failed: 'Failed login', logout: 'Log out', create: 'Create',
      update: 'Update', reveal: 'Reveal', merge: 'Merge', import: 'Import', export: 'Export',
      user_create: 'Create user', user_update: 'Update user', search: 'Search by number',
      search_throttled: 'Number searches refused (too many)'
    },
    err: { generic: 'Failed', forbidden: 'Not allowed', notFound: 'Page not found', back: 'Back home' }
  }
}

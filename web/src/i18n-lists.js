// i18n-lists.js: the words of list matching (大数据名单比对), added to the UI's messages by
// words/lists.js. A list comes from higher authorities (railway, flights, telecoms, the district);
// each of its rows is classed once against the registry. English follows the glossary: list
// matching, key person, task.

export default {
  'zh-CN': {
    listClass: {
      already_watched: '已在观察', found: '在册未观察', possible: '疑似匹配待核实',
      not_found: '本辖区查无此人', refused: '信息不全无法比对', duplicates_in_list: '名单内重复'
    },
    listReason: {
      id_number: '身份证号一致', phone: '手机号一致', name_birth: '姓名与出生日期一致',
      near_id_check: '身份证号仅校验位不同', near_phone: '同名且手机号差一位或两位颠倒',
      near_name: '姓名异体字', near_village: '同名同生日但村不同', several: '多人共用此号码',
      rejected: '经核实不是此人'
    },
    listStatus: { matching: '比对中', done: '已完成', failed: '比对失败' },
    list: {
      title: '大数据名单比对', upload: '上传名单', empty: '暂无名单', name: '名单名称', source: '来源',
      received_on: '收到日期', status: '状态', counts: '比对结果', tasks: '派发任务', registered: '登记观察',
      received_by: '接收人', created_at: '上传时间', finished_at: '完成时间', rows: '共 {n} 行',
      progress: '已比对 {done} / {total} 行', highRisk: '高风险', seenBefore: '此前名单已出现 {n} 人',
      tasksN: '派发任务 {n} 个', registeredN: '登记观察 {n} 人', failedHint: '比对未完成，请重新上传该文件：{error}',
      fact: '{label}：{value}', back: '返回名单列表', notFound: '名单不存在', refresh: '刷新',
      // the upload dialog
      file: '名单文件', chooseFile: '选择文件', fileHint: '支持 Excel（.xlsx、.xls）和 CSV；表头须有“姓名”“身份证号”或“手机号”列。',
      chosen: '已选：{name}（{size}）', namePh: '如：铁路旅客名单（12月5日）', sourcePh: '如：区指挥部、铁路部门',
      highRiskLabel: '高风险名单', highRiskOn: '名单上在册且未在观察的人，直接登记为居家观察的重点人员（从抵达日起算观察期），并通知网格员。',
      highRiskOff: '名单上在册且未在观察的人，给其网格员派发一个上门核查任务；核实后再决定是否登记观察。',
      dryRun: '先检查', match: '开始比对', dryTitle: '检查结果（未保存）', dryRows: '数据行', dryRecords: '涉及人数',
      needFile: '请选择名单文件', needName: '请填写名单名称', needSource: '请填写名单来源',
      existing: '这个文件此前已收到，打开的是当时的比对结果', started: '名单已保存，正在比对',
      // the list's page
      figures: '比对结果', byVillage: '各村（社区）', village: '村（社区）', villageRows: '行数',
      unplaced: '未落到村（社区）', rowsTitle: '名单明细', allClasses: '全部类别', allVillages: '全部村（社区）',
      line: '行号', person: '姓名', id_number: '身份证号', phone: '手机号', class: '比对结果', reason: '依据',
      area: '村（社区）/ 组', outcome: '处理', more: '加载更多', noRows: '没有符合条件的行',
      taskN: '核查任务 #{id}', keyPerson: '重点人员 #{id}', sameAs: '与第 {line} 行为同一人',
      inRegistry: '在册：{name}', candidates: '可能是：', moreCandidates: '还有更多同样可能的人，未全部列出',
      isThis: '是此人', nobody: '都不是', confirmThis: '确定名单第 {line} 行“{name}”就是 {who}（{id}）？确定后将按“在册未观察”处理。',
      confirmNobody: '确定名单第 {line} 行“{name}”不是以上任何人？确定后计为“本辖区查无此人”。',
      confirmTitle: '核实', decided: '已核实', exportXlsx: '导出 Excel', exportCsv: '导出 CSV',
      exportFull: '导出完整号码', exportFullHint: '完整身份证号和手机号的导出会记入审计日志', exported: '已下载 {name}',
      cells: '原始内容', arrived: '抵达 {date}', from: '来自 {place}', decision: { confirmed: '已核实为此人', rejected: '已核实不是' },
      // what a clerk does after the match: a search task for a row not found, a decision undone
      search: '派查找任务', searchN: '已派查找任务 #{id}', searchAll: '全部派查找任务', searchTitle: '派查找任务（入户查找）',
      searchOne: '请村（社区）入户查找名单第 {line} 行“{name}”。任务中身份证号和手机号只显示部分。',
      searchAllText: '给本名单中还没有派过任务的“本辖区查无此人”的行，各派一个查找任务（共 {n} 行未派）。',
      searchTo: '派往', searchToRow: '名单所写的村（社区）', searchToAllHint: '不选：每行派往它所写的村；选了：还没派的行都派往这里。',
      searchDeadline: '期限', send: '派发', searchSent: '已派查找任务 #{id}',
      searchAllDone: '已派 {tasks} 个查找任务，{existing} 行此前已派', searchNoPlace: '{n} 行没有写明村（社区）：请选择派往哪里再派一次',
      searchLeft: '还有 {n} 行未派，请再点一次',
      undo: '撤销', undoTitle: '撤销核实结果', undoAsk: '撤销第 {line} 行“{name}”的核实结果，退回“疑似匹配待核实”。请写明原因：',
      undoReason: '原因', needReason: '请写明原因',
      sheet: '工作表', sheetPh: '不填则读第一张工作表', sheetHint: '这个工作簿有 {n} 张工作表，请选择名单所在的一张'
    }
  },

  en: {
    listClass: {
      already_watched: 'Already watched', found: 'In the registry, not watched', possible: 'Possible match',
      not_found: 'Not found here', refused: 'Refused', duplicates_in_list: 'Repeated in the list'
    },
    listReason: {
      id_number: 'Same ID number', phone: 'Same phone', name_birth: 'Same name and birth date',
      near_id_check: 'ID number differs only in the check digit',
      near_phone: 'Same name, phone one digit off or two digits swapped', near_name: 'Name with a variant character',
      near_village: 'Same name and birth date, another village', several: 'Several people share this number',
      rejected: 'Checked: not this person'
    },
    listStatus: { matching: 'Matching', done: 'Done', failed: 'Failed' },
    list: {
      title: 'List matching', upload: 'Upload a list', empty: 'No lists yet', name: 'List name', source: 'Source',
      received_on: 'Received', status: 'Status', counts: 'Result', tasks: 'Tasks opened', registered: 'Registered',
      received_by: 'Received by', created_at: 'Uploaded', finished_at: 'Finished', rows: '{n} row | {n} rows',
      progress: '{done} of {total} row matched | {done} of {total} rows matched', highRisk: 'High risk', seenBefore: 'Named on an earlier list: {n}',
      tasksN: 'Tasks opened: {n}', registeredN: 'Registered for observation: {n}', failedHint: 'Matching did not finish; upload the file again: {error}',
      fact: '{label}: {value}', back: 'Back to the lists', notFound: 'No such list', refresh: 'Refresh',
      file: 'File', chooseFile: 'Choose a file', fileHint: 'Excel (.xlsx, .xls) or CSV; the header needs a name (姓名), ID number (身份证号) or phone (手机号) column.',
      chosen: 'Chosen: {name} ({size})', namePh: 'e.g. Railway passengers, 5 Dec', sourcePh: 'e.g. district command post, railway',
      highRiskLabel: 'High-risk list', highRiskOn: 'People of the registry on the list who are not yet watched are registered for home observation at once (the period counted from their arrival), and their grid worker is told.',
      highRiskOff: 'People of the registry on the list who are not yet watched get a visit task for their grid worker, who decides after checking whether to register them.',
      dryRun: 'Check first', match: 'Match', dryTitle: 'Check (nothing stored)', dryRows: 'Rows', dryRecords: 'People',
      needFile: 'Choose the list file', needName: 'Enter a name for the list', needSource: 'Enter where the list came from',
      existing: 'This file was received before: here is its result', started: 'List stored; matching',
      figures: 'Result', byVillage: 'By village', village: 'Village', villageRows: 'Rows',
      unplaced: 'Not placed in a village', rowsTitle: 'Rows', allClasses: 'All results', allVillages: 'All villages',
      line: 'Line', person: 'Name', id_number: 'ID number', phone: 'Phone', class: 'Result', reason: 'Why',
      area: 'Village / grid', outcome: 'Led to', more: 'More', noRows: 'No rows match',
      taskN: 'Task #{id}', keyPerson: 'Key person #{id}', sameAs: 'Same as line {line}',
      inRegistry: 'Registry: {name}', candidates: 'May be:', moreCandidates: 'More people match as well; not all are shown',
      isThis: 'This is the person', nobody: 'Nobody of these', confirmThis: 'Line {line} "{name}" is {who} ({id})? The row then counts as in the registry, not watched.',
      confirmNobody: 'Line {line} "{name}" is none of these people? The row then counts as not found here.',
      confirmTitle: 'Check', decided: 'Saved', exportXlsx: 'Export xlsx', exportCsv: 'Export CSV',
      exportFull: 'Export full numbers', exportFullHint: 'An export with the full ID numbers and phones is recorded in the audit log', exported: 'Saved {name}',
      cells: 'As received', arrived: 'arrived {date}', from: 'from {place}', decision: { confirmed: 'Checked: this person', rejected: 'Checked: not them' },
      search: 'Send to search', searchN: 'Search task #{id}', searchAll: 'Send all to search', searchTitle: 'Search task (door to door)',
      searchOne: 'The village looks for line {line} "{name}" door to door. The task shows the ID number and phone only in part.',
      searchAllText: 'Every row not found here that has no task yet gets its own search task ({n} rows without one).',
      searchTo: 'Send to', searchToRow: 'The village the list gives', searchToAllHint: 'Empty: each row to the village it gives; chosen: every row not yet sent goes there.',
      searchDeadline: 'Deadline', send: 'Send', searchSent: 'Search task #{id} sent',
      searchAllDone: '{tasks} search tasks sent; {existing} rows had one already', searchNoPlace: '{n} rows give no village: choose one and send again',
      searchLeft: '{n} rows are left: send again',
      undo: 'Undo', undoTitle: 'Undo the decision', undoAsk: 'Put line {line} "{name}" back to a possible match. Why?',
      undoReason: 'Reason', needReason: 'Say why',
      sheet: 'Sheet', sheetPh: 'Empty: the first sheet', sheetHint: 'This workbook has {n} sheets: choose the one with the list'
    }
  }
}

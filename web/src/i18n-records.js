// i18n-records.js: the words of the histories (a key person's timeline, a task's events), of the
// audit log's records and of an alert's state, added to the UI's messages by words/records.js. The
// server gives fields; these say them in the reader's language (history.js puts them together).

export default {
  'zh-CN': {
    rec: {
      by: { system: '系统', resident: '居民自报' },
      registered: '{kind} · {reason} · 出发地 {from} · {start} 至 {end}，共 {days} 天',
      registeredNoFrom: '{kind} · {reason} · {start} 至 {end}，共 {days} 天',
      assigned: '{role}：{name}',
      check: '{day} {slot} · {temp} · {method}',
      abnormal: '异常',
      alert: '{temp}',
      referred: '转诊 {hospital}（{transport}）',
      result: '{result}',
      releasedAuto: '观察期满，末次体温正常，自动解除',
      extended: '共 {days} 天，至 {end}',
      convertedCare: '{result}：转入医疗救治',
      taskCreated: '派给 {owner}，截止 {deadline}',
      listed: '出现在大数据名单“{list}”（{source}）第{line}行',
      taskListed: '再次出现在大数据名单 #{list_id} 第{line}行',
      unknownUser: '（已删除的用户）',
      object: {
        user: '用户', person: '人员', household: '户', area: '区域', key_person: '重点人员',
        key_person_staff: '重点人员责任人', health_check: '健康监测', alert: '预警', setting: '设置',
        settings: '设置', task: '任务', tip: '举报', item: '物资', store: '仓库', donation: '捐赠',
        ledger: '台账', threshold: '库存预警线', duty_post: '岗点', declare_poster: '扫码登记海报', duty_team: '班组', duty_member: '班组成员',
        duty_pattern: '排班模式', duty_shift: '班次', duty_leave: '请假', duty_now: '在岗值班', roster: '排班表',
        handover: '交接班', screening: '筛查记录', sweep: '排查', sweep_visit: '走访', publicity: '宣传',
        publicity_photo: '宣传照片', gathering: '聚集性活动', report: '调度日报', database: '数据库',
        record: '记录'
      }
    },
    alertState: {
      referredAt: '{time} 转诊', resultShort: '结果：{result}', handled: '已处置'
    }
  },

  en: {
    rec: {
      by: { system: 'System', resident: 'Resident self-report' },
      registered: '{kind} · {reason} · from {from} · {start} to {end}, {days} days',
      registeredNoFrom: '{kind} · {reason} · {start} to {end}, {days} days',
      assigned: '{role}: {name}',
      check: '{day} {slot} · {temp} · {method}',
      abnormal: 'abnormal',
      alert: '{temp}',
      referred: 'Referred to {hospital} ({transport})',
      result: '{result}',
      releasedAuto: 'Period ended with normal checks: released automatically',
      extended: '{days} days, to {end}',
      convertedCare: '{result}: transferred to care',
      taskCreated: 'Assigned to {owner}, due {deadline}',
      listed: 'named on the list "{list}" ({source}), line {line}',
      taskListed: 'named again on list #{list_id}, line {line}',
      unknownUser: '(a removed user)',
      object: {
        user: 'User', person: 'Person', household: 'Household', area: 'Area', key_person: 'Key person',
        key_person_staff: 'Key person staff', health_check: 'Health check', alert: 'Alert', setting: 'Setting',
        settings: 'Settings', task: 'Task', tip: 'Tip', item: 'Item', store: 'Store', donation: 'Donation',
        ledger: 'Ledger', threshold: 'Low-stock threshold', duty_post: 'Duty post', declare_poster: 'Declaration poster', duty_team: 'Team',
        duty_member: 'Team member', duty_pattern: 'Roster pattern', duty_shift: 'Shift', duty_leave: 'Leave',
        duty_now: 'On duty', roster: 'Roster', handover: 'Handover', screening: 'Screening', sweep: 'Sweep',
        sweep_visit: 'Visit', publicity: 'Publicity', publicity_photo: 'Publicity photo', gathering: 'Gathering',
        report: 'Daily report', database: 'Database', record: 'Record'
      }
    },
    alertState: {
      referredAt: 'Referred {time}', resultShort: 'Result: {result}', handled: 'Handled'
    }
  }
}

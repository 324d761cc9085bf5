// i18n-monitor.js: the words of key-person monitoring (重点人员健康监测), added to the UI's messages
// by words/monitor.js. English follows the glossary: key person, observation period, health check,
// alert, release.

export default {
  'zh-CN': {
    selfReport: {
      title: '体温自报', intro: '居家观察期间，请每天上午、下午各测一次体温，用工作人员发给您的自报码在这里报告。',
      code: '自报码', codeHint: '16 位字母和数字，大小写、空格和横线都可以', codeLen: '自报码是 16 位字母和数字，请核对',
      submit: '报告体温', done: '已收到您的体温', normal: '谢谢！请继续每天上午、下午各报告一次。',
      abnormal: '体温或症状异常：请留在家中，不要自行前往医院，村医和网格员会尽快联系您。',
      again: '再报一次'
    },
    symptom: {
      fever: '发热', cough: '咳嗽', sore_throat: '咽痛', fatigue: '乏力', shortness_of_breath: '气促',
      diarrhoea: '腹泻', loss_of_taste_smell: '味觉嗅觉减退', other: '其他'
    },
    method: { visit: '上门', phone: '电话', self: '自报', checkpoint: '卡口测温' },
    kpReason: { high_risk_area: '来自高风险地区', close_contact: '密切接触者', other: '其他' },
    transport: { train: '火车', flight: '飞机', car: '汽车', bus: '客车', other: '其他' },
    foundBy: { self_report: '主动申报', checkpoint: '卡口发现', sweep: '地毯式排查', big_data: '大数据比对', tip: '群众举报', other: '其他' },
    obsKind: { home: '居家观察', centralised: '集中隔离' },
    kpStatus: { active: '观察中', released: '已解除', transferred: '已转出' },
    alertStatus: { open: '待处置', referred: '已转诊', closed: '已闭环' },
    result: { excluded: '排除', suspected: '疑似', confirmed: '确诊' },
    event: {
      registered: '登记', assigned: '分配责任人', check: '健康监测', alert: '预警', referred: '转诊',
      result: '诊断结果', closed: '闭环', released: '解除观察', extended: '延长观察', converted: '转换观察方式', self_code: '重新发放自报码',
      listed: '大数据比对'
    },
    slot: { am: '上午', pm: '下午' },
    worklist: {
      title: '今日工作', due: '待测', overdue: '逾期', abnormal: '异常', needs_visit: '需上门',
      empty: '暂无', dayOf: '第 {day}/{days} 天', dayOnly: '第 {day} 天', lastCheck: '上次',
      noCheck: '尚未监测', slotNow: '当前：{slot}', noSlot: '当前不在监测时段', tapHint: '点击人员登记体温',
      detail: '详情', updated: '更新于 {time}'
    },
    checkin: {
      title: '体温登记', temperature: '体温（°C）', tempPlaceholder: '如 36.5', symptoms: '症状',
      noSymptoms: '无症状', symptomOther: '其他症状', method: '方式', late: '补录（填写实际测量时间）',
      takenAt: '测量时间', save: '保存', saved: '已登记', needTemp: '请填写体温',
      tempFormat: '体温格式如 36.5（一位小数）', tempRange: '体温应在 34.0–43.0 °C 之间',
      needOther: '请填写其他症状', alert: '已发出预警', alertHint: '请立即通知村医，按流程转诊发热门诊。',
      normal: '体温正常', again: '再登记一次', back: '返回今日工作', toDetail: '查看人员',
      retrying: '网络不稳，正在重试…', futureTime: '测量时间不能晚于现在'
    },
    kp: {
      title: '重点人员', register: '登记重点人员', search: '姓名', status: '状态', area: '区域',
      name: '姓名', reason: '原因', reason_detail: '原因说明', from_place: '来自地点', left_on: '离开日期',
      arrived_on: '抵达日期', transport: '交通方式', transport_no: '车次/航班/车牌', found_by: '发现方式',
      kind: '观察方式', site: '隔离点', start_date: '开始日期', days: '观察天数', end_date: '结束日期',
      day: '观察第几天', grid_worker: '责任网格员', doctor: '责任村医', last_check: '最近监测',
      open_alerts: '未闭环预警', released_at: '解除时间', release_kind: '解除方式', created_at: '登记时间',
      phone: '联系电话', id_number: '身份证号', area_name: '所属区域', person: '人员',
      resident: '本地居民', newcomer: '新来人员（同时建档）', pickPerson: '输入姓名、完整身份证号 / 手机号或号码后4位搜索居民',
      needPerson: '请选择居民', needName: '请填写姓名', needArea: '请选择网格', daysDefault: '默认 {n} 天',
      selfCode: '自报码（请抄写在告知书上，只显示这一次）', registered: '已登记', detail: '重点人员详情',
      checkin: '登记体温', notice: '打印告知书', newCode: '重新发放自报码',
      newCodeConfirm: '为 {name} 发放新的自报码？旧自报码将立即失效，新码只显示这一次，请抄写在告知书上。', release: '解除观察', releaseNote: '解除说明（选填）',
      releaseConfirm: '确定解除 {name} 的观察？', released: '已解除观察', assign: '调整责任人',
      assignSave: '保存责任人', userId: '用户编号', pickUser: '选择用户', extend: '延长 / 转换观察',
      extendSave: '保存', timeline: '时间线', checks: '监测记录', taken_at: '测量时间', slot: '时段',
      temperature: '体温', symptoms: '症状', method: '方式', recorded_by: '记录人', none: '未指定',
      releaseAuto: '自动', releaseDoctor: '村医', dayOf: '{day}/{days}', backList: '返回列表',
      conflict: '此人已在观察中', genderAge: '性别 / 年龄', reveal: '查看完整信息',
      revealed: '完整信息', birth_date: '出生日期', staffReveal: '查看电话', staffRevealTitle: '查看{name}的完整电话',
      staffRevealHint: '查看工作人员的完整电话会记入审计日志，请说明原因。'
    },
    alert: {
      title: '预警', status: '状态', name: '姓名', area: '区域', reason: '原因', raised_at: '预警时间',
      age: '已过 {h} 小时', ageShort: '{h} 小时', hospital: '转诊医院', referred_at: '转诊时间',
      transport: '转运方式', result: '诊断结果', note: '说明', refer: '转诊', setResult: '结果',
      close: '闭环', referTitle: '转诊发热门诊', resultTitle: '诊断结果', closeTitle: '闭环',
      needHospital: '请填写医院', needTransport: '请填写转运方式', needResult: '请选择结果',
      needNote: '请填写说明', active: '待处置和已转诊', empty: '没有需要处置的预警',
      transport120: '120 救护车', transportCar: '专车', transportSelf: '自行前往', done: '已保存',
      person: '人员'
    },
    monitorSettings: {
      title: '监测设置', fever: '发热阈值（°C）', days_home: '居家观察天数', days_centralised: '集中隔离天数',
      release: '解除方式', auto: '期满自动解除', doctor: '由村医解除', saved: '设置已保存'
    },
    chart: {
      title: '全镇观察人数与异常', under_observation: '在观察人数', abnormal_checks: '异常监测',
      registered: '新登记', released: '解除', figures: '分村统计', date: '日期', village: '村（社区）',
      town: '全镇', home: '居家', centralised: '集中', registered_today: '今日登记',
      released_today: '今日解除', abnormal_today: '今日异常', alerts_open: '未闭环预警',
      checks_due: '待测', checks_overdue: '逾期', completion_rate: '完成率'
    }
  },

  en: {
    selfReport: {
      title: 'Report your temperature', intro: 'While under home observation, take your temperature every morning and afternoon and report it here with the code staff gave you.',
      code: 'Self-report code', codeHint: '16 letters and digits; case, spaces and dashes do not matter', codeLen: 'The code has 16 letters and digits: please check it',
      submit: 'Report', done: 'Your temperature was received', normal: 'Thank you. Please report every morning and afternoon.',
      abnormal: 'Your temperature or symptoms are abnormal: stay at home and do not go to hospital by yourself; the village doctor and grid worker will contact you soon.',
      again: 'Report again'
    },
    symptom: {
      fever: 'Fever', cough: 'Cough', sore_throat: 'Sore throat', fatigue: 'Fatigue',
      shortness_of_breath: 'Shortness of breath', diarrhoea: 'Diarrhoea',
      loss_of_taste_smell: 'Loss of taste or smell', other: 'Other'
    },
    method: { visit: 'Home visit', phone: 'Phone', self: 'Self-report', checkpoint: 'Checkpoint' },
    kpReason: { high_risk_area: 'From a high-risk area', close_contact: 'Close contact', other: 'Other' },
    transport: { train: 'Train', flight: 'Flight', car: 'Car', bus: 'Bus', other: 'Other' },
    foundBy: { self_report: 'Self-report', checkpoint: 'Checkpoint', sweep: 'Sweep', big_data: 'List matching', tip: 'Tip-off', other: 'Other' },
    obsKind: { home: 'Home observation', centralised: 'Centralised isolation' },
    kpStatus: { active: 'Under observation', released: 'Released', transferred: 'Transferred' },
    alertStatus: { open: 'Open', referred: 'Referred', closed: 'Closed' },
    result: { excluded: 'Excluded', suspected: 'Suspected', confirmed: 'Confirmed' },
    event: {
      registered: 'Registered', assigned: 'Assigned', check: 'Health check', alert: 'Alert',
      referred: 'Referred', result: 'Result', closed: 'Closed', released: 'Released',
      extended: 'Extended', converted: 'Converted', self_code: 'New self-report code',
      listed: 'List matching'
    },
    slot: { am: 'Morning', pm: 'Afternoon' },
    worklist: {
      title: 'Worklist', due: 'Due now', overdue: 'Overdue', abnormal: 'Abnormal', needs_visit: 'Needs a visit',
      empty: 'None', dayOf: 'Day {day} of {days}', dayOnly: 'Day {day}', lastCheck: 'Last',
      noCheck: 'No check yet', slotNow: 'Now: {slot}', noSlot: 'Outside the check hours',
      tapHint: 'Tap a person to record a check', detail: 'Details', updated: 'Updated {time}'
    },
    checkin: {
      title: 'Health check', temperature: 'Temperature (°C)', tempPlaceholder: 'e.g. 36.5', symptoms: 'Symptoms',
      noSymptoms: 'No symptoms', symptomOther: 'Other symptom', method: 'Method',
      late: 'Late record (give the real time)', takenAt: 'Taken at', save: 'Save', saved: 'Recorded',
      needTemp: 'Enter the temperature', tempFormat: 'A temperature like 36.5 (one decimal)',
      tempRange: 'The temperature must be 34.0–43.0 °C', needOther: 'Describe the other symptom',
      alert: 'Alert raised', alertHint: 'Tell the village doctor now and refer to the fever clinic.',
      normal: 'Normal', again: 'Record another', back: 'Back to the worklist', toDetail: 'Key person',
      retrying: 'Poor signal, retrying…', futureTime: 'The time cannot be in the future'
    },
    kp: {
      title: 'Key persons', register: 'Register a key person', search: 'Name', status: 'Status', area: 'Area',
      name: 'Name', reason: 'Reason', reason_detail: 'Reason detail', from_place: 'From', left_on: 'Left on',
      arrived_on: 'Arrived on', transport: 'Transport', transport_no: 'Train / flight / plate',
      found_by: 'Found by', kind: 'Kind', site: 'Isolation site', start_date: 'Start date', days: 'Days',
      end_date: 'End date', day: 'Day', grid_worker: 'Grid worker', doctor: 'Village doctor',
      last_check: 'Last check', open_alerts: 'Open alerts', released_at: 'Released at',
      release_kind: 'Release by', created_at: 'Registered at', phone: 'Phone', id_number: 'ID number',
      area_name: 'Area', person: 'Person', resident: 'A resident', newcomer: 'A newcomer (added to the registry)',
      pickPerson: 'Type a name, a whole ID number / phone or its last 4 digits to find a resident', needPerson: 'Choose a resident',
      needName: 'Enter a name', needArea: 'Choose a grid', daysDefault: 'default {n} days',
      selfCode: 'Self-report code (copy it onto the notice; shown only this once)', registered: 'Registered',
      detail: 'Key person', checkin: 'Record a check', notice: 'Print notice', newCode: 'New self-report code',
      newCodeConfirm: 'Issue a new self-report code to {name}? The old code stops working at once; the new one is shown only this once: copy it onto the notice.', release: 'Release',
      releaseNote: 'Release note (optional)', releaseConfirm: 'Release {name} from observation?',
      released: 'Released', assign: 'Responsible staff', assignSave: 'Save staff', userId: 'User id',
      pickUser: 'Choose a user', extend: 'Extend / convert', extendSave: 'Save', timeline: 'Timeline',
      checks: 'Health checks', taken_at: 'Taken at', slot: 'Slot', temperature: 'Temperature',
      symptoms: 'Symptoms', method: 'Method', recorded_by: 'Recorded by', none: 'Not assigned',
      releaseAuto: 'Automatic', releaseDoctor: 'Doctor', dayOf: '{day}/{days}', backList: 'Back to the list',
      conflict: 'Already under observation', genderAge: 'Gender / age', reveal: 'Show full details',
      revealed: 'Full details', birth_date: 'Birth date', staffReveal: 'Show phone',
      staffRevealTitle: "Show {name}'s full phone",
      staffRevealHint: "Showing a staff member's full phone is recorded in the audit log. Give a reason."
    },
    alert: {
      title: 'Alerts', status: 'Status', name: 'Name', area: 'Area', reason: 'Reason', raised_at: 'Raised',
      age: '{h} hours ago', ageShort: '{h} h', hospital: 'Hospital', referred_at: 'Referred at',
      transport: 'Transport', result: 'Result', note: 'Note', refer: 'Refer', setResult: 'Result',
      close: 'Close', referTitle: 'Refer to the fever clinic', resultTitle: 'Result', closeTitle: 'Close the alert',
      needHospital: 'Enter the hospital', needTransport: 'Enter the transport', needResult: 'Choose a result',
      needNote: 'Enter a note', active: 'Open and referred', empty: 'No alerts to handle',
      transport120: '120 ambulance', transportCar: 'Dedicated car', transportSelf: 'On their own',
      done: 'Saved', person: 'Person'
    },
    monitorSettings: {
      title: 'Monitoring settings', fever: 'Fever threshold (°C)', days_home: 'Days of home observation',
      days_centralised: 'Days of centralised isolation', release: 'Release', auto: 'Automatically at the end',
      doctor: 'By the village doctor', saved: 'Settings saved'
    },
    chart: {
      title: 'Town: under observation and abnormal checks', under_observation: 'Under observation',
      abnormal_checks: 'Abnormal checks', registered: 'Registered', released: 'Released',
      figures: 'By village', date: 'Date', village: 'Village', town: 'Town', home: 'Home',
      centralised: 'Centralised', registered_today: 'Registered today', released_today: 'Released today',
      abnormal_today: 'Abnormal today', alerts_open: 'Open alerts', checks_due: 'Due',
      checks_overdue: 'Overdue', completion_rate: 'Completion'
    }
  }
}

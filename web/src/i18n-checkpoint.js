// i18n-checkpoint.js: the words of duty posts, rosters, handovers and checkpoint screenings, added
// to the UI's messages by words/checkpoint.js. English follows the glossary: duty post, checkpoint,
// four-team rotation, handover, screening.

export default {
  'zh-CN': {
    postKind: { checkpoint: '卡口', village_entrance: '村口', clinic_desk: '发热门诊登记台', command_duty: '指挥部值班', other: '其他' },
    patternKind: { four_team: '四班倒（6小时）', three_shift: '三班（8小时）', custom: '自定义' },
    vehicleKind: { car: '小车', truck: '货车', bus: '客车', van: '面包车', motorcycle: '摩托车', other: '其他' },
    // travellers declaring themselves on their own phones (扫码登记), and the staff's side of it
    declare: {
      title: '卡口扫码登记', intro: '请如实填写车上每个人的信息，提交后把登记码给卡口工作人员看，测温后即可通行。',
      notFound: '没有这个卡口的登记码，请重新扫描卡口张贴的二维码', onFoot: '步行', byVehicle: '乘车',
      plate: '车牌号', platePh: '如 湘C12345', from: '从哪里来', fromPh: '如 湖北武汉', to: '到哪里去', toPh: '如 鹤岭镇云龙村',
      me: '本人（驾驶员）', companion: '同行人 {n}', name: '姓名', id_number: '身份证号', phone: '手机号',
      phoneOpt: '手机号（没有可不填）', addCompanion: '添加同行人', remove: '删除', submit: '提交登记',
      privacy: '信息只用于本次疫情防控卡口登记，卡口工作人员只能看到打码后的号码，4 小时内未使用自动删除。',
      done: '登记成功', codeHint: '请把登记码或下面的二维码给卡口工作人员看', expires: '{time} 前有效',
      yours: '您填写的信息（只显示在本手机上）', another: '再登记一车', people: '{n} 人',
      required: '请填写{what}',
      // the poster
      posterTitle: '扫码登记', posterLead: '排队时请用手机扫码，提前填写登记信息', posterSteps: '① 扫码填写本人及同行人信息　② 取得登记码　③ 到卡口出示登记码，测温后通行',
      posterPrint: '打印海报', posterLink: '扫码登记海报', posterUrl: '扫不了码时，请在浏览器打开：',
      // the screening page
      scan: '扫码登记', scanTitle: '读取旅客登记码', scanCamera: '请把旅客手机上的登记二维码对准镜头', noCamera: '无法打开摄像头，请输入登记码',
      codePh: '登记码，如 7KQ2-M9XD', lookup: '查找', from_decl: '来自扫码登记 {code}', cancel: '不用此登记',
      checkCard: '请核对身份证后为每人测温', declared: '已登记'
    },
    screen: {
      title: '卡口登记', post: '卡口', vehicle: '车辆', pedestrian: '行人', plate: '车牌号', platePh: '如 C12345、CD12345',
      vehicleKind: '车型', people: '人数', person: '第 {n} 人', temperature: '体温', more: '更多信息', name: '姓名',
      id_number: '身份证号', phone: '电话', from: '从哪里来', via: '途经', to: '到哪里去', highRisk: '来自/途经高风险地区',
      submit: '登记（回车）', saved: '已登记 {plate}', repeat: '本班次已登记过该车（记录 #{id}）', handoff: '已移交',
      handoffKp: '已列为重点人员 #{id}', handoffKpExisting: '已在观察（重点人员 #{id}）', handoffTask: '已派指挥部任务 #{id}',
      handoffNone: '已记录，待指挥部指定接收人', handoffHome: '已移交其所在村（社区）跟进：{village}', fever: '体温异常', recent: '最近登记', none: '暂无登记',
      noPost: '没有可登记的卡口', shift: '当前班次', tempRequired: '请填写每个人的体温', enterHint: '回车跳到下一项，最后一项回车即登记', seen: '注意：本班次已登记过该车 {n} 次（最近 {time}）',
      livesIn: '住在本镇哪个村（社区）或网格', repeatPerson: '本班次已登记过此人（记录 #{id}）',
      handoffKpRegistered: '不在册，已登记入人员库并列为重点人员 #{id}', handoffKpChecked: '已在观察，体温已记入健康监测（重点人员 #{id}）'
    },
    // the screening form on a phone, where there is no Enter key: the button records
    screenTouch: { submit: '登记', hint: '键盘上的“下一项”跳到下一格；填好后点“登记”即保存' },
    // the duty pages of a user whose area has no duty post yet
    dutyEmpty: {
      title: '你的辖区还没有值班岗点',
      why: '岗点（卡口、村口、发热门诊登记台、指挥部值班）建好并排班后，这里才会显示谁在岗、谁接班。',
      who: '岗点由镇指挥部管理员或村（社区）书记新增。',
      ask: '请联系镇指挥部或本村（社区）书记新增岗点。',
      add: '去新增岗点'
    },
    duty: {
      now: '在岗值班', posts: '岗点排班', figures: '卡口统计', reveal: '显示完整电话', revealed: '已显示完整电话（已记录审计）',
      open: '值守中', closed: '不在值守时段', uncovered: '无人值守', team: '班组', members: '人员', phone: '电话',
      shiftTime: '班次', post: '岗点', addPost: '新增岗点', name: '名称', place: '地点', area: '区域', kind: '类型',
      hours: '值守时段', roundClock: '24小时', hoursFrom: '开始', hoursTo: '结束', province: '车牌省份', postPhone: '值班电话',
      teams: '班组与人员', addTeam: '新增班组', addMember: '新增人员', memberName: '姓名', memberPhone: '手机号',
      party: '党员', leader: '带班', staff: '工作人员', volunteer: '志愿者',
      patterns: '排班模式', addPattern: '新增模式', patternKind: '模式', teamOrder: '轮换顺序（按顺序选班组）',
      shifts: '班次（如 07:00+6,13:00+6）', firstStart: '第一班开始', anchor: '起始日期', generate: '生成排班',
      from: '从', to: '到', generated: '已生成 {n} 个班次', gaps: '空档', overlaps: '重叠', noGaps: '无空档、无重叠',
      roster: '排班表', day: '日期', changes: '调班', swap: '调换', leave: '请假', teamChange: '整班替换',
      substitute: '替班人员', reason: '原因', handover: '交接班', writeHandover: '写交接', masks: '口罩（只）',
      batteries: '测温枪电池（节）', incidents: '情况记录', note: '备注', confirm: '接班确认', confirmed: '已确认',
      unconfirmed: '待确认', counts: '本班车辆 {v} · 人数 {p} · 异常 {a} · 移交 {h}', pick: '请选择岗点',
      onBehalf: '代为确认', confirmNote: '备注（代为确认须写明原因）', leaveRange: '请假（按日期）',
      leaveHint: '该队员所在各班组在这些日期的班次都记为请假，不改排班模式', leaveShifts: '涉及班次', leaveCancel: '取消请假',
      subMark: '替', nobody: '无人', fromRegistry: '从人员库选择', week: ['周日', '周一', '周二', '周三', '周四', '周五', '周六']
    },
    cpFig: {
      title: '卡口统计', date: '日期', town: '全镇合计', vehicles: '车辆', pedestrians: '行人', people: '人数',
      abnormal: '体温异常', high_risk: '高风险地区', handoffs: '移交', byShift: '分班次', byHour: '分时段', chart: '近7天各时段筛查量',
      hour: '时', screeningsToday: '今日卡口筛查', hours: '分时段（今日）'
    }
  },

  en: {
    postKind: { checkpoint: 'Checkpoint', village_entrance: 'Village entrance', clinic_desk: 'Fever clinic desk', command_duty: 'Command post duty', other: 'Other' },
    patternKind: { four_team: 'Four-team rotation (6 h)', three_shift: 'Three shifts (8 h)', custom: 'Custom' },
    vehicleKind: { car: 'Car', truck: 'Truck', bus: 'Bus', van: 'Van', motorcycle: 'Motorcycle', other: 'Other' },
    declare: {
      title: 'Checkpoint declaration', intro: 'Fill in everyone travelling with you, then show the code to the checkpoint staff: after the temperature check you may pass.',
      notFound: 'No checkpoint has this poster: scan the QR code posted at the checkpoint again', onFoot: 'On foot', byVehicle: 'By vehicle',
      plate: 'Plate', platePh: 'e.g. 湘C12345', from: 'Coming from', fromPh: 'e.g. Wuhan, Hubei', to: 'Going to', toPh: 'e.g. Yunlong village',
      me: 'You (the driver)', companion: 'Passenger {n}', name: 'Name', id_number: 'ID number', phone: 'Mobile',
      phoneOpt: 'Mobile (if any)', addCompanion: 'Add a passenger', remove: 'Remove', submit: 'Send',
      privacy: 'Used only for this checkpoint. The staff see the numbers masked; unused declarations are deleted after 4 hours.',
      done: 'Declared', codeHint: 'Show this code or the QR code below to the checkpoint staff', expires: 'Valid until {time}',
      yours: 'What you typed (shown on this phone only)', another: 'Declare another vehicle', people: '{n} people',
      required: '{what} is required',
      posterTitle: 'Scan to declare', posterLead: 'While you queue, scan with your phone and fill in your declaration', posterSteps: '① Scan and fill in yourself and your passengers  ② Get a code  ③ Show the code at the checkpoint; pass after the temperature check',
      posterPrint: 'Print the poster', posterLink: 'Declaration poster', posterUrl: 'If the QR code cannot be scanned, open:',
      scan: 'Scan declaration', scanTitle: 'Read a traveller\'s code', scanCamera: 'Hold the QR code on the traveller\'s phone in front of the camera', noCamera: 'The camera cannot be opened: type the code',
      codePh: 'Code, e.g. 7KQ2-M9XD', lookup: 'Find', from_decl: 'From declaration {code}', cancel: 'Do not use it',
      checkCard: 'Check the ID cards, then take each temperature', declared: 'Declared'
    },
    screen: {
      title: 'Screening', post: 'Checkpoint', vehicle: 'Vehicle', pedestrian: 'Pedestrian', plate: 'Plate', platePh: 'e.g. C12345, CD12345',
      vehicleKind: 'Vehicle kind', people: 'People', person: 'Person {n}', temperature: 'Temperature', more: 'More', name: 'Name',
      id_number: 'ID number', phone: 'Phone', from: 'From', via: 'Via', to: 'To', highRisk: 'From or through a high-risk area',
      submit: 'Record (Enter)', saved: 'Recorded {plate}', repeat: 'This vehicle was screened earlier in this shift (#{id})', handoff: 'Handed off',
      handoffKp: 'Registered as key person #{id}', handoffKpExisting: 'Under observation already (key person #{id})', handoffTask: 'Task #{id} for the command post',
      handoffNone: 'Recorded; the command post has no receiver set', handoffHome: 'Handed to their home village to follow up: {village}', fever: 'Fever', recent: 'Recent screenings', none: 'None yet',
      noPost: 'No checkpoint to record at', shift: 'Shift on duty', tempRequired: 'Give every person\'s temperature', enterHint: 'Enter moves on; Enter on the last field records', seen: 'This vehicle was screened {n} time(s) in this shift already (last at {time})',
      livesIn: 'Lives in (village or grid of the town)', repeatPerson: 'This person was screened earlier in this shift (#{id})',
      handoffKpRegistered: 'Not in the registry: added and registered as key person #{id}', handoffKpChecked: 'Under observation: the temperature is on their record (key person #{id})'
    },
    // the screening form on a phone, where there is no Enter key: the button records
    screenTouch: { submit: 'Record', hint: 'The keyboard\'s Next key moves to the next field; tap Record when done' },
    // the duty pages of a user whose area has no duty post yet
    dutyEmpty: {
      title: 'There is no duty post in your area yet',
      why: 'Once a duty post (checkpoint, village entrance, fever clinic desk, command post duty) is set up and rostered, this page shows who is on duty and who takes over.',
      who: 'Duty posts are added by the town\'s command post administrators or a village secretary.',
      ask: 'Ask the command post or your village secretary to add one.',
      add: 'Add a duty post'
    },
    duty: {
      now: 'On duty now', posts: 'Duty posts', figures: 'Checkpoint figures', reveal: 'Show full phones', revealed: 'Full phones shown (audited)',
      open: 'Open', closed: 'Outside its hours', uncovered: 'Nobody on duty', team: 'Team', members: 'Members', phone: 'Phone',
      shiftTime: 'Shift', post: 'Post', addPost: 'Add post', name: 'Name', place: 'Place', area: 'Area', kind: 'Kind',
      hours: 'Hours', roundClock: 'Round the clock', hoursFrom: 'From', hoursTo: 'To', province: 'Plate province', postPhone: 'Duty phone',
      teams: 'Teams and members', addTeam: 'Add team', addMember: 'Add member', memberName: 'Name', memberPhone: 'Mobile',
      party: 'Party member', leader: 'Leader', staff: 'Staff', volunteer: 'Volunteer',
      patterns: 'Roster patterns', addPattern: 'Add pattern', patternKind: 'Pattern', teamOrder: 'Teams in cycle order',
      shifts: 'Shifts (e.g. 07:00+6,13:00+6)', firstStart: 'First shift starts', anchor: 'Anchor date', generate: 'Generate roster',
      from: 'From', to: 'To', generated: '{n} shifts generated', gaps: 'Gaps', overlaps: 'Overlaps', noGaps: 'No gaps, no overlaps',
      roster: 'Roster', day: 'Day', changes: 'Changes', swap: 'Swap', leave: 'Leave', teamChange: 'Replace team',
      substitute: 'Substitute', reason: 'Reason', handover: 'Handover', writeHandover: 'Write handover', masks: 'Masks',
      batteries: 'Thermometer batteries', incidents: 'Incidents', note: 'Note', confirm: 'Confirm', confirmed: 'Confirmed',
      unconfirmed: 'To confirm', counts: 'Vehicles {v} · people {p} · abnormal {a} · hand-offs {h}', pick: 'Pick a post',
      onBehalf: 'On behalf', confirmNote: 'Note (say why when confirming on behalf)', leaveRange: 'Leave over dates',
      leaveHint: 'Every shift of the member\'s teams on those days is marked as leave; the pattern stays', leaveShifts: 'Shifts', leaveCancel: 'Cancel leave',
      subMark: 'sub', nobody: 'nobody', fromRegistry: 'From the registry', week: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
    },
    cpFig: {
      title: 'Checkpoint figures', date: 'Date', town: 'Town total', vehicles: 'Vehicles', pedestrians: 'Pedestrians', people: 'People',
      abnormal: 'Abnormal', high_risk: 'High-risk area', handoffs: 'Hand-offs', byShift: 'By shift', byHour: 'By hour', chart: 'Screenings by hour of day, last 7 days',
      hour: 'h', screeningsToday: 'Screened today', hours: 'By hour (the day)'
    }
  }
}

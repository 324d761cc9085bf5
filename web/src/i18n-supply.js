// i18n-supply.js: the words of donations and supplies, added to the UI's messages by
// words/supply.js. English follows the glossary: donation, supplies, store, ledger, public disclosure.

export default {
  'zh-CN': {
    supply: {
      title: '物资库存', stores: '仓库库存', items: '物资品类', store: '仓库', item: '物资', kind: '类型',
      area: '所在区域', quantity: '库存', unit: '单位', pack: '包装', packSize: '每包装数量', low: '预警线',
      lowTag: '低于预警', ownThreshold: '本仓库', itemDefault: '默认', used7: '近7天发放', daysLeft: '可用天数',
      daysLeftN: '约 {n} 天', daysNone: '—', addStore: '新增仓库', addItem: '新增物资', storeName: '仓库名称',
      setLow: '设置预警线', setLowFor: '{store}：{item} 的预警线', lowHint: '库存低于此数即提示（0 表示不预警）',
      backToDefault: '恢复默认', lowList: '低库存提示', lowNone: '暂无低于预警线的物资', key: '代码',
      name: '名称', nameEn: '英文名称', unitEn: '英文单位', packName: '包装名称', packNameEn: '英文包装',
      itemLowDefault: '默认预警线', sentence: '累计情况', noStores: '还没有仓库', packsOf: '{n}{pack}',
      kinds: { town: '镇仓库', village: '村（社区）物资点', checkpoint: '卡口物资点' },
      restockTask: '派发补货任务', restockTitle: '补充物资：{store}{item}低于预警线',
      restockText: '现有 {q}，预警线 {low}。请调拨或采购补足。'
    },
    donation: {
      title: '爱心捐赠', add: '登记捐赠', donor: '捐赠人', donorKind: '捐赠人类型', contact: '联系方式',
      anonymous: '公示时匿名（显示为“爱心人士”）', date: '捐赠日期', store: '入库仓库', designated: '定向村（社区）',
      designatedNone: '不定向（交政府统筹）', lines: '捐赠物资', addLine: '增加一项', item: '物资', count: '数量',
      unit: '单位', cash: '现金（元）', yuan: '元', save: '保存并生成收据', receipt: '收据', print: '打印收据',
      receiptNo: '收据编号', done: '已登记，收据编号 {no}', list: '捐赠记录', receivedBy: '经手人',
      needDonor: '请填写捐赠人', needLines: '请至少填写一项物资或现金', badCount: '第 {n} 项数量应为正整数',
      badYuan: '现金金额应为最多两位小数的正数', reversed: '已冲销', base: '{unit}（基本单位）',
      kinds: { person: '个人', company: '企业', organisation: '组织' }
    },
    ledger: {
      title: '台账', move: '出入库', history: '台账记录', kind: '类型', store: '仓库', toStore: '调入仓库',
      item: '物资', quantity: '数量', to: '发放给', toArea: '发放到村（社区）', toText: '岗点或说明',
      purpose: '用途/原因', approvedBy: '批准人', handledBy: '经办人', submit: '提交', available: '当前库存：{n}',
      at: '时间', user: '登记人', reverse: '冲销', reverseTitle: '冲销台账 #{id}', reverseReason: '冲销原因',
      reverseHint: '台账不能修改：冲销会写一条数量相反的记录，并注明冲销的是哪一条。',
      reverses: '冲销 #{id}', reversedBy: '已被 #{id} 冲销', done: '已记入台账 #{id}', allStores: '全部仓库',
      allItems: '全部物资', needReason: '请填写冲销原因', needStore: '请选择仓库和物资',
      kinds: {
        received: '捐赠入库', transfer: '调拨', transfer_out: '调出', transfer_in: '调入', issue: '发放',
        write_off: '报损', reverse: '冲销'
      }
    },
    cash: {
      title: '现金收支', received: '累计收到', spent: '累计支出', balance: '余额', spend: '登记支出',
      amount: '金额（元）', payee: '收款方', purpose: '用途', handledBy: '经办人', approvedBy: '批准人',
      store: '账户（仓库）', list: '现金台账', byStore: '各账户余额', done: '已登记支出'
    },
    publicSupply: {
      title: '爱心捐赠公示', intro: '每一份捐赠的去向都在这里公开，欢迎监督。', donations: '捐赠明细',
      totals: '物资合计', issued: '发放去向', date: '日期', donor: '捐赠人', item: '物资', quantity: '数量',
      to: '去向', received: '累计收到', csv: '下载 CSV', xlsx: '下载 Excel', cash: '现金',
      cashLine: '现金收到 {r} 元，支出 {s} 元，余额 {b} 元', empty: '暂无捐赠', toLogin: '工作人员登录'
    },
    supplyDash: { title: '防疫物资', low: '低库存', cash: '现金余额（元）', received: '收到', issued: '发放', inStock: '库存' }
  },

  en: {
    supply: {
      title: 'Supplies', stores: 'Stock by store', items: 'Items', store: 'Store', item: 'Item', kind: 'Kind',
      area: 'Area', quantity: 'In stock', unit: 'Unit', pack: 'Packaging', packSize: 'Units per pack',
      low: 'Low-stock threshold', lowTag: 'Low stock', ownThreshold: 'this store', itemDefault: 'default',
      used7: 'Issued, last 7 days', daysLeft: 'Days left', daysLeftN: 'about {n} days', daysNone: '—',
      addStore: 'Add store', addItem: 'Add item', storeName: 'Store name', setLow: 'Set threshold',
      setLowFor: '{store}: threshold for {item}', lowHint: 'Flag the stock when it falls below this (0: never)',
      backToDefault: 'Back to default', lowList: 'Low stock', lowNone: 'Nothing is below its threshold',
      key: 'Key', name: 'Name', nameEn: 'English name', unitEn: 'English unit', packName: 'Packaging',
      packNameEn: 'English packaging', itemLowDefault: 'Default threshold', sentence: 'To date',
      noStores: 'No stores yet', packsOf: '{n} {pack}',
      kinds: { town: 'Town store', village: 'Village store', checkpoint: 'Checkpoint stock' },
      restockTask: 'Restock task', restockTitle: 'Restock: {item} at {store} is low',
      restockText: 'In stock {q}, threshold {low}. Transfer or buy more.'
    },
    donation: {
      title: 'Donations', add: 'Record a donation', donor: 'Donor', donorKind: 'Donor kind', contact: 'Contact',
      anonymous: 'Anonymous in the public disclosure (shown as 爱心人士)', date: 'Date', store: 'Receiving store',
      designated: 'Designated village', designatedNone: 'Not designated (the town allocates it)', lines: 'What was given',
      addLine: 'Add a line', item: 'Item', count: 'Quantity', unit: 'Unit', cash: 'Cash (yuan)', yuan: 'yuan',
      save: 'Save and make the receipt', receipt: 'Receipt', print: 'Print receipt', receiptNo: 'Receipt no.',
      done: 'Recorded, receipt {no}', list: 'Donations', receivedBy: 'Received by', needDonor: 'Enter the donor',
      needLines: 'Give at least one item or an amount of cash', badCount: 'Line {n}: the quantity must be a whole number above 0',
      badYuan: 'The cash must be a positive amount with at most two decimals', reversed: 'reversed',
      base: '{unit} (base unit)', kinds: { person: 'Person', company: 'Company', organisation: 'Organisation' }
    },
    ledger: {
      title: 'Ledger', move: 'Move stock', history: 'Ledger entries', kind: 'Kind', store: 'Store',
      toStore: 'Receiving store', item: 'Item', quantity: 'Quantity', to: 'To', toArea: 'To village',
      toText: 'Post or note', purpose: 'Purpose / reason', approvedBy: 'Approved by', handledBy: 'Paid by',
      submit: 'Submit', available: 'In stock: {n}', at: 'Time', user: 'Recorded by', reverse: 'Reverse',
      reverseTitle: 'Reverse entry #{id}', reverseReason: 'Reason',
      reverseHint: 'Entries are never edited: a reversal writes an opposite entry that names the one it reverses.',
      reverses: 'reverses #{id}', reversedBy: 'reversed by #{id}', done: 'Recorded as entry #{id}',
      allStores: 'All stores', allItems: 'All items', needReason: 'Give the reason', needStore: 'Choose a store and an item',
      kinds: {
        received: 'Received', transfer: 'Transfer', transfer_out: 'Transfer out', transfer_in: 'Transfer in',
        issue: 'Issue', write_off: 'Write-off', reverse: 'Reversal'
      }
    },
    cash: {
      title: 'Cash', received: 'Received', spent: 'Spent', balance: 'Balance', spend: 'Record spending',
      amount: 'Amount (yuan)', payee: 'Paid to', purpose: 'What on', handledBy: 'Paid by', approvedBy: 'Approved by',
      store: 'Account (store)', list: 'Cash ledger', byStore: 'Balance per account', done: 'Spending recorded'
    },
    publicSupply: {
      title: 'Donations: public disclosure', intro: 'Where every donation went, in the open.',
      donations: 'Donations', totals: 'Totals by item', issued: 'Issued to', date: 'Date', donor: 'Donor',
      item: 'Item', quantity: 'Quantity', to: 'To', received: 'Received', csv: 'Download CSV',
      xlsx: 'Download Excel', cash: 'Cash', cashLine: 'Cash received {r} yuan, spent {s} yuan, balance {b} yuan',
      empty: 'No donations yet', toLogin: 'Staff login'
    },
    supplyDash: { title: 'Supplies', low: 'Low stock', cash: 'Cash balance (yuan)', received: 'Received', issued: 'Issued', inStock: 'In stock' }
  }
}

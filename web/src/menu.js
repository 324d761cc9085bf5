// menu.js: the side menu, grouped by duty as a town's command post divides its work: monitoring
// (重点人员监测), checkpoints (卡口值守), sweeps and publicity (排查与宣传), supplies (物资), command
// (指挥调度), the registry (人口登记) and the system (系统管理). Each entry is a route's name and the
// permission its page asks (router.js); words are menu.<name> and menuGroup.<group> in i18n.
export const MENU = [
  { name: 'home', icon: 'HomeFilled' },
  {
    group: 'monitoring',
    icon: 'FirstAidKit',
    items: [
      { name: 'worklist', icon: 'Odometer', perm: 'monitor.read' },
      { name: 'keyPersons', icon: 'UserFilled', perm: 'monitor.read' },
      { name: 'alerts', icon: 'Bell', perm: 'monitor.read' }
    ]
  },
  {
    group: 'checkpoints',
    icon: 'Position',
    items: [
      { name: 'screening', icon: 'Van', perm: 'screen.write' },
      { name: 'dutyNow', icon: 'Phone', perm: 'duty.read' },
      { name: 'dutyPosts', icon: 'Calendar', perm: 'duty.read' },
      { name: 'checkpointFigures', icon: 'Histogram', perm: 'figures.read' }
    ]
  },
  {
    group: 'sweeps',
    icon: 'Guide',
    items: [
      { name: 'sweeps', icon: 'Checked', perm: 'sweep.read' },
      { name: 'publicity', icon: 'Microphone', perm: 'sweep.read' },
      { name: 'gatherings', icon: 'Postcard', perm: 'sweep.read' }
    ]
  },
  {
    group: 'supplies',
    icon: 'Goods',
    items: [
      { name: 'supplies', icon: 'Box', perm: 'supply.read' },
      { name: 'donations', icon: 'Present', perm: 'supply.read' },
      { name: 'ledger', icon: 'Notebook', perm: 'supply.read' },
      { name: 'cash', icon: 'Money', perm: 'supply.read' }
    ]
  },
  {
    group: 'command',
    icon: 'Flag',
    items: [
      { name: 'tasks', icon: 'Finished', perm: 'task.read' },
      { name: 'tips', icon: 'ChatLineSquare', perm: 'tip.read' },
      { name: 'lists', icon: 'DocumentChecked', perm: 'list.read' },
      { name: 'report', icon: 'Tickets', perm: 'figures.read' },
      { name: 'dashboard', icon: 'DataLine', perm: 'figures.read' }
    ]
  },
  {
    group: 'registry',
    icon: 'Management',
    items: [
      { name: 'areas', icon: 'MapLocation', perm: 'area.read' },
      { name: 'people', icon: 'User', perm: 'person.read' },
      { name: 'households', icon: 'House', perm: 'household.read' },
      { name: 'import', icon: 'Upload', perm: 'import' }
    ]
  },
  {
    group: 'system',
    icon: 'Tools',
    items: [
      { name: 'users', icon: 'Avatar', perm: 'user.admin' },
      { name: 'audit', icon: 'Document', perm: 'audit.read' },
      { name: 'monitorSettings', icon: 'Setting', perm: 'user.admin' }
    ]
  }
]

// menuFor(can) → the menu of a user, can(perm) saying what they may open: the entries they may
// not are left out, a group left empty goes with them, and a group left with one entry is that
// entry alone (a checkpoint's only registry page, the areas, needs no group around it).
export function menuFor(can) {
  const mine = (i) => !i.perm || can(i.perm)
  const out = []
  for (const n of MENU) {
    if (!n.group) {
      if (mine(n)) out.push(n)
      continue
    }
    const items = n.items.filter(mine)
    if (items.length === 1) out.push(items[0])
    else if (items.length > 1) out.push({ ...n, items })
  }
  return out
}

// groupIndex(group) → the el-sub-menu index of a group, apart from every route name
export const groupIndex = (group) => 'group:' + group

// groupOf(menu, name) → the group that holds the entry name in this menu, or '' when none does
export function groupOf(menu, name) {
  const g = menu.find((n) => n.group && n.items.some((i) => i.name === name))
  return g ? g.group : ''
}

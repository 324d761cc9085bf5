// i18n-offline.js: the words of the field app's offline side (sync bar, queue, logout warning),
// added by words/offline.js.
export default {
  'zh-CN': {
    sync: {
      online: '在线', offline: '离线', waiting: '{n} 条待发送', refused: '{n} 条被退回', synced: '同步于 {time}',
      never: '尚未同步', sending: '发送中…', allSent: '已全部发送', title: '手机上的记录', empty: '没有待发送的记录',
      sendNow: '立即发送', fix: '修改', discard: '放弃', discardTitle: '放弃这条记录？',
      discardText: '这条记录没有保存到服务器，放弃后将从手机上删除，无法恢复。', stateWaiting: '待发送',
      stateRefused: '被退回', tries: '已尝试 {n} 次', recorded: '记录于 {time}', needLogin: '登录已失效，重新登录后自动发送',
      login: '重新登录', queued: '已保存在手机上，有网络时自动发送', queuedShort: '待发送', copyAt: '离线数据，更新于 {time}',
      logoutTitle: '还有记录没有发送', logoutText: '有 {n} 条记录还没有发送到服务器。退出登录会清除手机上的全部数据，这些记录也会被删除。',
      logoutSend: '先发送', logoutDiscard: '放弃并退出', logoutStill: '仍有 {n} 条没有发送成功（网络不通或被退回）',
      noSignal: '没有网络，无法发送', fixing: '正在修改一条被退回的记录，保存后按新记录发送'
    },
    syncKind: { check: '健康监测', visit: '走访', screening: '卡口检测' }
  },

  en: {
    sync: {
      online: 'Online', offline: 'Offline', waiting: '{n} waiting', refused: '{n} refused', synced: 'synced {time}',
      never: 'not synced yet', sending: 'Sending…', allSent: 'All sent', title: 'Records on this phone', empty: 'Nothing waiting to be sent',
      sendNow: 'Send now', fix: 'Fix', discard: 'Discard', discardTitle: 'Discard this record?',
      discardText: 'The server never got this record; discarding deletes it from the phone for good.', stateWaiting: 'Waiting to send',
      stateRefused: 'Refused', tries: '{n} tries', recorded: 'recorded {time}', needLogin: 'The login has expired: log in again and it is sent',
      login: 'Log in again', queued: 'Saved on the phone; it is sent when there is a signal', queuedShort: 'waiting to send', copyAt: 'Offline copy from {time}',
      logoutTitle: 'Records not sent yet',
      logoutText: 'A record has not reached the server yet. Logging out wipes everything on the phone, this record too. | {n} records have not reached the server yet. Logging out wipes everything on the phone, these records too.',
      logoutSend: 'Send first', logoutDiscard: 'Discard and log out', logoutStill: '{n} still not sent (no signal, or refused)',
      noSignal: 'No signal: nothing can be sent', fixing: 'Fixing a refused record: saving it sends it as a new one'
    },
    syncKind: { check: 'Health check', visit: 'Visit', screening: 'Screening' }
  }
}

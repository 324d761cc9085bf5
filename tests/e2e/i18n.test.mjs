// i18n.test.mjs: Chinese by default; the switch turns the login page, the menu and
// Element Plus's own words (the pager) into English, and back.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { missingEnv, launch, newPage, login, guard, tid, openMenu, DESKTOP } from './lib.mjs'

const skip = missingEnv() || false
const text = async (page, id) => (await tid(page, id).innerText()).trim()

test('language switch on the login page and in the shell', { skip }, async (t) => {
  const browser = await launch()
  t.after(() => browser.close())
  const page = await newPage(browser, DESKTOP)

  await guard(page, 'i18n-login', async () => {
    await page.goto('/login')
    assert.equal(await text(page, 'login-title'), '防疫指挥系统')
    assert.equal(await text(page, 'login-submit'), '登录')
    assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN')
    await tid(page, 'lang-toggle').click()
    await tid(page, 'login-submit').filter({ hasText: 'Log in' }).waitFor()
    assert.equal(await text(page, 'login-title'), 'Fangyi command post')
    assert.equal(await text(page, 'lang-toggle'), '中文')
    assert.equal(await page.locator('html').getAttribute('lang'), 'en')
    // a wrong password is answered in English too
    await page.locator('[data-testid="login-username"]').fill('nobody-here')
    await page.locator('[data-testid="login-password"]').fill('wrong password 123')
    await tid(page, 'login-submit').click()
    const err = await tid(page, 'login-error').innerText()
    assert.ok(!/[\u4e00-\u9fff]/.test(err), `the error is in English: ${err}`)
  })

  await guard(page, 'i18n-shell', async () => {
    // the choice survives a reload and the login
    await page.reload()
    assert.equal(await text(page, 'login-submit'), 'Log in')
    await login(page)
    assert.equal(await text(page, 'menu-home'), 'Home')
    if (await tid(page, 'menu-people').count()) {
      assert.equal(await text(page, 'menu-people'), 'People')
      await openMenu(page, 'people')
      await page.waitForURL('**/people**')
      await page.locator('.el-pagination__total').filter({ hasText: /Total/ }).waitFor()
    }
    assert.equal(await text(page, 'logout'), 'Log out')
    await tid(page, 'lang-toggle').click()
    await tid(page, 'menu-home').filter({ hasText: '首页' }).waitFor()
    assert.equal(await text(page, 'logout'), '退出登录')
    if (await tid(page, 'menu-people').count()) {
      assert.equal(await text(page, 'menu-people'), '人员')
      await page.locator('.el-pagination__total').filter({ hasText: /共/ }).waitFor()
    }
    await tid(page, 'logout').click()
    await page.waitForURL('**/login**')
    assert.equal(await text(page, 'login-submit'), '登录')
  })
})

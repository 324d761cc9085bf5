// fullwidth.test.mjs: what people type with a Chinese input method. Full-width digits and letters
// in numbers and codes (ID numbers, phones, dates, times) are read as their half-width twins; the
// full-width punctuation of prose (，：；。、？！（）) in names, addresses and notes is kept as typed.
import assert from 'node:assert/strict';
import { AREA, assertError, csv, idNumber, importCsv, phone, setupTown, uniqueName } from './lib.mjs';

const ctx = setupTown();
const t = ctx.test;
let token;

// wide('138-1234') → '１３８－１２３４': every ASCII character as its full-width form.
const wide = (s) => [...s].map((c) => (c > ' ' && c <= '~' ? String.fromCharCode(c.charCodeAt(0) + 0xfee0) : c)).join('');

const NOTE = '返乡人员，来自：武汉；已告知居家观察。家属（妻、子）陪同，是否发热？否！';

async function reveal(id) {
  const r = await ctx.api('POST', `/api/v1/persons/${id}/reveal`, { token, body: { reason: '核对户籍信息' } });
  assert.equal(r.status, 200, r.text);
  return r.json;
}

t('log in', async () => {
  token = await ctx.login(ctx.admin);
});

t('a note with ，：； comes back as typed; an ID number and a phone in full-width digits are normalised', async () => {
  const idn = idNumber({ birth: '19800101' });
  const ph = phone();
  const name = `${uniqueName('司马')}（小名）`;
  const r = await ctx.api('POST', '/api/v1/persons', {
    token,
    body: {
      name, id_number: `　${wide(idn)}　`, phone: wide(`${ph.slice(0, 3)}-${ph.slice(3, 7)}-${ph.slice(7)}`),
      area_code: AREA.yunlong1, notes: NOTE,
    },
  });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.notes, NOTE, 'the punctuation of a note is kept');
  assert.equal(r.json.name, name, 'the brackets of a name are kept');
  const v = await reveal(r.json.id);
  assert.equal(v.id_number, idn, 'the full-width ID number is stored half-width');
  assert.equal(v.phone, ph, 'the full-width phone with full-width dashes is stored as its digits');

  // a search box reads a full-width number as a number and a name with its brackets as a name
  const byPhone = await ctx.api('GET', `/api/v1/persons?q=${encodeURIComponent(wide(`${ph.slice(0, 3)}-${ph.slice(3)}`))}`, { token });
  assert.equal(byPhone.status, 200, byPhone.text);
  assert.deepEqual(byPhone.json.items.map((p) => p.id), [r.json.id]);
  const byName = await ctx.api('GET', `/api/v1/persons?q=${encodeURIComponent(name)}`, { token });
  assert.equal(byName.status, 200, byName.text);
  assert.deepEqual(byName.json.items.map((p) => p.id), [r.json.id]);

  // an update keeps them the same way
  const note2 = `${NOTE}复核：２月３日`;
  const u = await ctx.api('PATCH', `/api/v1/persons/${r.json.id}`, { token, body: { notes: note2 } });
  assert.equal(u.status, 200, u.text);
  assert.equal(u.json.notes, `${NOTE}复核：2月3日`, 'digits fold, the colon stays');
  const g = await ctx.api('GET', `/api/v1/persons/${r.json.id}`, { token });
  assert.equal(g.json.notes, `${NOTE}复核：2月3日`);
});

t('a birth date typed in full-width digits and dashes is a date', async () => {
  const r = await ctx.api('POST', '/api/v1/persons', {
    token, body: { name: uniqueName('欧阳'), birth_date: wide('1987-06-15'), gender: '女', area_code: AREA.yunlong1 },
  });
  assert.equal(r.status, 201, r.text);
  const v = await reveal(r.json.id);
  assert.equal(v.birth_date, '1987-06-15');
});

t('a household address and notes keep their punctuation', async () => {
  const address = `云龙村${uniqueName('')}组，幸福路８号（东侧）`;
  const r = await ctx.api('POST', '/api/v1/households', {
    token, body: { address, area_code: AREA.yunlong1, notes: '户主外出：务工；家中有老人。' },
  });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.address, address.replace('８', '8'));
  assert.equal(r.json.notes, '户主外出：务工；家中有老人。');
});

t('an imported CSV keeps the notes as typed and reads full-width ID numbers and phones', async () => {
  const idn = idNumber({ birth: '19750505' });
  const ph = phone();
  const name = uniqueName('诸葛');
  const body = csv(['姓名', '身份证号', '联系电话', '住址', '村', '网格', '备注'], [
    [name, wide(idn), wide(ph), `云龙村${uniqueName('')}组1号`, '云龙村', AREA.yunlong1, NOTE],
  ]);
  const r = await importCsv(ctx, token, body);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.created, 1, r.text);
  const f = await ctx.api('GET', `/api/v1/persons?q=${encodeURIComponent(name)}`, { token });
  assert.equal(f.json.items.length, 1, f.text);
  assert.equal(f.json.items[0].notes, NOTE);
  const v = await reveal(f.json.items[0].id);
  assert.equal(v.id_number, idn);
  assert.equal(v.phone, ph);
});

t('a duty post: its hours typed full-width are times, its place keeps its brackets', async () => {
  const r = await ctx.api('POST', '/api/v1/duty/posts', {
    token,
    body: {
      name: '村口（东）', place: '村部路口，桥头', area_code: AREA.yunlong, kind: 'village_entrance',
      hours_from: wide('07:00'), hours_to: wide('19:30'),
    },
  });
  assert.equal(r.status, 201, r.text);
  assert.deepEqual([r.json.name, r.json.place, r.json.hours_from, r.json.hours_to], ['村口（东）', '村部路口，桥头', '07:00', '19:30']);
});

t('lists typed with full-width separators are still lists: tags split, two regions in one entry refused', async () => {
  const name = uniqueName('上官');
  const body = csv(['姓名', '住址', '村', '网格', '标签'], [
    [name, `云龙村${uniqueName('')}组2号`, '云龙村', AREA.yunlong1, '党员，志愿者／网格员'],
  ]);
  const r = await importCsv(ctx, token, body);
  assert.equal(r.status, 200, r.text);
  const f = await ctx.api('GET', `/api/v1/persons?q=${encodeURIComponent(name)}`, { token });
  assert.equal(f.json.items.length, 1, f.text);
  assert.deepEqual([...f.json.items[0].tags].sort(), ['grid_worker', 'party_member', 'volunteer']);
  for (const bad of ['湖北，武汉', '湖北、武汉']) {
    const s = await ctx.api('PATCH', '/api/v1/settings/checkpoint', { token, body: { high_risk_regions: [bad] } });
    assertError(s, 422, 'invalid', 'high_risk_regions');
  }
});

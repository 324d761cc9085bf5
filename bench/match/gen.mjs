// gen.mjs: a town registry and a messy district list of it, for the list-matching benchmark.
// usage: node bench/match/gen.mjs PEOPLE ROWS DIR   (fictional people, deterministic)
//        node bench/match/gen.mjs --registry FILE ROWS DIR
// Writes DIR/registry.csv (id,id_number,phone,name,birth,village,watched) and DIR/list.csv
// (line,id_number,phone,name,birth,village): plain comma files, no quotes, no header, the
// ID number the second field of both, so `sort -t, -k2,2` and `join -t, -j2` read them as is.
// With --registry the people are those of FILE, in registry.csv's columns (a fangyi database's
// residents exported by sqlite3 -csv), and only the list is written: drawn from them.
// The list is what the district sends: ID numbers typed full-width, with a lowercase x, in
// the old 15 digits or wrong in their check character; phones with +86, 0086, spaces and
// dashes; names in traditional characters; birth dates written five ways; people repeated;
// strangers; rows with nothing usable.
import { createWriteStream, readFileSync } from 'node:fs';
import { join } from 'node:path';

const argv = process.argv.slice(2);
const from = argv[0] === '--registry' ? argv.splice(0, 2)[1] : null;
const [peopleArg, rowsArg, dirArg] = from ? [null, ...argv] : argv;
const rows = Number(rowsArg || 1000000);
const dir = dirArg || '.';
const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const C = '10X98765432';
// common surnames first: rnd2 favours the start of the string
const surnames = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const given = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国红梅湘潭志文兰云凤龙辉鹏飞东义宝贵荣爱庆兴万娇鸣玉萍海燕林波斌宇浩凯俊帆晨欣怡婷雪琳佳慧颖欢';
const trad = { 华: '華', 国: '國', 兰: '蘭', 丽: '麗', 云: '雲', 凤: '鳳', 龙: '龍', 刘: '劉', 陈: '陳', 张: '張', 付: '傅', 肖: '蕭', 伟: '偉', 军: '軍', 红: '紅', 东: '東' };
let seed = 20200125;
const rnd = (n) => {
  seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff;
  return (seed >>> 4) % n;
};
const rnd2 = (n) => Math.min(rnd(n), rnd(n)); // skewed toward 0
const check = (s17) => C[[...s17].reduce((a, d, i) => a + Number(d) * W[i], 0) % 11];
const pad = (v, n) => String(v).padStart(n, '0');
const full = (s) => [...s].map((c) => (c >= '!' && c <= '~' ? String.fromCharCode(c.charCodeAt(0) + 0xfee0) : c)).join('');
const villages = Array.from({ length: 24 }, (_, i) => `430302100${200 + i + 1}`);

function newId(area, seen) {
  for (;;) {
    const y = 1935 + rnd(85);
    const s17 = `${area}${y}${pad(1 + rnd(12), 2)}${pad(1 + rnd(28), 2)}${pad(rnd(1000), 3)}`;
    const id = s17 + check(s17);
    if (!seen.has(id)) {
      seen.add(id);
      return id;
    }
  }
}
const newPhone = () => `1${3 + rnd(7)}${pad(rnd(1e9), 9)}`;
const newName = () => surnames[rnd2(surnames.length)] + given[rnd(given.length)] + (rnd(4) ? given[rnd(given.length)] : '');

// the registry: a database's people as they are, or made up
const fromFile = () =>
  readFileSync(from, 'utf8').split('\n').filter((l) => l).map((l) => {
    const [id, idn, phone, name, birth, village] = l.split(',');
    return { id: Number(id), idn, phone, name, birth, village };
  });
const known = from ? fromFile() : null;
const people = known ? known.length : Number(peopleArg || 1000000);
const ids = new Set();
const reg = known || new Array(people);
const rout = known ? null : createWriteStream(join(dir, 'registry.csv'));
let buf = [];
for (let i = 0; !known && i < people; i++) {
  const id = newId('430302', ids);
  const p = {
    id: i + 1,
    idn: rnd(100) < 4 ? '' : id, // a few registered without their number yet
    birth: `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`,
    phone: rnd(100) < 8 ? '' : i > 0 && rnd(100) < 4 && reg[i - 1].phone ? reg[i - 1].phone : newPhone(),
    name: newName(),
    village: villages[Math.floor(i / 3) % villages.length] + pad(1 + (i % 9), 3),
    watched: rnd(1000) < 5 ? 1 : 0,
  };
  reg[i] = p;
  buf.push(`${p.id},${p.idn},${p.phone},${p.name},${p.birth},${p.village},${p.watched}`);
  if (buf.length === 10000) {
    rout.write(buf.join('\n') + '\n');
    buf = [];
  }
}
if (rout) rout.end(buf.join('\n') + (buf.length ? '\n' : ''));

// the list
const typeId = (id) => {
  const r = rnd(100);
  if (r < 6) return full(id);
  if (r < 9 && id.endsWith('X')) return id.slice(0, 17) + 'x';
  if (r < 12 && id[6] === '1' && id[7] === '9') return id.slice(0, 6) + id.slice(8, 17); // 15 digits
  if (r < 14) return `${id.slice(0, 6)} ${id.slice(6, 14)} ${id.slice(14)}`;
  return id;
};
const typePhone = (ph) => {
  const r = rnd(100);
  if (r < 10) return `+86 ${ph.slice(0, 3)} ${ph.slice(3, 7)} ${ph.slice(7)}`;
  if (r < 15) return `0086${ph}`;
  if (r < 22) return `${ph.slice(0, 3)}-${ph.slice(3, 7)}-${ph.slice(7)}`;
  if (r < 25) return full(ph);
  return ph;
};
const typeBirth = (b) => {
  const [y, m, d] = b.split('-');
  switch (rnd(5)) {
    case 0: return b;
    case 1: return `${y}/${Number(m)}/${Number(d)}`;
    case 2: return `${y}${m}${d}`;
    case 3: return `${y}年${Number(m)}月${Number(d)}日`;
    default: return `${y}.${m}.${d}`;
  }
};
const tradName = (n) => [...n].map((c) => trad[c] || c).join('');
const strangers = new Set();
const lout = createWriteStream(join(dir, 'list.csv'));
buf = [];
const sent = [];
for (let line = 1; line <= rows; line++) {
  const r = rnd(100);
  let idn = '', phone = '', name = '', birth = '', village = '';
  if (r < 52) {
    // someone of the registry, by what the source knows of them
    const p = reg[rnd(people)];
    sent.push(p);
    name = rnd(10) ? p.name : '';
    const k = rnd(10);
    if (k < 6 && p.idn) idn = typeId(p.idn);
    if (k >= 3 && p.phone) phone = typePhone(p.phone);
    if (k >= 8 || (!idn && !phone)) {
      name = p.name;
      birth = typeBirth(p.birth);
      if (rnd(2)) village = p.village.slice(0, 12);
    }
  } else if (r < 58) {
    // someone of the registry, typed wrong
    const p = reg[rnd(people)];
    name = p.name;
    const k = rnd(4);
    if (k === 0 && p.idn) {
      idn = p.idn.slice(0, 17) + (p.idn[17] === '0' ? '1' : '0');
    } else if (k === 1 && p.phone) {
      const i = 3 + rnd(8);
      phone = p.phone.slice(0, i) + ((Number(p.phone[i]) + 1) % 10) + p.phone.slice(i + 1);
    } else if (k === 2 && p.phone) {
      const i = 3 + rnd(7);
      phone = p.phone.slice(0, i) + p.phone[i + 1] + p.phone[i] + p.phone.slice(i + 2);
    } else {
      name = tradName(p.name);
      birth = typeBirth(p.birth);
    }
  } else if (r < 68 && sent.length) {
    // the same traveller again, on another leg or from another source
    const p = sent[rnd(sent.length)];
    if (rnd(2) && p.idn) idn = typeId(p.idn);
    else if (p.phone) phone = typePhone(p.phone);
    else idn = p.idn;
    name = p.name;
  } else if (r < 98) {
    // a stranger passing through
    idn = rnd(10) ? typeId(newId(['110105', '420106', '440305', '310115'][rnd(4)], strangers)) : '';
    phone = rnd(3) ? typePhone(newPhone()) : '';
    name = newName();
    if (!idn && !phone) birth = typeBirth(`19${50 + rnd(50)}-0${1 + rnd(9)}-1${rnd(9)}`);
  } else {
    // nothing usable
    name = rnd(2) ? newName() : '';
    idn = rnd(2) ? `4303${rnd(100000)}` : '';
  }
  buf.push(`${line},${idn},${phone},${name},${birth},${village}`);
  if (buf.length === 10000) {
    lout.write(buf.join('\n') + '\n');
    buf = [];
  }
}
lout.end(buf.join('\n') + (buf.length ? '\n' : ''));

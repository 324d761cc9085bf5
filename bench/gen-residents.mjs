// gen-residents.mjs: a resident CSV as a town office would export it, for the import benchmark.
// usage: node bench/gen-residents.mjs ROWS > file.csv   (fictional people, valid ID numbers)
const rows = Number(process.argv[2] || 100000);
const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const C = '10X98765432';
const surnames = '王李张刘陈杨黄赵周吴徐孙胡朱高林何郭马罗梁宋谢唐邓曹彭曾肖蒋';
const given = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国红梅湘潭志文';
const villages = ['云龙村', '立新村', '龙头岭村', '南谷村', '长安村', '群力村'];
let seed = 20200125;
const rnd = (n) => {
  seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff;
  return seed % n;
};
const check = (s17) => C[[...s17].reduce((a, d, i) => a + Number(d) * W[i], 0) % 11];
const out = ['姓名,身份证号,联系电话,住址,村/社区,组/网格,与户主关系,人员类别,标签,备注'];
const seen = new Set();
for (let i = 0; i < rows; i++) {
  const hh = Math.floor(i / 3);
  const v = villages[hh % villages.length];
  const g = 1 + (hh % 6);
  let id;
  do {
    const y = 1940 + rnd(80);
    const m = String(1 + rnd(12)).padStart(2, '0');
    const d = String(1 + rnd(28)).padStart(2, '0');
    const s17 = `430302${y}${m}${d}${String(rnd(1000)).padStart(3, '0')}`;
    id = s17 + check(s17);
  } while (seen.has(id));
  seen.add(id);
  const name = surnames[rnd(surnames.length)] + given[rnd(given.length)] + given[rnd(given.length)];
  const phone = `1${3 + rnd(7)}${String(rnd(1e9)).padStart(9, '0')}`;
  out.push(
    `${name},${id},${phone},${v}${g}组${hh}号,${v},${g}组,${i % 3 === 0 ? '户主' : '家属'},户籍,${
      i % 15 === 0 ? '党员' : ''
    },`,
  );
}
process.stdout.write(out.join('\r\n') + '\r\n');

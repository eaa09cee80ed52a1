#!/usr/bin/env node
// Writes N finding records as NDJSON, one per line, in the format that bench.js reads and that
// our C++ sync benchmark writes:
//
//   {"type":"finding","id":"<32 hex>","fields":{campaign_id, unit_id, category, ...}}
//
// Deterministic: the same N and seed always give the same bytes (a seeded PRNG, no
// dependencies, no clock). For testing the PouchDB side on its own; the real comparison feeds
// bench.js the file that the C++ benchmark produced.
//
// usage: node make_sample.js N [--seed S] > docs.ndjson
'use strict';
const { mulberry32, hexId } = require('./prng');

function usage(message) {
  if (message) process.stderr.write('make_sample.js: ' + message + '\n');
  process.stderr.write('usage: node make_sample.js N [--seed S] > docs.ndjson\n');
  process.exit(2);
}

const argv = process.argv.slice(2);
let count = null;
let seed = 20261127;
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (a === '--seed') {
    if (i + 1 >= argv.length || !/^\d+$/.test(argv[i + 1])) usage('--seed needs a non-negative integer');
    seed = Number(argv[++i]);
  } else if (a === '-h' || a === '--help') {
    usage();
  } else if (count === null && /^\d+$/.test(a)) {
    count = Number(a);
  } else {
    usage('unexpected argument ' + JSON.stringify(a));
  }
}
if (count === null) usage('N is required');

const rand = mulberry32(seed >>> 0);
const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1)); // inclusive
const pick = (list) => list[Math.floor(rand() * list.length)];
const newId = () => hexId(rand);

const CAMPAIGNS = [newId(), newId(), newId()];
const UNITS = Array.from({ length: 300 }, newId);

const CATEGORIES = ['responsibility', 'eight_rules', 'four_styles', 'public_interest',
  'misconduct', 'inaction', 'internal', 'safety'];
const SUBCATEGORIES = {
  responsibility: ['主体责任落实不到位', '监督责任履行不力', '“一岗双责”未落实'],
  eight_rules: ['公车私用', '违规接受宴请', '超标准公务接待', '违规发放津补贴'],
  four_styles: ['形式主义', '官僚主义', '文山会海', '督查检查考核过多'],
  public_interest: ['侵占救助资金', '优亲厚友', '克扣群众财物', '吃拿卡要'],
  misconduct: ['违规决策', '乱收费', '违规审批', '滥用职权'],
  inaction: ['推诿扯皮', '慢作为', '不担当', '群众诉求长期未办'],
  internal: ['财务管理不规范', '制度执行不严', '档案管理混乱', '采购程序不规范'],
  safety: ['消防隐患', '食品安全隐患', '设施设备老化', '值班值守不到位'],
};
const SOURCES = ['visit', 'self_inspection', 'petition', 'spot_check', 'clue_screening'];
const STATUSES = ['recorded', 'submitted', 'verified', 'case_opened', 'transferred', 'rectifying', 'closed'];

const PHRASES = [
  '经现场检查发现', '该单位', '部分台账记录不完整', '相关支出缺少原始票据', '负责人未能说明资金去向',
  '消防通道被杂物堵塞', '夜间值班人员不足', '已现场拍照取证', '老人伙食费账目不清', '需进一步核查',
  '护理员未按规定持证上岗', '培训记录缺失', '整改期限三十日', '救助物资发放台账与库存不符', '差额待查',
  '责任人已约谈', '群众反映强烈', '多次督促仍未整改', '涉及人员已说明情况', '拟移交相关部门处理',
  '公务接待无公函', '超标准列支', '存在优亲厚友现象', '低保审核把关不严', '资金拨付滞后',
  '会议记录与实际不符', '制度上墙但未执行', '采购未履行比价程序', '设施设备长期未检修', '安全隐患突出',
];
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国建华玉兰志强红梅海燕文斌晓东春梅国庆金凤德明淑珍';

function description() {
  // 40..120 characters (code points; all text here is in the BMP, so also UTF-16 units)
  const target = int(40, 120);
  let s = '';
  while (s.length < target) {
    s += pick(PHRASES);
    s += s.length + 1 < target ? (rand() < 0.7 ? '，' : '；') : '。';
  }
  if (s.length > target) s = s.slice(0, target - 1) + '。';
  return s;
}
function personName() {
  const given = rand() < 0.5 ? 1 : 2;
  let s = SURNAMES[Math.floor(rand() * SURNAMES.length)];
  for (let i = 0; i < given; i++) s += GIVEN[Math.floor(rand() * GIVEN.length)];
  return s;
}
const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]; // 2026 is not a leap year
function foundDate() {
  const m = int(1, 12);
  const d = int(1, DAYS[m - 1]);
  return '2026-' + String(m).padStart(2, '0') + '-' + String(d).padStart(2, '0');
}

function finding() {
  const category = pick(CATEGORIES);
  const money = rand() < 0.3 ? int(1, 500000) + '.' + String(int(0, 99)).padStart(2, '0') : null;
  let persons = null;
  if (rand() < 0.4) {
    const n = int(1, 3);
    persons = Array.from({ length: n }, personName).join('、');
  }
  return {
    type: 'finding',
    id: newId(),
    fields: {
      campaign_id: pick(CAMPAIGNS),
      unit_id: pick(UNITS),
      category,
      subcategory: pick(SUBCATEGORIES[category]),
      description: description(),
      money_involved: money,
      persons_involved: persons,
      source: pick(SOURCES),
      found_date: foundDate(),
      status: pick(STATUSES),
      visit_id: null,
      complaint_id: null,
      case_opened_date: null,
    },
  };
}

async function main() {
  const out = process.stdout;
  const seen = new Set();
  let chunk = [];
  for (let i = 0; i < count; i++) {
    let rec = finding();
    while (seen.has(rec.id)) rec = finding(); // 128-bit ids: never in practice
    seen.add(rec.id);
    chunk.push(JSON.stringify(rec));
    if (chunk.length === 1000 || i === count - 1) {
      if (!out.write(chunk.join('\n') + '\n')) await new Promise((resolve) => out.once('drain', resolve));
      chunk = [];
    }
  }
}

process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});
main().catch((e) => {
  process.stderr.write('make_sample.js: ' + (e && e.stack || e) + '\n');
  process.exit(1);
});

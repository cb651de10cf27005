// zh-CN first, English available. Strings live next to their use as t('中文', 'English'):
// one place to read both, no key files to keep in step. The choice persists per browser.
import { ref } from 'vue';

const stored = typeof localStorage !== 'undefined' ? localStorage.getItem('guihua.lang') : null;
export const lang = ref(stored === 'en' ? 'en' : 'zh');

export function t(zh, en) {
  return lang.value === 'en' ? en : zh;
}

export function setLang(l) {
  lang.value = l === 'en' ? 'en' : 'zh';
  localStorage.setItem('guihua.lang', lang.value);
  document.documentElement.lang = lang.value === 'en' ? 'en' : 'zh-CN';
}

// Indicator evaluation statuses (docs/methodology.md §7), in display order.
export const STATUSES = [
  ['achieved', '提前实现', 'Achieved', '#1a7f37'],
  ['ahead', '快于预期', 'Ahead', '#4caf50'],
  ['on_track', '基本符合预期', 'On track', '#8bc34a'],
  ['lagging', '相对滞后', 'Lagging', '#f0a500'],
  ['deteriorating', '逆向变化', 'Deteriorating', '#d32f2f'],
  ['no_data', '暂无数据', 'No data', '#9e9e9e'],
  ['not_scored', '不评价', 'Not scored', '#cfd8dc'],
];

export function statusLabel(s) {
  const row = STATUSES.find((r) => r[0] === s);
  return row ? t(row[1], row[2]) : s || '—';
}
export function statusColor(s) {
  const row = STATUSES.find((r) => r[0] === s);
  return row ? row[3] : '#cfd8dc';
}

export const WARNINGS = { red: ['红色预警', 'Red', '#d32f2f'], yellow: ['黄色预警', 'Yellow', '#f0a500'], green: ['绿色', 'Green', '#1a7f37'] };
export function warningLabel(w) {
  return WARNINGS[w] ? t(WARNINGS[w][0], WARNINGS[w][1]) : '—';
}

export const TASK_PROGRESS = [
  ['not_started', '未启动', 'Not started'],
  ['in_progress', '推进中', 'In progress'],
  ['completed', '已完成', 'Completed'],
  ['lagging', '滞后', 'Lagging'],
];
export function taskProgressLabel(s) {
  const row = TASK_PROGRESS.find((r) => r[0] === s);
  return row ? t(row[1], row[2]) : t('未报送', 'Not reported');
}

export const REPORT_STATES = {
  draft: ['草稿', 'Draft'],
  submitted: ['待审核', 'Submitted'],
  approved: ['已通过', 'Approved'],
  returned: ['已退回', 'Returned'],
};
export function reportStateLabel(s) {
  return REPORT_STATES[s] ? t(...REPORT_STATES[s]) : s || '—';
}

export const ROLES = {
  admin: ['管理员', 'Administrator'],
  reviewer: ['审核人', 'Reviewer'],
  reporter: ['填报人', 'Reporter'],
  viewer: ['查看者', 'Viewer'],
};
export function roleLabel(r) {
  return ROLES[r] ? t(...ROLES[r]) : r;
}

export function fmtNum(v, digits = 2) {
  if (v === null || v === undefined || Number.isNaN(v)) return '—';
  return Number(v).toLocaleString(lang.value === 'en' ? 'en-US' : 'zh-CN', { maximumFractionDigits: digits });
}

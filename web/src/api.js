// The HTTP JSON API (/api/v1, see /api/v1/openapi.json). The session is an HttpOnly cookie;
// writes carry the CSRF token the login returned, kept for this tab in sessionStorage.
import { reactive } from 'vue';
import { t, lang } from './i18n.js';

const PREFIX = '/api/v1';

export const session = reactive({ user: null, csrf: sessionStorage.getItem('guihua.csrf') || '', checked: false });

export class ApiError extends Error {
  constructor(status, code, message, field) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field;
  }
}

async function request(method, path, options = {}, retried = false) {
  const { body, raw, headers = {} } = options;
  // The server answers in the screen's language (its messages and errors).
  const h = { Accept: 'application/json', 'Accept-Language': lang.value === 'en' ? 'en' : 'zh-CN', ...headers };
  if (method !== 'GET' && session.csrf) h['X-CSRF-Token'] = session.csrf;
  let payload;
  if (raw !== undefined) {
    payload = raw;
  } else if (body !== undefined) {
    h['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch(PREFIX + path, { method, headers: h, body: payload, credentials: 'same-origin' });
  } catch (e) {
    throw new ApiError(0, 'network', t('无法连接服务器', 'cannot reach the server'), '');
  }
  const type = res.headers.get('Content-Type') || '';
  const data = type.includes('application/json') ? await res.json().catch(() => null) : null;
  if (!res.ok) {
    const err = data && data.error ? data.error : {};
    if (res.status === 401 && path !== '/session') session.user = null;
    // Another tab logged in again and replaced the session: take its token and retry once.
    if (res.status === 403 && err.code === 'csrf' && !retried) {
      await loadMe();
      if (session.user) return request(method, path, options, true);
    }
    throw new ApiError(res.status, err.code || String(res.status), err.message || `${res.status} ${res.statusText}`, err.field || '');
  }
  return data;
}

export const api = {
  get: (path) => request('GET', path),
  post: (path, body) => request('POST', path, { body: body || {} }),
  del: (path) => request('DELETE', path),
  upload: (path, file) =>
    request('POST', path, { raw: file, headers: { 'Content-Type': file.type || 'application/octet-stream' } }),
};

export function qs(params) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') p.set(k, v);
  const s = p.toString();
  return s ? `?${s}` : '';
}

export async function login(username, password) {
  const r = await api.post('/session', { username, password });
  session.user = r.user;
  session.csrf = r.csrf_token;
  sessionStorage.setItem('guihua.csrf', r.csrf_token);
  return r.user;
}

export async function logout() {
  try {
    await api.del('/session');
  } finally {
    session.user = null;
    session.csrf = '';
    sessionStorage.removeItem('guihua.csrf');
  }
}

export async function loadMe() {
  try {
    const s = await api.get('/session');
    session.user = s.user;
    if (s.user && s.csrf_token) {
      session.csrf = s.csrf_token;
      sessionStorage.setItem('guihua.csrf', s.csrf_token);
    }
  } catch (e) {
    session.user = null;
  } finally {
    session.checked = true;
  }
  return session.user;
}

// What each role may do, mirroring the server's rules (the server decides; this only hides
// controls that would be refused).
export function can(action) {
  const role = session.user && session.user.role;
  const rules = {
    report: ['admin', 'reporter'],
    review: ['admin', 'reviewer'],
    audit: ['admin'],
    users: ['admin'],
    rounds: ['admin'],
    publish: ['admin'],
  };
  return !!role && (rules[action] || []).includes(role);
}

// Every task of the plan (the server pages; a plan has hundreds to a few thousand tasks).
export async function allTasks(params = {}) {
  const out = [];
  let total = 0;
  for (let page = 1; page < 100; page++) {
    const r = await api.get('/tasks' + qs({ ...params, page, per_page: 1000 }));
    out.push(...r.tasks);
    total = r.total;
    if (out.length >= total || !r.tasks.length) break;
  }
  return out;
}

// The open reporting rounds, newest last, and the one a form should preselect: `preferred`
// when given, else the newest.
export async function openRounds(preferred = 0) {
  const rounds = (await api.get('/rounds')).filter((r) => !r.closed);
  return { rounds, selected: preferred || (rounds.length ? rounds[rounds.length - 1].id : 0) };
}

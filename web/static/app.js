// The page of jixiao serve. Plain JavaScript with no dependencies: it runs
// from the binary with no internet access and needs no build step. Every
// figure it shows comes from the service (validate, render, batch); the page
// only arranges it.
'use strict';

(() => {
  const API = '/api/v1';
  const EXAMPLE = '/assets/examples/beijing-finance-2021.json';
  const KEY_STORE = 'jixiao.apiKey';
  const CHECKS_AT_ONCE = 3;
  const TYPES = {
    json: 'application/json',
    xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  };
  const KIND_NAMES = { xlsx: 'Excel（XLSX）', docx: 'Word（DOCX）' };
  // Signed documents, which the page checks (POST /verify) rather than
  // reads as input, and whose embedded data it offers (POST /import).
  const SIGNED = { pdf: 'application/pdf', ofd: 'application/ofd' };
  // What each output format is asked for as, called, and counted in: the
  // service writes one download button per format it offers.
  const FORMATS = Object.fromEntries([...document.querySelectorAll('button[data-format]')].map((b) =>
    [b.dataset.format, { accept: b.dataset.accept, name: b.dataset.name, unit: b.dataset.unit }]));

  const $ = (id) => document.getElementById(id);
  const state = { entries: [], selected: null, profileReady: false, previewURL: '', batchURL: '', busyBatch: false, resumed: false, signs: {} };

  // ---- small helpers ----

  function el(tag, attrs, ...children) {
    const n = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'class') n.className = v;
      else if (k === 'text') n.textContent = v;
      else if (k.startsWith('on')) n.addEventListener(k.slice(2), v);
      else if (k === 'dataset') Object.assign(n.dataset, v);
      else n.setAttribute(k, v === true ? '' : v);
    }
    for (const c of children.flat(Infinity)) {
      if (c === null || c === undefined || c === false) continue;
      n.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return n;
  }

  function tag(kind, text) { return el('span', { class: 'tag ' + kind, text }); }

  // setStatus says what the page did, in the status line at the top and,
  // when near names one, in the line beside the buttons the user pressed.
  function setStatus(text, near) {
    $('status').textContent = text;
    if (near) {
      $(near).textContent = text;
      $(near).scrollIntoView({ block: 'nearest' });
    }
  }

  // Figures come from the service as plain decimals with no trailing
  // zeros ("96.9"); a column shows them all with as many decimals as the
  // most precise of them, and rates with their percent sign.
  function decimals(v) {
    const s = String(v ?? '');
    const i = s.indexOf('.');
    return i < 0 ? 0 : s.length - i - 1;
  }

  function fixed(v, places) {
    if (v === undefined || v === null || v === '' || !/^-?\d+(\.\d+)?$/.test(String(v))) return v ?? '';
    const s = String(v);
    const have = decimals(s);
    if (have >= places) return s;
    return s + (have === 0 ? '.' : '') + '0'.repeat(places - have);
  }

  function percent(v, places) {
    const s = fixed(v, places);
    return s === '' ? '' : s + '%';
  }

  // labelCells gives each cell of a table's body the heading of its
  // column, which a narrow window shows beside the value (app.css).
  function labelCells(table) {
    const heads = [...table.tHead.rows[0].cells].map((c) => c.textContent);
    for (const row of table.tBodies[0].rows) {
      [...row.cells].forEach((c, i) => { if (c.colSpan === 1 && heads[i]) c.dataset.label = heads[i]; });
    }
  }

  // notice shows a message at the top of the page, and at the place where
  // the user acted (near, id of an element), which may be far below.
  function notice(text, info, near) {
    for (const id of ['detail-msg', 'batch-msg']) if (id !== near) $(id).hidden = true;
    if (near) {
      const m = $(near);
      m.textContent = text;
      m.className = info ? 'notice info' : 'notice';
      m.hidden = !text;
    }
    const n = $('notice');
    if (!text) { n.hidden = true; n.textContent = ''; return; }
    n.textContent = text;
    n.className = info ? 'notice info' : 'notice';
    n.hidden = false;
  }

  function apiKey() {
    try { return sessionStorage.getItem(KEY_STORE) || ''; } catch (_) { return ''; }
  }

  function query(params) {
    const q = new URLSearchParams(params || {});
    const field = $('profile-field');
    if (!field.hidden && $('profile').value) q.set('profile', $('profile').value);
    const s = q.toString();
    return s ? '?' + s : '';
  }

  // call sends a request to the API with the key, turning a network failure
  // into an answer-like object so that callers handle one shape.
  async function call(path, opts) {
    const headers = new Headers((opts && opts.headers) || {});
    const key = apiKey();
    if (key) headers.set('Authorization', 'Bearer ' + key);
    try {
      return await fetch(path, Object.assign({}, opts, { headers, cache: 'no-store' }));
    } catch (err) {
      return { ok: false, status: 0, networkError: err, headers: new Headers() };
    }
  }

  async function readProblem(resp) {
    if (resp.status === 0) return {};
    const ct = resp.headers.get('Content-Type') || '';
    if (ct.includes('json')) {
      try { return await resp.json(); } catch (_) { /* fall through */ }
    }
    return {};
  }

  // explain says in Chinese what went wrong with a request and what to do.
  function explain(resp, p, kind) {
    if (resp.status === 0) return '无法连接服务：请检查服务是否在运行、网络是否通畅。';
    const retry = resp.headers.get('Retry-After');
    const rid = p.requestId || resp.headers.get('X-Request-ID');
    const later = retry ? `请在 ${retry} 秒后重试。` : '请稍后重试。';
    let text;
    switch (resp.status) {
      case 401:
        text = (p.detail || '需要 API 密钥') + '。请在“设置”中填写正确的 API 密钥。';
        break;
      case 413:
        text = '文件过大：' + (p.detail || '超过服务允许的上限') + '。请拆分后上传，或请管理员调高上限。';
        break;
      case 415:
        text = kind && kind !== 'json'
          ? `暂不支持导入 ${KIND_NAMES[kind] || '此格式的'}文件，目前请上传 JSON 文件。`
          : '服务不接受此文件格式：' + (p.detail || '请上传 JSON 文件。');
        break;
      case 429:
        text = '服务繁忙（' + (p.detail || p.title || '请求过多') + '）。' + later;
        break;
      case 503:
        text = '服务暂时不可用（' + (p.detail || p.title || '请稍后') + '）。' + later;
        break;
      default:
        text = (p.title || ('请求失败，HTTP ' + resp.status)) + (p.detail ? '：' + p.detail : '') + '。';
    }
    if (resp.status >= 500 && rid) text += `（请求编号 ${rid}）`;
    return text;
  }

  function kindOf(name) {
    const m = /\.([a-z0-9]+)$/i.exec(name || '');
    const ext = m ? m[1].toLowerCase() : '';
    return TYPES[ext] || SIGNED[ext] ? ext : 'other';
  }

  // isInput tells whether an entry is an input (JSON, a workbook or a
  // document), not a signed document to check.
  function isInput(e) { return Boolean(TYPES[e.kind]); }

  // File names from Content-Disposition: the UTF-8 one of RFC 8187 first.
  function dispositionName(header, fallback) {
    if (!header) return fallback;
    const ext = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(header);
    if (ext) { try { return decodeURIComponent(ext[1].trim()); } catch (_) { /* ascii below */ } }
    const plain = /filename\s*=\s*"([^"]*)"/i.exec(header);
    return plain ? plain[1] : fallback;
  }

  function ptr(...segs) {
    return segs.map((s) => '/' + String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
  }

  // ---- parts of a disclosure ----

  // parts lists the documents of a disclosure in render order, from the
  // computed result when there is one, else from the input.
  function partsOf(entry) {
    const res = entry.report && entry.report.result;
    const inp = entry.input || {};
    const out = [];
    if ((res && res.departmentReport) || inp.departmentReport) {
      out.push({ id: 'department', label: '部门整体绩效评价报告', prefix: '/departmentReport', res: res && res.departmentReport, inp: inp.departmentReport });
    }
    // A part the service left out for its errors is null in the result:
    // its name comes from the input.
    const name = (list, inList, i) => ((list[i] || (inList && inList[i]) || {}).project || '');
    const projects = (res && res.projectReports) || inp.projectReports || [];
    projects.forEach((p, i) => out.push({
      id: 'project:' + (i + 1), label: `项目支出绩效评价报告 ${i + 1}：${name(projects, inp.projectReports, i)}`, prefix: '/projectReports/' + i,
      res: res && res.projectReports && res.projectReports[i], inp: inp.projectReports && inp.projectReports[i],
    }));
    const tables = (res && res.selfAssessments) || inp.selfAssessments || [];
    tables.forEach((t, i) => out.push({
      id: 'table:' + (i + 1), label: `项目支出绩效自评表 ${i + 1}：${name(tables, inp.selfAssessments, i)}`, prefix: '/selfAssessments/' + i,
      res: res && res.selfAssessments && res.selfAssessments[i], inp: inp.selfAssessments && inp.selfAssessments[i],
    }));
    return out;
  }

  function inPart(path, part) {
    return path === part.prefix || (path || '').startsWith(part.prefix + '/');
  }

  function partOfPath(entry, path) {
    return partsOf(entry).find((p) => inPart(path, p));
  }

  // renderable lists the parts the service renders: all of a valid
  // input's; of an invalid one, those with no error of their own, unless
  // an error belongs to no part (year, department, profile …), which
  // blocks them all (docs/input-format.md, "Invalid parts").
  function renderable(entry, parts) {
    if (entry.status === 'valid') return parts;
    if (entry.status !== 'invalid' || !entry.report) return [];
    const errs = entry.report.errors || [];
    if (errs.some((x) => !parts.some((p) => inPart(x.path || '', p)))) return [];
    return parts.filter((p) => !errs.some((x) => inPart(x.path || '', p)));
  }

  // ---- checking files ----

  async function addFiles(files) {
    notice('');
    const added = [];
    for (const file of files) {
      const entry = { name: file.name, file, kind: kindOf(file.name), status: 'checking' };
      state.entries.push(entry);
      added.push(entry);
    }
    if (!added.length) return;
    renderFiles();
    await checkAll(added);
    // Show what was just added: the first of the new files.
    if (state.entries.includes(added[0])) select(added[0]);
  }

  async function checkAll(entries) {
    const queue = entries.slice();
    let done = 0;
    const total = queue.length;
    setStatus(`正在校验 ${total} 个文件…`);
    const worker = async () => {
      while (queue.length) {
        const e = queue.shift();
        await check(e);
        done++;
        setStatus(`已校验 ${done} / ${total} 个文件`);
        renderFiles();
        if (state.selected === e) renderDetail();
      }
    };
    await Promise.all(Array.from({ length: Math.min(CHECKS_AT_ONCE, total) }, worker));
    const bad = entries.filter((e) => e.status === 'invalid' || e.status === 'broken').length;
    const failed = entries.filter((e) => e.status === 'error' || e.status === 'unsupported').length;
    // A PDF or OFD without a signature is neither valid nor a failure.
    const unsigned = entries.filter((e) => e.status === 'unsigned').length;
    setStatus(`校验完成：${total} 个文件，${total - bad - failed - unsigned} 个有效，${bad} 个有错误` +
      (unsigned ? `，${unsigned} 个未签名` : '') + (failed ? `，${failed} 个未能校验` : '') + '。');
  }

  async function check(entry) {
    entry.status = 'checking';
    entry.message = '';
    entry.report = null;
    if (entry.kind !== 'json') {
      // A workbook is imported again for a batch, with the profile then chosen.
      entry.input = undefined;
      entry.text = undefined;
      entry.importError = undefined;
    }
    if (SIGNED[entry.kind]) {
      await Promise.all([verifyFile(entry), embeddedData(entry)]);
      return;
    }
    if (entry.kind === 'other') {
      entry.status = 'unsupported';
      entry.message = '不支持的文件类型：请上传 JSON 数据文件、Excel 工作簿（.xlsx）或 Word 文档（.docx）。';
      return;
    }
    if (entry.kind === 'json' && entry.input === undefined) {
      try {
        entry.text = await entry.file.text();
        entry.input = JSON.parse(entry.text.replace(/^\uFEFF/, ''));
        if (!entry.input || typeof entry.input !== 'object' || Array.isArray(entry.input)) entry.input = null;
      } catch (_) {
        entry.input = null; // the service says where the syntax error is
      }
    }
    const resp = await call(API + '/validate' + query(), {
      method: 'POST', headers: { 'Content-Type': TYPES[entry.kind] }, body: entry.file,
    });
    if (resp.ok) {
      entry.report = await resp.json();
      entry.status = 'valid';
      return;
    }
    const p = await readProblem(resp);
    const slug = (p.type || '').split('#')[1];
    if (resp.status === 422 || slug === 'malformed-json') {
      entry.status = 'invalid';
      // Of an input with invalid parts, result holds the valid parts'
      // figures and null for the others.
      entry.report = { valid: false, result: p.result || null, errors: p.errors || [], findings: p.findings || [], department: p.department, year: p.year };
      // Without errors to list (a damaged workbook cannot be read at
      // all), the detail is the reason. The service names a request's
      // one file "body"; the row already names it.
      if (slug === 'malformed-json' || !entry.report.errors.length) entry.message = (p.detail || '').replace(/^body: /, '');
      return;
    }
    entry.status = resp.status === 415 ? 'unsupported' : 'error';
    entry.message = explain(resp, p, entry.kind);
    if (resp.status === 401) {
      notice(entry.message);
      $('api-key').focus();
    } else if (resp.status === 429 || resp.status === 503 || resp.status === 413) {
      notice(entry.message);
    }
  }

  function departmentOf(entry) {
    // A JSON file names them itself; of a workbook, the service says.
    const inp = entry.input || entry.report;
    if (!inp) return '';
    return [inp.department, inp.year ? inp.year + ' 年度' : ''].filter(Boolean).join(' ');
  }

  function statusTag(entry) {
    const r = entry.report;
    switch (entry.status) {
      case 'checking': return tag('wait', '校验中…');
      case 'valid': return (r.findings || []).length ? tag('warn', '有效（有审核发现）') : tag('ok', '有效');
      case 'invalid': return tag('bad', '无效');
      case 'unsupported': return tag('bad', '格式不支持');
      case 'signed': return tag('ok', '签名有效');
      case 'broken': return tag('bad', '签名无效');
      case 'unsigned': return tag('warn', '未签名');
      default: return tag('bad', '未能校验');
    }
  }

  function renderFiles() {
    const body = $('file-table').tBodies[0];
    body.replaceChildren(...state.entries.map((e) => {
      const r = e.report;
      const action = e.status === 'error'
        ? el('button', { type: 'button', class: 'secondary', onclick: () => recheck([e]) }, '重新校验')
        : e.data
          ? el('button', { type: 'button', class: 'secondary', id: 'data-' + state.entries.indexOf(e), onclick: () => saveData(e) }, '下载内嵌数据（JSON）')
          : el('button', { type: 'button', class: 'secondary', onclick: () => select(e), disabled: e.status === 'checking' || !isInput(e) }, '查看详情');
      return el('tr', { class: state.selected === e ? 'selected' : null, dataset: { file: e.name } },
        el('th', { scope: 'row' }, e.name),
        el('td', {}, departmentOf(e)),
        el('td', {}, statusTag(e), e.message ? el('div', { class: 'hint' }, e.message) : null,
          e.dataNote ? el('div', { class: 'hint' }, e.dataNote) : null),
        el('td', { class: 'num' }, r ? (r.errors || []).length : ''),
        el('td', { class: 'num' }, r ? (r.findings || []).length : ''),
        el('td', {}, action));
    }));
    labelCells($('file-table'));
    // A job resumed after a reload has its progress and outcome shown
    // there, though the files are no longer listed.
    $('files-panel').hidden = state.entries.length === 0 && !state.resumed;
    $('batch-run').disabled = state.busyBatch || !state.entries.some(isInput);
  }

  async function recheck(entries) {
    entries.forEach((e) => { e.status = 'checking'; });
    renderFiles();
    await checkAll(entries);
  }

  // ---- one file: totals, issues, the table of a part ----

  function select(entry) {
    state.selected = entry;
    renderFiles();
    renderDetail();
    $('part-panel').hidden = true;
    const h = $('detail-h');
    if (!$('detail').hidden) h.focus();
  }

  function renderDetail() {
    const e = state.selected;
    const d = $('detail');
    if (!e || !e.report) { d.hidden = true; return; }
    d.hidden = false;
    const r = e.report;
    const errs = r.errors || [];
    const finds = r.findings || [];
    $('detail-h').textContent = '文件详情：' + e.name;
    const parts = partsOf(e);
    const usable = renderable(e, parts);
    const partial = e.status === 'invalid' && usable.length > 0;
    $('detail-summary').replaceChildren(el('span', {}, statusTag(e), ' ', departmentOf(e),
      `　错误 ${errs.length} 处，审核发现 ${finds.length} 处。`,
      e.status === 'valid' ? '可以预览和下载。' : partial ? '有错误的部分将被跳过，其余部分可以预览和下载。' : '改正错误后才能生成文档。',
      e.message ? el('span', { class: 'hint' }, '　' + e.message) : null));

    const places = Math.max(0, ...parts.map((p) => decimals(p.res && p.res.total)));
    $('totals-table').tBodies[0].replaceChildren(...(parts.length ? parts.map((p) => {
      const ne = errs.filter((x) => inPart(x.path, p)).length;
      const nf = finds.filter((x) => inPart(x.path, p)).length;
      return el('tr', { dataset: { part: p.id } },
        el('th', { scope: 'row' }, p.label),
        el('td', { class: 'num', dataset: { role: 'total' } }, p.res ? fixed(p.res.total, places) : '—'),
        el('td', {}, p.res ? p.res.grade : '—'),
        el('td', { class: 'num' }, ne),
        el('td', { class: 'num' }, nf),
        el('td', {}, el('button', { type: 'button', class: 'link', onclick: () => showPart(e, p, null) }, '查看表格')));
    }) : [el('tr', {}, el('td', { colspan: 6 }, '输入中没有可识别的部分。'))]));

    const issues = errs.map((x) => ({ kind: 'error', x })).concat(finds.map((x) => ({ kind: 'finding', x })));
    $('issues-table').tBodies[0].replaceChildren(...(issues.length ? issues.map(({ kind, x }) => {
      const part = partOfPath(e, x.path);
      // The place as the printed table names it; the JSON Pointer below
      // it is for whoever edits the file.
      const place = [el('span', { class: 'where' }, x.location || (x.path ? x.path : '整个文件'))];
      if (x.line) place.push(el('div', { class: 'hint' }, `第 ${x.line} 行第 ${x.column} 列`));
      if (x.place) place.push(el('div', { class: 'hint' }, '单元格 ' + x.place));
      if (x.location && x.path) place.push(el('code', { class: 'pointer' }, x.path));
      return el('tr', { class: kind, dataset: { path: x.path || '' } },
        el('td', {}, kind === 'error' ? tag('bad', '错误') : x.severity === 'info' ? tag('ok', '审核提示') : tag('warn', '审核警告')),
        el('td', {}, part
          ? el('button', { type: 'button', class: 'link', title: '查看所属表格：' + part.label, onclick: () => showPart(e, part, x.path) }, ...place)
          : place),
        el('td', {}, x.message || '', x.code ? el('div', { class: 'hint code' }, x.code) : null),
        el('td', { class: 'num' }, x.declared || ''),
        el('td', { class: 'num' }, x.computed || ''));
    }) : [el('tr', {}, el('td', { colspan: 5 }, '没有错误，也没有审核发现。'))]));
    labelCells($('totals-table'));
    labelCells($('issues-table'));

    const sel = $('part');
    const keep = sel.value;
    sel.replaceChildren(el('option', { value: 'all' }, partial ? '全部有效部分（跳过有错误的部分）' : '全部（报告与全部自评表）'),
      ...parts.map((p) => usable.includes(p) ? el('option', { value: p.id }, p.label) : el('option', { value: p.id, disabled: true }, p.label + '（有错误）')));
    if ([...sel.options].some((o) => o.value === keep && !o.disabled)) sel.value = keep;
    else sel.value = 'all';
    const canRender = usable.length > 0;
    for (const id of ['preview-run', 'part', ...Object.keys(FORMATS).map((f) => 'dl-' + f)]) $(id).disabled = !canRender;
  }

  // partRows lists the rows of a part's table, each with the JSON Pointers
  // it stands for, so that a finding can point at its row.
  function partRows(part) {
    const rows = [];
    const res = part.res || {};
    const inp = part.inp || {};
    const kind = part.id.split(':')[0];
    if (kind === 'table') {
      rows.push({ name: '预算执行率', weight: res.executionWeight, score: res.executionScore, rate: res.executionRate,
        paths: [part.prefix + '/funds', part.prefix + '/declared/executionRate', part.prefix + '/declared/executionScore'] });
      (res.levels || []).forEach((l) => rows.push({ name: l.name, weight: l.weight, score: l.score, paths: [part.prefix + '/declared/points' + ptr(l.name)] }));
      const n = Math.max((inp.indicators || []).length, (res.indicators || []).length);
      for (let i = 0; i < n; i++) {
        const a = (inp.indicators || [])[i] || {};
        const b = (res.indicators || [])[i] || {};
        rows.push({ name: [a.level1, a.level2, a.name].filter(Boolean).join(' / ') || `指标 ${i + 1}`, weight: b.weight ?? a.weight, score: b.score ?? a.score,
          depth: 1, paths: [part.prefix + '/indicators/' + i] });
      }
      rows.push({ name: '总分', score: res.total, grade: res.grade, total: true, paths: [part.prefix + '/declared/total', part.prefix + '/declared/grade'] });
      return rows;
    }
    if (kind === 'department') {
      // The budget's own figures, each its row, so that a finding of one
      // points at it and not at the rate computed from it.
      const b = part.prefix + '/budget';
      const budget = inp.budget || {};
      const amount = (x) => (x && x.total !== undefined ? '：' + x.total : '');
      rows.push({ name: '全年预算数' + amount(budget.budget), paths: [b + '/budget'] });
      rows.push({ name: '全年支出数' + amount(budget.spending), paths: [b + '/spending'] });
      rows.push({ name: '预算执行率', rate: res.executionRate, paths: [b + '/declared/executionRate'] });
      if (res.carryoverRate !== undefined) {
        rows.push({ name: '结转结余率', rate: res.carryoverRate,
          paths: [b + '/carryover', b + '/previousCarryover', b + '/declared/carryoverRate', b + '/declared/previousCarryoverRate', b + '/declared/carryoverRateChange'] });
      }
      if (res.finalAccountsDifferenceRate !== undefined) {
        rows.push({ name: '预决算差异率', rate: res.finalAccountsDifferenceRate,
          paths: [b + '/finalAccounts', b + '/declared/finalAccountsDifference', b + '/declared/finalAccountsDifferenceRate'] });
      }
    }
    const walk = (resList, inpList, path, depth) => {
      const n = Math.max((resList || []).length, (inpList || []).length);
      for (let i = 0; i < n; i++) {
        const a = (inpList || [])[i] || {};
        const b = (resList || [])[i] || {};
        const p = path + '/' + i;
        rows.push({ name: b.name || a.name || `指标 ${i + 1}`, weight: b.weight ?? a.weight, score: b.score ?? a.score, rate: b.rate, depth, paths: [p] });
        walk(b.children, a.children, p + '/children', depth + 1);
      }
    };
    walk(res.indicators, inp.indicators, part.prefix + '/indicators', 0);
    rows.push({ name: '总分', score: res.total, grade: res.grade, total: true, paths: [part.prefix + '/declaredTotal', part.prefix + '/declaredGrade'] });
    return rows;
  }

  function showPart(entry, part, hitPath) {
    const rows = partRows(part);
    let hit = -1;
    let best = -1;
    if (hitPath) {
      rows.forEach((r, i) => r.paths.forEach((p) => {
        if ((hitPath === p || hitPath.startsWith(p + '/')) && p.length > best) { best = p.length; hit = i; }
      }));
    }
    $('part-h').textContent = '表格：' + part.label + (part.res ? '' : '（输入有错误，得分未计算）');
    const places = (key) => Math.max(0, ...rows.map((r) => decimals(r[key])));
    const sp = places('score');
    const rp = places('rate');
    $('part-table').tBodies[0].replaceChildren(...rows.map((r, i) => el('tr', { class: [r.total ? 'total' : '', i === hit ? 'hit' : ''].join(' ').trim() || null, dataset: { paths: r.paths.join(' ') } },
      el('td', { class: r.depth ? 'indent-' + Math.min(r.depth, 2) : null }, r.name),
      el('td', { class: 'num' }, r.weight ?? ''),
      el('td', { class: 'num' }, fixed(r.score, sp)),
      el('td', { class: 'num', dataset: { role: r.grade !== undefined ? 'grade' : 'rate' } }, r.grade !== undefined ? r.grade : percent(r.rate, rp)))));
    labelCells($('part-table'));
    $('part-panel').hidden = false;
    if ([...$('part').options].some((o) => o.value === part.id)) $('part').value = part.id;
    const target = hit >= 0 ? $('part-table').tBodies[0].rows[hit] : $('part-h');
    $('part-h').focus();
    target.scrollIntoView({ block: 'center' });
  }

  // ---- preview and download ----

  async function renderDoc(entry, format, part, signed) {
    const params = { format, part };
    if (signed && state.signs[format] && $('sign').checked) params.sign = 'true';
    // Of an input with invalid parts, "all" is every valid part.
    if (entry.status === 'invalid' && part === 'all') params.skipInvalid = 'true';
    return call(API + '/render' + query(params), {
      method: 'POST', headers: { 'Content-Type': TYPES[entry.kind], Accept: FORMATS[format].accept }, body: entry.file,
    });
  }

  async function preview(ev) {
    ev.preventDefault();
    const e = state.selected;
    if (!e) return;
    const part = $('part').value;
    const label = $('part').selectedOptions[0] ? $('part').selectedOptions[0].textContent : part;
    setStatus('正在生成预览：' + label + '…', 'preview-status');
    $('preview-run').disabled = true;
    const resp = await renderDoc(e, 'pdf', part);
    $('preview-run').disabled = false;
    if (!resp.ok) {
      const msg = '预览失败：' + explain(resp, await readProblem(resp), e.kind);
      notice(msg, false, 'detail-msg');
      setStatus(msg, 'preview-status');
      return;
    }
    const blob = await resp.blob();
    if (state.previewURL) URL.revokeObjectURL(state.previewURL);
    state.previewURL = URL.createObjectURL(new Blob([blob], { type: 'application/pdf' }));
    const v = $('viewer');
    v.title = 'PDF 预览：' + label;
    v.dataset.pages = resp.headers.get('X-Jixiao-Pages') || '';
    v.dataset.part = part;
    delete v.dataset.loaded;
    v.onload = () => { v.dataset.loaded = part; };
    v.src = state.previewURL;
    v.hidden = false;
    notice('');
    setStatus(`预览已生成：${label}，共 ${v.dataset.pages} 页。`, 'preview-status');
  }

  function save(blob, name) {
    const a = $('dl-link');
    const url = URL.createObjectURL(blob);
    a.href = url;
    a.download = name;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
  }

  async function download(format) {
    const e = state.selected;
    if (!e) return;
    setStatus(`正在生成 ${FORMATS[format].name}…`, 'download-status');
    const resp = await renderDoc(e, format, 'all', true);
    if (!resp.ok) {
      const msg = '下载失败：' + explain(resp, await readProblem(resp), e.kind);
      notice(msg, false, 'detail-msg');
      setStatus(msg, 'download-status');
      return;
    }
    const blob = await resp.blob();
    const name = dispositionName(resp.headers.get('Content-Disposition'), 'jixiao.' + format);
    save(blob, name);
    notice('');
    const skipped = resp.headers.get('X-Jixiao-Skipped-Parts');
    setStatus(`已下载 ${name}（${resp.headers.get('X-Jixiao-Pages') || '?'} ${FORMATS[format].unit}）。` + (skipped ? `已跳过有错误的部分：${skipped}。` : ''), 'download-status');
  }

  // ---- batch ----

  function b64bytes(s) {
    const bin = atob(s);
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  }

  // A batch runs as a job of the service (POST /jobs, docs/jobs.md): the
  // bar follows the job's state, the job's id is kept in the tab
  // (sessionStorage) so that a reload resumes it, and the ZIP is fetched
  // once the job is done. A service with jobs off (serve --data off)
  // answers 404, and the batch is then streamed (streamBatch).
  const JOB_STORE = 'jixiao.job';
  const POLL_MS = 500;

  function storedJob() {
    try { return JSON.parse(sessionStorage.getItem(JOB_STORE) || 'null'); } catch (_) { return null; }
  }

  function storeJob(run) {
    try { if (run) sessionStorage.setItem(JOB_STORE, JSON.stringify(run)); else sessionStorage.removeItem(JOB_STORE); } catch (_) { /* storage off: no resuming */ }
  }

  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

  function showProgress(done, total) {
    const bar = $('batch-progress');
    bar.max = total;
    bar.value = done;
    $('batch-count').textContent = `${done} / ${total}（${total ? Math.round((done / total) * 100) : 0}%）`;
    $('batch-progress-box').hidden = false;
  }

  // skipReason says why a file of the list is not in the batch.
  function skipReason(e) {
    if (e.kind === 'json') return '文件是空的。';
    if (!isInput(e)) return SIGNED[e.kind] ? '已签名的文档不参与批处理。' : '不支持的文件类型。';
    return e.importError || '文件无法导入。';
  }

  async function runBatch(ev) {
    ev.preventDefault();
    if (state.busyBatch) return;
    const formats = [...document.querySelectorAll('#batch-form input[name=format]:checked')].map((c) => c.value);
    if (!formats.length) { notice('请至少选择一种格式（PDF、Excel 或 OFD）。', false, 'batch-msg'); return; }
    state.busyBatch = true;
    renderFiles();
    // Workbooks and documents go into the batch as the JSON the service
    // imports them to, so that one archive holds every file.
    const books = state.entries.filter((e) => e.kind === 'xlsx' || e.kind === 'docx');
    if (books.some((e) => e.text === undefined)) notice(`正在导入 ${books.length} 个工作簿和文档…`, true, 'batch-msg');
    for (const e of books) if (e.text === undefined) await importFile(e);
    const json = state.entries.filter((e) => e.kind === 'json');
    for (const e of json) if (e.text === undefined) e.text = await e.file.text();
    // The service skips blank lines, which would shift the indexes, and
    // takes the body for NDJSON only when it starts with an object: send
    // the files that parsed as objects first, then those that did not
    // (each is reported invalid on its own), and leave out empty files.
    const items = state.entries.filter((e) => isInput(e) && e.input).concat(json.filter((e) => !e.input && e.text.trim()));
    const skipped = state.entries.filter((e) => !items.includes(e)).map((e) => ({ name: e.name, reason: skipReason(e) }));
    if (!items.some((e) => e.input)) {
      state.busyBatch = false;
      renderFiles();
      notice('没有可以批处理的文件：请先添加 JSON 数据文件、Excel 工作簿或 Word 文档。', false, 'batch-msg');
      return;
    }
    // A JSON text has line breaks only between tokens, so turning them
    // into spaces makes each file one NDJSON line with the same meaning.
    const body = items.map((e) => e.text.replace(/^\uFEFF/, '').replace(/[\r\n]+/g, ' ')).join('\n') + '\n';
    const run = { total: items.length, names: items.map((e) => e.name), skipped };
    notice('');
    showProgress(0, run.total);
    $('batch-result').hidden = true;
    setStatus(`批处理开始：${run.total} 个文件。`);
    try {
      const params = { format: formats.join(',') };
      if ($('sign').checked && formats.some((f) => state.signs[f])) {
        params.sign = 'true';
        if (formats.some((f) => SIGNED[f] && !state.signs[f])) {
          notice('服务的签名密钥不能签署所选的全部格式：' + formats.filter((f) => SIGNED[f] && !state.signs[f]).join('、').toUpperCase(), false, 'batch-msg');
          return;
        }
      }
      const resp = await call(API + '/jobs' + query(Object.assign({ charts: 'svg' }, params)), {
        method: 'POST', headers: { 'Content-Type': 'application/x-ndjson' }, body,
      });
      if (resp.status === 404) {
        await streamBatch(run, params, body);
        return;
      }
      if (!resp.ok) {
        batchFailed('批处理未能开始：' + explain(resp, await readProblem(resp)));
        return;
      }
      run.id = (await resp.json()).id;
      storeJob(run);
      await followJob(run);
    } catch (err) {
      batchFailed('批处理中断：' + (err && err.message ? err.message : String(err)) + '。请重试。');
    } finally {
      state.busyBatch = false;
      renderFiles();
    }
  }

  function batchFailed(msg) {
    notice(msg, false, 'batch-msg');
    setStatus(msg);
  }

  // followJob shows the progress of a job until it is done, then fetches
  // its ZIP and shows what it holds. A connection lost meanwhile is
  // retried: the job goes on at the service.
  async function followJob(run) {
    let job;
    for (let lost = 0; ;) {
      const resp = await call(API + '/jobs/' + run.id);
      if (resp.status === 0 || resp.status >= 500) {
        lost++;
        if (lost === 3) notice('暂时无法连接服务，正在重试……批处理仍在服务端进行。', true, 'batch-msg');
        await sleep(POLL_MS * Math.min(lost, 10));
        continue;
      }
      if (lost >= 3) notice('');
      lost = 0;
      if (!resp.ok) {
        storeJob(null);
        batchFailed('批处理中断：' + (resp.status === 404 ? '任务已不存在（已过期或已删除）。' : explain(resp, await readProblem(resp))));
        return;
      }
      job = await resp.json();
      showProgress(job.progress.done, job.progress.total);
      if (job.state === 'done') break;
      if (job.state === 'failed' || job.state === 'cancelled') {
        storeJob(null);
        batchFailed(job.state === 'failed' ? '批处理失败：' + (job.error || '服务未能完成') + '。请重试。' : '批处理已取消。');
        return;
      }
      await sleep(POLL_MS);
    }
    setStatus('批处理完成，正在下载 ZIP…');
    const resp = await call(API + '/jobs/' + run.id + '/result');
    if (!resp.ok) {
      batchFailed('ZIP 下载失败：' + explain(resp, await readProblem(resp)) + '请刷新页面重试。');
      return;
    }
    const zip = await resp.blob();
    storeJob(null);
    const m = await readManifest(zip);
    showBatch(run.names, run.skipped, m.inputs || [],
      { summary: m.summary, complete: m.complete, error: m.error && m.error.message, charts: job.charts }, zip);
  }

  // readManifest reads manifest.json out of a batch's ZIP: the central
  // directory names it and where it starts, and the browser inflates it.
  async function readManifest(zip) {
    const buf = new Uint8Array(await zip.arrayBuffer());
    const dv = new DataView(buf.buffer);
    let end = -1;
    for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
      if (dv.getUint32(i, true) === 0x06054b50) { end = i; break; }
    }
    if (end < 0) throw new Error('ZIP 不完整');
    let p = dv.getUint32(end + 16, true);
    for (let n = dv.getUint16(end + 10, true); n > 0 && p + 46 <= buf.length; n--) {
      if (dv.getUint32(p, true) !== 0x02014b50) break;
      const nameLen = dv.getUint16(p + 28, true);
      const next = p + 46 + nameLen + dv.getUint16(p + 30, true) + dv.getUint16(p + 32, true);
      if (new TextDecoder().decode(buf.subarray(p + 46, p + 46 + nameLen)) === 'manifest.json') {
        const at = dv.getUint32(p + 42, true);
        const start = at + 30 + dv.getUint16(at + 26, true) + dv.getUint16(at + 28, true);
        let data = new Blob([buf.subarray(start, start + dv.getUint32(p + 20, true))]).stream();
        if (dv.getUint16(p + 10, true) === 8) data = data.pipeThrough(new DecompressionStream('deflate-raw'));
        return JSON.parse(await new Response(data).text());
      }
      p = next;
    }
    throw new Error('ZIP 中没有 manifest.json');
  }

  // resumeJob follows the job this tab started before a reload.
  async function resumeJob() {
    const run = storedJob();
    if (!run || !run.id) return;
    state.busyBatch = true;
    state.resumed = true;
    renderFiles();
    showProgress(0, run.total);
    setStatus(`正在继续批处理：${run.total} 个文件。`);
    try {
      await followJob(run);
    } catch (err) {
      batchFailed('批处理中断：' + (err && err.message ? err.message : String(err)) + '。请重试。');
    } finally {
      state.busyBatch = false;
      renderFiles();
    }
  }

  // streamBatch runs the batch in one request, for a service with jobs
  // off, and reads its progress stream (?progress=ndjson, docs/api.md):
  // the archive comes in zip events, and an input event after each file,
  // so the bar counts files really done.
  async function streamBatch(run, params, body) {
    const resp = await call(API + '/batch' + query(Object.assign({}, params, { progress: 'ndjson', charts: 'svg' })), {
      method: 'POST', headers: { 'Content-Type': 'application/x-ndjson' }, body,
    });
    if (!resp.ok) {
      batchFailed('批处理未能开始：' + explain(resp, await readProblem(resp)));
      return;
    }
    const chunks = [];
    const inputs = [];
    let end = null;
    const handle = (evn) => {
      if (evn.type === 'zip') chunks.push(b64bytes(evn.data));
      else if (evn.type === 'input') {
        inputs.push(evn);
        showProgress(inputs.length, run.total);
      } else if (evn.type === 'end') end = evn;
    };
    const reader = resp.body.getReader();
    const dec = new TextDecoder();
    let buf = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (value) buf += dec.decode(value, { stream: true });
      let i;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        if (line.trim()) handle(JSON.parse(line));
      }
      if (done) break;
    }
    if (!end) {
      batchFailed(`批处理中断：连接在 ${inputs.length} / ${run.total} 个文件后断开，未得到完整的 ZIP。请重试。`);
      return;
    }
    showBatch(run.names, run.skipped, inputs, end, new Blob(chunks, { type: 'application/zip' }));
  }

  // showBatch shows the outcome of a batch: names are the files sent, in
  // order, skipped those left out, with why; inputs the manifest's entries.
  function showBatch(names, skipped, inputs, end, zip) {
    const s = end.summary || {};
    if (state.batchURL) URL.revokeObjectURL(state.batchURL);
    state.batchURL = URL.createObjectURL(zip);
    const a = $('batch-download');
    a.href = state.batchURL;
    const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '');
    a.download = `jixiao-batch-${stamp}.zip`;
    a.textContent = `下载 ZIP（${zipSize(zip.size)}）`;
    // An archive of no document holds only the manifest: nothing to offer.
    $('batch-download-box').hidden = !s.files;
    $('batch-summary').textContent = `共 ${s.inputs} 个文件：成功 ${s.ok} 个，无效 ${s.invalid} 个，失败 ${s.failed} 个；` +
      (s.files ? `生成 ${s.files} 个文档，共 ${s.pages} 页。` : '没有生成任何文档，请按下表改正错误后重试。') +
      (skipped.length ? `另有 ${skipped.length} 个文件未包含在批处理中（见下表）。` : '') +
      (end.complete ? '' : '批处理未全部完成：' + (end.error || '') + '。');
    const statusNames = { ok: ['ok', '成功'], invalid: ['bad', '无效'], failed: ['bad', '失败'] };
    const rows = inputs.map((inp) => {
      const name = names[inp.index];
      const [cls, word] = statusNames[inp.status] || ['bad', inp.status];
      const errs = inp.errors || [];
      const finds = inp.findings || [];
      return el('tr', { dataset: { status: inp.status } },
        el('th', { scope: 'row' }, name || inp.source),
        el('td', {}, [inp.department, inp.year ? inp.year + ' 年度' : ''].filter(Boolean).join(' ')),
        el('td', {}, tag(cls, word)),
        el('td', {}, ...(inp.files || []).map((f) => el('div', {}, `${f.name}（${f.pages} ${(FORMATS[f.format] || { unit: '页' }).unit}）`))),
        el('td', {},
          ...errs.slice(0, 3).map((x) => el('div', {}, el('span', { class: 'where' }, x.location || x.place || x.path || '整个文件'), '：', x.message)),
          errs.length > 3 ? el('div', { class: 'hint' }, `……共 ${errs.length} 处错误`) : null,
          finds.length ? el('div', { class: 'hint' }, `审核发现 ${finds.length} 处`) : null));
    });
    for (const e of skipped) {
      rows.push(el('tr', { dataset: { status: 'skipped' } }, el('th', { scope: 'row' }, e.name), el('td', {}, ''),
        el('td', {}, tag('bad', '未包含')), el('td', {}, ''), el('td', {}, e.reason)));
    }
    $('manifest-table').tBodies[0].replaceChildren(...rows);
    showCharts(end.charts || []);
    labelCells($('manifest-table'));
    $('batch-result').hidden = false;
    setStatus('批处理完成。' + $('batch-summary').textContent);
  }

  // showCharts puts the summary's charts, SVG the service drew (escaped
  // text, no script), into the page as parsed SVG elements.
  function showCharts(svgs) {
    const parser = new DOMParser();
    const nodes = svgs.map((s) => parser.parseFromString(s, 'image/svg+xml').documentElement)
      .filter((n) => n.namespaceURI === 'http://www.w3.org/2000/svg' && !n.querySelector('script'))
      .map((n) => document.importNode(n, true));
    $('batch-charts').replaceChildren(...nodes);
    $('batch-charts').hidden = nodes.length === 0;
  }

  function zipSize(bytes) {
    return bytes < 1048576 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1048576).toFixed(1)} MB`;
  }

  // importFile asks the service for the input JSON of a workbook or a
  // document; one that cannot be imported keeps the reason.
  async function importFile(e) {
    const resp = await call(API + '/import' + query(), { method: 'POST', headers: { 'Content-Type': TYPES[e.kind] }, body: e.file });
    if (resp.ok) {
      const ans = await resp.json();
      e.input = ans.disclosure;
      e.text = JSON.stringify(ans.disclosure);
      return;
    }
    const p = await readProblem(resp);
    e.input = null;
    e.text = '';
    const first = (p.errors || [])[0];
    e.importError = '无法导入：' + (first ? (first.place ? first.place + ' ' : '') + first.message : (p.detail || explain(resp, p, e.kind)));
  }

  // ---- settings ----

  async function loadProfiles() {
    const field = $('profile-field');
    const resp = await call(API + '/profiles', { method: 'GET', headers: { Accept: 'application/json' } });
    if (resp.status === 401) { field.hidden = true; state.profileReady = false; return; }
    state.profileReady = true;
    if (!resp.ok) { field.hidden = true; return; } // 404: the service has no profiles
    let data;
    try { data = await resp.json(); } catch (_) { field.hidden = true; return; }
    const list = (data && data.profiles) || [];
    if (!list.length) { field.hidden = true; return; }
    const sel = $('profile');
    // The first choice sends none: each file keeps the profile it names
    // (the service's default when it names none).
    const own = el('option', { value: '' }, `按文件所写（未写明时用 ${data.default || list[0].name}）`);
    sel.replaceChildren(own, ...list.map((p) => el('option', { value: p.name }, p.title ? `${p.title}（${p.name}）` : p.name)));
    sel.value = '';
    field.hidden = false;
  }

  // loadSigning asks which formats the service signs (GET /formats): the
  // page offers signing only when it has a key.
  async function loadSigning() {
    const resp = await call(API + '/formats', { method: 'GET', headers: { Accept: 'application/json' } });
    if (!resp.ok) return;
    let data;
    try { data = await resp.json(); } catch (_) { return; }
    const signed = ((data && data.formats) || []).filter((f) => f.signed);
    state.signs = Object.fromEntries(signed.map((f) => [f.name, true]));
    $('sign-label').textContent = '签名（' + signed.map((f) => f.label).join('、') + '：PDF 数字签名，OFD 电子印章）';
    $('sign-field').hidden = signed.length === 0;
  }

  // verifyFile checks a signed PDF or sealed OFD with the service.
  async function verifyFile(entry) {
    const resp = await call(API + '/verify', { method: 'POST', headers: { 'Content-Type': SIGNED[entry.kind] }, body: entry.file });
    if (resp.status === 422) {
      entry.status = 'unsigned';
      entry.message = '文档没有签名或电子印章。';
      return;
    }
    if (!resp.ok) {
      entry.status = 'error';
      entry.message = '签名检查失败：' + explain(resp, await readProblem(resp), entry.kind);
      return;
    }
    const res = await resp.json();
    entry.status = res.valid ? 'signed' : 'broken';
    entry.message = (res.signatures || []).map((s) => (s.seal ? `印章“${s.seal}”` : '签名') + `：${s.signer}，${s.time}` +
      (s.error ? `，无效：${s.error}` : s.unchanged ? '，签署后未改动' : '，签署后有改动') +
      (s.trusted ? '，证书可信' : '') +
      (s.timestamp ? `，时间戳 ${s.timestamp.time}（${s.timestamp.authority}）` : '')).join('；');
  }

  // embeddedData asks the service for the data a PDF or OFD made by it
  // carries (disclosure.json), which the row then offers for download.
  async function embeddedData(entry) {
    entry.data = undefined;
    entry.dataNote = '';
    const resp = await call(API + '/import', { method: 'POST', headers: { 'Content-Type': SIGNED[entry.kind] }, body: entry.file });
    if (resp.ok) {
      const ans = await resp.json();
      entry.data = JSON.stringify(ans.disclosure, null, 2) + '\n';
      const d = ans.disclosure || {};
      entry.dataNote = `内嵌评价数据：${[d.department, d.year ? d.year + ' 年度' : ''].filter(Boolean).join(' ')}（disclosure.json）。`;
      return;
    }
    const p = await readProblem(resp);
    entry.dataNote = resp.status === 422 ? '未嵌入评价数据：只有本服务生成的 PDF 和 OFD 带有。' : '未能读取内嵌数据：' + explain(resp, p, entry.kind);
  }

  function saveData(entry) {
    const base = entry.name.replace(/\.[^.]*$/, '');
    save(new Blob([entry.data], { type: 'application/json' }), base + '.disclosure.json');
    setStatus(`已下载 ${base}.disclosure.json（${entry.name} 内嵌的评价数据）。`);
  }

  function saveKey(ev) {
    ev.preventDefault();
    const v = $('api-key').value.trim();
    try {
      if (v) sessionStorage.setItem(KEY_STORE, v); else sessionStorage.removeItem(KEY_STORE);
    } catch (_) { /* storage off: the key lives only in the field */ }
    notice(v ? '密钥已保存（仅本标签页）。' : '密钥已清除。', true);
    if (!state.profileReady) loadProfiles();
    loadSigning();
    const failed = state.entries.filter((e) => e.status === 'error');
    if (failed.length) recheck(failed);
  }

  // ---- wiring ----

  function init() {
    $('api-key').value = apiKey();
    $('key-form').addEventListener('submit', saveKey);
    $('key-clear').addEventListener('click', (ev) => { $('api-key').value = ''; saveKey(ev); });
    $('files').addEventListener('change', (ev) => { addFiles([...ev.target.files]); ev.target.value = ''; });
    const drop = $('drop');
    drop.addEventListener('dragover', (ev) => { ev.preventDefault(); drop.classList.add('over'); });
    drop.addEventListener('dragleave', () => drop.classList.remove('over'));
    drop.addEventListener('drop', (ev) => {
      ev.preventDefault();
      drop.classList.remove('over');
      addFiles([...ev.dataTransfer.files]);
    });
    // A file dropped beside the zone must not replace the page.
    window.addEventListener('dragover', (ev) => ev.preventDefault());
    window.addEventListener('drop', (ev) => ev.preventDefault());
    $('load-example').addEventListener('click', async () => {
      setStatus('正在加载示例…');
      const resp = await call(EXAMPLE, { method: 'GET' });
      if (!resp.ok) { notice('示例加载失败：' + explain(resp, {})); return; }
      const blob = await resp.blob();
      addFiles([new File([blob], 'beijing-finance-2021.json', { type: 'application/json' })]);
    });
    $('clear-files').addEventListener('click', () => {
      state.entries = [];
      state.resumed = false;
      state.selected = null;
      renderFiles();
      renderDetail();
      $('batch-progress-box').hidden = true;
      $('batch-result').hidden = true;
      setStatus('列表已清空。');
    });
    $('profile').addEventListener('change', () => { if (state.entries.length) recheck(state.entries.filter(isInput)); });
    $('preview-form').addEventListener('submit', preview);
    for (const f of Object.keys(FORMATS)) $('dl-' + f).addEventListener('click', () => download(f));
    $('batch-form').addEventListener('submit', runBatch);
    $('show-codes').addEventListener('change', (ev) => $('issues-table').classList.toggle('codes', ev.target.checked));
    loadProfiles();
    loadSigning();
    resumeJob();
    document.documentElement.dataset.ready = 'true';
    // The browser test reads this mark as the time to interactive.
    if (window.performance && performance.mark) performance.mark('jixiao-interactive');
  }

  init();
})();

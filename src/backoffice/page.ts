/**
 * The report page: one HTML document (no build step) that loads ECharts
 * from the back office itself and reads `/api/report`. Sales per pharmacy,
 * till and hour as a stacked bar chart; unbalanced days with their
 * explanations; reversals and uploads pending anywhere in the chain; tills
 * silent for a while; refused pushes. Every label in Chinese and English.
 *
 * @module
 */

export const PAGE_HTML = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>连锁药店医保后台 · Chain back office</title>
<style>
  body { font-family: "WenQuanYi Micro Hei", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; margin: 16px 24px; color: #1f2933; }
  h1 { font-size: 20px; margin: 0 0 4px; }
  h2 { font-size: 16px; margin: 20px 0 6px; border-bottom: 1px solid #d9e2ec; padding-bottom: 3px; }
  .en { color: #627d98; font-weight: normal; font-size: 0.9em; }
  table { border-collapse: collapse; font-size: 13px; }
  td, th { border: 1px solid #d9e2ec; padding: 3px 8px; text-align: left; vertical-align: top; }
  th { background: #f0f4f8; }
  .bad { color: #c62828; font-weight: bold; }
  .ok { color: #2e7d32; }
  #chart { width: 1000px; height: 340px; }
  .none { color: #829ab1; }
</style>
</head>
<body>
<h1>连锁药店医保后台 <span class="en">Chain back office</span></h1>
<div>日期 <span class="en">Day</span>: <b id="day"></b> · 生成于 <span class="en">as of</span> <span id="asof"></span></div>
<h2>每小时销售（按药店/收款台） <span class="en">Sales per hour, by pharmacy and till</span></h2>
<div id="chart"></div>
<h2>对账不平的日子 <span class="en">Unbalanced days</span></h2>
<div id="unbalanced"></div>
<h2>待完成的冲正与上传 <span class="en">Reversals and uploads pending</span></h2>
<div id="pending"></div>
<h2>长时间未推送的收款台 <span class="en">Tills silent for a while</span></h2>
<div id="silent"></div>
<h2>被拒收的推送 <span class="en">Refused pushes</span></h2>
<div id="refusals"></div>
<script src="/assets/echarts.min.js"></script>
<script>
(function () {
  var params = new URLSearchParams(location.search);
  var q = new URLSearchParams();
  if (params.get('date')) q.set('date', params.get('date'));
  if (params.get('token')) q.set('token', params.get('token'));
  function esc(s) { return String(s).replace(/[&<>"]/g, function (c) { return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]; }); }
  function yuan(f) { return (f / 100).toFixed(2); }
  function table(head, rows, none) {
    if (rows.length === 0) return '<div class="none">' + none + '</div>';
    return '<table><tr>' + head.map(function (h) { return '<th>' + h + '</th>'; }).join('') + '</tr>' +
      rows.map(function (r) { return '<tr>' + r.map(function (c) { return '<td>' + c + '</td>'; }).join('') + '</tr>'; }).join('') + '</table>';
  }
  fetch('/api/report?' + q.toString()).then(function (r) { return r.json(); }).then(function (rep) {
    document.getElementById('day').textContent = rep.day;
    document.getElementById('asof').textContent = new Date(rep.now).toISOString().replace('T', ' ').slice(0, 19) + ' UTC';
    var hours = []; for (var h = 0; h < 24; h++) hours.push(String(h).padStart(2, '0') + ':00');
    var keys = {};
    rep.sales.forEach(function (s) { keys[s.pharmacy + ' #' + s.till] = true; });
    var series = Object.keys(keys).sort().map(function (k) {
      var data = hours.map(function () { return 0; });
      rep.sales.forEach(function (s) { if (s.pharmacy + ' #' + s.till === k) data[s.hour] += s.totalFen / 100; });
      return { name: k, type: 'bar', stack: k.split(' ')[0], data: data };
    });
    var chart = echarts.init(document.getElementById('chart'), null, { renderer: 'svg' });
    chart.setOption({
      animation: false,
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { top: 40, left: 60, right: 20, bottom: 30 },
      xAxis: { type: 'category', data: hours, name: '时 hour' },
      yAxis: { type: 'value', name: '元 yuan' },
      series: series
    });
    document.getElementById('unbalanced').innerHTML = table(
      ['药店 Pharmacy', '日期 Day', '说明 Explanation'],
      rep.unbalanced.map(function (u) {
        var ex = (u.report.explanations || []).map(function (e) { return esc(e.zh) + '<br><span class="en">' + esc(e.en) + '</span>'; }).join('<br>');
        var groups = (u.report.groups || []).filter(function (g) { return !g.balanced; }).map(function (g) {
          return '<span class="bad">3201 ' + esc(g.insutype) + '/' + esc(g.clrType) + '/' + esc(g.setlOptins) + ' 不平 unbalanced</span>';
        }).join('<br>');
        return [esc(u.pharmacy), esc(u.day), (groups ? groups + '<br>' : '') + (ex || '<span class="none">无 none</span>')];
      }),
      '全部平 <span class="en">all balanced</span>');
    var pend = [];
    rep.tills.forEach(function (t) {
      t.pendingReversals.forEach(function (r) { pend.push([esc(t.pharmacy), t.till, '冲正 reversal', esc(r.msgid), yuan(r.amountFen)]); });
      if (t.pendingUploads > 0) pend.push([esc(t.pharmacy), t.till, '上传 upload (3505/3506)', t.pendingUploads + ' 笔 pending', '']);
      if (t.unpushed > 0) pend.push([esc(t.pharmacy), t.till, '未推送 not pushed', t.unpushed + ' 笔 entries', '']);
    });
    document.getElementById('pending').innerHTML = table(['药店 Pharmacy', '收款台 Till', '类别 Kind', '报文 msgid', '金额 Amount (元)'], pend, '无 <span class="en">none</span>');
    var silent = rep.tills.filter(function (t) { return t.lastPushAt === null || rep.now - t.lastPushAt > rep.silentAfterMs; });
    document.getElementById('silent').innerHTML = table(['药店 Pharmacy', '收款台 Till', '最后推送 Last push'],
      silent.map(function (t) { return [esc(t.pharmacy), t.till, t.lastPushAt === null ? '<span class="bad">从未 never</span>' : '<span class="bad">' + new Date(t.lastPushAt).toISOString().replace('T', ' ').slice(0, 16) + ' UTC</span>']; }),
      '无 <span class="en">none</span>');
    document.getElementById('refusals').innerHTML = table(['药店 Pharmacy', '原因 Reason', '次数 Count'],
      rep.refusals.map(function (r) { return [esc(r.pharmacy || '(未知 unknown)'), esc(r.reason), r.count]; }), '无 <span class="en">none</span>');
    document.body.setAttribute('data-ready', '1');
  });
})();
</script>
</body>
</html>
`;

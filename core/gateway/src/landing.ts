/**
 * What `/` shows until the console (ui/console) is built: a plain page, zh-CN first, that
 * says the node is up and where the API and its documentation are.
 */
export function landingPage(health: { ok: boolean; plugins: Array<{ id: string; version: string | null; state: string }> }): string {
  const rows = health.plugins.map((p) => `<tr><td>${escape(p.id)}</td><td>${escape(p.version ?? "")}</td><td>${escape(p.state)}</td></tr>`).join("");
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>安居 Anju</title>
<style>body{font-family:"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;max-width:760px;margin:40px auto;padding:0 16px;color:#1f2d3d}
h1{font-size:28px}table{border-collapse:collapse;width:100%}td,th{border:1px solid #dcdfe6;padding:6px 10px;text-align:left}
.ok{color:#67c23a}.bad{color:#f56c6c}code{background:#f4f4f5;padding:2px 4px}</style></head>
<body><h1>安居 · 智慧平安小区平台</h1>
<p class="${health.ok ? "ok" : "bad"}">节点状态 / Node status：${health.ok ? "正常 OK" : "异常 degraded"}</p>
<p>接口文档 / API: <a href="/api/openapi.json">/api/openapi.json</a> · 健康检查 / Health: <a href="/api/health">/api/health</a></p>
<h2>已安装插件 / Installed plugins</h2>
<table><thead><tr><th>插件 Plugin</th><th>版本 Version</th><th>状态 State</th></tr></thead><tbody>${rows}</tbody></table>
<p>管理控制台将在 <code>ui/console</code> 构建后在此提供。/ The console is served here once <code>ui/console</code> is built.</p>
</body></html>`;
}

function escape(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

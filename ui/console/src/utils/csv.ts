/** CSV for spreadsheet programs: a BOM so Excel reads UTF-8 Chinese, quoted fields, CRLF rows. */
export function toCsv(header: string[], rows: unknown[][]): string {
  const quote = (v: unknown) => {
    const s = v === null || v === undefined ? "" : typeof v === "object" ? JSON.stringify(v) : String(v);
    // A leading = + - @ would be read as a formula (CSV injection): prefix it.
    const safe = /^[=+\-@]/.test(s) ? `'${s}` : s;
    return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  return "\uFEFF" + [header, ...rows].map((r) => r.map(quote).join(",")).join("\r\n") + "\r\n";
}

export function download(filename: string, text: string, type = "text/csv;charset=utf-8"): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

"""Provides the report page's stylesheet: screen and print, system fonts, no web requests."""

from __future__ import annotations

CSS = """
:root { --ink: #1d2330; --muted: #5f6b7a; --line: #d9dee5; --soft: #f4f6f9;
  --accent: #2f6fb0; --ok: #2e8b57; --low: #c0504d; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff;
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", sans-serif; }
main { max-width: 1040px; margin: 0 auto; padding: 28px 32px 48px; }
header { border-bottom: 3px solid var(--accent); margin-bottom: 20px; }
h1 { font-size: 26px; margin: 0 0 4px; }
header p { color: var(--muted); margin: 0 0 12px; }
h2 { font-size: 19px; margin: 28px 0 10px; }
h3 { font-size: 14px; margin: 16px 0 6px; color: var(--muted); text-transform: uppercase;
  letter-spacing: .04em; }
table { border-collapse: collapse; width: 100%; margin: 4px 0 8px; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line);
  vertical-align: top; overflow-wrap: anywhere; }
th { background: var(--soft); font-weight: 600; font-size: 12.5px; }
th.n, td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tbody tr:nth-child(even) td { background: #fafbfc; }
.person { border-top: 1px solid var(--line); margin-top: 28px; }
.figs { display: grid; grid-template-columns: repeat(5, 1fr); gap: 10px; }
.fig { background: var(--soft); border-radius: 6px; padding: 10px 12px; }
.fig span { display: block; color: var(--muted); font-size: 12px; }
.fig strong { display: block; font-size: 22px; font-variant-numeric: tabular-nums; }
.fig small { color: var(--muted); }
.charts { display: grid; grid-template-columns: 1fr 1fr; gap: 18px; }
svg { display: block; max-width: 100%; height: auto; }
svg .bar { fill: var(--accent); }
svg .bar.ok { fill: var(--ok); }
svg .bar.low { fill: var(--low); }
svg .track { fill: var(--soft); }
svg .axis { stroke: var(--line); }
svg .target { stroke: var(--ink); stroke-width: 2; stroke-dasharray: 4 3; }
svg text { font: 11px system-ui, sans-serif; fill: var(--muted); }
svg .label, svg .value { font-size: 12px; fill: var(--ink); }
.cal { background: var(--soft); border-left: 3px solid var(--accent); padding: 8px 12px; }
@media (max-width: 800px) { .figs { grid-template-columns: repeat(2, 1fr); }
  .charts { grid-template-columns: 1fr; } }
@page { size: A4; margin: 14mm; }
@media print {
  body { font-size: 11px; }
  main { max-width: none; padding: 0; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .person { break-before: page; border-top: none; margin-top: 0; }
  .charts, .figs, tr, .cal { break-inside: avoid; }
  thead { display: table-header-group; }
  h2, h3 { break-after: avoid; }
}
"""

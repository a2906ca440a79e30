namespace AnomalyPlatform.RootCause.Output.Report;

/// <summary>The report's style sheet, inline so that the file opens offline; system fonts only, no web font to fetch.</summary>
internal static class ReportStyle
{
    public const string Css = """
        :root{--fg:#1f2328;--muted:#656d76;--line:#d0d7de;--bg:#fff;--soft:#f6f8fa;--blue:#0969da;--red:#cf222e;--orange:#bc4c00}
        *{box-sizing:border-box}
        body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:var(--fg);background:var(--bg);margin:0 auto;max-width:1180px;padding:16px 24px 48px}
        header{border-bottom:1px solid var(--line);margin-bottom:8px}
        h1{font-size:22px;margin:8px 0 4px} h2{font-size:18px;margin:28px 0 8px;padding-top:8px;border-top:1px solid var(--line)}
        h3{font-size:15px;margin:16px 0 6px} h4{font-size:13px;margin:12px 0 4px;color:var(--muted);text-transform:uppercase;letter-spacing:.04em}
        nav a{margin-right:14px;color:var(--blue);text-decoration:none} .sub{color:var(--muted);font-weight:normal;font-size:13px}
        .cards{display:flex;flex-wrap:wrap;gap:10px;margin:8px 0} .card{border:1px solid var(--line);border-radius:6px;padding:8px 14px;min-width:120px;background:var(--soft)}
        .card .value{font-size:20px;font-weight:600} .card .label{color:var(--muted);font-size:12px}
        table{border-collapse:collapse;margin:6px 0;font-size:13px} th,td{border-bottom:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
        th{background:var(--soft);font-weight:600} td.num,th.num{text-align:right;font-variant-numeric:tabular-nums} tr.total td{font-weight:600}
        td ul{margin:0;padding-left:16px} .note{color:var(--muted);font-size:12px}
        .heat{background:rgb(calc(255 - 120*var(--r)) calc(235 - 20*var(--r)) calc(235 - 100*var(--r)))}
        .meter{display:inline-block;width:60px;height:8px;background:#eaeef2;border-radius:4px;vertical-align:middle;overflow:hidden}
        .meter.wide{width:160px} .meter span{display:block;height:100%;background:var(--blue)}
        .columns{display:flex;flex-wrap:wrap;gap:24px} .columns>div{flex:2 1 420px;min-width:0} .columns>div:first-child{flex:3 1 520px}
        article.incident{border:1px solid var(--line);border-radius:8px;padding:4px 16px 12px;margin:16px 0}
        blockquote{margin:4px 0;padding:8px 12px;background:var(--soft);border-left:3px solid var(--blue);white-space:pre-wrap}
        .badge{font-size:11px;padding:1px 6px;border-radius:10px;color:#fff} .hit{background:#1a7f37} .miss{background:var(--red)}
        table.known td{white-space:nowrap} table.known tr td:first-child{border-left:4px solid transparent} table.known tr.missed td:first-child{border-left-color:var(--red)}
        table.known tr.top-three td:first-child{border-left-color:#bf8700} table.known tr.first td:first-child{border-left-color:#1a7f37}
        figure{margin:8px 0} figcaption{color:var(--muted);font-size:12px}
        .key{display:inline-block;width:14px;height:10px;margin:0 4px 0 10px;vertical-align:middle}
        .key.band{background:#b6d4f7}.key.mean{height:2px;background:var(--blue)}.key.instance{height:0;border-top:2px dashed #bf8700;background:none}.key.anomaly{width:9px;height:9px;border-radius:50%;background:var(--red)}
        .key.tick{width:3px;background:var(--red)}.key.window{border:1.5px dashed var(--blue)}.key.fault{background:#ffd8b5}
        svg.chart{display:block;max-width:100%;height:auto;font-size:11px}
        svg text{fill:var(--fg)} svg .tick{fill:var(--muted);font-size:10px} svg .label{fill:var(--muted)} svg .service{font-weight:600}
        svg .metric{fill:var(--muted)} svg .legend{font-size:11px}
        svg .grid{stroke:#eaeef2} svg .pause{fill:#eaeef2} svg .axis{stroke:var(--line)} svg .panel{fill:none;stroke:var(--line)}
        svg .injected{fill:var(--orange);fill-opacity:.75;stroke:#953800} svg .detected{fill:var(--blue);stroke:#0550ae}
        svg .detected.unpaged{fill:#fff;stroke:var(--blue);stroke-width:1.5} svg .detected.minor{opacity:.45} svg .histogram{fill:var(--red);opacity:.7}
        svg .fault{fill:#ffd8b5;opacity:.7} svg .window{fill:#ddf4ff;fill-opacity:.35;stroke:var(--blue);stroke-dasharray:4 3}
        svg .band{fill:#b6d4f7;opacity:.8} svg .mean{fill:none;stroke:var(--blue);stroke-width:1.3} svg .instance{fill:none;stroke:#bf8700;stroke-width:1.6;stroke-dasharray:5 3} svg .anomaly{fill:var(--red);stroke:#fff;stroke-width:1} svg .reading{fill:var(--blue)}
        svg .event-tick{fill:var(--red);opacity:.8}
        svg .edge{stroke:#8c959f;stroke-width:1.2} svg .node{fill:var(--soft);stroke:#8c959f} svg .node.involved{fill:#ffebe9;stroke:var(--red)}
        svg .node.root{fill:var(--red);stroke:var(--red)} svg .node.root+text{fill:#fff;font-weight:600} svg .node-label{font-size:11px}
        svg .curve{fill:none;stroke-width:2} svg .curve.every-record{stroke-width:1.5;stroke-dasharray:2 3} .s0{stroke:#0969da}.s1{stroke:#bc4c00}.s2{stroke:#8250df}.s3{stroke:#1a7f37}.s4{stroke:#cf222e}.s5{stroke:#1f2328}.s6{stroke:#bf8700}.s7{stroke:#57606a}
        details summary{cursor:pointer;color:var(--blue);margin:6px 0}
        """;
}

package org.hetabench.jobs.report.html;

/**
 * The one stylesheet of every report page, inlined into each page so that a page opened from disk, a
 * mail attachment or an air-gapped machine looks the same: no external CSS, fonts, scripts or images.
 */
public final class PageStyle {
    private PageStyle() {}

    /** The CSS text. */
    public static final String CSS = String.join("\n",
            "body{font-family:-apple-system,'Segoe UI',Roboto,'DejaVu Sans',sans-serif;margin:1.5em;color:#212121;"
                    + "max-width:80em;line-height:1.4}",
            "h1{font-size:1.4em;margin:0 0 .4em}h2{font-size:1.15em;margin:1.4em 0 .4em;border-bottom:1px solid #ddd}",
            "dl.meta{display:grid;grid-template-columns:max-content auto;gap:.1em 1em;margin:0}",
            "dl.meta dt{font-weight:600}dl.meta dd{margin:0;font-family:monospace;white-space:pre-wrap;word-break:break-all}",
            ".tokens{font-family:'DejaVu Sans Mono',monospace;line-height:2.1;font-size:1.05em}",
            ".tok{white-space:pre;padding:.15em .05em;border-radius:2px;unicode-bidi:isolate;direction:ltr}",
            ".dark{color:#fff}",
            ".tokens{overflow-wrap:anywhere;max-width:100%}.tokens .tok{white-space:pre-wrap;display:inline}",
            "pre.config{margin:0;white-space:pre-wrap;overflow-wrap:anywhere;background:#fafafa;padding:.4em}",
            ".hrow{margin:.4em 0}.hlabel{font-weight:600}",
            ".tok.clipped{outline:2px dashed #212121;outline-offset:-2px}",
            ".tok.evidence{text-decoration:underline;text-decoration-thickness:2px}",
            ".tok.target{outline:2px solid #212121;background:#fff59d;margin-left:.3em}",
            ".arrow{color:#757575;margin-left:.3em}",
            ".ctl{font-size:.75em;color:#6a1b9a;background:#f3e5f5;border:1px dashed #6a1b9a;border-radius:2px}",
            "table{border-collapse:collapse;margin:.3em 0}th,td{border:1px solid #e0e0e0;padding:.2em .4em;text-align:left}",
            "td.num{text-align:right;font-family:monospace}",
            "table.cmp td.tok{font-family:'DejaVu Sans Mono',monospace;text-align:center}",
            "table.cmp th.pos{font-weight:400;color:#757575;font-size:.8em;text-align:center}",
            ".legend{display:flex;align-items:center;gap:.6em;flex-wrap:wrap;margin:.6em 0}",
            ".legend .bar{display:inline-flex}.legend .sw{display:inline-block;width:3.2em;text-align:center;"
                    + "font-size:.8em;padding:.2em 0;border:1px solid #e0e0e0}",
            ".note{color:#616161;font-size:.9em}.failed{color:#b71c1c}",
            ".plots{display:flex;flex-wrap:wrap;gap:1em}.plots figure{margin:0;border:1px solid #eee;padding:.4em;"
                    + "flex:0 1 36em}",
            ".plots img{width:100%;height:auto;display:block}",
            "ul.links{columns:2}");
}

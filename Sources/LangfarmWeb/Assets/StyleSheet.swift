/// `/static/app.css`: the UI's only style sheet, written for this project.
enum StyleSheet {
    static let text = """
        :root { --ink: #1d2330; --muted: #5d6678; --line: #d9dde5; --accent: #2455c3; --bg: #f7f8fa; --error: #b42318; --warning: #a15c07; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--bg); }
        a { color: var(--accent); }
        main { padding: 16px 24px; }
        .top { display: flex; align-items: center; gap: 16px; padding: 8px 24px; background: #fff; border-bottom: 1px solid var(--line); }
        .top .brand { font-weight: 700; text-decoration: none; color: var(--ink); }
        .top nav { display: flex; gap: 12px; }
        .top nav a { text-decoration: none; }
        .top .project { color: var(--muted); }
        .sign-out { margin-left: auto; display: flex; gap: 8px; align-items: center; }
        .who { color: var(--muted); }
        button { font: inherit; padding: 4px 12px; border: 1px solid var(--line); border-radius: 4px; background: #fff; cursor: pointer; }
        button[type=submit] { background: var(--accent); color: #fff; border-color: var(--accent); }
        input, select { font: inherit; padding: 4px 8px; border: 1px solid var(--line); border-radius: 4px; background: #fff; }
        .sign-in { max-width: 360px; margin: 10vh auto; background: #fff; padding: 24px; border: 1px solid var(--line); border-radius: 8px; }
        .sign-in form { display: grid; gap: 8px; }
        .sign-in button { margin-top: 8px; }
        .error { color: var(--error); }
        .toolbar { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin-bottom: 8px; }
        .toolbar input[type=search] { min-width: 280px; }
        .count, .empty { color: var(--muted); }
        .table-scroll { overflow-x: auto; background: #fff; border: 1px solid var(--line); border-radius: 6px; }
        table { border-collapse: collapse; width: 100%; }
        th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
        th { font-weight: 600; color: var(--muted); white-space: nowrap; }
        tbody tr:focus-within, tbody tr.current { background: #eef3ff; }
        .number { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
        .nowrap { white-space: nowrap; }
        .preview { max-width: 260px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; color: var(--muted); }
        .tag { display: inline-block; padding: 0 6px; margin: 0 4px 2px 0; border-radius: 10px; background: #e8ecf5; font-size: 12px; }
        .level { display: inline-block; padding: 0 6px; border-radius: 10px; font-size: 12px; margin-right: 4px; }
        .level.error { background: #fde8e7; color: var(--error); }
        .level.warning { background: #fdf1dc; color: var(--warning); }
        .pager { display: flex; gap: 12px; margin-top: 12px; align-items: center; }
        .trace-header h1 { margin: 0 0 4px; }
        .trace-id { color: var(--muted); margin: 0 0 8px; }
        .facts { display: flex; flex-wrap: wrap; gap: 8px 24px; margin: 0 0 16px; }
        .facts dt { color: var(--muted); font-size: 12px; }
        .facts dd { margin: 0; }
        .trace-body { display: grid; grid-template-columns: minmax(260px, 1fr) 2fr; gap: 16px; }
        .tree, .detail { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 8px; overflow: auto; }
        .tree ul { list-style: none; margin: 0; padding-left: 16px; }
        .tree > ul { padding-left: 0; }
        .node { display: flex; gap: 6px; padding: 2px 4px; border-radius: 4px; text-decoration: none; color: var(--ink); }
        .node.selected { background: #eef3ff; }
        .node.level-ERROR { color: var(--error); }
        .node.level-WARNING { color: var(--warning); }
        .node .duration, .node .cost { margin-left: auto; color: var(--muted); font-size: 12px; }
        .node .cost { margin-left: 8px; }
        .type { font-size: 11px; color: var(--muted); text-transform: uppercase; }
        pre.json { white-space: pre-wrap; word-break: break-word; background: var(--bg); padding: 8px; border-radius: 4px; max-height: 60vh; overflow: auto; }
        .message { max-width: 560px; margin: 10vh auto; }
        .filters { flex-basis: 100%; border: 1px solid var(--line); border-radius: 6px; padding: 4px 8px; margin: 0; }
        .filters legend { color: var(--muted); font-size: 12px; }
        .filter-row { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; margin: 4px 0; }
        .filter-row label { color: var(--muted); font-size: 12px; }
        th a { color: inherit; text-decoration: none; }
        .cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(320px, 1fr)); gap: 16px; }
        .card { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 12px; }
        .card h2 { font-size: 14px; margin: 0 0 8px; color: var(--muted); }
        .card.wide { grid-column: span 2; }
        .card .big { font-size: 28px; margin: 0; font-variant-numeric: tabular-nums; }
        svg.chart { width: 100%; height: auto; }
        .muted { color: var(--muted); }
        .notice { color: #05603a; }
        button.danger { background: #fff; color: var(--error); border-color: var(--error); }
        .settings { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 12px; margin-bottom: 16px; }
        .settings h2 { margin-top: 0; font-size: 16px; }
        .inline-form { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; margin: 8px 0; }
        .new-key { background: #fdf1dc; padding: 8px; border-radius: 4px; }
        .conversation { list-style: none; padding: 0; display: grid; gap: 12px; max-width: 900px; }
        .turn { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; }
        .turn-head { margin: 0 0 6px; }
        .message { display: grid; grid-template-columns: 90px 1fr; gap: 8px; margin: 4px 0; }
        .message pre { margin: 0; white-space: pre-wrap; word-break: break-word; font: inherit; }
        .message.reply pre { background: #eef3ff; padding: 4px 8px; border-radius: 4px; }
        .role { color: var(--muted); font-size: 12px; text-transform: uppercase; }
        svg.chart rect { fill: var(--accent); }
        svg.chart .axis { font-size: 11px; fill: var(--muted); }
        .trace-body.with-timeline { grid-template-columns: 3fr 2fr; }
        .observations { min-width: 0; }
        .tabs { display: flex; gap: 12px; margin-bottom: 6px; }
        .tabs a[aria-current=page] { font-weight: 600; color: var(--ink); text-decoration: none; }
        .timeline { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 8px; overflow: auto; }
        .timeline table { table-layout: fixed; width: 100%; }
        .timeline th:first-child { width: 38%; }
        .timeline th:last-child { width: 70px; }
        .timeline td { padding: 2px 6px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
        .timeline td a { text-decoration: none; color: var(--ink); }
        .timeline tr.selected { background: #eef3ff; }
        .timeline tr.level-ERROR a { color: var(--error); }
        .timeline svg { display: block; width: 100%; height: 12px; }
        .timeline rect { fill: #8aa6e6; }
        .timeline rect.type-GENERATION { fill: var(--accent); }
        .timeline tr.level-ERROR rect { fill: var(--error); }
        .timeline .axis svg line { stroke: var(--muted); }
        .timeline .ticks { display: flex; justify-content: space-between; font-size: 11px; font-weight: 400; }
        .timeline .duration { color: var(--muted); font-size: 12px; text-align: right; }
        .timeline .zoom { font-size: 11px; color: var(--accent); }
        \(depthIndents)
        .trace-actions { display: flex; flex-wrap: wrap; gap: 8px; align-items: flex-start; margin-bottom: 16px; }
        .trace-actions .inline-form { margin: 0; }
        .tag-editor textarea { display: block; font: inherit; width: 280px; margin: 4px 0; }
        .bookmark { color: #d9a200; }
        .public-note { background: #eef7ee; padding: 6px 8px; border-radius: 4px; }
        .saved-views { display: flex; flex-wrap: wrap; gap: 8px 24px; align-items: center; margin: 8px 0; }
        .saved-views nav { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; }
        .saved-view { display: inline-flex; align-items: center; gap: 2px; background: #fff; border: 1px solid var(--line); border-radius: 12px; padding: 0 4px 0 10px; }
        .saved-view .inline-form { margin: 0; }
        button.link { background: none; border: none; color: var(--muted); padding: 0 4px; }
        .detail summary { cursor: pointer; }
        .detail summary h3 { display: inline; font-size: 15px; }
        .detail details { margin: 8px 0; }
        table.scores th { color: var(--ink); }
        .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
        .columns { position: relative; }
        .columns summary { cursor: pointer; color: var(--accent); }
        .columns[open] { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 6px 8px; display: flex; flex-wrap: wrap; gap: 4px 12px; }
        .columns[open] summary { flex-basis: 100%; }
        .traces-area.peeking { display: grid; grid-template-columns: minmax(0, 3fr) minmax(320px, 2fr); gap: 16px; align-items: start; }
        .peek-panel { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; position: sticky; top: 8px; max-height: calc(100vh - 16px); overflow: auto; }
        .peek-panel h2 { margin: 4px 0; font-size: 18px; }
        a.peek { font-size: 12px; }
        th[aria-sort=descending] a::after { content: " ↓"; }
        th[aria-sort=ascending] a::after { content: " ↑"; }
        """

    /// The timeline's name column indents each tree level (`TraceTimeline.maximumDepth`);
    /// classes rather than inline styles, which the Content-Security-Policy forbids.
    private static var depthIndents: String {
        (0...TraceTimeline.maximumDepth).map { ".timeline td.depth-\($0) { padding-left: \(6 + 14 * $0)px; }" }.joined(separator: "\n        ")
    }
}

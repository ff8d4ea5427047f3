/// `/project/{projectId}/traces`: the search box, page size, filters, columns and live mode,
/// the table, the peek panel and the pager. The form is a plain GET, so the URL holds the
/// whole view and can be shared.
enum TracesTemplate {
    static let text = """
        {{<layout}}
        {{$title}}Traces{{/title}}
        {{$body}}
        <h1>Traces</h1>
        <form class="toolbar" method="get" role="search">
          <label for="search">Search</label>
          <input id="search" name="search" type="search" value="{{search}}" placeholder="id, name, user, session or words">
          <label for="searchType">Search in</label>
          <select id="searchType" name="searchType">
            <option value="id"{{#searchById}} selected{{/searchById}}>IDs / names</option>
            <option value="content"{{^searchById}} selected{{/searchById}}>Full text</option>
          </select>
          <label for="limit">Rows</label>
          <select id="limit" name="limit">
            {{#limits}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/limits}}
          </select>
          <details class="columns">
            <summary>Columns</summary>
            {{#columnChoices}}<label><input type="checkbox" name="columns" value="{{columnValue}}"{{#columnShown}} checked{{/columnShown}}> {{columnLabel}}</label>{{/columnChoices}}
          </details>
          <label><input type="checkbox" name="live" value="1"{{#live}} checked{{/live}}> Live</label>
          {{> filters}}
          {{#orderBy}}<input type="hidden" name="orderBy" value="{{orderBy}}">{{/orderBy}}
          <button type="submit">Apply</button>
        </form>
        <div class="saved-views">
          <nav aria-label="Saved views">
            <span class="muted">Saved views:</span>
            {{#savedViews}}<span class="saved-view"><a href="{{viewHref}}">{{viewName}}</a>{{#viewDeleteAction}}<form method="post" action="{{viewDeleteAction}}" class="inline-form"><input type="hidden" name="_csrf" value="{{chrome.csrf}}"><button type="submit" class="link" aria-label="Delete view {{viewName}}">×</button></form>{{/viewDeleteAction}}</span>{{/savedViews}}
            {{^savedViews}}<span class="muted">none yet</span>{{/savedViews}}
          </nav>
          {{#saveViewToken}}
          <form method="post" action="{{saveViewAction}}" class="inline-form">
            <input type="hidden" name="_csrf" value="{{saveViewToken}}">
            <input type="hidden" name="query" value="{{currentQuery}}">
            <label for="view-name">View name</label>
            <input id="view-name" name="name" maxlength="100" required>
            <button type="submit">Save view</button>
          </form>
          {{/saveViewToken}}
        </div>
        {{#error}}<p class="error" role="alert">{{error}}</p>{{/error}}
        <p class="count">{{total}} · Download <a href="{{csvHref}}">CSV</a> <a href="{{jsonlHref}}">JSON Lines</a></p>
        <div class="traces-area{{#peek}} peeking{{/peek}}">
        <div class="table-scroll">
        <table class="traces"{{#live}} data-live="5"{{/live}}>
          <thead><tr>
            {{#headers}}<th aria-sort="{{sort}}">{{#href}}<a href="{{href}}">{{label}}</a>{{/href}}{{^href}}{{label}}{{/href}}</th>{{/headers}}<th><span class="visually-hidden">Peek</span></th>
          </tr></thead>
          <tbody>
          {{#rows}}
          <tr>
            {{> cells}}
            <td><a class="peek" href="{{peekHref}}">Peek</a></td>
          </tr>
          {{/rows}}
          </tbody>
        </table>
        </div>
        {{#peek}}
        <aside class="peek-panel" aria-label="Peek">
          <p><a href="{{peekCloseHref}}">Close</a> · <a href="{{peekHref}}">Open trace</a></p>
          <h2>{{peekName}}</h2>
          <p class="trace-id"><code>{{peekId}}</code></p>
          <dl class="facts">{{#peekFacts}}<div><dt>{{label}}</dt><dd>{{value}}</dd></div>{{/peekFacts}}</dl>
          {{#peekSections}}
          <h3>{{title}}</h3>
          {{#messages}}<div class="message"><span class="role">{{role}}</span><pre class="json">{{text}}</pre></div>{{/messages}}
          {{#cutNote}}<p class="muted">{{cutNote}} <a href="{{fullHref}}">Open the trace</a></p>{{/cutNote}}
          {{/peekSections}}
        </aside>
        {{/peek}}
        </div>
        {{^rows}}<p class="empty">No traces match.</p>{{/rows}}
        {{> pager}}
        {{/body}}
        {{/layout}}
        """

    /// A traces-table row's cells (`TraceTableCell`), shared with the user page's table.
    static let cells = """
        {{#rowCells}}<td{{#cellClass}} class="{{cellClass}}"{{/cellClass}}>{{#cellBookmarked}}<span class="bookmark" aria-label="Bookmarked">★</span> {{/cellBookmarked}}{{#cellHref}}<a href="{{cellHref}}">{{cellText}}</a>{{/cellHref}}{{^cellHref}}{{cellText}}{{/cellHref}}{{#cellTags}}<span class="tag">{{.}}</span>{{/cellTags}}{{#cellErrors}}<span class="level error">{{cellErrors}} error</span>{{/cellErrors}}{{#cellWarnings}}<span class="level warning">{{cellWarnings}} warning</span>{{/cellWarnings}}</td>{{/rowCells}}
        """
}

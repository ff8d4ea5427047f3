/// `/project/{projectId}/users` and `/project/{projectId}/users/{userId}`.
enum UsersTemplate {
    static let list = """
        {{<layout}}
        {{$title}}Users{{/title}}
        {{$body}}
        <h1>Users</h1>
        <form class="toolbar" method="get">
          <label for="range">Time range</label>
          <select id="range" name="range">{{#ranges}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/ranges}}</select>
          <button type="submit">Apply</button>
        </form>
        {{#limited}}<p class="count">The 200 users with the most traces in this range.</p>{{/limited}}
        <div class="table-scroll">
        <table class="users">
          <thead><tr><th>User</th><th>First event</th><th>Last event</th><th>Traces</th><th>Tokens</th><th>Cost</th></tr></thead>
          <tbody>
          {{#rows}}<tr><td><a href="{{href}}">{{userId}}</a></td><td class="nowrap">{{firstEvent}}</td><td class="nowrap">{{lastEvent}}</td><td class="number">{{traces}}</td><td class="number">{{tokens}}</td><td class="number">{{cost}}</td></tr>{{/rows}}
          </tbody>
        </table>
        </div>
        {{^rows}}<p class="empty">No traces with a userId in this time range.</p>{{/rows}}
        {{/body}}
        {{/layout}}
        """

    static let detail = """
        {{<layout}}
        {{$title}}User {{userId}}{{/title}}
        {{$body}}
        <header class="trace-header">
          <h1>User {{userId}}</h1>
          <p class="muted">Totals over the {{rangeLabel}}.</p>
          <dl class="facts">{{#facts}}<div><dt>{{label}}</dt><dd>{{value}}</dd></div>{{/facts}}</dl>
          <p><a href="{{tracesHref}}">All of this user's traces</a></p>
        </header>
        <h2>Latest traces</h2>
        <div class="table-scroll">
        <table class="traces">
          <thead><tr><th>Timestamp</th><th>Name</th><th>Input</th><th>Output</th><th>Latency</th><th>Cost</th></tr></thead>
          <tbody>
          {{#rows}}<tr>{{> cells}}</tr>{{/rows}}
          </tbody>
        </table>
        </div>
        {{/body}}
        {{/layout}}
        """
}

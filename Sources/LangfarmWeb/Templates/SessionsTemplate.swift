/// `/project/{projectId}/sessions` and `/project/{projectId}/sessions/{sessionId}`.
enum SessionsTemplate {
    static let list = """
        {{<layout}}
        {{$title}}Sessions{{/title}}
        {{$body}}
        <h1>Sessions</h1>
        <p class="count">{{total}}{{#partial}} (totals cover the first 5,000 traces of this page){{/partial}}</p>
        <div class="table-scroll">
        <table class="sessions">
          <thead><tr><th>Session</th><th>Created</th><th>Duration</th><th>Users</th><th>Traces</th><th>Cost</th><th>Tokens</th></tr></thead>
          <tbody>
          {{#rows}}<tr><td><a href="{{href}}">{{sessionId}}</a></td><td class="nowrap">{{created}}</td><td class="number">{{duration}}</td>
          <td class="number">{{users}}</td><td class="number">{{traces}}</td><td class="number">{{cost}}</td><td class="number">{{tokens}}</td></tr>{{/rows}}
          </tbody>
        </table>
        </div>
        {{^rows}}<p class="empty">No sessions yet: traces with a sessionId make one.</p>{{/rows}}
        {{> pager}}
        {{/body}}
        {{/layout}}
        """

    static let detail = """
        {{<layout}}
        {{$title}}Session {{sessionId}}{{/title}}
        {{$body}}
        <header class="trace-header">
          <h1>Session {{sessionId}}</h1>
          <dl class="facts">
            <div><dt>Created</dt><dd>{{created}}</dd></div>
            <div><dt>Environment</dt><dd>{{environment}}</dd></div>
            {{#facts}}<div><dt>{{label}}</dt><dd>{{value}}</dd></div>{{/facts}}
          </dl>
        </header>
        <ol class="conversation">
          {{#turns}}
          <li class="turn">
            <p class="turn-head"><a href="{{traceHref}}">{{traceName}}</a> <span class="muted">{{time}}</span></p>
            {{#input}}<div class="message"><span class="role">{{role}}</span><pre>{{text}}</pre></div>{{/input}}
            {{#output}}<div class="message reply"><span class="role">{{role}}</span><pre>{{text}}</pre></div>{{/output}}
          </li>
          {{/turns}}
        </ol>
        {{/body}}
        {{/layout}}
        """
}

/// `/project/{projectId}/traces`: the search box, page size, the table and the pager. The form
/// is a plain GET, so the URL holds the whole view and can be shared.
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
            {{#limits}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{value}}</option>{{/limits}}
          </select>
          <button type="submit">Apply</button>
        </form>
        <p class="count">{{total}}</p>
        <div class="table-scroll">
        <table class="traces">
          <thead><tr>
            <th>Timestamp</th><th>Name</th><th>Input</th><th>Output</th><th>Levels</th><th>Latency</th>
            <th>Tokens</th><th>Cost</th><th>Environment</th><th>Tags</th><th>User</th><th>Session</th>
          </tr></thead>
          <tbody>
          {{#rows}}
          <tr>
            <td class="nowrap"><a href="{{href}}">{{timestamp}}</a></td>
            <td>{{name}}</td>
            <td class="preview">{{input}}</td>
            <td class="preview">{{output}}</td>
            <td class="nowrap">{{#errors}}<span class="level error">{{errors}} error</span>{{/errors}}{{#warnings}}<span class="level warning">{{warnings}} warning</span>{{/warnings}}</td>
            <td class="number">{{latency}}</td>
            <td class="number">{{tokens}}</td>
            <td class="number">{{cost}}</td>
            <td>{{environment}}</td>
            <td>{{#tags}}<span class="tag">{{.}}</span>{{/tags}}</td>
            <td>{{userId}}</td>
            <td>{{sessionId}}</td>
          </tr>
          {{/rows}}
          </tbody>
        </table>
        </div>
        {{^rows}}<p class="empty">No traces match.</p>{{/rows}}
        <nav class="pager" aria-label="Pages">
          {{#previous}}<a rel="prev" href="{{previous}}">Previous</a>{{/previous}}
          <span>Page {{page}} of {{pages}}</span>
          {{#next}}<a rel="next" href="{{next}}">Next</a>{{/next}}
        </nav>
        {{/body}}
        {{/layout}}
        """
}

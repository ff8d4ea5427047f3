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
            {{#limits}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/limits}}
          </select>
          {{> filters}}
          {{#orderBy}}<input type="hidden" name="orderBy" value="{{orderBy}}">{{/orderBy}}
          <button type="submit">Apply</button>
        </form>
        {{#error}}<p class="error" role="alert">{{error}}</p>{{/error}}
        <p class="count">{{total}} · Download <a href="{{csvHref}}">CSV</a> <a href="{{jsonlHref}}">JSON Lines</a></p>
        <div class="table-scroll">
        <table class="traces">
          <thead><tr>
            {{#headers}}<th aria-sort="{{sort}}">{{#href}}<a href="{{href}}">{{label}}</a>{{/href}}{{^href}}{{label}}{{/href}}</th>{{/headers}}
          </tr></thead>
          <tbody>
          {{#rows}}
          <tr>
            <td class="nowrap"><a href="{{href}}">{{timestamp}}</a></td>
            <td>{{#bookmarked}}<span class="bookmark" aria-label="Bookmarked">★</span> {{/bookmarked}}{{name}}</td>
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
        {{> pager}}
        {{/body}}
        {{/layout}}
        """
}

/// `/project/{projectId}/observations`.
enum ObservationsTemplate {
    static let text = """
        {{<layout}}
        {{$title}}Observations{{/title}}
        {{$body}}
        <h1>Observations</h1>
        <form class="toolbar" method="get">
          <label for="type">Type</label>
          <select id="type" name="type">{{#types}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/types}}</select>
          {{> filters}}
          <button type="submit">Apply</button>
        </form>
        {{#error}}<p class="error" role="alert">{{error}}</p>{{/error}}
        <p class="count">{{total}} · Download <a href="{{csvHref}}">CSV</a> <a href="{{jsonlHref}}">JSON Lines</a></p>
        <div class="table-scroll">
        <table class="observations">
          <thead><tr><th>Start time</th><th>Type</th><th>Name</th><th>Model</th><th>Trace</th><th>Latency</th>
          <th>Time to first token</th><th>Tokens</th><th>Cost</th><th>Level</th></tr></thead>
          <tbody>
          {{#rows}}<tr><td class="nowrap"><a href="{{href}}">{{start}}</a></td><td>{{type}}</td><td>{{name}}</td><td>{{model}}</td>
          <td>{{traceName}}</td><td class="number">{{latency}}</td><td class="number">{{timeToFirstToken}}</td>
          <td class="number">{{tokens}}</td><td class="number">{{cost}}</td><td>{{level}}</td></tr>{{/rows}}
          </tbody>
        </table>
        </div>
        {{^rows}}<p class="empty">No observations match.</p>{{/rows}}
        {{> pager}}
        {{/body}}
        {{/layout}}
        """
}

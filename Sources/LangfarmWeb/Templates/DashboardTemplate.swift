/// `/project/{projectId}`: the dashboard's filters and cards.
enum DashboardTemplate {
    static let text = """
        {{<layout}}
        {{$title}}Dashboard{{/title}}
        {{$body}}
        <h1>Dashboard</h1>
        <form class="toolbar" method="get">
          <label for="range">Time range</label>
          <select id="range" name="range">{{#ranges}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/ranges}}</select>
          {{#filters}}
          <label for="environment">Environment</label>
          <input id="environment" name="environment" value="{{environment}}" placeholder="all">
          <label for="user">User</label>
          <input id="user" name="user" value="{{userId}}" placeholder="all">
          <label for="tags">Tags</label>
          <input id="tags" name="tags" value="{{tags}}" placeholder="any, comma-separated">
          <label for="metadataKey">Metadata key</label>
          <input id="metadataKey" name="metadataKey" value="{{metadataKey}}">
          <label for="metadataValue">Metadata value</label>
          <input id="metadataValue" name="metadataValue" value="{{metadataValue}}">
          {{/filters}}
          <button type="submit">Apply</button>
        </form>
        {{#error}}<p class="error" role="alert">{{error}}</p>{{/error}}
        <div class="cards">
          <section class="card total"><h2>Traces</h2><p class="big" data-testid="trace-count">{{traceCount}}</p></section>
          <section class="card total"><h2>Total cost</h2><p class="big" data-testid="total-cost">{{totalCost}}</p></section>
          <section class="card total"><h2>Generations</h2><p class="big" data-testid="generation-count">{{generationCount}}</p></section>
          <section class="card wide"><h2>Traces over time</h2>{{#tracesOverTime}}{{> chart}}{{/tracesOverTime}}</section>
          <section class="card wide"><h2>Cost over time</h2>{{#costOverTime}}{{> chart}}{{/costOverTime}}</section>
          {{#tables}}
          <section class="card">
            <h2>{{heading}}</h2>
            <table>
              <thead><tr>{{#columns}}<th>{{.}}</th>{{/columns}}</tr></thead>
              <tbody>{{#cells}}<tr>{{#values}}<td>{{.}}</td>{{/values}}</tr>{{/cells}}</tbody>
            </table>
            {{^cells}}<p class="empty">No data in this time range.</p>{{/cells}}
          </section>
          {{/tables}}
        </div>
        {{/body}}
        {{/layout}}
        """

    /// A bar chart (`BarChart`) as SVG.
    static let chart = """
        {{#empty}}<p class="empty">No data in this time range.</p>{{/empty}}{{^empty}}<svg class="chart" viewBox="0 -4 {{chartWidth}} {{viewHeight}}" role="img" aria-label="{{title}}">
        {{#bars}}<rect x="{{x}}" y="{{y}}" width="{{w}}" height="{{h}}"><title>{{label}}</title></rect>{{/bars}}
        <text x="0" y="{{axisY}}" class="axis">{{firstLabel}}</text><text x="{{chartWidth}}" y="{{axisY}}" text-anchor="end" class="axis">{{lastLabel}}</text><text x="0" y="8" class="axis">max {{maxLabel}}</text>
        </svg>{{/empty}}
        """
}

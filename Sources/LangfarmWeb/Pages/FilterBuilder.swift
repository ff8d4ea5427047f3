import Foundation
import LangfarmCore

/// An option of a `<select>`.
struct Option {
    let value: String
    let label: String
    let selected: Bool
}

/// One row of the filter builder as the `filters` partial shows it.
struct FilterRowView {
    let index: Int
    let columns: [Option]
    let operators: [Option]
    let filterValue: String
    let filterKey: String
    let removeHref: String?
}

/// The filter builder shared by the traces and observations tables: rows travel in the URL as
/// parallel `column`, `operator`, `value` and `key` parameters (what the form submits), and
/// become conditions through `FilterFormRow`, the API's parser.
enum FilterBuilder {
    static func rows(_ parameters: FormEncodedQuery) -> [FilterFormRow] {
        let columns = parameters.all("column")
        let operators = parameters.all("operator")
        let values = parameters.all("value")
        let keys = parameters.all("key")
        return columns.indices.prefix(FilterParser.maxConditions).map { index in
            FilterFormRow(
                column: columns[index], operator: operators.indices.contains(index) ? operators[index] : "=",
                value: values.indices.contains(index) ? values[index] : "", key: keys.indices.contains(index) ? keys[index] : ""
            )
        }.filter { !$0.column.isEmpty }
    }

    static func queryItems(_ rows: [FilterFormRow]) -> [URLQueryItem] {
        rows.flatMap { row in
            [
                URLQueryItem(name: "column", value: row.column), URLQueryItem(name: "operator", value: row.operator),
                URLQueryItem(name: "value", value: row.value), URLQueryItem(name: "key", value: row.key),
            ]
        }
    }

    /// The rows, then an empty one for adding a condition; `removeHref(i)` is the view without row i.
    static func views<Column: FilterColumn>(_ rows: [FilterFormRow], as: Column.Type, removeHref: (Int) -> String) -> [FilterRowView] {
        let blank = FilterFormRow(column: "", operator: "=", value: "")
        var views: [FilterRowView] = []
        for (index, row) in (rows + [blank]).enumerated() {
            let selectedColumn = Column.named(row.column)
            var columns = [Option(value: "", label: "—", selected: selectedColumn == nil)]
            for column in Column.allCases {
                let label = column.names.count > 1 ? column.names[1] : column.names[0]
                columns.append(Option(value: column.names[0], label: label, selected: column == selectedColumn))
            }
            let operators = FilterOperator.allCases.map { Option(value: $0.rawValue, label: $0.rawValue, selected: $0.rawValue == row.operator) }
            views.append(FilterRowView(
                index: index, columns: columns, operators: operators, filterValue: row.value, filterKey: row.key,
                removeHref: index < rows.count ? removeHref(index) : nil
            ))
        }
        return views
    }

    /// The partial that draws the rows (inside the page's GET form).
    static let template = """
        <fieldset class="filters">
          <legend>Filters</legend>
          {{#filterRows}}
          <div class="filter-row">
            <label for="column-{{index}}">Column</label>
            <select id="column-{{index}}" name="column">{{#columns}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/columns}}</select>
            <label for="operator-{{index}}">Operator</label>
            <select id="operator-{{index}}" name="operator">{{#operators}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/operators}}</select>
            <label for="value-{{index}}">Value</label>
            <input id="value-{{index}}" name="value" value="{{filterValue}}" placeholder="text, number, a,b,c or 2026-12-01">
            <label for="key-{{index}}">Key</label>
            <input id="key-{{index}}" name="key" value="{{filterKey}}" placeholder="metadata key or score name">
            {{#removeHref}}<a href="{{removeHref}}">Remove</a>{{/removeHref}}
          </div>
          {{/filterRows}}
        </fieldset>
        """
}

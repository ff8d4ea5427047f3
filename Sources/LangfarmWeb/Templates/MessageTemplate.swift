/// A page that only says something: not found, no projects yet.
enum MessageTemplate {
    static let text = """
        {{<layout}}
        {{$title}}{{heading}}{{/title}}
        {{$body}}
        <section class="message">
          <h1>{{heading}}</h1>
          <p>{{message}}</p>
        </section>
        {{/body}}
        {{/layout}}
        """
}

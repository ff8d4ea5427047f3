/// The frame of every page: head, top bar with the project's sections and sign-out, content.
/// Mustache escapes every `{{value}}`, so text a client sent can never become markup.
enum LayoutTemplate {
    static let text = """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{$title}}Langfarm{{/title}} · Langfarm</title>
        <link rel="stylesheet" href="/static/app.css">
        <script src="/static/app.js" defer></script>
        </head>
        <body>
        {{#chrome}}
        <header class="top">
          <a class="brand" href="/">Langfarm</a>
          {{#project}}
          <span class="project">{{name}}</span>
          <nav aria-label="Project">
            <a href="/project/{{id}}">Dashboard</a>
            <a href="/project/{{id}}/traces">Traces</a>
            <a href="/project/{{id}}/sessions">Sessions</a>
            <a href="/project/{{id}}/users">Users</a>
            <a href="/project/{{id}}/observations">Observations</a>
            <a href="/project/{{id}}/settings">Settings</a>
          </nav>
          {{/project}}
          <form class="sign-out" method="post" action="/auth/sign-out">
            <input type="hidden" name="_csrf" value="{{csrf}}">
            <span class="who">{{userEmail}}</span>
            <button type="submit">Sign out</button>
          </form>
        </header>
        {{/chrome}}
        <main>
        {{$body}}{{/body}}
        </main>
        </body>
        </html>
        """

    /// Previous and next links of a paged table (`previous`, `next`, `page`, `pages`).
    static let pager = """
        <nav class="pager" aria-label="Pages">
          {{#previous}}<a rel="prev" href="{{previous}}">Previous</a>{{/previous}}
          <span>Page {{page}} of {{pages}}</span>
          {{#next}}<a rel="next" href="{{next}}">Next</a>{{/next}}
        </nav>
        """
}

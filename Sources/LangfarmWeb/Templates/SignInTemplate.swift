/// `/auth/sign-in`.
enum SignInTemplate {
    static let text = """
        {{<layout}}
        {{$title}}Sign in{{/title}}
        {{$body}}
        <section class="sign-in">
          <h1>Sign in to Langfarm</h1>
          {{#error}}<p class="error" role="alert">{{error}}</p>{{/error}}
          <form method="post" action="/auth/sign-in">
            <input type="hidden" name="_csrf" value="{{csrf}}">
            <input type="hidden" name="next" value="{{next}}">
            <label for="email">Email</label>
            <input id="email" name="email" type="email" autocomplete="username" required value="{{email}}">
            <label for="password">Password</label>
            <input id="password" name="password" type="password" autocomplete="current-password" required>
            <button type="submit">Sign in</button>
          </form>
        </section>
        {{/body}}
        {{/layout}}
        """
}

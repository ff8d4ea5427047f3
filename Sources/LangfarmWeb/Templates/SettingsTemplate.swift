/// `/project/{projectId}/settings`.
enum SettingsTemplate {
    static let text = """
        {{<layout}}
        {{$title}}Settings{{/title}}
        {{$body}}
        <h1>Settings</h1>
        {{#notice}}<p class="notice" role="status">{{notice}}</p>{{/notice}}
        {{#error}}<p class="error" role="alert">{{error}}</p>{{/error}}
        <section class="settings">
          <h2>API keys</h2>
          {{#newKey}}
          <div class="new-key">
            <p>LANGFUSE_PUBLIC_KEY=<code data-testid="new-public-key">{{newPublicKey}}</code></p>
            <p>LANGFUSE_SECRET_KEY=<code data-testid="new-secret-key">{{newSecretKey}}</code></p>
          </div>
          {{/newKey}}
          <table>
            <thead><tr><th>Public key</th><th>Secret key</th><th>Name</th><th>Created</th><th></th></tr></thead>
            <tbody>
            {{#keys}}<tr><td><code>{{publicKey}}</code></td><td><code>{{displaySecret}}</code></td><td>{{keyName}}</td><td>{{created}}</td>
            <td>{{#canChange}}<form method="post" action="settings/keys/revoke"><input type="hidden" name="_csrf" value="{{chrome.csrf}}"><input type="hidden" name="publicKey" value="{{publicKey}}"><button type="submit">Revoke</button></form>{{/canChange}}</td></tr>{{/keys}}
            </tbody>
          </table>
          {{#canChange}}
          <form method="post" action="settings/keys" class="inline-form">
            <input type="hidden" name="_csrf" value="{{chrome.csrf}}">
            <label for="key-name">Key name</label><input id="key-name" name="name" placeholder="laptop">
            <button type="submit">Create API key</button>
          </form>
          {{/canChange}}
        </section>
        <section class="settings">
          <h2>Members</h2>
          <table>
            <thead><tr><th>Email</th><th>Role</th><th></th></tr></thead>
            <tbody>
            {{#members}}<tr><td>{{email}}</td>
            <td>{{#canManageMembers}}<form method="post" action="settings/members" class="inline-form"><input type="hidden" name="_csrf" value="{{chrome.csrf}}"><input type="hidden" name="userId" value="{{userId}}"><label for="role-{{userId}}">Role of {{email}}</label><select id="role-{{userId}}" name="role">{{#roles}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/roles}}</select><button type="submit">Save</button></form>{{/canManageMembers}}{{^canManageMembers}}{{roleName}}{{/canManageMembers}}</td>
            <td>{{#canManageMembers}}<form method="post" action="settings/members/remove"><input type="hidden" name="_csrf" value="{{chrome.csrf}}"><input type="hidden" name="userId" value="{{userId}}"><button type="submit">Remove {{email}}</button></form>{{/canManageMembers}}</td></tr>{{/members}}
            </tbody>
          </table>
          {{#canManageMembers}}
          <form method="post" action="settings/members" class="inline-form">
            <input type="hidden" name="_csrf" value="{{chrome.csrf}}">
            <label for="member-email">Member email</label><input id="member-email" name="email" type="email">
            <label for="member-role">Member role</label><select id="member-role" name="role">{{#roleOptions}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/roleOptions}}</select>
            <button type="submit">Add member</button>
          </form>
          {{/canManageMembers}}
        </section>
        <section class="settings">
          <h2>Model prices</h2>
          {{#canChange}}
          <form method="post" action="settings/models" class="inline-form">
            <input type="hidden" name="_csrf" value="{{chrome.csrf}}">
            <label for="model-name">Model name</label><input id="model-name" name="modelName" required>
            <label for="match-pattern">Match pattern</label><input id="match-pattern" name="matchPattern" placeholder="(?i)^(my-model)$" required>
            <label for="input-price">Input price per token</label><input id="input-price" name="inputPrice" inputmode="decimal">
            <label for="output-price">Output price per token</label><input id="output-price" name="outputPrice" inputmode="decimal">
            <button type="submit">Add model price</button>
          </form>
          {{/canChange}}
          <table>
            <thead><tr><th>Model</th><th>Match pattern</th><th>Prices per unit</th><th></th></tr></thead>
            <tbody>
            {{#models}}<tr><td>{{modelName}}</td><td><code>{{matchPattern}}</code></td><td>{{prices}}</td>
            <td>{{#own}}{{#canChange}}<form method="post" action="settings/models/delete"><input type="hidden" name="_csrf" value="{{chrome.csrf}}"><input type="hidden" name="modelId" value="{{modelId}}"><button type="submit">Delete {{modelName}}</button></form>{{/canChange}}{{/own}}{{^own}}<span class="muted">built-in</span>{{/own}}</td></tr>{{/models}}
            </tbody>
          </table>
        </section>
        {{/body}}
        {{/layout}}
        """
}

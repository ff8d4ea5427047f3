/// `/project/{projectId}/traces/{traceId}`: the header, the observation tree (names link to the
/// observation, selected through the URL) and the selected observation's or the trace's
/// input, output and metadata.
enum TraceTemplate {
    static let text = """
        {{<layout}}
        {{$title}}Trace {{name}}{{/title}}
        {{$body}}
        <header class="trace-header">
          <h1>{{name}}</h1>
          <p class="trace-id">Trace <code>{{id}}</code></p>
          <dl class="facts">
            <div><dt>Timestamp</dt><dd>{{timestamp}}</dd></div>
            <div><dt>Latency</dt><dd>{{latency}}</dd></div>
            <div><dt>Cost</dt><dd>{{cost}}</dd></div>
            <div><dt>Tokens</dt><dd>{{tokens}}</dd></div>
            {{#userId}}<div><dt>User</dt><dd>{{userId}}</dd></div>{{/userId}}
            {{#sessionId}}<div><dt>Session</dt><dd>{{sessionId}}</dd></div>{{/sessionId}}
            <div><dt>Environment</dt><dd>{{environment}}</dd></div>
            {{#release}}<div><dt>Release</dt><dd>{{release}}</dd></div>{{/release}}
            {{#version}}<div><dt>Version</dt><dd>{{version}}</dd></div>{{/version}}
            <div><dt>Tags</dt><dd>{{#tags}}<span class="tag">{{.}}</span>{{/tags}}</dd></div>
          </dl>
          <p><a href="{{downloadHref}}">Download JSON</a></p>
          {{#canChange}}<form method="post" action="{{deleteAction}}" class="inline-form"><input type="hidden" name="_csrf" value="{{chrome.csrf}}"><button type="submit" class="danger">Delete trace</button></form>{{/canChange}}
        </header>
        <div class="trace-body">
          <nav class="tree" aria-label="Observations">
            <ul>
              <li><a class="node{{^selectedObservation}} selected{{/selectedObservation}}" href="{{traceHref}}"><span class="type">TRACE</span> {{name}}</a>
                <ul>{{#nodes}}{{> node}}{{/nodes}}</ul>
              </li>
            </ul>
          </nav>
          <section class="detail">
            {{#selectedObservation}}
            <h2><span class="type">{{observationType}}</span> {{observationName}}</h2>
            <dl class="facts">
              {{#facts}}<div><dt>{{label}}</dt><dd>{{value}}</dd></div>{{/facts}}
            </dl>
            {{/selectedObservation}}
            {{#sections}}
            <h3>{{title}}</h3>
            {{#messages}}<div class="message"><span class="role">{{role}}</span><pre class="json">{{text}}</pre></div>{{/messages}}
            {{#cutNote}}<p class="muted">{{cutNote}} <a href="{{fullHref}}">Show all</a></p>{{/cutNote}}
            {{/sections}}
          </section>
        </div>
        {{/body}}
        {{/layout}}
        """

    /// One observation in the tree, and its children (a recursive partial). Its keys are
    /// unlike the page's: Mustache looks a missing or nil key up in the enclosing contexts, so
    /// a node without a cost would otherwise show the trace's.
    static let node = """
        <li><a class="node level-{{nodeLevel}}{{#nodeSelected}} selected{{/nodeSelected}}" href="{{nodeHref}}"><span class="type">{{nodeType}}</span> {{nodeName}}<span class="duration">{{nodeDuration}}</span><span class="cost">{{nodeCost}}</span></a>{{#hasChildren}}<ul>{{#children}}{{> node}}{{/children}}</ul>{{/hasChildren}}</li>
        """
}

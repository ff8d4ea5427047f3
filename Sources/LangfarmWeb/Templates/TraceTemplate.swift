/// `/project/{projectId}/traces/{traceId}`: the header with the member's actions, the
/// observation tree or timeline (names link to the observation, selected through the URL) and
/// the selected observation's or the trace's input, output and metadata.
enum TraceTemplate {
    static let text = """
        {{<layout}}
        {{$title}}Trace {{name}}{{/title}}
        {{$body}}
        <header class="trace-header">
          <h1>{{#bookmarked}}<span class="bookmark" title="Bookmarked" aria-label="Bookmarked">★</span> {{/bookmarked}}{{name}}</h1>
          <p class="trace-id">Trace <code>{{id}}</code></p>
          <dl class="facts">
            <div><dt>Timestamp</dt><dd>{{timestamp}}</dd></div>
            <div><dt>Latency</dt><dd>{{latency}}</dd></div>
            <div><dt>Cost</dt><dd>{{cost}}{{#costBreakdown}} <span class="muted">({{costBreakdown}})</span>{{/costBreakdown}}</dd></div>
            <div><dt>Tokens</dt><dd>{{tokens}}</dd></div>
            {{#userId}}<div><dt>User</dt><dd>{{userId}}</dd></div>{{/userId}}
            {{#sessionId}}<div><dt>Session</dt><dd>{{sessionId}}</dd></div>{{/sessionId}}
            <div><dt>Environment</dt><dd>{{environment}}</dd></div>
            {{#release}}<div><dt>Release</dt><dd>{{release}}</dd></div>{{/release}}
            {{#version}}<div><dt>Version</dt><dd>{{version}}</dd></div>{{/version}}
            <div><dt>Tags</dt><dd>{{#tags}}<span class="tag">{{.}}</span>{{/tags}}</dd></div>
          </dl>
          {{#isPublic}}<p class="public-note">Published: anyone with this page's link can view it, signed in or not. <a href="{{traceHref}}">Public link</a></p>{{/isPublic}}
          {{#publicVisitor}}<p class="muted">You are viewing a published trace (read-only).</p>{{/publicVisitor}}
          {{#downloadHref}}<p><a href="{{downloadHref}}">Download JSON</a></p>{{/downloadHref}}
          {{#actions}}
          <div class="trace-actions">
            <form method="post" action="{{bookmarkAction}}" class="inline-form"><input type="hidden" name="_csrf" value="{{csrfToken}}"><input type="hidden" name="bookmarked" value="{{bookmarkValue}}"><button type="submit">{{bookmarkLabel}}</button></form>
            <form method="post" action="{{publishAction}}" class="inline-form"><input type="hidden" name="_csrf" value="{{csrfToken}}"><input type="hidden" name="public" value="{{publishValue}}"><button type="submit">{{publishLabel}}</button></form>
            <form method="post" action="{{deleteAction}}" class="inline-form"><input type="hidden" name="_csrf" value="{{csrfToken}}"><button type="submit" class="danger">Delete trace</button></form>
            <details class="tag-editor">
              <summary>Edit tags</summary>
              <form method="post" action="{{tagsAction}}">
                <input type="hidden" name="_csrf" value="{{csrfToken}}">
                <label for="tags">Tags (one per line)</label>
                <textarea id="tags" name="tags" rows="4">{{tagsText}}</textarea>
                <button type="submit">Save tags</button>
              </form>
            </details>
          </div>
          {{/actions}}
        </header>
        <div class="trace-body{{#timeline}} with-timeline{{/timeline}}">
          <div class="observations">
          <nav class="tabs" aria-label="Observation views"><a href="{{treeHref}}"{{^timeline}} aria-current="page"{{/timeline}}>Tree</a> <a href="{{timelineHref}}"{{#timeline}} aria-current="page"{{/timeline}}>Timeline</a></nav>
          {{^timeline}}
          <nav class="tree" aria-label="Observations">
            <ul>
              <li><a class="node{{^selectedObservation}} selected{{/selectedObservation}}" href="{{traceHref}}"><span class="type">TRACE</span> {{name}}</a>
                <ul>{{#nodes}}{{> node}}{{/nodes}}</ul>
              </li>
            </ul>
          </nav>
          {{/timeline}}
          {{#timeline}}{{> timeline}}{{/timeline}}
          </div>
          <section class="detail">
            {{#selectedObservation}}
            <h2><span class="type">{{observationType}}</span> {{observationName}}</h2>
            <dl class="facts">
              {{#facts}}<div><dt>{{label}}</dt><dd>{{value}}</dd></div>{{/facts}}
            </dl>
            {{/selectedObservation}}
            {{#hasScores}}
            <h3>Scores</h3>
            <table class="scores"><tbody>{{#scores}}<tr><th scope="row">{{scoreName}}</th><td>{{scoreValue}}</td><td class="muted">{{scoreSource}}</td><td>{{#scoreComment}}{{scoreComment}}{{/scoreComment}}</td></tr>{{/scores}}</tbody></table>
            {{/hasScores}}
            {{#sections}}
            <details open>
            <summary><h3>{{title}}</h3></summary>
            {{#messages}}<div class="message"><span class="role">{{role}}</span><pre class="json">{{text}}</pre></div>{{/messages}}
            {{#cutNote}}<p class="muted">{{cutNote}} <a href="{{fullHref}}">Show all</a></p>{{/cutNote}}
            </details>
            {{/sections}}
          </section>
        </div>
        {{/body}}
        {{/layout}}
        """

    /// The timeline (`TraceTimeline`): an axis of offsets, then one row per observation with
    /// its bar, offset and duration as text.
    static let timeline = """
        <section class="timeline" aria-label="Timeline">
          {{#zoomedName}}<p class="muted">Zoomed into {{zoomedName}}. <a href="{{unzoomHref}}">Show the whole trace</a></p>{{/zoomedName}}
          <table>
            <thead><tr><th scope="col">Observation</th><th scope="col" class="axis"><svg viewBox="0 0 1000 14" preserveAspectRatio="none" aria-hidden="true">{{#ticks}}<line x1="{{tickX}}" x2="{{tickX}}" y1="10" y2="14"></line>{{/ticks}}</svg><span class="ticks">{{#ticks}}<span>{{tickLabel}}</span>{{/ticks}}</span></th><th scope="col">Duration</th></tr></thead>
            <tbody>
            {{#rows}}
            <tr class="span level-{{spanLevel}}{{#spanSelected}} selected{{/spanSelected}}">
              <td class="depth-{{spanDepth}}"><a href="{{spanHref}}"><span class="type">{{spanType}}</span> {{spanName}}</a>{{#zoomHref}} <a class="zoom" href="{{zoomHref}}" title="Zoom into this observation">zoom</a>{{/zoomHref}}</td>
              <td class="bar"><svg viewBox="0 0 1000 12" preserveAspectRatio="none" role="img" aria-label="starts at {{spanOffset}}, lasts {{spanDuration}}"><rect x="{{barX}}" y="1" width="{{barWidth}}" height="10" class="type-{{spanType}}"></rect></svg></td>
              <td class="duration">{{spanDuration}}</td>
            </tr>
            {{/rows}}
            </tbody>
          </table>
          {{#outsideNote}}<p class="muted">{{outsideNote}}</p>{{/outsideNote}}
        </section>
        """

    /// One observation in the tree, and its children (a recursive partial). Its keys are
    /// unlike the page's: Mustache looks a missing or nil key up in the enclosing contexts, so
    /// a node without a cost would otherwise show the trace's.
    static let node = """
        <li><a class="node level-{{nodeLevel}}{{#nodeSelected}} selected{{/nodeSelected}}" href="{{nodeHref}}"><span class="type">{{nodeType}}</span> {{nodeName}}<span class="duration">{{nodeDuration}}</span><span class="cost">{{nodeCost}}</span></a>{{#hasChildren}}<ul>{{#children}}{{> node}}{{/children}}</ul>{{/hasChildren}}</li>
        """
}

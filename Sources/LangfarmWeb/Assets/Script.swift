/// `/static/app.js`: progressive enhancement only; every page works without it.
/// - Keyboard navigation in the traces table: `j`/`k` move between rows, Enter opens the
///   current one, `p` peeks at it.
/// - Live mode (`table.traces[data-live]`): while the page is visible, its rows and count are
///   fetched again every few seconds and swapped in. The fetched page is parsed by
///   `DOMParser`, which runs no scripts, and its text was escaped by the server.
enum Script {
    static let text = """
        "use strict";
        document.addEventListener("keydown", (event) => {
          if (event.target.closest("input, select, textarea, summary") || event.metaKey || event.ctrlKey || event.altKey) return;
          const rows = Array.from(document.querySelectorAll("table.traces tbody tr"));
          if (rows.length === 0) return;
          let index = rows.findIndex((row) => row.classList.contains("current"));
          if (event.key === "j" || event.key === "k") {
            if (index >= 0) rows[index].classList.remove("current");
            index = event.key === "j" ? Math.min(rows.length - 1, index + 1) : Math.max(0, index - 1);
            rows[index].classList.add("current");
            rows[index].scrollIntoView({ block: "nearest" });
          } else if ((event.key === "Enter" || event.key === "p") && index >= 0) {
            const link = rows[index].querySelector(event.key === "p" ? "a.peek" : "a");
            if (link) window.location.href = link.href;
          }
        });

        const live = document.querySelector("table.traces[data-live]");
        if (live) {
          const seconds = Math.max(2, Number(live.dataset.live) || 5);
          setInterval(async () => {
            if (document.hidden) return;
            try {
              const response = await fetch(window.location.href, { credentials: "same-origin" });
              if (!response.ok) return;
              const fresh = new DOMParser().parseFromString(await response.text(), "text/html");
              for (const selector of ["table.traces tbody", "p.count"]) {
                const next = fresh.querySelector(selector);
                const current = document.querySelector(selector);
                if (next && current) current.replaceWith(document.importNode(next, true));
              }
            } catch (error) {
              // Offline or signed out: the next tick tries again.
            }
          }, seconds * 1000);
        }
        """
}

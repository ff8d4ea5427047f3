/// `/static/app.js`: progressive enhancement only; every page works without it. Keyboard
/// navigation in the traces table: `j`/`k` move between rows, Enter opens the current one.
enum Script {
    static let text = """
        "use strict";
        document.addEventListener("keydown", (event) => {
          if (event.target.closest("input, select, textarea") || event.metaKey || event.ctrlKey || event.altKey) return;
          const rows = Array.from(document.querySelectorAll("table.traces tbody tr"));
          if (rows.length === 0) return;
          let index = rows.findIndex((row) => row.classList.contains("current"));
          if (event.key === "j" || event.key === "k") {
            if (index >= 0) rows[index].classList.remove("current");
            index = event.key === "j" ? Math.min(rows.length - 1, index + 1) : Math.max(0, index - 1);
            rows[index].classList.add("current");
            rows[index].scrollIntoView({ block: "nearest" });
          } else if (event.key === "Enter" && index >= 0) {
            const link = rows[index].querySelector("a");
            if (link) window.location.href = link.href;
          }
        });
        """
}

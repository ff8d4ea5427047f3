import Foundation
import LangfarmCore
import LangfarmStore
import Testing

/// The traces table's saved views, on any store.
@Suite struct SavedViewConformanceTests {
    func view(_ id: String, project: String = "p", name: String, query: String = "limit=20") -> SavedView {
        SavedView(id: id, projectId: project, name: name, query: query, createdAt: 1_000)
    }

    @Test(arguments: StoreKind.allCases)
    func viewsAreKeptPerProjectByNameAndSurviveAReopen(kind: StoreKind) async throws {
        let (store, reopen) = try await kind.makeStore()
        for project in ["p", "q"] { try await store.upsertProject(Project(id: project, name: project)) }
        try await store.saveView(view("v1", name: "errors", query: "column=level"))
        try await store.saveView(view("v2", name: "by cost"))
        try await store.saveView(view("v3", project: "q", name: "errors"))
        try await store.saveView(view("v4", name: "errors", query: "column=level&operator=%3D"))
        #expect(try await reopen().savedViews(projectId: "p") == [view("v2", name: "by cost"), view("v1", name: "errors", query: "column=level&operator=%3D")],
                "a view saved under a taken name replaces that view's query")
        #expect(try await store.savedViews(projectId: "q").map(\.id) == ["v3"])
        #expect(try await !store.deleteSavedView(projectId: "q", id: "v1"), "another project's view is not deleted")
        #expect(try await store.deleteSavedView(projectId: "p", id: "v1"))
        #expect(try await store.savedViews(projectId: "p").map(\.id) == ["v2"])
        await #expect(throws: StoreError.self) { try await store.saveView(view("v5", project: "nope", name: "x")) }
    }
}

import LangfarmCore

/// A trace's observations as a tree: each under its parent, in start order; one whose parent is
/// missing (not ingested yet, or in another trace) is shown at the top level rather than lost.
struct ObservationTree {
    struct Node {
        let observation: ObservationRow
        let children: [Node]
    }

    let roots: [Node]

    init(_ observations: [ObservationRow]) {
        let ids = Set(observations.map(\.id))
        var children: [String: [ObservationRow]] = [:]
        var roots: [ObservationRow] = []
        for observation in observations.sorted(by: { ($0.startTime, $0.id) < ($1.startTime, $1.id) }) {
            if let parent = observation.parentObservationId, parent != observation.id, ids.contains(parent) {
                children[parent, default: []].append(observation)
            } else {
                roots.append(observation)
            }
        }
        // Built from the roots down, each observation once, so a parent cycle cannot recurse.
        var placed: Set<String> = []
        func build(_ observation: ObservationRow) -> Node {
            placed.insert(observation.id)
            let kids = (children[observation.id] ?? []).filter { !placed.contains($0.id) }
            return Node(observation: observation, children: kids.map(build))
        }
        var built = roots.map(build)
        // Observations only reachable through a cycle: shown at the top level too.
        for observation in observations where !placed.contains(observation.id) { built.append(build(observation)) }
        self.roots = built
    }
}

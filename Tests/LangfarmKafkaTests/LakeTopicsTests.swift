import LangfarmCore
import Testing
@testable import LangfarmKafka

@Suite struct LakeTopicsTests {
    @Test func topicsCarryThePrefix() {
        #expect(LakeTopics().all == ["traces", "observations", "scores"])
        #expect(LakeTopics(prefix: "prod.").topic(for: .observation) == "prod.observations")
    }
}

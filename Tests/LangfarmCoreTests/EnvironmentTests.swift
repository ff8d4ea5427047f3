import Testing
@testable import LangfarmCore

@Suite struct EnvironmentTests {
    @Test(arguments: [
        (nil, "default"), ("production", "production"), ("Production", "production"), ("langfuse-prod", "prod"),
        ("langfuse_langfuse-staging", "staging"), ("langfuse", "default"), ("has space", "default"),
        ("émoji", "default"), ("", "default"), (String(repeating: "a", count: 50), String(repeating: "a", count: 40)),
        ("dev_1-b", "dev_1-b"),
    ] as [(String?, String)])
    func normalisesLikeLangfuse(raw: String?, expected: String) {
        #expect(EnvironmentName.normalise(raw) == expected)
    }
}

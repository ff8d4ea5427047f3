import Testing
@testable import LangfarmCore

@Suite struct APIKeysTests {
    @Test func fastHashMatchesLangfuseTestVector() {
        #expect(
            APIKeys.hashSecret("sk-lf-00000000-0000-0000-0000-000000000000", salt: "mysalt")
                == "e7d3deaa623836d31724f16a460f3f1e14a4bc30932d44debcbb7d4853344601"
        )
    }

    @Test func saltChangesTheHash() {
        #expect(APIKeys.hashSecret("sk-lf-x", salt: "a") != APIKeys.hashSecret("sk-lf-x", salt: "b"))
    }

    @Test func constantTimeEqualsComparesWholeStrings() {
        #expect(APIKeys.constantTimeEquals("abcdef", "abcdef"))
        #expect(!APIKeys.constantTimeEquals("abcdef", "abcdeg"))
        #expect(!APIKeys.constantTimeEquals("abcdef", "abcde"))
        #expect(!APIKeys.constantTimeEquals("", "a"))
    }

    @Test func generatedPairsHaveLangfuseFormat() {
        let (publicKey, secretKey) = APIKeys.generatePair()
        #expect(publicKey.hasPrefix("pk-lf-") && publicKey.count == 42)
        #expect(secretKey.hasPrefix("sk-lf-") && secretKey.count == 42)
        #expect(APIKeys.displaySecret(secretKey) == "sk-lf-...\(secretKey.suffix(4))")
    }
}

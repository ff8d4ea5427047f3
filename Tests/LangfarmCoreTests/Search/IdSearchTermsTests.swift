import Testing
@testable import LangfarmCore

/// The IDs / names index and its lookups are folded alike, and a lookup's trigrams are always
/// trigrams of every text that contains the search text in any case.
@Suite struct IdSearchTermsTests {
    @Test func documentsAreFoldedFieldsOnePerLine() {
        #expect(IdSearchTerms.document(id: "Alpha-1", name: "ΚΕΙΜΕΝΑ", userId: "Ünal", sessionId: nil) == "alpha-1\nκειμενα\nünal\n")
    }

    @Test func lookupsPreferTrigramsWithADigit() {
        #expect(IdSearchTerms.trigrams(of: "User-0001") == ["r-0", "-00", "000", "001"])
        #expect(IdSearchTerms.trigrams(of: "ÜNAL") == ["üna", "nal"], "letters only: all of them, folded")
        #expect(IdSearchTerms.trigrams(of: "ab").isEmpty, "too short to narrow")
        #expect(IdSearchTerms.trigrams(of: String(repeating: "0123456789", count: 10)).count == 10, "distinct")
        #expect(IdSearchTerms.trigrams(of: (0..<100).map { "\($0)-" }.joined()).count == IdSearchTerms.maximumTrigrams)
    }

    @Test func everyLookupTrigramIsInTheDocumentOfAMatch() {
        let fields = ["7F3C2A9E-1b4d", "Session-02012", "Ünal Ölmez", "ΚΕΙΜΕΝΑ report", "agent-run-200"]
        let document = IdSearchTerms.document(id: fields[0], name: fields[1], userId: fields[2], sessionId: fields[3] + " " + fields[4])
        let documentTrigrams = Set(IdSearchTerms.allTrigrams(of: document))
        for field in fields {
            for start in field.indices {
                for end in field.indices where end > start {
                    let needle = String(field[start...end])
                    guard FoldedSubstring(needle).isFound(in: field) else { continue }
                    #expect(Set(IdSearchTerms.trigrams(of: needle.uppercased())).isSubset(of: documentTrigrams), "\(needle)")
                }
            }
        }
    }
}

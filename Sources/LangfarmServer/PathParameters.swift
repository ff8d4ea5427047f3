import Hummingbird
import LangfarmCore

extension Parameters {
    /// A path parameter with percent-encoding removed (`PathSegment`); a 400 when it cannot be.
    func requireDecoded(_ name: String) throws -> String {
        do {
            return try PathSegment.decoded(try require(name), name: name)
        } catch let error as QueryError {
            throw APIError.invalidRequest([error.description])
        }
    }
}
